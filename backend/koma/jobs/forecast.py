"""Job forecast: can the workers' declared hours finish the job by its deadline? (A24)

`GET /jobs/{id}/progress` answers `forecast` from four rules, each defined once here:

- `remaining_minutes`: the worker time the job still needs;
- `forecast_workers`: who may give time to it;
- `planned_minutes_by_day`: how much time they give it on each Japanese day;
- `forecast_job`: the status, the shortfall, the expected finish and the per-day series.

Fixed cost: one query over the job's units, one for the workers, one for their levels' caps
(`workforce.caps.caps_for_many`), two for their schedules (`workforce.availability.schedules_for`),
one for the other jobs with open work; the rest is arithmetic per worker and weekday, not per
worker and day.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.db.models.functions import TruncDate

from koma.core.clock import TOKYO, tokyo_day_start
from koma.jobs.models import Job, JobCounter
from koma.workforce.availability import Schedule, Span, schedules_for
from koma.workforce.caps import caps_for_many
from koma.workforce.models import WorkerProfile

# expected_finish is looked for this many days from today (then null); the series is at most
# this long.
HORIZON_DAYS = 60
SERIES_DAYS = 60

# States whose units still need a worker's time: keying not submitted yet. A reserved unit
# counts its whole estimate (what its holder already keyed is not measured here).
NEEDS_WORKER = ("open", "reserved")
# States of units handed in and waiting for review: the job is not finished, but review is
# a coordinator's time, not a worker's; a rework or reject sends the unit back to
# reserved/open, and it counts again.
AWAITING_REVIEW = ("submitted", "in_review")


class Status:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE = "late"


@dataclass(frozen=True)
class JobWork:
    """The job's units summed by state, and its accepted minutes by Japanese day."""

    minutes: dict[str, int]
    units: dict[str, int]
    # The lowest required level among the units that need a worker (None: none do).
    min_level: int | None
    accepted_by_day: dict[date, int]

    @property
    def unfinished_units(self) -> int:
        return sum(self.units.get(s, 0) for s in (*NEEDS_WORKER, *AWAITING_REVIEW))

    def minutes_in(self, states: Iterable[str]) -> int:
        return sum(self.minutes.get(s, 0) for s in states)


def job_work(job: Job) -> JobWork:
    """One grouped query over the job's units (index unit_job_status)."""
    from koma.units.models import Unit

    rows = (
        Unit.objects.filter(job_id=job.pk)
        .order_by()
        .values("status", day=TruncDate("accepted_at", tzinfo=TOKYO))
        .annotate(minutes=Sum("estimated_minutes"), n=Count("id"), level=Min("required_level"))
    )
    minutes: dict[str, int] = {}
    units: dict[str, int] = {}
    levels: list[int] = []
    accepted_by_day: dict[date, int] = {}
    for row in rows:
        status = row["status"]
        minutes[status] = minutes.get(status, 0) + (row["minutes"] or 0)
        units[status] = units.get(status, 0) + row["n"]
        if status in NEEDS_WORKER:
            levels.append(row["level"])
        if status == Unit.Status.ACCEPTED and row["day"] is not None:
            accepted_by_day[row["day"]] = row["minutes"] or 0
    return JobWork(minutes, units, min(levels) if levels else None, accepted_by_day)


def remaining_minutes(job: Job, *, work: JobWork | None = None) -> int:
    """The worker minutes the job still needs: the estimates of its open and reserved units.

    Unit estimates are the calibrated figure: re-packing units after calibration rewrites
    their `estimated_minutes`. Units handed in (submitted, in review) need review, which is
    not worker time; accepted units need nothing.
    """
    work = work if work is not None else job_work(job)
    return work.minutes_in(NEEDS_WORKER)


def forecast_workers(job: Job, *, work: JobWork | None = None) -> list[WorkerProfile]:
    """The profiles of the workers whose time counts for `job`: every active worker with a
    WorkerProfile whose level reaches the lowest level the job's remaining units require; when
    the job has a team (workforce/teams.py), only its members. One query either way; the
    profiles carry what `worker_shares` and `daily_caps` read."""
    from koma.workforce.models import TeamMember

    work = work if work is not None else job_work(job)
    if work.min_level is None:
        return []
    team = TeamMember.objects.filter(job_id=job.pk)
    return list(
        WorkerProfile.objects.filter(level__gte=work.min_level, user__is_active=True)
        .filter(~Exists(team) | Q(user_id__in=team.values("worker_id")))
        .only("user_id", "level", "daily_cap_minutes", "weekly_cap_minutes")
    )


