"""Errors and warnings of the Japanese domain kernel.

Every error is a ``ValueError`` subclass with a stable ``code`` that the web app can put in an
API response; the message is for humans and may change. Warnings are values, not exceptions,
because the rules in docs/domain.md ask us to accept some inputs (平成31年5月1日, a registration
number whose check digit fails) and only tell the user.
"""

from __future__ import annotations

from dataclasses import dataclass


class JpError(ValueError):
    """Base of every kernel error. ``code`` is stable; subclasses set their own default."""

    code: str = "JP_INVALID"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class WarekiError(JpError):
    code = "WAREKI_INVALID"


class CharClassError(JpError):
    code = "CHAR_CLASS_INVALID"


class PostalCodeError(JpError):
    code = "POSTAL_CODE_INVALID"


class PhoneNumberError(JpError):
    code = "PHONE_INVALID"


class MyNumberDetected(JpError):
    """Raised by :func:`koma.jp.mynumber.assert_no_mynumber`; the web app blocks the submission."""

    code = "MYNUMBER_DETECTED"


class LgCodeError(JpError):
    code = "LG_CODE_INVALID"


class CorporateNumberError(JpError):
    code = "CORPORATE_NUMBER_INVALID"


class RegistrationNumberError(JpError):
    code = "INVOICE_REGISTRATION_NUMBER_INVALID"


class SamplingError(JpError):
    code = "SAMPLING_INVALID"


class MoneyError(JpError):
    code = "MONEY_INVALID"


class ZenginError(JpError):
    code = "ZENGIN_INVALID"


class CalendarError(JpError):
    code = "CALENDAR_INVALID"


class WageError(JpError):
    code = "MINIMUM_WAGE_UNKNOWN"


class DueDateError(JpError):
    code = "DUE_DATE_VIOLATION"


@dataclass(frozen=True, slots=True)
class JpWarning:
    """A non-blocking finding: ``code`` is stable, ``message`` is for humans."""

    code: str
    message: str
