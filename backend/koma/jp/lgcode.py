"""全国地方公共団体コード (JIS X 0401 / X 0402) with its check digit (docs/domain.md §5)."""

from __future__ import annotations

from koma.jp._text import fold_digits
from koma.jp.errors import LgCodeError

# Weights over the five digits, left to right (docs/domain.md §5, verified rule).
_WEIGHTS = (6, 5, 4, 3, 2)

PREFECTURES: dict[str, str] = {
    "01": "北海道", "02": "青森県", "03": "岩手県", "04": "宮城県", "05": "秋田県",
    "06": "山形県", "07": "福島県", "08": "茨城県", "09": "栃木県", "10": "群馬県",
    "11": "埼玉県", "12": "千葉県", "13": "東京都", "14": "神奈川県", "15": "新潟県",
    "16": "富山県", "17": "石川県", "18": "福井県", "19": "山梨県", "20": "長野県",
    "21": "岐阜県", "22": "静岡県", "23": "愛知県", "24": "三重県", "25": "滋賀県",
    "26": "京都府", "27": "大阪府", "28": "兵庫県", "29": "奈良県", "30": "和歌山県",
    "31": "鳥取県", "32": "島根県", "33": "岡山県", "34": "広島県", "35": "山口県",
    "36": "徳島県", "37": "香川県", "38": "愛媛県", "39": "高知県", "40": "福岡県",
    "41": "佐賀県", "42": "長崎県", "43": "熊本県", "44": "大分県", "45": "宮崎県",
    "46": "鹿児島県", "47": "沖縄県",
}  # fmt: skip


def _digits(code: str, length: int) -> str:
    folded = fold_digits(code.strip())
    if len(folded) != length or not folded.isascii() or not folded.isdigit():
        raise LgCodeError(f"expected {length} digits, got {code!r}")
    return folded


def lg_code_check(five: str) -> str:
    """Check digit for a 5-digit code: ``lg_code_check("07203") == "6"``.

    r = Σ digit × weight (6,5,4,3,2) mod 11; check = (11 − r) mod 10, so r=0 → 1 and r=1 → 0.
    """
    digits = _digits(five, 5)
    r = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11
    return str((11 - r) % 10)


def is_valid_lg_code(code: str) -> bool:
    """True for a 6-digit code whose check digit matches and whose prefecture exists."""
    try:
        normalize_lg_code(code, require_check_digit=True)
    except LgCodeError:
        return False
    return True


def normalize_lg_code(code: str, *, require_check_digit: bool = False) -> str:
    """Accept 5 or 6 digits (full-width too) and return the 6-digit form.

    Raises ``LgCodeError`` (a ``ValueError``) for a wrong length, an unknown prefecture or a
    check digit that does not match.
    """
    folded = fold_digits(code.strip())
    if len(folded) == 5 and not require_check_digit:
        five = _digits(folded, 5)
        six = five + lg_code_check(five)
    else:
        six = _digits(folded, 6)
        if lg_code_check(six[:5]) != six[5]:
            raise LgCodeError(f"check digit of {code!r} does not match")
    if six[:2] not in PREFECTURES:
        raise LgCodeError(f"unknown prefecture code {six[:2]!r} in {code!r}")
    return six


def prefecture_of_lg_code(code: str) -> str:
    """Prefecture name for a 5- or 6-digit code: ``"072036"`` → ``"福島県"``."""
    return PREFECTURES[normalize_lg_code(code)[:2]]
