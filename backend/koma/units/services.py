"""Unit transitions: claim, autosave, heartbeat, submit, release, expire (docs/architecture.md A5, A7).

Every transition checks its guard, writes the new state with a version check, records an
audit event and publishes a realtime event after commit.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min

from koma.audit.models import AuditEvent
from koma.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, RateLimited
from koma.jobs import fields
from koma.jobs.models import Item, Job
from koma.jobs.transitions import start_job_if_published
from koma.realtime.publish import publish_on_commit, user_group
from koma.units import offers, selectors
from koma.units.models import Claim, Entry, Unit
from koma.units.transitions import (
    lease_end,
    reset_unit_to_open,
    transition_unit,
)
from koma.workforce.models import WorkerProfile


def _check_claim_rate(worker, now: datetime) -> None:
    """At most KOMA_CLAIM_RATE_LIMIT claims in any KOMA_CLAIM_RATE_WINDOW_SECONDS (429)."""
    limit = settings.KOMA_CLAIM_RATE_LIMIT
    window = timedelta(seconds=settings.KOMA_CLAIM_RATE_WINDOW_SECONDS)
    recent = list(
        Claim.objects.filter(worker=worker, claimed_at__gt=now - window)
        .order_by("-claimed_at")
        .values_list("claimed_at", flat=True)[:limit]
    )
    if len(recent) >= limit:
        oldest = recent[-1]
        raise RateLimited(
            "claim_rate_limited", retry_after=math.ceil((oldest + window - now).total_seconds())
        )


def _why_no_unit(
    *, worker, now: datetime, profile, budget: selectors.ClaimBudget, unit_id: int | None
) -> DomainError:
    """The error for a claim that found nothing: is it the minute cap, or nothing there?"""
    if unit_id is not None and not Unit.objects.filter(pk=unit_id).exists():
        return NotFound("unit_not_found")
    unlimited = selectors.ClaimBudget(claims_left=1, minutes_left=10**9)
    without_minute_cap = selectors.claimable_units(
        worker=worker, now=now, profile=profile, budget=unlimited
    )
    if unit_id is not None:
        without_minute_cap = without_minute_cap.filter(pk=unit_id)
    # Only when the minutes are what stops the worker: an open unit that would fit the day's
    # minutes but was skipped (locked by a concurrent claim) means the pool ran dry, not the
    # cap. One statement, so a unit reserved concurrently cannot be seen by half of the check.
    smallest = without_minute_cap.order_by().aggregate(m=Min("estimated_minutes"))["m"]
    if smallest is not None and smallest > budget.minutes_left:
        if smallest > budget.weekly_minutes_left:
            return Conflict("weekly_minutes_reached")
        return Conflict("daily_minutes_reached")
    return Conflict("unit_not_open") if unit_id is not None else Conflict("no_unit_available")


@transaction.atomic
def claim_unit(
    *, worker, now: datetime, unit_id: int | None = None, claim_key: str = ""
) -> tuple[Unit, bool]:
    """Take the next unit that fits the worker (or the given one). Returns (unit, created).

    A retried claim (same Idempotency-Key, or any claim while the worker already holds its
    maximum of one unit) answers with the unit already held instead of taking another.
    What may be claimed is `selectors.claimable_units`, the same queryset the available
    list shows.
    """
    # One claim per worker at a time: a double tap on a phone sends two requests at once,
    # and both would pass the held-unit check below before either took a unit. Locking the
    # profile row serialises them and reads the level and daily cap in the same query.
    profile = WorkerProfile.objects.select_for_update(no_key=True).filter(user=worker).first()
    if profile is None:
        raise Forbidden("forbidden")
    held = Unit.objects.filter(holder=worker, status=Unit.Status.RESERVED)
    if claim_key:
        again = Unit.objects.filter(holder=worker, claim_key=claim_key).first()
        if again is not None:
            return again, False
    if unit_id is not None:
        mine = held.filter(pk=unit_id).first()
        if mine is not None:
            return mine, False
    held_count = held.count()
    if held_count >= settings.KOMA_MAX_HELD_UNITS:
        if settings.KOMA_MAX_HELD_UNITS == 1 and unit_id is None:
            return held.get(), False
        raise Conflict("held_unit_limit")
    budget = selectors.claim_budget(worker=worker, profile=profile, now=now)
    if budget.claims_left <= 0:
        raise Conflict("daily_cap_reached")
    _check_claim_rate(worker, now)

    candidates = selectors.claimable_units(worker=worker, now=now, profile=profile, budget=budget)
    if unit_id is not None:
        candidates = candidates.filter(pk=unit_id)
    # SKIP LOCKED lets concurrent claimers pass over a row another transaction is taking
    # instead of queueing behind it; the compare-and-set in transition_unit re-checks the
    # state, so a unit is never handed to two workers.
    locked = candidates.select_for_update(skip_locked=True, no_key=True, of=("self",))
    # The worker's pending offer first (docs/architecture.md A24), then claim order.
    unit = offers.offered_first(locked, worker=worker, now=now) if unit_id is None else None
    if unit is None:
        unit = locked.first()
    if unit is None:
        raise _why_no_unit(worker=worker, now=now, profile=profile, budget=budget, unit_id=unit_id)
    unit = transition_unit(
        unit,
        from_states=[Unit.Status.OPEN],
        to_state=Unit.Status.RESERVED,
        actor=worker,
        verb="unit.claimed",
        holder=worker,
        claim_key=claim_key,
        claimed_at=now,
        lease_expires_at=lease_end(now),
    )
    Claim.objects.create(
        worker=worker, unit=unit, claimed_at=now, estimated_minutes=unit.estimated_minutes
    )
    offers.settle_offers_on_claim(unit=unit, worker=worker, now=now)
    start_job_if_published(unit.job_id, actor=worker)
    return unit, True


def _require_holder(unit: Unit, worker) -> None:
    if unit.status != Unit.Status.RESERVED or unit.holder_id != worker.pk:
        raise Conflict("unit_not_reserved_by_you")


def _clean_values(job: Job, values: object) -> dict[str, str]:
    if not isinstance(values, dict):
        raise Invalid("invalid", fields={"values": ["not_an_object"]})
    schema_names = {f["name"] for f in job.field_schema}
    unknown = [k for k in values if k not in schema_names]
    if unknown:
        raise Invalid("unknown_field", fields={k: ["unknown_field"] for k in unknown[:20]})
    # PostgreSQL cannot store NUL in text or JSON; it is never part of a keyed value.
    bad = [
        k
        for k, v in values.items()
        if not isinstance(v, str) or len(v) > fields.MAX_VALUE_LENGTH or "\x00" in v
    ]
    if bad:
        raise Invalid("invalid_value", fields={k: ["invalid_value"] for k in bad})
    if fields.values_contain_mynumber(values):
        # DOMAIN §2.11 names this code: a 個人番号 must never be stored, not even as a draft.
        raise Invalid("MYNUMBER_DETECTED", fields={k: ["MYNUMBER_DETECTED"] for k in values})
    return values


# One autosave reports at most this many seconds of the form being focused and in use.
MAX_ACTIVE_SECONDS_DELTA = 300


def _clean_active_seconds(delta: object) -> int:
    if delta is None:
        return 0
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise Invalid("invalid", fields={"active_seconds_delta": ["not_an_integer"]})
    if not 0 <= delta <= MAX_ACTIVE_SECONDS_DELTA:
        raise Invalid("invalid", fields={"active_seconds_delta": ["out_of_range"]})
    return delta


@transaction.atomic
def save_entry(
    *,
    unit: Unit,
    item_id: int,
    worker,
    values: object,
    now: datetime,
    active_seconds_delta: object = 0,
) -> Entry:
    """Autosave one item's values; also keeps the lease alive within its limit.

    `active_seconds_delta` is the time the form was focused and in use since the last save;
    it is added to `Entry.active_seconds` (the unit row lock serialises the sums).
    """
    delta = _clean_active_seconds(active_seconds_delta)
    unit = Unit.objects.select_for_update(no_key=True).get(pk=unit.pk)
    _require_holder(unit, worker)
    try:
        item = unit.items.get(pk=item_id)
    except Item.DoesNotExist:
        raise NotFound("item_not_found") from None
    job = unit.job
    clean = _clean_values(job, values)
    by_name = {f["name"]: f for f in job.field_schema}
    entry, _ = Entry.objects.get_or_create(
        item=item, worker=worker, pass_number=unit.pass_number, defaults={"unit": unit}
    )
    merged = dict(entry.values)
    errors = dict(entry.errors)
    for name, raw in clean.items():
        merged[name], error = fields.normalize_value(by_name[name], raw)
        if error:
            errors[name] = error
        else:
            errors.pop(name, None)
    entry.unit = unit
    entry.values = merged
    entry.errors = errors
    entry.active_seconds += delta
    entry.save(update_fields=["unit", "values", "errors", "active_seconds", "updated_at"])
    _extend_lease(unit, now)
    return entry


def _extend_lease(unit: Unit, now: datetime) -> None:
    assert unit.claimed_at is not None and unit.lease_expires_at is not None  # reserved
    cap = unit.claimed_at + timedelta(minutes=settings.KOMA_LEASE_MAX_MINUTES)
    new_end = min(lease_end(now), cap)
    if new_end > unit.lease_expires_at:
        Unit.objects.filter(pk=unit.pk, status=Unit.Status.RESERVED).update(
            lease_expires_at=new_end
        )


@transaction.atomic
def heartbeat_unit(*, unit: Unit, worker, now: datetime) -> Unit:
    _require_holder(unit, worker)
    _extend_lease(unit, now)
    unit.refresh_from_db()
    return unit


def entry_problems(unit: Unit, worker) -> dict[str, dict[str, str]]:
    """{item_id: {field: code}} for every item that is not ready to hand in."""
    schema = unit.job.field_schema
    entries = {
        e.item_id: e
        for e in Entry.objects.filter(unit=unit, worker=worker, pass_number=unit.pass_number)
    }
    problems: dict[str, dict[str, str]] = {}
    for item_id in unit.items.values_list("id", flat=True):
        entry = entries.get(item_id)
        item_problems = dict(entry.errors) if entry else {}
        values = entry.values if entry else {}
        for field in schema:
            if field.get("required") and not values.get(field["name"]):
                item_problems[field["name"]] = "required"
        if item_problems:
            problems[str(item_id)] = item_problems
    return problems


@transaction.atomic
def submit_unit(*, unit: Unit, worker, now: datetime) -> Unit:
    if unit.status == Unit.Status.SUBMITTED and unit.holder_id == worker.pk:
        return unit  # a phone retrying submit (docs/architecture.md A7)
    _require_holder(unit, worker)
    problems = entry_problems(unit, worker)
    if problems:
        raise Conflict("unit_entries_invalid", fields={"items": problems})
    return transition_unit(
        unit,
        from_states=[Unit.Status.RESERVED],
        to_state=Unit.Status.SUBMITTED,
        actor=worker,
        verb="unit.submitted",
        submitted_at=now,
    )


@transaction.atomic
def release_unit(*, unit: Unit, worker) -> Unit:
    if unit.status == Unit.Status.OPEN:
        # Already back in the pool: a retried release by the one who released it is answered.
        last = (
            AuditEvent.objects.filter(object_type="unit", object_id=unit.pk)
            .order_by("-id")
            .values_list("verb", "actor_id")
            .first()
        )
        if last == ("unit.released", worker.pk):
            return unit
    _require_holder(unit, worker)
    return reset_unit_to_open(
        unit, from_states=[Unit.Status.RESERVED], actor=worker, verb="unit.released"
    )


def expire_leases(*, now: datetime) -> int:
    """Return reserved units whose lease has ended to the pool, keeping their drafts.

    Runs every minute from beat; running it twice changes nothing.
    """
    expired = 0
    with transaction.atomic():
        units = list(
            Unit.objects.select_for_update(skip_locked=True, no_key=True).filter(
                status=Unit.Status.RESERVED, lease_expires_at__lt=now
            )[:500]
        )
        for unit in units:
            holder_id = unit.holder_id
            reset_unit_to_open(
                unit, from_states=[Unit.Status.RESERVED], actor=None, verb="unit.lease_expired"
            )
            if holder_id is not None:
                publish_on_commit(user_group(holder_id), "unit.lease_expired", unit_id=unit.pk)
            expired += 1
    return expired
