"""Scoped reads for units (docs/architecture.md A9)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Func, IntegerField, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from koma.accounts.models import Role
from koma.core.clock import tokyo_day_start
from koma.core.errors import NotFound
from koma.jobs.models import Item, Job
from koma.quality.models import Review
from koma.units.models import Claim, Entry, Unit
from koma.units.offers import offered_to_others
from koma.workforce.availability import Window, current_window
from koma.workforce.caps import Caps, caps_for, caps_for_many
from koma.workforce.models import WorkerProfile
from koma.workforce.selectors import coordinated_scope
from koma.workforce.teams import jobs_closed_to
from koma.workforce.today import tokyo_week_start

AVAILABLE_LIST_LIMIT = 20
# Lists show a unit summary: the job's form and instructions (up to 20,000 characters, and
# JSON to decode) are not needed for each row; the unit detail reads them.
_LIST_DEFER = ("job__field_schema", "job__instructions")
# What a unit summary reads (koma.units.serializers.summary_data), and nothing else: a list
# row built from every column of the unit, its job and its holder spent most of its time
# making those model instances (datetimes parsed, fields set) for values nobody shows.
SUMMARY_FIELDS = (
    *("id", "job", "seq", "status", "item_count", "estimated_minutes", "deadline"),
    *("lease_expires_at", "paused_at", "holder", "version", "job__title", "job__worker_rate_yen"),
)
_REVIEW_FIELDS = ("id", "unit", "worker", "decision", "comment", "created_at")


def with_summary(qs: QuerySet[Unit]) -> QuerySet[Unit]:
    """What UnitSummaryOut reads, fetched in two queries whatever the number of units."""
    return qs.select_related("job", "holder").prefetch_related(
        Prefetch(
            "reviews",
            queryset=Review.objects.order_by("-created_at").only(*_REVIEW_FIELDS),
            to_attr="review_list",
        )
    )


def summary_list(qs: QuerySet[Unit], *also: str) -> QuerySet[Unit]:
    """A list of unit summaries: `with_summary`, loading only SUMMARY_FIELDS (and `also`)."""
    return with_summary(qs).only(*SUMMARY_FIELDS, *also)


def open_summary_list(qs: QuerySet[Unit]) -> QuerySet[Unit]:
    """A list of open units' summaries in one query: an open unit has no holder, so no last
    review either (koma.units.serializers.last_review_of) and nothing to prefetch."""
    return qs.select_related("job").only(*SUMMARY_FIELDS)


def available_page(qs: QuerySet[Unit]) -> tuple[list[Unit], int]:
    """The first AVAILABLE_LIST_LIMIT units of `qs` (claimable_units) and how many there are,
    in one statement: the count is an uncorrelated subquery, which PostgreSQL runs once."""
    count = Subquery(
        qs.order_by().annotate(n=Func("id", function="COUNT")).values("n"),
        output_field=IntegerField(),
    )
    page: list[Unit] = list(open_summary_list(qs).annotate(claimable=count)[:AVAILABLE_LIST_LIMIT])
    return page, (page[0].claimable if page else 0)  # type: ignore[attr-defined]


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
# The most minutes a worker may say she has (`?minutes=` / `{"minutes": N}`): one day.
MAX_GIVEN_MINUTES = 24 * 60


@dataclass(frozen=True)
class ClaimFit:
    """How long a unit may take to be claimable now: the least of the minutes left in the
    worker's current window, the minutes she gives (optional) and her daily cap left."""

    window: Window | None
    window_minutes_left: int
    given_minutes: int | None
    daily_minutes_left: int

    @property
    def fit_minutes(self) -> int:
        if self.window is None:
            return 0
        limits = [self.window_minutes_left, self.daily_minutes_left]
        if self.given_minutes is not None:
            limits.append(self.given_minutes)
        return max(0, min(limits))

    @property
    def daily_cap_binds(self) -> bool:
        """The daily cap, not the window or the given minutes, is what limits the fit."""
        others = [self.window_minutes_left]
        if self.given_minutes is not None:
            others.append(self.given_minutes)
        return self.window is not None and self.daily_minutes_left < min(others)


def claim_fit(
    *, worker, now: datetime, budget: ClaimBudget, minutes: int | None = None
) -> ClaimFit:
    """THE fit of a claim at `now` (docs/architecture.md A25), computed once per request and
    passed to `claimable_units` by both the available list and the claim."""
    window = current_window(worker, now)
    return ClaimFit(
        window=window,
        window_minutes_left=window.minutes_left(now) if window else 0,
        given_minutes=minutes,
        daily_minutes_left=budget.minutes_left,
    )


def open_units_for(*, worker, profile: WorkerProfile, now: datetime) -> QuerySet[Unit]:
    """Open units of live jobs at the worker's level that she is not barred from, in claim
    order: what she could claim if time and the caps did not matter."""
    return (
        Unit.objects.filter(
            status=Unit.Status.OPEN,
            job__status__in=CLAIMABLE_JOB_STATES,
            required_level__lte=profile.level,
        )
        .exclude(excluded_worker_ids__contains=[worker.pk])
        # Offers and teams (docs/architecture.md A26, A27): a unit offered to someone else
        # and a job whose team she is not on are not hers to take.
        .exclude(pk__in=offered_to_others(worker=worker, now=now))
        .exclude(job_id__in=jobs_closed_to(worker=worker))
        .order_by("deadline", "-priority", "id")
        .defer(*_LIST_DEFER)
    )


