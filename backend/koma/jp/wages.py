"""Minimum wage by prefecture with effective dates, and the piece-rate guard (docs/domain.md §4.4).

Money is int yen; throughput and piece prices may be fractional (¥0.4 per character is a real
rate), so they are ``Decimal``/``int`` — never ``float``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from koma.jp.errors import MoneyError, WageError
from koma.jp.lgcode import PREFECTURES

# Prefecture code → ((effective_from, yen per hour), …) in date order.
# Only figures docs/domain.md marks verified are filled in. Other prefectures raise WageError until
# someone adds their row from the MHLW 地域別最低賃金 table — a deliberate gap, not a default.
MINIMUM_WAGES: dict[str, tuple[tuple[date, int], ...]] = {
    "07": (  # 福島県 [V]
        (date(2024, 10, 5), 955),
        (date(2026, 1, 1), 1033),
    ),
}

NATIONAL_WEIGHTED_AVERAGE_FY2025 = 1121  # [V] for display only; never used as a floor

_NAME_TO_CODE = {name: code for code, name in PREFECTURES.items()}


def _prefecture_code(prefecture: str) -> str:
    if prefecture in PREFECTURES:
        return prefecture
    if prefecture in _NAME_TO_CODE:
        return _NAME_TO_CODE[prefecture]
    raise WageError(f"unknown prefecture {prefecture!r}", code="PREFECTURE_UNKNOWN")


def minimum_wage(prefecture: str, *, on: date) -> int:
    """Hourly minimum wage (yen) in force on ``on``; ``prefecture`` is "07" or "福島県"."""
    rows = MINIMUM_WAGES.get(_prefecture_code(prefecture), ())
    current = None
    for effective_from, yen in rows:
        if effective_from <= on:
            current = yen
    if current is None:
        raise WageError(f"no minimum wage recorded for {prefecture!r} on {on}")
    return current


def _exact(value: int | Decimal, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise MoneyError(
            f"{name} must be int or Decimal, got {type(value).__name__}", code="MONEY_NOT_EXACT"
        )
    return Decimal(value)


@dataclass(frozen=True, slots=True)
class PieceRateCheck:
    hourly_equivalent: Decimal  # expected units per hour × unit price
    minimum_wage: int
    ok: bool
    shortfall_per_hour: Decimal  # 0 when ok
    min_unit_price: Decimal  # lowest unit price that meets the minimum, rounded up to 0.01 yen


def check_piece_rate(
    *,
    unit_price: int | Decimal,
    expected_units_per_hour: int | Decimal,
    prefecture: str,
    on: date,
    factor: Decimal = Decimal(1),
) -> PieceRateCheck:
    """Per template: expected units per hour × unit price ≥ minimum wage × ``factor`` (1.0 for
    employees; the same comparison is shown for contractors)."""
    price = _exact(unit_price, "unit_price")
    rate = _exact(expected_units_per_hour, "expected_units_per_hour")
    if rate <= 0:
        raise MoneyError("expected_units_per_hour must be positive")
    floor_wage = minimum_wage(prefecture, on=on)
    required = Decimal(floor_wage) * factor
    hourly = price * rate
    return PieceRateCheck(
        hourly_equivalent=hourly,
        minimum_wage=floor_wage,
        ok=hourly >= required,
        shortfall_per_hour=max(Decimal(0), required - hourly),
        min_unit_price=(required / rate).quantize(Decimal("0.01"), rounding=ROUND_CEILING),
    )


def meets_minimum_wage_actual(
    *, piece_pay: int, minutes_worked: int, prefecture: str, on: date
) -> bool:
    """出来高給 test for employees: total piece pay ÷ hours worked ≥ minimum wage (exact)."""
    from koma.jp.money import require_yen

    require_yen(piece_pay, name="piece_pay")
    if minutes_worked <= 0:
        raise MoneyError("minutes_worked must be positive")
    # pay / (minutes / 60) >= wage  ⇔  pay × 60 >= wage × minutes, no division needed.
    return piece_pay * 60 >= minimum_wage(prefecture, on=on) * minutes_worked
