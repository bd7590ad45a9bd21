"""Entry-quality figures and per-character pricing (docs/domain.md §2.8, §2.9, §2.11).

Exact arithmetic only (``Fraction``/``Decimal``); the UI decides how to round for display.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

from koma.jp.errors import MoneyError

# [V] vendor figures, for comparison in the coordinator UI only.
SINGLE_ENTRY_ERRORS_PER_1000_KEYSTROKES = Fraction(3, 2)  # 東京トビス
VERIFY_ERRORS_PER_1000_KEYSTROKES = Fraction(1, 20)  # 1 per 20,000


def errors_per_1000_keystrokes(*, errors: int, keystrokes: int) -> Fraction:
    """Per-worker error rate used for skill levels (§2.11)."""
    if errors < 0 or keystrokes <= 0:
        raise ValueError("errors must be ≥ 0 and keystrokes > 0")
    return Fraction(errors * 1000, keystrokes)


def nonconformities_per_100(*, wrong_fields: int, fields: int) -> Fraction:
    """AQL measure for a lot (§2.8 [A]): wrong field values per 100 fields."""
    if wrong_fields < 0 or fields <= 0:
        raise ValueError("wrong_fields must be ≥ 0 and fields > 0")
    return Fraction(wrong_fields * 100, fields)


def price_per_char(*, chars: int, unit_price: Decimal | int) -> int:
    """Per-character pricing: every character counts as one; fractions under ¥1 are truncated.

    ``price_per_char(chars=1234, unit_price=Decimal("0.4")) == 493``.
    """
    if isinstance(unit_price, bool) or not isinstance(unit_price, int | Decimal):
        raise MoneyError("unit_price must be int or Decimal", code="MONEY_NOT_EXACT")
    if chars < 0 or unit_price < 0:
        raise MoneyError("chars and unit_price must not be negative")
    return int((Decimal(unit_price) * chars).to_integral_value(rounding=ROUND_FLOOR))


def count_chars(text: str) -> int:
    """Characters for per-char pricing: full-width, half-width, symbols and spaces count one each.

    A base character with an IVS selector counts once; selectors are not typed characters.
    """
    return sum(
        1 for ch in text if not 0xE0100 <= ord(ch) <= 0xE01EF and not 0xFE00 <= ord(ch) <= 0xFE0F
    )