def other_jobs_open_levels(job: Job) -> list[int]:
    """Sorted: for every other job with open units, the lowest level they require.

    The jobs come from the counters; per job and level, EXISTS stops at the first open unit
    a worker of that level may take, so the cost follows the jobs, not their open units.
    """
    from koma.units.models import Unit

    levels = sorted(WorkerProfile.Level.values)
    with_open_units = (
        JobCounter.objects.filter(status=Unit.Status.OPEN)
        .exclude(job_id=job.pk)
        .order_by()
        .values("job_id")
        .annotate(n=Sum("units"))
        .filter(n__gt=0)
        .values("job_id")
    )
    reachable = {
        f"level_{level}": Exists(
            Unit.objects.filter(
                job_id=OuterRef("pk"), status=Unit.Status.OPEN, required_level__lte=level
            )
        )
        for level in levels
    }
    rows = Job.objects.filter(pk__in=with_open_units).annotate(**reachable).values_list(*reachable)
    lowest = (next((lv for lv, ok in zip(levels, row, strict=True) if ok), None) for row in rows)
    return sorted(lv for lv in lowest if lv is not None)


def worker_shares(workers: dict[int, int], other_levels: list[int]) -> dict[int, float]:
    """The share of each worker's declared hours that goes to this job.

    A worker's hours are split evenly among the jobs with open work she may take (this one
    plus every other one whose lowest required level she reaches), then multiplied by the
    utilisation (KOMA_FORECAST_UTILISATION_PERCENT): the share of declared time that ends as
    keyed work. So the jobs' forecasts never count the same hour twice.
    """
    utilisation = settings.KOMA_FORECAST_UTILISATION_PERCENT / 100
    return {
        wid: utilisation / (1 + bisect_right(other_levels, level)) for wid, level in workers.items()
    }


def daily_caps(profiles: Iterable[WorkerProfile]) -> dict[int, int]:
    """{user id: the most minutes she keys on one Japanese day}: the claim's daily cap
    (workforce/caps.py: her override, else her level's, else the default). One query."""
    return {wid: caps.daily_minutes for wid, caps in caps_for_many(profiles).items()}


def _span_minutes(spans: list[Span], *, since: float = 0.0) -> float:
    return sum(max(0.0, end - max(float(start), since)) for start, end in spans)


def planned_minutes_by_day(
    schedules: dict[int, Schedule],
    shares: dict[int, float],
    caps: dict[int, int],
    *,
    now: datetime,
    days: int,
) -> list[float]:
    """Minutes the workers give the job on each Japanese day from today (index 0) on.

    Per worker and day: her declared windows (the date's exception, else the week), from
    `now` on for today, capped at her daily cap, times her share. Computed per weekday and
    corrected for each exception, so the cost does not grow with the days.
    """
    today = now.astimezone(TOKYO).date()
    since = (now - tokyo_day_start(now)).total_seconds() / 60
    out = [0.0] * days
    by_weekday = [0.0] * 7
    for wid, schedule in schedules.items():
        share = shares.get(wid, 0.0)
        cap = caps.get(wid, settings.KOMA_DAILY_CAP_MINUTES)
        weekly = [min(cap, _span_minutes(schedule.weekly.get(d, []))) for d in range(7)]
        for d in range(7):
            by_weekday[d] += share * weekly[d]
        for day, spans in schedule.exceptions.items():
            offset = (day - today).days
            if 1 <= offset < days:
                out[offset] += share * (min(cap, _span_minutes(spans)) - weekly[day.weekday()])
        out[0] += share * min(cap, _span_minutes(schedule.spans_on(today), since=since))
    for offset in range(1, days):
        out[offset] += by_weekday[(today + timedelta(days=offset)).weekday()]
    return out


