"""Scoped reads for units (docs/architecture.md A9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from koma.accounts.models import Role
from koma.core.clock import tokyo_day_start
from koma.core.errors import NotFound
from koma.jobs.models import Item, Job
from koma.quality.models import Review
from koma.units.models import Claim, Entry, Unit
from koma.units.offers import offered_to_others
from koma.workforce.caps import Caps, caps_for, caps_for_many
from koma.workforce.models import WorkerProfile
from koma.workforce.selectors import coordinated_scope
from koma.workforce.teams import jobs_closed_to
from koma.workforce.today import tokyo_week_start

AVAILABLE_LIST_LIMIT = 20
# Lists show a unit summary: the job's form and instructions (up to 20,000 characters, and
# JSON to decode) are not needed for each row; the unit detail reads them.
_LIST_DEFER = ("job__field_schema", "job__instructions")


def with_summary(qs: QuerySet[Unit]) -> QuerySet[Unit]:
    """What UnitSummaryOut reads, fetched in two queries whatever the number of units."""
    return qs.select_related("job", "holder").prefetch_related(
        Prefetch("reviews", queryset=Review.objects.order_by("-created_at"), to_attr="review_list")
    )


@dataclass(frozen=True)
class ClaimBudget:
    """What is left of the worker's caps at `now`: claims today, minutes today and this week.

    `minutes_left` is the smaller of the day's and the week's minutes left (what a claim may
    still take); the two are kept apart so the refusal can say which cap was reached.
    """

    claims_left: int
    minutes_left: int
    daily_minutes_left: int = 10**9
    weekly_minutes_left: int = 10**9
    caps: Caps | None = None  # what the minutes were counted against


def _budget(
    *, profile: WorkerProfile, caps: Caps, claims_today: int, day_minutes: int, week_minutes: int
) -> ClaimBudget:
    daily = caps.daily_minutes - day_minutes
    weekly = caps.weekly_minutes - week_minutes
    return ClaimBudget(
        claims_left=profile.daily_cap_units - claims_today,
        minutes_left=min(daily, weekly),
        daily_minutes_left=daily,
        weekly_minutes_left=weekly,
        caps=caps,
    )


def _claim_sums(now: datetime) -> dict:
    day = Q(claimed_at__gte=tokyo_day_start(now))
    return {
        "claims": Count("id", filter=day),
        "day": Coalesce(Sum("estimated_minutes", filter=day), 0),
        "week": Coalesce(Sum("estimated_minutes"), 0),
    }


def claim_budget(*, worker, profile: WorkerProfile, now: datetime) -> ClaimBudget:
    """THE caps rule: claims count, releases included (claim → release → claim uses two of
    the day's cap), per Japanese day and per Japanese week (Monday 00:00) against the
    worker's caps (`workforce/caps.py`: her override, else her level's)."""
    used = Claim.objects.filter(worker=worker, claimed_at__gte=tokyo_week_start(now)).aggregate(
        **_claim_sums(now)
    )
    return _budget(
        profile=profile,
        caps=caps_for(profile),
        claims_today=used["claims"],
        day_minutes=used["day"],
        week_minutes=used["week"],
    )


def claim_budgets(*, profiles: list[WorkerProfile], now: datetime) -> dict[int, ClaimBudget]:
    """`claim_budget` of many workers in two queries: {user_id: ClaimBudget} (offers)."""
    ids = [p.user_id for p in profiles]
    used = {
        row["worker_id"]: row
        for row in Claim.objects.filter(worker_id__in=ids, claimed_at__gte=tokyo_week_start(now))
        .values("worker_id")
        .annotate(**_claim_sums(now))
    }
    caps = caps_for_many(profiles)
    none = {"claims": 0, "day": 0, "week": 0}
    return {
        p.user_id: _budget(
            profile=p,
            caps=caps[p.user_id],
            claims_today=used.get(p.user_id, none)["claims"],
            day_minutes=used.get(p.user_id, none)["day"],
            week_minutes=used.get(p.user_id, none)["week"],
        )
        for p in profiles
    }


CLAIMABLE_JOB_STATES = (Job.Status.PUBLISHED, Job.Status.IN_PROGRESS)


def claimable_units(
    *,
    worker,
    now: datetime,
    profile: WorkerProfile | None = None,
    budget: ClaimBudget | None = None,
) -> QuerySet[Unit]:
    """THE definition of the units `worker` may claim at `now`, in claim order.

    The available list shows exactly this queryset and the claim locks its first row, so a
    unit is listed if and only if a claim of it would succeed.
    """
    if profile is None:
        profile = WorkerProfile.objects.filter(user=worker).first()
    if profile is None:
        return Unit.objects.none()
    if budget is None:
        budget = claim_budget(worker=worker, profile=profile, now=now)
    if budget.claims_left <= 0:
        return Unit.objects.none()
    return (
        Unit.objects.filter(
            status=Unit.Status.OPEN,
            job__status__in=CLAIMABLE_JOB_STATES,
            required_level__lte=profile.level,
            estimated_minutes__lte=budget.minutes_left,
        )
        .exclude(excluded_worker_ids__contains=[worker.pk])
        # Offers and teams (docs/architecture.md A24, A25): a unit offered to someone else
        # and a job whose team she is not on are not hers to take.
        .exclude(pk__in=offered_to_others(worker=worker, now=now))
        .exclude(job_id__in=jobs_closed_to(worker=worker))
        .order_by("deadline", "-priority", "id")
        .defer(*_LIST_DEFER)
    )


def units_held_by(*, worker) -> QuerySet[Unit]:
    return with_summary(
        Unit.objects.filter(_holder_scope(worker))
        .order_by("lease_expires_at", "id")
        .defer(*_LIST_DEFER)
    )


WORK_HISTORY_LIMIT = 200


def work_history_for(*, worker) -> list[dict]:
    """The worker's record of units handed in: submitted, in review, accepted or rejected.

    Ids, counts, status and pay only; never a resident's value or image. A rejected unit
    stays in the record as rejected even after someone else takes it.
    """
    from koma.billing.pay import worker_pay_yen

    handed_in = (
        Unit.objects.filter(
            holder=worker,
            status__in=[Unit.Status.SUBMITTED, Unit.Status.IN_REVIEW, Unit.Status.ACCEPTED],
        )
        .select_related("job")
        .order_by("-submitted_at", "-id")[:WORK_HISTORY_LIMIT]
    )
    rows = [
        {
            "unit_id": u.pk,
            "job_id": u.job_id,
            "job_title": u.job.title,
            "seq": u.seq,
            "item_count": u.item_count,
            "status": u.status,
            "pay_yen": worker_pay_yen(u),
            "at": u.accepted_at or u.submitted_at or u.claimed_at,
        }
        for u in handed_in
    ]
    rejected = (
        Review.objects.filter(worker=worker, decision=Review.Decision.REJECT)
        .select_related("unit__job")
        .order_by("-created_at")[:WORK_HISTORY_LIMIT]
    )
    rows += [
        {
            "unit_id": r.unit_id,
            "job_id": r.unit.job_id,
            "job_title": r.unit.job.title,
            "seq": r.unit.seq,
            "item_count": r.unit.item_count,
            "status": "rejected",
            "pay_yen": 0,
            "at": r.created_at,
        }
        for r in rejected
    ]
    rows.sort(key=lambda row: (row["at"], row["unit_id"]), reverse=True)
    return rows[:WORK_HISTORY_LIMIT]


def units_available_for(*, worker, now: datetime | None = None) -> QuerySet[Unit]:
    """The available list: `claimable_units` at `now` (default: the clock's now)."""
    from koma.core import clock

    return claimable_units(worker=worker, now=now or clock.now())


# While a unit is one of these, its holder may see it, its items and their images. Once it
# is accepted, released, rejected or its lease expires, access ends: a 404 like a missing unit.
HOLDER_ACCESS_STATES = (Unit.Status.RESERVED, Unit.Status.SUBMITTED, Unit.Status.IN_REVIEW)


def _holder_scope(user, prefix: str = "") -> Q:
    return Q(**{f"{prefix}holder": user, f"{prefix}status__in": HOLDER_ACCESS_STATES})


def get_unit_for_holder(*, user, unit_id: int) -> Unit:
    """The worker's own unit. A unit the worker does not hold is a 404, like a missing one."""
    try:
        return with_summary(Unit.objects.filter(_holder_scope(user))).get(pk=unit_id)
    except Unit.DoesNotExist:
        raise NotFound("unit_not_found") from None


def get_unit_for_viewer(*, user, unit_id: int) -> Unit:
    """Holder or coordinator."""
    if user.roles() & {Role.COORDINATOR, Role.ADMIN}:
        from koma.quality.selectors import get_unit_for_reviewer  # quality reads units

        return get_unit_for_reviewer(user=user, unit_id=unit_id)
    return get_unit_for_holder(user=user, unit_id=unit_id)


def unit_items_with_entries(*, unit: Unit) -> list[Item]:
    """Items in order, each with `.entry` = the holder's entry for this pass, or None."""
    items = list(unit.items.order_by("seq"))
    entries = {
        e.item_id: e
        for e in Entry.objects.filter(
            unit=unit, worker_id=unit.holder_id, pass_number=unit.pass_number
        )
    }
    for item in items:
        item.entry = entries.get(item.pk)  # type: ignore[attr-defined]  # read by ItemOut
    return items


def get_unit_for_releaser(*, user, unit_id: int) -> Unit:
    """The holder's unit, or an open one (so a retried release can be answered)."""
    try:
        return Unit.objects.filter(Q(holder=user) | Q(status=Unit.Status.OPEN)).get(pk=unit_id)
    except Unit.DoesNotExist:
        raise NotFound("unit_not_found") from None


def get_item_for_viewer(*, user, item_id: int) -> Item:
    """The worker holding the item's unit, its municipality's coordinator, or its staff."""
    roles = user.roles()
    qs = Item.objects.select_related("unit", "job")
    if roles & {Role.COORDINATOR, Role.ADMIN}:
        scope = coordinated_scope(user=user, municipality_field="job__municipality")
    else:
        scope = _holder_scope(user, prefix="unit__")
        if Role.STAFF in roles:
            scope |= Q(job__municipality__memberships__user=user)
    try:
        return qs.filter(scope).distinct().get(pk=item_id)
    except Item.DoesNotExist:
        raise NotFound("item_not_found") from None
