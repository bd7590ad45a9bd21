"""What a worker's day looks like now: `GET /workers/me/today` (docs/architecture.md A23)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Sum
from django.db.models.functions import Coalesce

from koma.accounts.models import User
from koma.core.clock import TOKYO, tokyo_day_start
from koma.workforce.availability import schedule_for


def tokyo_week_start(moment: datetime) -> datetime:
    """Monday 00:00 in Japan of the week holding `moment`."""
    day = tokyo_day_start(moment)
    return day - timedelta(days=day.weekday())


def accepted_minutes_between(
    worker_ids: Iterable[int], start: datetime, end: datetime
) -> dict[int, int]:
    """Estimated minutes of the units each worker had accepted in `[start, end)`."""
    from koma.units.models import Unit

    rows = (
        Unit.objects.filter(
            holder_id__in=list(worker_ids),
            status=Unit.Status.ACCEPTED,
            accepted_at__gte=start,
            accepted_at__lt=end,
        )
        .values("holder_id")
        .annotate(minutes=Sum("estimated_minutes"))
    )
    return {r["holder_id"]: r["minutes"] or 0 for r in rows}


def worker_today(*, worker: User, now: datetime) -> dict[str, Any]:
    from koma.units.models import Entry
    from koma.units.selectors import claim_budget
    from koma.workforce.caps import caps_for
    from koma.workforce.models import WorkerProfile

    schedule = schedule_for(worker, around=now.astimezone(TOKYO).date())
    window = schedule.current_window(now)
    upcoming = schedule.next_window(now)
    day_start = tokyo_day_start(now)
    profile = WorkerProfile.objects.filter(user=worker).first()
    if profile is not None:
        budget = claim_budget(worker=worker, profile=profile, now=now)
        assert budget.caps is not None
        caps = budget.caps
        daily_left, weekly_left = budget.daily_minutes_left, budget.weekly_minutes_left
    else:
        caps = caps_for(None)
        daily_left, weekly_left = caps.daily_minutes, caps.weekly_minutes
    worked_seconds = Entry.objects.filter(worker=worker, updated_at__gte=day_start).aggregate(
        s=Coalesce(Sum("active_seconds"), 0)
    )["s"]
    week_start = tokyo_week_start(now)
    accepted = accepted_minutes_between([worker.pk], week_start, week_start + timedelta(days=7))
    today = now.astimezone(TOKYO).date()
    return {
        "now": now.astimezone(TOKYO).isoformat(),
        "day_off": today in schedule.exceptions and not schedule.exceptions[today],
        "has_availability": not schedule.is_empty(),
        "window": window.as_dict() if window else None,
        "next_window": upcoming.as_dict() if upcoming else None,
        "minutes_left_in_window": window.minutes_left(now) if window else 0,
        "claimed_minutes_today": caps.daily_minutes - daily_left,
        "worked_minutes_today": worked_seconds // 60,
        # Her own caps (workforce/caps.py: override, else her level's), per day and week.
        "daily_cap_minutes": caps.daily_minutes,
        "daily_cap_minutes_left": max(0, daily_left),
        "weekly_cap_minutes": caps.weekly_minutes,
        "weekly_cap_minutes_left": max(0, weekly_left),
        "claimed_minutes_this_week": caps.weekly_minutes - weekly_left,
        "week_accepted_hours": round(accepted.get(worker.pk, 0) / 60, 2),
    }
