"""法人番号 and the 適格請求書 registration number (docs/domain.md §4.1, §4.7)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from koma.jp._text import fold_ascii
from koma.jp.errors import CorporateNumberError, JpWarning, RegistrationNumberError

_REGISTRATION = re.compile(r"^T[0-9]{13}$")


def corporate_check_digit(base12: str) -> int:
    """Check digit (the FIRST digit) for a 12-digit base: 9 − (Σ P_n·Q_n mod 9).

    P_n is the n-th digit from the right, Q_n = 1 for odd n and 2 for even n.
    """
    if len(base12) != 12 or not base12.isascii() or not base12.isdigit():
        raise CorporateNumberError(f"expected a 12-digit base, got {base12!r}")
    total = sum(int(ch) * (1 if n % 2 else 2) for n, ch in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def normalize_corporate_number(value: str) -> str:
    """13 ASCII digits with a valid check digit, or ``CorporateNumberError``."""
    digits = fold_ascii(value.strip()).replace("-", "").replace(" ", "")
    if len(digits) != 13 or not digits.isascii() or not digits.isdigit():
        raise CorporateNumberError(f"expected 13 digits, got {value!r}")
    if corporate_check_digit(digits[1:]) != int(digits[0]):
        raise CorporateNumberError(f"check digit of {value!r} does not match")
    return digits


def is_valid_corporate_number(value: str) -> bool:
    try:
        normalize_corporate_number(value)
    except CorporateNumberError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class RegistrationNumberCheck:
    number: str  # canonical "T" + 13 digits
    warnings: tuple[JpWarning, ...]

    @property
    def ok(self) -> bool:
        return not self.warnings


def check_registration_number(value: str) -> RegistrationNumberCheck:
    """Validate a 適格請求書発行事業者 登録番号.

    The format ``^T\\d{13}$`` is an error (``RegistrationNumberError``); a check digit that fails
    is only a warning, because individuals' numbers are not confirmed to use the 法人番号 rule
    (docs/domain.md §4.1 [K]). Full-width characters and a lowercase ``t`` are accepted.
    """
    canonical = fold_ascii(value.strip()).replace("-", "").replace(" ", "").upper()
    if not _REGISTRATION.match(canonical):
        raise RegistrationNumberError(f"expected 'T' + 13 digits, got {value!r}")
    digits = canonical[1:]
    warnings: tuple[JpWarning, ...] = ()
    if corporate_check_digit(digits[1:]) != int(digits[0]):
        warnings = (
            JpWarning(
                code="REGISTRATION_CHECK_DIGIT",
                message="the check digit does not match; confirm the number with the NTA site",
            ),
        )
    return RegistrationNumberCheck(number=canonical, warnings=warnings)
