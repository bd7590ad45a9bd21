"""Small text helpers shared by the kernel modules (private)."""

from __future__ import annotations

# Full-width digits ０-９ → ASCII. Applied only where a field's class allows it (never to names).
_FULLWIDTH_DIGITS = {0xFF10 + i: 0x30 + i for i in range(10)}

# Hyphen look-alikes of docs/domain.md §2.1: they become "-" only between digits.
HYPHEN_LOOKALIKES = frozenset(
    "\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\u30fc\uff70\u2500"
)


def fold_digits(text: str) -> str:
    """Fold full-width digits to ASCII; nothing else changes."""
    return text.translate(_FULLWIDTH_DIGITS)


def fold_ascii(text: str) -> str:
    """Fold full-width ASCII (U+FF01–FF5E) and U+3000 to their half-width forms."""
    out = []
    for ch in text:
        cp = ord(ch)
        if 0xFF01 <= cp <= 0xFF5E:
            out.append(chr(cp - 0xFEE0))
        elif cp == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def fold_hyphens_between_digits(text: str) -> str:
    """Map a hyphen look-alike to "-" when the characters on both sides are ASCII digits.

    ー inside a katakana word (コーヒー) is left alone because its neighbours are not digits.
    Digits must already be folded to ASCII for full-width input to match.
    """
    chars = list(text)
    for i in range(1, len(chars) - 1):
        if (
            chars[i] in HYPHEN_LOOKALIKES
            and chars[i - 1] in "0123456789"
            and chars[i + 1] in "0123456789"
        ):
            chars[i] = "-"
    return "".join(chars)


def digits_only(text: str) -> str:
    """Fold full-width digits and drop everything that is not an ASCII digit."""
    return "".join(ch for ch in fold_digits(text) if ch in "0123456789")
