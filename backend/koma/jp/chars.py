"""Per-field character classes, safe normalisation, kana conversion, CP932 export and 外字 marks.

docs/domain.md §2.1/§2.6/§2.7. The rule that shapes everything here: never change a kanji code point
in 氏名 or 住所. NFKC/NFC would turn U+FA19 神 into U+795E, so this module folds only digits,
ASCII letters, spaces and hyphens, and only for classes that allow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import jaconv

from koma.jp._text import fold_ascii, fold_digits, fold_hyphens_between_digits
from koma.jp.errors import CharClassError


class CharClass(StrEnum):
    DIGIT = "digit"  # 0-9, with "-" allowed between digits (郵便番号, 電話)
    ALNUM_HALF = "alnum_half"  # printable ASCII
    KANA_FULL = "kana_full"  # 全角カタカナ [ァ-ヶー 　]
    KANA_HALF_ZENGIN = "kana_half_zengin"  # the Zengin C-field class (§4.6)
    KANJI_ANY = "kanji_any"  # names and addresses: stored exactly as keyed
    FREE = "free"  # anything except control characters


# Zengin C fields (§4.6 [V]): 0-9 A-Z, half-width katakana ｱ-ﾝ plus ﾞﾟ, space and ( ) - . /
ZENGIN_BASE_CHARS = frozenset(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ()-./"
    + "".join(chr(cp) for cp in range(0xFF71, 0xFF9E))  # ｱ..ﾝ
    + "\uff9e\uff9f"  # ﾞ ﾟ
)
# Characters some banks accept on top of the base class: a bank-profile option [A].
ZENGIN_OPTIONAL_CHARS = "｢｣¥,ｦ"

_SMALL_TO_LARGE_HALF = str.maketrans("ｧｨｩｪｫｯｬｭｮ", "ｱｲｳｴｵﾂﾔﾕﾖ")
# Full-width katakana that jaconv.z2h leaves alone: map to their plain half-width reading first.
_FULL_KANA_EXTRA = str.maketrans({"ヵ": "カ", "ヶ": "ケ", "ヮ": "ワ", "ヰ": "イ", "ヱ": "エ"})

_KANA_FULL_RE = re.compile(r"^[ァ-ヶー 　]*$")
_DIGIT_RE = re.compile(r"^(?:[0-9]+(?:-[0-9]+)*)?$")
_ALNUM_HALF_RE = re.compile(r"^[\x20-\x7e]*$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

GETA = "\u3013"  # 〓: what a worker types for a character they cannot enter (外字)


# ---------------------------------------------------------------------------- normalisation


def normalize_field(value: str, *, char_class: CharClass | str) -> str:
    """Canonical stored form for a field of ``char_class``; never touches kanji.

    - digit: full-width digits folded, hyphen look-alikes between digits → "-", outer spaces cut.
    - alnum_half: full-width ASCII and U+3000 folded, hyphens between digits → "-".
    - kana_full: half-width kana widened (ｶﾞ → ガ); hiragana is left for :func:`kana_for_label`.
    - kana_half_zengin: :func:`to_zengin_kana`.
    - kanji_any, free: unchanged (the raw keyed string is the record).
    """
    cls = CharClass(char_class)
    if cls is CharClass.DIGIT:
        return fold_hyphens_between_digits(fold_digits(value)).strip(" \u3000")
    if cls is CharClass.ALNUM_HALF:
        return fold_hyphens_between_digits(fold_ascii(value)).strip()
    if cls is CharClass.KANA_FULL:
        return jaconv.h2z(value, kana=True, ascii=False, digit=False)
    if cls is CharClass.KANA_HALF_ZENGIN:
        return to_zengin_kana(value)
    return value


def matches_char_class(value: str, *, char_class: CharClass | str) -> bool:
    """True when ``value`` (already normalised) only uses characters of ``char_class``."""
    cls = CharClass(char_class)
    if cls is CharClass.DIGIT:
        return bool(_DIGIT_RE.match(value))
    if cls is CharClass.ALNUM_HALF:
        return bool(_ALNUM_HALF_RE.match(value))
    if cls is CharClass.KANA_FULL:
        return bool(_KANA_FULL_RE.match(value))
    if cls is CharClass.KANA_HALF_ZENGIN:
        return is_zengin_text(value)
    return not _CONTROL_RE.search(value)


def clean_field(value: str, *, char_class: CharClass | str) -> str:
    """Normalise, then validate; raises ``CharClassError`` (code ``CHAR_CLASS_INVALID``)."""
    normalized = normalize_field(value, char_class=char_class)
    if not matches_char_class(normalized, char_class=char_class):
        bad = first_invalid_char(normalized, char_class=char_class)
        raise CharClassError(f"{bad!r} is not allowed in a {CharClass(char_class)} field")
    return normalized


def first_invalid_char(value: str, *, char_class: CharClass | str) -> str | None:
    """The first character that makes ``value`` fail its class (for error messages)."""
    for i in range(len(value)):
        if not matches_char_class(value[: i + 1], char_class=char_class):
            # DIGIT fails on a trailing "-" that would be valid once followed by a digit.
            if CharClass(char_class) is CharClass.DIGIT and value[i] == "-":
                continue
            return value[i]
    # Only the structure failed (e.g. a trailing "-" in a digit field): blame the last character.
    return None if matches_char_class(value, char_class=char_class) else value[-1]


def address_shadow(text: str) -> str:
    """A matching-only shadow of an address: digits, ASCII and hyphens folded, kanji untouched.

    Keep the raw keyed string as the record (§2.4); compare addresses through this shadow.
    """
    return fold_hyphens_between_digits(fold_ascii(text)).replace(" ", "")


# ---------------------------------------------------------------------------- kana


def to_katakana(text: str) -> str:
    return jaconv.hira2kata(text)


def to_hiragana(text: str) -> str:
    return jaconv.kata2hira(text)


def kana_for_label(text: str, *, label: str) -> str:
    """ふりがな → hiragana, フリガナ → katakana (§2.6); half-width kana are widened first."""
    widened = jaconv.h2z(text, kana=True, ascii=False, digit=False)
    if label == "ふりがな":
        return to_hiragana(widened)
    if label == "フリガナ":
        return to_katakana(widened)
    raise ValueError(f"label must be ふりがな or フリガナ, got {label!r}")


def to_zengin_kana(text: str, *, extra_chars: str = "") -> str:
    """Convert a kana name to the Zengin half-width form (§4.6).

    ひらがな/カタカナ → half-width, small kana → large (ｯ→ﾂ, ｬ→ﾔ …), ー → "-", lowercase →
    uppercase, full-width ASCII and spaces folded. ｦ becomes ｵ unless ``extra_chars`` (the bank
    profile) allows ｦ. The result may still hold disallowed characters (kanji): validate it.
    """
    s = jaconv.hira2kata(text).translate(_FULL_KANA_EXTRA)
    s = jaconv.z2h(s, kana=True, ascii=True, digit=True)
    s = fold_ascii(s).upper()
    s = s.translate(_SMALL_TO_LARGE_HALF)
    s = s.replace("ｰ", "-").replace("ー", "-").replace("‐", "-").replace("−", "-")
    if "ｦ" not in extra_chars:
        s = s.replace("ｦ", "ｵ")
    return s


def is_zengin_text(text: str, *, extra_chars: str = "") -> bool:
    allowed = ZENGIN_BASE_CHARS | frozenset(extra_chars)
    return all(ch in allowed for ch in text)


# ---------------------------------------------------------------------------- CP932 export

# Code points that look right on screen but do not survive a Shift_JIS (CP932) round trip the
# same way; map them to the CP932 code point before export (§2.1 [K]).
CP932_EXPORT_MAP: dict[str, str] = {
    "\u301c": "\uff5e",  # WAVE DASH 〜 → FULLWIDTH TILDE ～
    "\u2212": "\uff0d",  # MINUS SIGN − → FULLWIDTH HYPHEN-MINUS －
    "\u2016": "\u2225",  # DOUBLE VERTICAL LINE ‖ → PARALLEL TO ∥
    "\u00a2": "\uffe0",  # ¢ → ￠
    "\u00a3": "\uffe1",  # £ → ￡
    "\u00ac": "\uffe2",  # ¬ → ￢
    "\u2014": "\u2015",  # EM DASH — → HORIZONTAL BAR ―
    "\u00a6": "\uffe4",  # ¦ → ￤
}


@dataclass(frozen=True, slots=True)
class Unencodable:
    index: int
    char: str

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"


@dataclass(frozen=True, slots=True)
class Cp932Export:
    data: bytes
    mapped: tuple[tuple[int, str, str], ...]  # (index, original, replacement)
    unencodable: tuple[Unencodable, ...]

    @property
    def ok(self) -> bool:
        return not self.unencodable


def export_cp932(text: str, *, replacement: str = GETA) -> Cp932Export:
    """Encode ``text`` as CP932 for a Shift_JIS deliverable, reporting what changed.

    Trap characters are mapped per :data:`CP932_EXPORT_MAP`; characters CP932 cannot hold at all
    (many JIS X 0213 kanji, IVS selectors, emoji) are replaced by ``replacement`` and reported, so
    the coordinator can resolve them before delivery instead of shipping "?".
    """
    mapped: list[tuple[int, str, str]] = []
    bad: list[Unencodable] = []
    parts: list[bytes] = []
    for i, ch in enumerate(text):
        target = CP932_EXPORT_MAP.get(ch, ch)
        if target != ch:
            mapped.append((i, ch, target))
        try:
            parts.append(target.encode("cp932"))
        except UnicodeEncodeError:
            bad.append(Unencodable(index=i, char=ch))
            parts.append(replacement.encode("cp932"))
    return Cp932Export(data=b"".join(parts), mapped=tuple(mapped), unencodable=tuple(bad))


def cp932_unencodable(text: str) -> tuple[Unencodable, ...]:
    """Characters of ``text`` that cannot be exported to CP932 even after mapping."""
    return export_cp932(text).unencodable


# ---------------------------------------------------------------------------- 外字


@dataclass(frozen=True, slots=True)
class GaijiReport:
    geta_positions: tuple[int, ...]  # 〓 typed by a worker: needs an MJ code or IVS
    pua_positions: tuple[int, ...]  # legacy municipal 外字; never deliver without a mapping table

    @property
    def has_issues(self) -> bool:
        return bool(self.geta_positions or self.pua_positions)


def _is_pua(ch: str) -> bool:
    cp = ord(ch)
    return 0xE000 <= cp <= 0xF8FF or 0xF0000 <= cp <= 0xFFFFD or 0x100000 <= cp <= 0x10FFFD


def find_gaiji(text: str) -> GaijiReport:
    """Positions of 〓 marks and private-use code points in ``text``.

    IVS selectors (U+E0100–E01EF) are legitimate and are not reported.
    """
    return GaijiReport(
        geta_positions=tuple(i for i, ch in enumerate(text) if ch == GETA),
        pua_positions=tuple(i for i, ch in enumerate(text) if _is_pua(ch)),
    )
