from decimal import Decimal
from fractions import Fraction

import pytest

from koma.jp.errors import MoneyError
from koma.jp.quality import (
    count_chars,
    errors_per_1000_keystrokes,
    nonconformities_per_100,
    price_per_char,
)


@pytest.mark.parametrize(
    "errors, keystrokes, rate",
    [(3, 2000, Fraction(3, 2)), (1, 20000, Fraction(1, 20)), (0, 5, Fraction(0))],
)
def test_errors_per_1000_keystrokes(errors, keystrokes, rate):
    assert errors_per_1000_keystrokes(errors=errors, keystrokes=keystrokes) == rate


def test_error_rate_rejects_bad_input():
    with pytest.raises(ValueError):
        errors_per_1000_keystrokes(errors=1, keystrokes=0)
    with pytest.raises(ValueError):
        nonconformities_per_100(wrong_fields=-1, fields=10)


def test_nonconformities_per_100():
    assert nonconformities_per_100(wrong_fields=2, fields=800) == Fraction(1, 4)


@pytest.mark.parametrize(
    "chars, unit_price, yen",
    [
        (1234, Decimal("0.4"), 493),
        (1000, Decimal("0.5"), 500),
        (3, Decimal("0.4"), 1),
        (2, Decimal("0.4"), 0),
        (10, 1, 10),
    ],
)
def test_price_per_char_truncates_fractions(chars, unit_price, yen):
    assert price_per_char(chars=chars, unit_price=unit_price) == yen


@pytest.mark.parametrize("unit_price", [0.4, True, "0.4"])
def test_price_per_char_refuses_inexact_prices(unit_price):
    with pytest.raises(MoneyError):
        price_per_char(chars=10, unit_price=unit_price)


def test_count_chars_counts_every_width_once_and_ignores_selectors():
    assert count_chars("山田 ﾀﾛｳ　A-1") == 10
    assert count_chars("葛\U000e0100飾") == 2
