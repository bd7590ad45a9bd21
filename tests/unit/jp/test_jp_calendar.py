from datetime import date
from decimal import Decimal

import pytest

from koma.jp.bankdays import (
    add_business_days,
    is_bank_business_day,
    next_business_day,
    previous_business_day,
    submission_deadline,
    transfer_date_for,
)
from koma.jp.due import (
    check_contractor_payout,
    contractor_payment_deadline,
    days_overdue,
    inspection_due,
    is_overdue,
    municipal_payment_due,
)
from koma.jp.errors import DueDateError, MoneyError, WageError
from koma.jp.wages import check_piece_rate, meets_minimum_wage_actual, minimum_wage

# ---------------------------------------------------------------- bank business days


@pytest.mark.parametrize(
    "d, open_",
    [
        (date(2026, 1, 5), True),  # Monday
        (date(2026, 1, 3), False),  # Saturday and bank holiday
        (date(2026, 1, 2), False),  # Friday, bank holiday 1/2
        (date(2025, 12, 31), False),  # Wednesday, bank holiday 12/31
        (date(2025, 12, 30), True),
        (date(2026, 1, 12), False),  # 成人の日
        (date(2026, 5, 6), False),  # 振替休日 (5/3 is a Sunday)
        (date(2026, 9, 22), False),  # 国民の休日 between 敬老の日 and 秋分の日
        (date(2026, 2, 23), False),  # 天皇誕生日
        (date(2026, 2, 24), True),
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday
    ],
)
def test_is_bank_business_day(d, open_):
    assert is_bank_business_day(d) is open_


@pytest.mark.parametrize(
    "d, expected",
    [
        (date(2025, 12, 30), date(2026, 1, 5)),
        (date(2026, 5, 1), date(2026, 5, 7)),  # Golden Week
        (date(2026, 3, 6), date(2026, 3, 9)),  # Friday → Monday
        (date(2026, 3, 9), date(2026, 3, 10)),
    ],
)
def test_next_business_day(d, expected):
    assert next_business_day(d) == expected


def test_include_today_and_transfer_date():
    assert next_business_day(date(2026, 3, 9), include_today=True) == date(2026, 3, 9)
    assert transfer_date_for(date(2026, 1, 1)) == date(2026, 1, 5)
    assert transfer_date_for(date(2026, 3, 9)) == date(2026, 3, 9)


def test_previous_and_add_business_days():
    assert previous_business_day(date(2026, 1, 5)) == date(2025, 12, 30)
    assert add_business_days(date(2026, 3, 6), 2) == date(2026, 3, 10)
    assert add_business_days(date(2026, 3, 10), -2) == date(2026, 3, 6)
    assert add_business_days(date(2026, 3, 7), 0) == date(2026, 3, 7)
    assert submission_deadline(date(2026, 1, 6)) == date(2025, 12, 30)


# ---------------------------------------------------------------- due dates


def test_contractor_deadline_is_within_60_days_of_receipt():
    received = date(2026, 4, 1)
    deadline = contractor_payment_deadline(received_on=received)
    assert (deadline - received).days <= 60
    assert deadline == date(2026, 5, 30)  # the day of receipt counts as day 1


def test_reconsignment_extends_to_upstream_plus_30():
    deadline = contractor_payment_deadline(
        received_on=date(2026, 4, 1),
        upstream_paid_on=date(2026, 6, 15),
        reconsignment_disclosed=True,
    )
    assert deadline == date(2026, 7, 15)
    # the exception never shortens the 60-day limit
    assert contractor_payment_deadline(
        received_on=date(2026, 4, 1),
        upstream_paid_on=date(2026, 4, 2),
        reconsignment_disclosed=True,
    ) == date(2026, 5, 30)
    with pytest.raises(DueDateError) as exc:
        contractor_payment_deadline(received_on=date(2026, 4, 1), reconsignment_disclosed=True)
    assert exc.value.code == "DUE_UPSTREAM_DATE_MISSING"


@pytest.mark.parametrize(
    "payout, ok",
    [
        (date(2026, 4, 1), True),
        (date(2026, 5, 30), True),
        (date(2026, 5, 31), False),
        (date(2026, 6, 1), False),
    ],
)
def test_check_contractor_payout_rejects_late_schedules(payout, ok):
    if ok:
        check_contractor_payout(received_on=date(2026, 4, 1), payout_on=payout)
    else:
        with pytest.raises(DueDateError) as exc:
            check_contractor_payout(received_on=date(2026, 4, 1), payout_on=payout)
        assert exc.value.code == "PAYOUT_TOO_LATE"


