"""Bank business days for 振込指定日 (docs/domain.md §4.6, §4.7).

Closed: Saturdays, Sundays, national holidays (``jpholiday``, incl. 振替休日 and 国民の休日) and
12/31–1/3 (the banks' year-end closure).
"""

from __future__ import annotations

from datetime import date, timedelta

import jpholiday

from koma.jp.errors import CalendarError

# (month, day) pairs the banks close although they are not national holidays (1/1 is both).
BANK_CLOSED_DAYS: frozenset[tuple[int, int]] = frozenset({(12, 31), (1, 1), (1, 2), (1, 3)})
_MAX_SCAN_DAYS = 30  # no real calendar has a longer closure; guards against an endless loop


def is_bank_business_day(d: date) -> bool:
    if d.weekday() >= 5:
        return False
    if (d.month, d.day) in BANK_CLOSED_DAYS:
        return False
    return not jpholiday.is_holiday(d)


def next_business_day(d: date, *, include_today: bool = False) -> date:
    """First bank business day after ``d`` (or ``d`` itself when ``include_today`` and open)."""
    candidate = d if include_today else d + timedelta(days=1)
    for _ in range(_MAX_SCAN_DAYS):
        if is_bank_business_day(candidate):
            return candidate
        candidate += timedelta(days=1)
    raise CalendarError(f"no business day within {_MAX_SCAN_DAYS} days of {d}")


def previous_business_day(d: date, *, include_today: bool = False) -> date:
    candidate = d if include_today else d - timedelta(days=1)
    for _ in range(_MAX_SCAN_DAYS):
        if is_bank_business_day(candidate):
            return candidate
        candidate -= timedelta(days=1)
    raise CalendarError(f"no business day within {_MAX_SCAN_DAYS} days before {d}")


def add_business_days(d: date, days: int) -> date:
    """Move ``days`` business days forward (or back when negative) from ``d``."""
    current = d
    step = next_business_day if days >= 0 else previous_business_day
    for _ in range(abs(days)):
        current = step(current)
    return current


def transfer_date_for(requested: date) -> date:
    """A valid 振込指定日: ``requested`` if it is a business day, else the next one."""
    return next_business_day(requested, include_today=True)


def submission_deadline(transfer_date: date, *, lead_business_days: int = 2) -> date:
    """Latest day to hand the Zengin file to the bank (cut-offs are 1–2 business days before [K])."""
    return add_business_days(transfer_date, -lead_business_days)