def _whole(minutes: float) -> int:
    return math.floor(minutes + 1e-6)


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def forecast_job(*, job: Job, now: datetime) -> dict[str, Any] | None:
    """The `forecast` of GET /jobs/{id}/progress; None until the job's split is done.

    status: `late` when the deadline day (Japan) is over with units not accepted, or the
    available minutes until the end of the deadline day are fewer than the remaining ones;
    `at_risk` when they are fewer than the remaining ones times KOMA_FORECAST_MARGIN_PERCENT;
    else `on_track`. expected_finish: the Japanese date on which the planned minutes reach
    the remaining ones (today when nothing remains), null beyond HORIZON_DAYS.
    """
    if job.split_state != Job.SplitState.DONE or job.status == Job.Status.CANCELLED:
        return None
    today = now.astimezone(TOKYO).date()
    work = job_work(job)
    remaining = remaining_minutes(job, work=work)
    profiles = forecast_workers(job, work=work) if remaining else []
    workers = {p.user_id: p.level for p in profiles}
    if workers:
        shares = worker_shares(workers, other_jobs_open_levels(job))
        caps = daily_caps(profiles)
        schedules = schedules_for(workers, around=today)
    else:
        shares, caps, schedules = {}, {}, {}
    # Days left, today and the deadline day included (0 or less: the deadline is over).
    until_deadline = (job.deadline - today).days + 1
    planned = planned_minutes_by_day(
        schedules, shares, caps, now=now, days=max(until_deadline, HORIZON_DAYS)
    )
    available = _whole(sum(planned[: max(0, until_deadline)]))

    expected_finish: date | None = today if remaining == 0 else None
    cumulative = 0.0
    for offset in range(HORIZON_DAYS):
        if expected_finish is not None:
            break
        cumulative += planned[offset]
        if _whole(cumulative) >= remaining:
            expected_finish = today + timedelta(days=offset)

    margin = settings.KOMA_FORECAST_MARGIN_PERCENT
    if (work.unfinished_units and until_deadline <= 0) or available < remaining:
        status = Status.LATE
    elif available * 100 < remaining * margin:
        status = Status.AT_RISK
    else:
        status = Status.ON_TRACK
    shortfall = remaining if until_deadline <= 0 else max(0, remaining - available)

    return {
        "status": status,
        "remaining_hours": _hours(remaining),
        "available_hours": _hours(available),
        "shortfall_hours": _hours(shortfall),
        "expected_finish": expected_finish,
        "remaining_minutes": remaining,
        "available_minutes": available,
        "shortfall_minutes": shortfall,
        "awaiting_review_minutes": work.minutes_in(AWAITING_REVIEW),
        "workers": len(workers),
        "deadline": job.deadline,
        "days": _series(
            job=job, work=work, planned=planned, today=today, expected_finish=expected_finish
        ),
    }


def _series(
    *, job: Job, work: JobWork, planned: list[float], today: date, expected_finish: date | None
) -> list[dict[str, Any]]:
    """Per Japanese day, cumulative minutes of work on one scale (accepted work so far):

    done_minutes: accepted by the end of that day (days up to today, else null);
    needed_minutes: what must be done by then to finish on the deadline, the remaining work
        spread evenly over the days from today to the deadline (today on, else null);
    planned_minutes: what the workers' declared hours reach by then (today on, else null).
    needed and planned start from the accepted plus the awaiting-review minutes, so at the
    deadline planned − needed = available − remaining. From the publication (or today) to
    the later of the deadline and the expected finish, at most SERIES_DAYS days.
    """
    first = job.published_at.astimezone(TOKYO).date() if job.published_at else today
    first = min(first, today)
    last = max(job.deadline, today, expected_finish or today)
    if (last - first).days + 1 > SERIES_DAYS:
        first = max(first, min(today, last - timedelta(days=SERIES_DAYS - 1)))
        last = min(last, first + timedelta(days=SERIES_DAYS - 1))

    done = sum(m for d, m in work.accepted_by_day.items() if d < first)
    base = work.minutes_in(("accepted", *AWAITING_REVIEW))
    remaining = remaining_minutes(job, work=work)
    until_deadline = (job.deadline - today).days + 1
    planned_so_far = float(base)
    out = []
    day = first
    while day <= last:
        row: dict[str, Any] = {
            "date": day,
            "done_minutes": None,
            "needed_minutes": None,
            "planned_minutes": None,
        }
        if day <= today:
            done += work.accepted_by_day.get(day, 0)
            row["done_minutes"] = done
        if day >= today:
            offset = (day - today).days
            planned_so_far += planned[offset]
            row["planned_minutes"] = _whole(planned_so_far)
            share = min(1.0, (offset + 1) / until_deadline) if until_deadline > 0 else 1.0
            row["needed_minutes"] = base + round(remaining * share)
        out.append(row)
        day += timedelta(days=1)
    return out