def test_municipal_inspection_and_payment_due():
    assert inspection_due(date(2026, 4, 1)) == date(2026, 4, 11)
    assert inspection_due(date(2026, 4, 1), construction=True) == date(2026, 4, 15)
    assert municipal_payment_due(date(2026, 4, 10)) == date(2026, 5, 10)
    assert municipal_payment_due(date(2026, 4, 10), contract_days=20) == date(2026, 4, 30)
    assert municipal_payment_due(date(2026, 4, 10), contract_days=None) == date(2026, 4, 25)
    assert municipal_payment_due(date(2026, 4, 10), contract_days=40, construction=True) == date(
        2026, 5, 20
    )


@pytest.mark.parametrize("days", [0, 31, -1])
def test_municipal_contract_days_out_of_range(days):
    with pytest.raises(DueDateError) as exc:
        municipal_payment_due(date(2026, 4, 10), contract_days=days)
    assert exc.value.code == "DUE_CONTRACT_DAYS"


def test_overdue():
    due = date(2026, 5, 10)
    assert not is_overdue(due, today=date(2026, 5, 10))
    assert is_overdue(due, today=date(2026, 5, 11))
    assert days_overdue(due, today=date(2026, 5, 13)) == 3
    assert days_overdue(due, today=date(2026, 5, 1)) == 0


# ---------------------------------------------------------------- minimum wage


@pytest.mark.parametrize(
    "on, yen",
    [
        (date(2024, 10, 5), 955),
        (date(2025, 12, 31), 955),
        (date(2026, 1, 1), 1033),
        (date(2027, 6, 1), 1033),
    ],
)
def test_fukushima_minimum_wage_by_effective_date(on, yen):
    assert minimum_wage("07", on=on) == yen
    assert minimum_wage("福島県", on=on) == yen


def test_unknown_figures_raise_instead_of_guessing():
    with pytest.raises(WageError) as exc:
        minimum_wage("07", on=date(2024, 10, 4))
    assert exc.value.code == "MINIMUM_WAGE_UNKNOWN"
    with pytest.raises(WageError):
        minimum_wage("13", on=date(2026, 1, 1))
    with pytest.raises(WageError) as exc:
        minimum_wage("99", on=date(2026, 1, 1))
    assert exc.value.code == "PREFECTURE_UNKNOWN"


@pytest.mark.parametrize(
    "unit_price, per_hour, ok, hourly",
    [
        (30, 35, True, Decimal(1050)),
        (30, 34, False, Decimal(1020)),
        (Decimal("0.4"), 2600, True, Decimal("1040.0")),  # ¥0.4 per character
        (Decimal("0.4"), 2500, False, Decimal("1000.0")),
        (10, Decimal("103.3"), True, Decimal("1033.0")),
    ],
)
def test_piece_rate_check(unit_price, per_hour, ok, hourly):
    check = check_piece_rate(
        unit_price=unit_price,
        expected_units_per_hour=per_hour,
        prefecture="07",
        on=date(2026, 1, 1),
    )
    assert check.ok is ok
    assert check.hourly_equivalent == hourly
    assert check.minimum_wage == 1033
    assert check.shortfall_per_hour == (0 if ok else 1033 - hourly)


def test_piece_rate_min_unit_price_rounds_up():
    check = check_piece_rate(
        unit_price=30, expected_units_per_hour=34, prefecture="07", on=date(2026, 1, 1)
    )
    assert check.min_unit_price == Decimal("30.39")  # 1033 / 34 = 30.382…
    assert 34 * check.min_unit_price >= 1033


@pytest.mark.parametrize("price, rate", [(30.0, 35), (30, 35.0), (30, 0)])
def test_piece_rate_refuses_floats_and_zero_throughput(price, rate):
    with pytest.raises(MoneyError):
        check_piece_rate(
            unit_price=price, expected_units_per_hour=rate, prefecture="07", on=date(2026, 1, 1)
        )


@pytest.mark.parametrize(
    "pay, minutes, ok",
    [(1033, 60, True), (1032, 60, False), (2066, 120, True), (517, 30, True), (516, 30, False)],
)
def test_actual_piece_pay_against_minimum_wage(pay, minutes, ok):
    assert (
        meets_minimum_wage_actual(
            piece_pay=pay, minutes_worked=minutes, prefecture="07", on=date(2026, 1, 1)
        )
        is ok
    )