def claimable_units(
    *,
    worker,
    now: datetime,
    profile: WorkerProfile | None = None,
    budget: ClaimBudget | None = None,
    fit: ClaimFit | None = None,
    minutes: int | None = None,
) -> QuerySet[Unit]:
    """THE definition of the units `worker` may claim at `now`, in claim order.

    The available list shows exactly this queryset and the claim locks its first row, so a
    unit is listed if and only if a claim of it would succeed. A unit fits when its estimate
    is at most `fit.fit_minutes` (`claim_fit`: window left, minutes given, daily cap left);
    outside every window nothing fits.
    """
    if profile is None:
        profile = WorkerProfile.objects.filter(user=worker).first()
    if profile is None:
        return Unit.objects.none()
    if budget is None:
        budget = claim_budget(worker=worker, profile=profile, now=now)
    if budget.claims_left <= 0:
        return Unit.objects.none()
    if fit is None:
        fit = claim_fit(worker=worker, now=now, budget=budget, minutes=minutes)
    if fit.window is None or fit.fit_minutes <= 0:
        return Unit.objects.none()
    return open_units_for(worker=worker, profile=profile, now=now).filter(
        estimated_minutes__lte=fit.fit_minutes
    )


def units_held_by(*, worker) -> QuerySet[Unit]:
    return summary_list(
        Unit.objects.filter(_holder_scope(worker)).order_by("lease_expires_at", "id")
    )


WORK_HISTORY_LIMIT = 200


def work_history_for(*, worker) -> list[dict]:
    """The worker's record of units handed in: submitted, in review, accepted or rejected.

    Ids, counts, status and pay only; never a resident's value or image. A rejected unit
    stays in the record as rejected even after someone else takes it. An accepted unit pays
    the worker's share from the ledger (`credited_items` of `item_count`; `shared` when
    others keyed part of it), also a unit she handed off and someone else finished.
    """
    from koma.billing.models import LedgerEntry
    from koma.billing.pay import worker_pay_yen

    handed_in = (
        Unit.objects.filter(
            holder=worker,
            status__in=[Unit.Status.SUBMITTED, Unit.Status.IN_REVIEW, Unit.Status.ACCEPTED],
        )
        .select_related("job")
        .order_by("-submitted_at", "-id")[:WORK_HISTORY_LIMIT]
    )
    earnings = {
        e.unit_id: e
        for e in LedgerEntry.objects.filter(
            worker=worker, kind=LedgerEntry.Kind.WORKER_EARNING
        ).select_related("unit__job")[: WORK_HISTORY_LIMIT * 2]
    }

    def row(u: Unit, status: str, pay: int, credited: int, at, shared: bool = False) -> dict:
        return {
            "unit_id": u.pk,
            "job_id": u.job_id,
            "job_title": u.job.title,
            "seq": u.seq,
            "item_count": u.item_count,
            "credited_items": credited,
            "shared": shared,
            "status": status,
            "pay_yen": pay,
            "at": at,
        }

    rows = []
    for u in handed_in:
        earning = earnings.pop(u.pk, None)
        if u.status == Unit.Status.ACCEPTED:
            pay, credited = (earning.amount_yen, earning.quantity) if earning else (0, 0)
        else:
            pay, credited = worker_pay_yen(u), u.item_count  # before acceptance: the whole unit
        at = u.accepted_at or u.submitted_at or u.claimed_at
        rows.append(row(u, u.status, pay, credited, at, shared=credited != u.item_count))
    # Shares of units she handed off and someone else finished.
    for earning in earnings.values():
        u = earning.unit
        rows.append(
            row(u, "accepted", earning.amount_yen, earning.quantity, u.accepted_at, shared=True)
        )
    rejected = (
        Review.objects.filter(worker=worker, decision=Review.Decision.REJECT)
        .select_related("unit__job")
        .order_by("-created_at")[:WORK_HISTORY_LIMIT]
    )
    rows += [row(r.unit, "rejected", 0, 0, r.created_at) for r in rejected]
    rows.sort(key=lambda r: (r["at"], r["unit_id"]), reverse=True)
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


def entry_problems_for(entry: Entry | None, schema: list[dict]) -> dict[str, str]:
    """{field: code} of what keeps one item from being complete: the entry's field errors and
    every required field left empty. An item with no problem is complete."""
    problems = dict(entry.errors) if entry else {}
    values = entry.values if entry else {}
    for field in schema:
        if field.get("required") and not values.get(field["name"]):
            problems[field["name"]] = "required"
    return problems


def effective_entries(unit: Unit, *, entries: Iterable[Entry] | None = None) -> dict[int, Entry]:
    """THE entry that counts for each item of `unit` in its pass (docs/architecture.md A25).

    The holder's own entry if she has one; otherwise the latest complete entry by a worker who
    held the unit before and handed it off (or whose lease ended). Entries of a worker barred
    from the unit (rejected) never count. What the holder sees prefilled, what submit checks,
    what the export writes and whom acceptance pays (billing/pay.py) all read this.
    `entries` may be given (already fetched for many units); they are filtered here.
    """
    if entries is None:
        entries = Entry.objects.filter(unit=unit, pass_number=unit.pass_number)
    schema = unit.job.field_schema
    barred = set(unit.excluded_worker_ids)
    own: dict[int, Entry] = {}
    earlier: dict[int, Entry] = {}
    for entry in entries:
        if entry.pass_number != unit.pass_number or entry.worker_id in barred:
            continue
        if entry.worker_id == unit.holder_id:
            own[entry.item_id] = entry
        elif not entry_problems_for(entry, schema):
            best = earlier.get(entry.item_id)
            if best is None or (entry.updated_at, entry.pk) > (best.updated_at, best.pk):
                earlier[entry.item_id] = entry
    return {**earlier, **own}


def unit_items_with_entries(*, unit: Unit) -> list[Item]:
    """Items in order, each with `.entry` = its effective entry (`effective_entries`) or None."""
    items = list(unit.items.order_by("seq"))
    entries = effective_entries(unit)
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
