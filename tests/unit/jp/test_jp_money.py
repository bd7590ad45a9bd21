from decimal import Decimal

import pytest

from koma.jp.errors import MoneyError
from koma.jp.money import (
    Rounding,
    divide_rounded,
    from_stripe_amount,
    require_yen,
    to_stripe_amount,
)
from koma.jp.tax import InvoiceLine, RateTotal, compute_invoice_tax, tax_for
from koma.jp.withholding import (
    DEFAULT_CATEGORY_BY_TASK_TYPE,
    WithholdingCategory,
    apply_withholding,
    category_for_task_type,
    withholding_tax,
)


def test_three_lines_of_335_at_10_percent_give_100_not_99():
    result = compute_invoice_tax([InvoiceLine(335, 10)] * 3)
    assert result.by_rate == (RateTotal(rate=10, net=1005, tax=100, gross=1105),)
    assert (result.net_total, result.tax_total, result.gross_total) == (1005, 100, 1105)
    assert result.rounding is Rounding.FLOOR


@pytest.mark.parametrize(
    "rounding, tax",
    [("floor", 100), ("ceil", 101), ("half_up", 101), (Rounding.FLOOR, 100)],
)
def test_rounding_is_configurable(rounding, tax):
    assert compute_invoice_tax([InvoiceLine(335, 10)] * 3, rounding=rounding).tax_total == tax


def test_rates_are_grouped_and_rounded_once_each():
    lines = [
        InvoiceLine(335, 10),
        InvoiceLine(335, 10),
        InvoiceLine(101, 8),
        InvoiceLine(101, 8),
        InvoiceLine(100, 0),
    ]
    result = compute_invoice_tax(lines)
    assert result.by_rate == (
        RateTotal(10, 670, 67, 737),
        RateTotal(8, 202, 16, 218),  # 16.16 → 16
        RateTotal(0, 100, 0, 100),
    )
    assert result.tax_total == 83


def test_tax_inclusive_prices():
    # ¥1,100 including 10% → tax 100, net 1,000; ¥1,000 incl. 8% → 74.07 → 74
    result = compute_invoice_tax(
        [InvoiceLine(1100, 10), InvoiceLine(1000, 8)], prices_include_tax=True
    )
    assert result.by_rate == (RateTotal(10, 1000, 100, 1100), RateTotal(8, 926, 74, 1000))


def test_credit_notes_round_toward_zero_by_default():
    assert compute_invoice_tax([InvoiceLine(-1005, 10)]).tax_total == -100
    assert tax_for(-1005, rounding="ceil") == -101


def test_empty_invoice():
    assert compute_invoice_tax([]).tax_total == 0


@pytest.mark.parametrize("amount", [335.0, Decimal("335"), "335", True, None])
def test_money_refuses_anything_but_int(amount):
    with pytest.raises(MoneyError) as exc:
        compute_invoice_tax([InvoiceLine(amount, 10)])
    assert exc.value.code == "MONEY_NOT_INT"


@pytest.mark.parametrize("rate", [5, 10.0, 0.1, True])
def test_unknown_rates_are_refused(rate):
    with pytest.raises(MoneyError) as exc:
        compute_invoice_tax([InvoiceLine(100, rate)])
    assert exc.value.code == "TAX_RATE"


@pytest.mark.parametrize(
    "numerator, denominator, rounding, expected",
    [
        (1005, 10, "floor", 100),
        (1005, 10, "ceil", 101),
        (1005, 10, "half_up", 101),
        (1004, 10, "half_up", 100),
        (1000, 10, "ceil", 100),
        (-1005, 10, "half_up", -101),
        (0, 7, "ceil", 0),
    ],
)
def test_divide_rounded(numerator, denominator, rounding, expected):
    assert divide_rounded(numerator, denominator, rounding=rounding) == expected


def test_divide_rounded_rejects_zero_denominator():
    with pytest.raises(MoneyError):
        divide_rounded(1, 0, rounding="floor")


def test_stripe_jpy_is_zero_decimal():
    assert to_stripe_amount(1500, "jpy") == 1500
    assert to_stripe_amount(1500, "JPY") == 1500
    assert from_stripe_amount(500, "jpy") == 500


@pytest.mark.parametrize("amount, currency", [(1500, "usd"), (1500.0, "jpy"), (True, "jpy")])
def test_stripe_helper_refuses_minor_unit_currencies_and_floats(amount, currency):
    with pytest.raises(MoneyError):
        to_stripe_amount(amount, currency)


def test_require_yen():
    assert require_yen(0) == 0
    with pytest.raises(MoneyError):
        require_yen(1.0)


# ---------------------------------------------------------------- withholding (§4.5)


@pytest.mark.parametrize(
    "amount, category, tax",
    [
        (10_000, "none", 0),
        (10_000, "art204_1", 1021),
        (99, "art204_1", 10),  # 10.1079 → 10
        (1, "art204_1", 0),
        (0, "art204_1", 0),
        (1_000_000, "art204_1", 102_100),
        (1_000_001, "art204_1", 102_100),  # 102,100.2042 → floor
        (1_000_005, "art204_1", 102_101),
        (1_500_000, "art204_1", 204_200),
        (2_000_000, WithholdingCategory.ART204_1, 306_300),
        (5_000_000, "none", 0),
    ],
)
def test_withholding_tax(amount, category, tax):
    assert withholding_tax(amount, category=category) == tax


def test_apply_withholding():
    result = apply_withholding(33_000, category="art204_1")
    assert (result.gross, result.tax, result.net) == (33_000, 3_369, 29_631)


@pytest.mark.parametrize("amount", [-1, 1.5, Decimal(1)])
def test_withholding_refuses_bad_amounts(amount):
    with pytest.raises(MoneyError):
        withholding_tax(amount, category="art204_1")


def test_withholding_categories_by_task_type():
    assert category_for_task_type("data_entry") is WithholdingCategory.NONE
    assert category_for_task_type("transcription") is WithholdingCategory.NONE
    assert category_for_task_type("proofreading") is WithholdingCategory.ART204_1
    assert category_for_task_type("minutes_editing") is WithholdingCategory.ART204_1
    assert set(DEFAULT_CATEGORY_BY_TASK_TYPE.values()) <= set(WithholdingCategory)
    with pytest.raises(MoneyError) as exc:
        category_for_task_type("unknown")
    assert exc.value.code == "WITHHOLDING_UNKNOWN_TASK_TYPE"
