"""When a worker can work: weekly windows plus dated exceptions, in Japan time (docs/architecture.md A23).

The one definition of "the window a worker is in now" (`current_window`), the next one and
every window between two moments, read by the claim, the available list, `/workers/me/today`,
offers and the job forecast. A window is `[start, end)` as aware datetimes in Asia/Tokyo.

Rules (validated by `parse_availability`): times are "HH:MM" on a 15-minute grid, a window
ends after it starts ("24:00" may end a day), windows of one day do not overlap. An exception
replaces that date's weekly windows; an exception with no windows is a day off.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction

from koma.accounts.models import User
from koma.core.clock import TOKYO
from koma.core.errors import Invalid
from koma.workforce.models import AvailabilityException, WeeklyWindow

GRID_MINUTES = 15
DAY_MINUTES = 24 * 60
MAX_WEEKLY_WINDOWS = 7 * 8
MAX_EXCEPTIONS = 366
MAX_WINDOWS_PER_DAY = 8
# How far ahead an exception may be dated, and how far back one is still kept.
EXCEPTION_HORIZON_DAYS = 366

_HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")

Span = tuple[int, int]  # (start_minute, end_minute) within one Japanese day


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    def minutes_left(self, now: datetime) -> int:
        """Whole minutes from `now` (or the start, if later) to the end."""
        begin = max(now, self.start)
        return max(0, int((self.end - begin).total_seconds() // 60))

    def as_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass
class Schedule:
    """A worker's declared week and exceptions, loaded once and asked many times."""

    weekly: dict[int, list[Span]] = field(default_factory=dict)
    exceptions: dict[date, list[Span]] = field(default_factory=dict)

    def spans_on(self, day: date) -> list[Span]:
        if day in self.exceptions:
            return self.exceptions[day]
        return self.weekly.get(day.weekday(), [])

    def windows_on(self, day: date) -> list[Window]:
        midnight = datetime.combine(day, time(0), tzinfo=TOKYO)
        return [
            Window(midnight + timedelta(minutes=s), midnight + timedelta(minutes=e))
            for s, e in self.spans_on(day)
        ]

    def windows_between(self, start: datetime, end: datetime) -> list[Window]:
        """Every window (clipped) overlapping `[start, end)`, in order."""
        out: list[Window] = []
        day = start.astimezone(TOKYO).date()
        last = end.astimezone(TOKYO).date()
        while day <= last:
            for w in self.windows_on(day):
                if w.end > start and w.start < end:
                    out.append(Window(max(w.start, start), min(w.end, end)))
            day += timedelta(days=1)
        return out

    def current_window(self, now: datetime) -> Window | None:
        """The window holding `now`. Adjacent windows (10:00–12:00, 12:00–13:00) join."""
        day = now.astimezone(TOKYO).date()
        windows = self.windows_on(day - timedelta(days=1)) + self.windows_on(day)
        windows += self.windows_on(day + timedelta(days=1))
        joined: list[Window] = []
        for w in windows:
            if joined and joined[-1].end == w.start:
                joined[-1] = Window(joined[-1].start, w.end)
            else:
                joined.append(w)
        return next((w for w in joined if w.start <= now < w.end), None)

    def next_window(self, now: datetime, *, horizon_days: int = 14) -> Window | None:
        """The first window starting after `now`, within `horizon_days`."""
        day = now.astimezone(TOKYO).date()
        for offset in range(horizon_days + 1):
            for w in self.windows_on(day + timedelta(days=offset)):
                if w.start > now:
                    return w
        return None

    def is_empty(self) -> bool:
        return not any(self.weekly.values()) and not self.exceptions


# --- reading -----------------------------------------------------------------------------


