"""マイナンバー (個人番号) detection (docs/domain.md §2.7).

Koma must never accept a 12-digit 個人番号 on a non-special job; the web app calls
:func:`assert_no_mynumber` on every submitted field and answers with ``MYNUMBER_DETECTED``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from koma.jp._text import fold_digits
from koma.jp.errors import MyNumberDetected

# 12 digits, optionally grouped 4-4-4 with one space or hyphen, not glued to other digits.
# Full-width digits are folded first, so ０-９ are found too.
_CANDIDATE = re.compile(
    r"(?<![0-9])([0-9]{4})[ \-\u3000\u2010\u2212\uff0d]?([0-9]{4})[ \-\u3000\u2010\u2212\uff0d]?"
    r"([0-9]{4})(?![0-9])"
)


@dataclass(frozen=True, slots=True)
class MyNumberMatch:
    start: int
    end: int
    digits: str


def mynumber_check_digit(first_eleven: str) -> int:
    """Check digit per 番号法施行規則 §5 (P_n from the right, Q_n = n+1 (n≤6) or n−5)."""
    if len(first_eleven) != 11 or not first_eleven.isascii() or not first_eleven.isdigit():
        raise ValueError(f"expected 11 digits, got {first_eleven!r}")
    total = 0
    for n, ch in enumerate(reversed(first_eleven), start=1):
        q = n + 1 if n <= 6 else n - 5
        total += int(ch) * q
    r = total % 11
    return 0 if r <= 1 else 11 - r


def is_valid_mynumber(value: str) -> bool:
    """True when ``value`` (full-width allowed, no separators) is 12 digits with a valid check."""
    digits = fold_digits(value.strip())
    if len(digits) != 12 or not digits.isascii() or not digits.isdigit():
        return False
    return mynumber_check_digit(digits[:11]) == int(digits[11])


def find_mynumbers(text: str) -> tuple[MyNumberMatch, ...]:
    """Every 12-digit run (or 4-4-4 group) in ``text`` whose check digit is valid.

    Runs longer than 12 digits (e.g. a 13-digit 法人番号) are not split into windows; that would
    flag many innocent numbers. Positions refer to ``text`` (folding keeps lengths).
    """
    folded = fold_digits(text)
    found = []
    for m in _CANDIDATE.finditer(folded):
        digits = "".join(m.groups())
        if mynumber_check_digit(digits[:11]) == int(digits[11]):
            found.append(MyNumberMatch(start=m.start(), end=m.end(), digits=digits))
    return tuple(found)


def contains_mynumber(text: str) -> bool:
    return bool(find_mynumbers(text))


def assert_no_mynumber(text: str) -> None:
    """Raise ``MyNumberDetected`` (code ``MYNUMBER_DETECTED``) if ``text`` holds a 個人番号."""
    if find_mynumbers(text):
        # Do not echo the number: the message may end up in logs.
        raise MyNumberDetected("a 12-digit individual number (個人番号) was detected")
