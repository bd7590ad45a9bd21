"""Integer-yen helpers: the only way money enters the kernel (docs/domain.md §4.7, §7).

All amounts are ``int`` yen. Floats are refused outright (0.1 + 0.2 is not money), and so is
``bool``, which is an ``int`` subclass in Python.
"""

from __future__ import annotations

from enum import StrEnum

from koma.jp.errors import MoneyError

# Stripe's zero-decimal currencies: the amount is already in the smallest unit (¥500 → 500).
ZERO_DECIMAL_CURRENCIES = frozenset(
    {
        "bif",
        "clp",
        "djf",
        "gnf",
        "jpy",
        "kmf",
        "krw",
        "mga",
        "pyg",
        "rwf",
        "ugx",
        "vnd",
        "vuv",
        "xaf",
        "xof",
        "xpf",
    }
)


class Rounding(StrEnum):
    """Rounding of a fraction of a yen, applied to the magnitude (credit notes mirror invoices)."""

    FLOOR = "floor"  # 切り捨て (default: municipal contracts commonly truncate)
    CEIL = "ceil"  # 切り上げ
    HALF_UP = "half_up"  # 四捨五入


def require_yen(amount: object, *, name: str = "amount") -> int:
    """Return ``amount`` if it is an ``int`` (not ``bool``); raise ``MoneyError`` otherwise."""
    if type(amount) is not int:
        raise MoneyError(
            f"{name} must be int yen, got {type(amount).__name__}", code="MONEY_NOT_INT"
        )
    return amount


def divide_rounded(numerator: int, denominator: int, *, rounding: Rounding | str) -> int:
    """``numerator / denominator`` rounded per ``rounding``, in exact integer arithmetic."""
    if denominator <= 0:
        raise MoneyError("denominator must be positive")
    mode = Rounding(rounding)
    sign = -1 if numerator < 0 else 1
    q, r = divmod(abs(numerator), denominator)
    if mode is Rounding.CEIL and r:
        q += 1
    elif mode is Rounding.HALF_UP and 2 * r >= denominator:
        q += 1
    return sign * q


def to_stripe_amount(amount: int, currency: str) -> int:
    """Amount for the Stripe API. JPY is zero-decimal: ``to_stripe_amount(1500, "jpy") == 1500``.

    Koma holds integer yen only, so any currency that needs minor units is refused rather than
    guessed (a silent ×100 on JPY would overcharge a hundredfold).
    """
    require_yen(amount)
    if currency.lower() not in ZERO_DECIMAL_CURRENCIES:
        raise MoneyError(f"{currency!r} is not a zero-decimal currency", code="MONEY_CURRENCY")
    return amount


def from_stripe_amount(amount: int, currency: str) -> int:
    """Inverse of :func:`to_stripe_amount`."""
    return to_stripe_amount(amount, currency)