def schedules_for(worker_ids: Iterable[int], *, around: date | None = None) -> dict[int, Schedule]:
    """Schedules of many workers in two queries (offers and forecasts ask for teams)."""
    ids = list(worker_ids)
    out: dict[int, Schedule] = {wid: Schedule() for wid in ids}
    weekly: dict[int, dict[int, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for wid, weekday, s, e in WeeklyWindow.objects.filter(worker_id__in=ids).values_list(
        "worker_id", "weekday", "start_minute", "end_minute"
    ):
        weekly[wid][weekday].append((s, e))
    exceptions = AvailabilityException.objects.filter(worker_id__in=ids)
    if around is not None:
        exceptions = exceptions.filter(date__gte=around - timedelta(days=1))
    for wid, day, spans in exceptions.values_list("worker_id", "date", "windows"):
        out[wid].exceptions[day] = [(int(s), int(e)) for s, e in spans]
    for wid, days in weekly.items():
        out[wid].weekly = {d: sorted(spans) for d, spans in days.items()}
    return out


def schedule_for(worker: User, *, around: date | None = None) -> Schedule:
    return schedules_for([worker.pk], around=around)[worker.pk]


def current_window(worker: User, now: datetime) -> Window | None:
    """THE window `worker` is in at `now`, or None (outside every declared window)."""
    return schedule_for(worker, around=now.astimezone(TOKYO).date()).current_window(now)


# --- validating and writing ----------------------------------------------------------------


def _minute(value: Any, path: str, errors: dict[str, list[str]]) -> int | None:
    if not isinstance(value, str) or not _HHMM.match(value):
        errors.setdefault(path, []).append("invalid_time")
        return None
    hours, minutes = int(value[:2]), int(value[3:])
    total = hours * 60 + minutes
    if total > DAY_MINUTES:
        errors.setdefault(path, []).append("invalid_time")
        return None
    if total % GRID_MINUTES:
        errors.setdefault(path, []).append("not_quarter_hour")
        return None
    return total


def _span(raw: Any, path: str, errors: dict[str, list[str]]) -> Span | None:
    if not isinstance(raw, dict):
        errors.setdefault(path, []).append("not_an_object")
        return None
    start = _minute(raw.get("start"), f"{path}.start", errors)
    end = _minute(raw.get("end"), f"{path}.end", errors)
    if start is None or end is None:
        return None
    if start == DAY_MINUTES:
        errors.setdefault(f"{path}.start", []).append("invalid_time")
        return None
    if start >= end:
        errors.setdefault(f"{path}.end", []).append("end_not_after_start")
        return None
    return (start, end)


def _check_overlaps(spans: list[tuple[Span, str]], errors: dict[str, list[str]]) -> list[Span]:
    spans = sorted(spans)
    reach = -1  # the latest end so far: 10–14 also overlaps 12:30–13 after 11–12
    for (start, end), path in spans:
        if start < reach:
            errors.setdefault(path, []).append("overlaps")
        reach = max(reach, end)
    return [s for s, _ in spans]


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: Any) -> date | None:
    """ "YYYY-MM-DD" or None (fromisoformat alone also takes "2024-W01-1" and "20240101")."""
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_windows(raw: Any, path: str) -> list[Span]:
    """One day's `[{"start", "end"}, ...]` (PUT /workers/me/days/{date}), or 400."""
    errors: dict[str, list[str]] = {}
    if not isinstance(raw, list) or len(raw) > MAX_WINDOWS_PER_DAY:
        raise Invalid("invalid_availability", fields={path: ["invalid_windows"]})
    spans = []
    for j, w in enumerate(raw):
        span = _span(w, f"{path}[{j}]", errors)
        if span is not None:
            spans.append((span, f"{path}[{j}]"))
    result = _check_overlaps(spans, errors)
    if errors:
        raise Invalid("invalid_availability", fields=errors)
    return result


def parse_availability(payload: Any, *, today: date) -> Schedule:
    """The request body of PUT /workers/me/availability → a Schedule, or 400 with every
    problem named by its path (`weekly[2].end`: ["end_not_after_start"])."""
    errors: dict[str, list[str]] = {}
    if not isinstance(payload, dict):
        raise Invalid("invalid_availability", fields={"body": ["not_an_object"]})
    weekly_raw = payload.get("weekly", [])
    exceptions_raw = payload.get("exceptions", [])
    if not isinstance(weekly_raw, list):
        errors["weekly"] = ["not_a_list"]
        weekly_raw = []
    if not isinstance(exceptions_raw, list):
        errors["exceptions"] = ["not_a_list"]
        exceptions_raw = []
    if len(weekly_raw) > MAX_WEEKLY_WINDOWS:
        raise Invalid("invalid_availability", fields={"weekly": ["too_many"]})
    if len(exceptions_raw) > MAX_EXCEPTIONS:
        raise Invalid("invalid_availability", fields={"exceptions": ["too_many"]})

    by_day: dict[int, list[tuple[Span, str]]] = defaultdict(list)
    for i, raw in enumerate(weekly_raw):
        path = f"weekly[{i}]"
        weekday = raw.get("weekday") if isinstance(raw, dict) else None
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            errors.setdefault(f"{path}.weekday", []).append("invalid_weekday")
        span = _span(raw, path, errors)
        if span is not None and isinstance(weekday, int) and 0 <= weekday <= 6:
            by_day[weekday].append((span, path))

    schedule = Schedule()
    for weekday, spans in by_day.items():
        schedule.weekly[weekday] = _check_overlaps(spans, errors)

    seen: dict[date, str] = {}
    for i, raw in enumerate(exceptions_raw):
        path = f"exceptions[{i}]"
        if not isinstance(raw, dict):
            errors.setdefault(path, []).append("not_an_object")
            continue
        day = parse_date(raw.get("date"))
        if day is None:
            errors.setdefault(f"{path}.date", []).append("invalid_date")
            continue
        if day in seen:
            errors.setdefault(f"{path}.date", []).append("duplicate_date")
            continue
        if not (today - timedelta(days=1)) <= day <= today + timedelta(days=EXCEPTION_HORIZON_DAYS):
            errors.setdefault(f"{path}.date", []).append("date_out_of_range")
            continue
        seen[day] = path
        windows_raw = raw.get("windows", [])
        if not isinstance(windows_raw, list) or len(windows_raw) > MAX_WINDOWS_PER_DAY:
            errors.setdefault(f"{path}.windows", []).append("invalid_windows")
            continue
        spans = []
        for j, w in enumerate(windows_raw):
            span = _span(w, f"{path}.windows[{j}]", errors)
            if span is not None:
                spans.append((span, f"{path}.windows[{j}]"))
        schedule.exceptions[day] = _check_overlaps(spans, errors)

    if errors:
        raise Invalid("invalid_availability", fields=errors)
    return schedule


@transaction.atomic
def replace_availability(*, worker: User, schedule: Schedule, today: date) -> Schedule:
    """Store `schedule` as the worker's whole availability (PUT semantics).

    Exceptions dated before yesterday are history and are dropped.
    """
    WeeklyWindow.objects.filter(worker=worker).delete()
    AvailabilityException.objects.filter(worker=worker).delete()
    WeeklyWindow.objects.bulk_create(
        WeeklyWindow(worker=worker, weekday=d, start_minute=s, end_minute=e)
        for d, spans in sorted(schedule.weekly.items())
        for s, e in spans
    )
    AvailabilityException.objects.bulk_create(
        AvailabilityException(worker=worker, date=d, windows=[list(s) for s in spans])
        for d, spans in sorted(schedule.exceptions.items())
        if d >= today - timedelta(days=1)
    )
    from koma.audit.services import record_event

    record_event(
        actor=worker,
        verb="worker.availability_changed",
        obj=worker,
        weekly_windows=sum(len(s) for s in schedule.weekly.values()),
        exceptions=len(schedule.exceptions),
    )
    return schedule_for(worker, around=today)


def check_exception_date(day: date, *, today: date) -> None:
    if not (today - timedelta(days=1)) <= day <= today + timedelta(days=EXCEPTION_HORIZON_DAYS):
        raise Invalid("invalid_availability", fields={"date": ["date_out_of_range"]})


@transaction.atomic
def set_day(*, worker: User, day: date, spans: list[Span] | None, today: date) -> Schedule:
    """Replace one date's windows: [] is a day off ("今日は休み"), None goes back to the week."""
    from koma.audit.services import record_event

    check_exception_date(day, today=today)
    if spans is None:
        AvailabilityException.objects.filter(worker=worker, date=day).delete()
    else:
        AvailabilityException.objects.update_or_create(
            worker=worker, date=day, defaults={"windows": [list(s) for s in spans]}
        )
    record_event(
        actor=worker,
        verb="worker.day_changed",
        obj=worker,
        date=day.isoformat(),
        windows=None if spans is None else [[hhmm(s), hhmm(e)] for s, e in spans],
    )
    return schedule_for(worker, around=today)


# --- writing out ---------------------------------------------------------------------------


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def schedule_as_dict(schedule: Schedule) -> dict[str, list[dict[str, Any]]]:
    """The GET /workers/me/availability body; the same shape PUT takes."""
    return {
        "weekly": [
            {"weekday": d, "start": hhmm(s), "end": hhmm(e)}
            for d in sorted(schedule.weekly)
            for s, e in schedule.weekly[d]
        ],
        "exceptions": [
            {
                "date": d.isoformat(),
                "windows": [{"start": hhmm(s), "end": hhmm(e)} for s, e in spans],
            }
            for d, spans in sorted(schedule.exceptions.items())
        ],
    }
