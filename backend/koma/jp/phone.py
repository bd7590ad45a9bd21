"""Japanese phone numbers via ``phonenumbers`` (libphonenumber metadata) (docs/domain.md §2.5).

The hyphen position of a fixed-line number depends on the 市外局番 table, which is exactly what
libphonenumber carries; we do not reimplement it. Store the E.164 form plus the as-keyed string.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from koma.jp._text import HYPHEN_LOOKALIKES, fold_ascii
from koma.jp.errors import PhoneNumberError

_KIND = {
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
}


@dataclass(frozen=True, slots=True)
class Phone:
    as_keyed: str
    e164: str  # +81312345678
    national: str  # 03-1234-5678
    kind: str  # mobile, fixed_line, toll_free, voip, …


def parse_phone(value: str, *, region: str = "JP") -> Phone:
    """Validate and format a phone number; raises ``PhoneNumberError`` when it is not valid."""
    # Fold full-width digits and every hyphen look-alike (ー typed in a number is common).
    prepared = "".join("-" if ch in HYPHEN_LOOKALIKES else ch for ch in fold_ascii(value)).strip()
    try:
        number = phonenumbers.parse(prepared, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneNumberError(f"not a phone number: {value!r} ({exc})") from None
    if not phonenumbers.is_valid_number(number):
        raise PhoneNumberError(f"not a valid phone number: {value!r}")
    return Phone(
        as_keyed=value,
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        national=phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL),
        kind=_KIND.get(phonenumbers.number_type(number), "unknown"),
    )


def is_valid_phone(value: str, *, region: str = "JP") -> bool:
    try:
        parse_phone(value, region=region)
    except PhoneNumberError:
        return False
    return True


def format_phone(value: str, *, region: str = "JP") -> str:
    """National format with hyphens: ``"0312345678"`` → ``"03-1234-5678"``."""
    return parse_phone(value, region=region).national


def to_e164(value: str, *, region: str = "JP") -> str:
    """``"090-1234-5678"`` → ``"+819012345678"``."""
    return parse_phone(value, region=region).e164
