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
from koma.audit.services import record_event
from koma.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, RateLimited
from koma.core.messages import message_for
from koma.jobs import fields
from koma.jobs.models import Item, Job
from koma.jobs.transitions import start_job_if_published
from koma.realtime.publish import publish_on_commit, user_group
from koma.units import offers, selectors
from koma.units.logic import stale_fields
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
    *,
    worker,
    now: datetime,
    profile,
    budget: selectors.ClaimBudget,
    fit: selectors.ClaimFit,
    unit_id: int | None,
) -> DomainError:
    """The error for a claim that found nothing: the daily minutes, the time the worker has
    (naming the smallest open estimate), or nothing there?"""
    if unit_id is not None and not Unit.objects.filter(pk=unit_id).exists():
        return NotFound("unit_not_found")
    unbounded = selectors.open_units_for(worker=worker, profile=profile, now=now)
    if unit_id is not None:
        unbounded = unbounded.filter(pk=unit_id)
    # Only when time is what stops the worker: an open unit that would fit but was skipped
    # (locked by a concurrent claim) means the pool ran dry, not the time. One statement, so
    # a unit reserved concurrently cannot be seen by half of the check.
    smallest = unbounded.order_by().aggregate(m=Min("estimated_minutes"))["m"]
    if smallest is not None and smallest > fit.fit_minutes:
        if fit.daily_cap_binds:
            # The caps bind (the least of the day's and the week's minutes left): say which.
            if smallest > budget.weekly_minutes_left:
                return Conflict("weekly_minutes_reached")
            return Conflict("daily_minutes_reached")
        return Conflict(
            "no_unit_fits",
            message_for("no_unit_fits_smallest", minutes=smallest, fit=fit.fit_minutes),
            fields={"smallest_estimated_minutes": smallest, "fit_minutes": fit.fit_minutes},
        )
    return Conflict("unit_not_open") if unit_id is not None else Conflict("no_unit_available")


@transaction.atomic
def claim_unit(
    *,
    worker,
    now: datetime,
    unit_id: int | None = None,
    claim_key: str = "",
    minutes: int | None = None,
) -> tuple[Unit, bool]:
    """Take the next unit that fits the worker (or the given one). Returns (unit, created).

    A unit fits when its estimate is at most the least of the minutes left in the worker's
    current window, `minutes` (what she says she has) and her daily cap left
    (`selectors.claim_fit`); outside every window the answer is 409 `outside_window`.

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
    fit = selectors.claim_fit(worker=worker, now=now, budget=budget, minutes=minutes)
    if fit.window is None:
        raise Conflict("outside_window")

    candidates = selectors.claimable_units(
        worker=worker, now=now, profile=profile, budget=budget, fit=fit
    )
    if unit_id is not None:
        candidates = candidates.filter(pk=unit_id)
    # SKIP LOCKED lets concurrent claimers pass over a row another transaction is taking
    # instead of queueing behind it; the compare-and-set in transition_unit re-checks the
    # state, so a unit is never handed to two workers.
    locked = candidates.select_for_update(skip_locked=True, no_key=True, of=("self",))
    # The worker's pending offer first (docs/architecture.md A26), then claim order.
    unit = offers.offered_first(locked, worker=worker, now=now) if unit_id is None else None
    if unit is None:
        unit = locked.first()
    if unit is None:
        raise _why_no_unit(
            worker=worker, now=now, profile=profile, budget=budget, fit=fit, unit_id=unit_id
        )
    unit = transition_unit(
        unit,
        from_states=[Unit.Status.OPEN],
        to_state=Unit.Status.RESERVED,
        actor=worker,
        verb="unit.claimed",
        holder=worker,
        claim_key=claim_key,
        claimed_at=now,
        window_ends_at=fit.window.end,
        lease_expires_at=lease_end(
            now=now,
            claimed_at=now,
            estimated_minutes=unit.estimated_minutes,
            window_ends_at=fit.window.end,
        ),
        paused_at=None,
        lease_warned_at=None,
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


def _clean_base_version(base_version: object) -> int | None:
    if base_version is None:
        return None
    if isinstance(base_version, bool) or not isinstance(base_version, int) or base_version < 0:
        raise Invalid("invalid", fields={"base_version": ["not_a_version"]})
    return base_version


def _entry_state(entry: Entry) -> dict:
    return {"values": entry.values, "errors": entry.errors, "version": entry.version}


@transaction.atomic
def save_entry(
    *,
    unit: Unit,
    item_id: int,
    worker,
    values: object,
    now: datetime,
    active_seconds_delta: object = 0,
    base_version: object = None,
) -> Entry:
    """Autosave one item's values; also keeps the lease alive within its limit.

    `active_seconds_delta` is the time the form was focused and in use since the last save;
    it is added to `Entry.active_seconds` (the unit row lock serialises the sums).

    Every save bumps `Entry.version`. `base_version` is the version the client last saw (0: it
    saw no entry); a save that would change a field the server changed after it is refused
    whole with 409 `entry_version_conflict`, carrying the server's entry, and changes nothing
    (`logic.stale_fields`). Without `base_version` the values are merged as they come.
    """
    delta = _clean_active_seconds(active_seconds_delta)
    base = _clean_base_version(base_version)
    unit = Unit.objects.select_for_update(no_key=True).get(pk=unit.pk)
    _require_holder(unit, worker)
    try:
        item = unit.items.get(pk=item_id)
    except Item.DoesNotExist:
        raise NotFound("item_not_found") from None
    job = unit.job
    clean = _clean_values(job, values)
    by_name = {f["name"]: f for f in job.field_schema}
    entry = Entry.objects.filter(item=item, worker=worker, pass_number=unit.pass_number).first()
    if entry is None:
        # Continuing a unit someone handed off: start from her complete values, so a change
        # of one field keeps the others (the item is then credited to this worker).
        earlier = selectors.effective_entries(unit).get(item.pk)
        entry = Entry.objects.create(
            item=item,
            worker=worker,
            pass_number=unit.pass_number,
            unit=unit,
            values=dict(earlier.values) if earlier else {},
            errors=dict(earlier.errors) if earlier else {},
        )
    normalised = {name: fields.normalize_value(by_name[name], raw) for name, raw in clean.items()}
    if base is not None:
        stale = stale_fields(
            stored=entry.values,
            field_versions=entry.field_versions,
            incoming={name: value for name, (value, _) in normalised.items()},
            base_version=base,
        )
        if stale:
            raise Conflict(
                "entry_version_conflict",
                fields={"conflicts": stale, "entry": _entry_state(entry)},
            )
    version = entry.version + 1
    merged = dict(entry.values)
    errors = dict(entry.errors)
    changed_at = dict(entry.field_versions)
    for name, (value, error) in normalised.items():
        if merged.get(name, "") != value:
            changed_at[name] = version
        merged[name] = value
        if error:
            errors[name] = error
        else:
            errors.pop(name, None)
    entry.unit = unit
    entry.values = merged
    entry.errors = errors
    entry.field_versions = changed_at
    entry.version = version
    entry.active_seconds += delta
    entry.save(
        update_fields=[
            "unit",
            "values",
            "errors",
            "field_versions",
            "version",
            "active_seconds",
            "updated_at",
        ]
    )
    if unit.paused_at is not None:
        # A save is a resume: the pause ends, and the lease moves again from the next one.
        Unit.objects.filter(pk=unit.pk, status=Unit.Status.RESERVED).update(paused_at=None)
    else:
        _extend_lease(unit, now)
    return entry


def _extend_lease(unit: Unit, now: datetime) -> None:
    """Move the lease to `lease_end(now)` if that is later; never while paused. A lease that
    moves may be warned about again (`warn_expiring_leases`)."""
    assert unit.claimed_at is not None and unit.lease_expires_at is not None  # reserved
    if unit.paused_at is not None:
        return
    new_end = lease_end(
        now=now,
        claimed_at=unit.claimed_at,
        estimated_minutes=unit.estimated_minutes,
        window_ends_at=unit.window_ends_at,
    )
    if new_end > unit.lease_expires_at:
        Unit.objects.filter(pk=unit.pk, status=Unit.Status.RESERVED).update(
            lease_expires_at=new_end, lease_warned_at=None
        )


@transaction.atomic
def heartbeat_unit(*, unit: Unit, worker, now: datetime) -> Unit:
    _require_holder(unit, worker)
    _extend_lease(unit, now)
    unit.refresh_from_db()
    return unit


@transaction.atomic
def pause_unit(*, unit: Unit, worker, now: datetime) -> Unit:
    """The holder steps away: she keeps the unit until the lease ends, heartbeats stop
    extending it. A pause while paused is answered as it is (A7)."""
    unit = Unit.objects.select_for_update(no_key=True).get(pk=unit.pk)
    _require_holder(unit, worker)
    if unit.paused_at is None:
        Unit.objects.filter(pk=unit.pk).update(paused_at=now)
        record_event(actor=worker, verb="unit.paused", obj=unit)
        unit.refresh_from_db()
    return unit


@transaction.atomic
def resume_unit(*, unit: Unit, worker, now: datetime) -> Unit:
    """The end of a pause (also any save): the lease moves again, within its limits."""
    unit = Unit.objects.select_for_update(no_key=True).get(pk=unit.pk)
    _require_holder(unit, worker)
    if unit.paused_at is not None:
        Unit.objects.filter(pk=unit.pk).update(paused_at=None)
        record_event(actor=worker, verb="unit.resumed", obj=unit)
        unit.refresh_from_db()
        _extend_lease(unit, now)
        unit.refresh_from_db()
    return unit


def entry_problems(unit: Unit) -> dict[str, dict[str, str]]:
    """{item_id: {field: code}} for every item that is not ready to hand in, judged on the
    items' effective entries (an item completed by an earlier holder is ready)."""
    schema = unit.job.field_schema
    entries = selectors.effective_entries(unit)
    problems: dict[str, dict[str, str]] = {}
    for item_id in unit.items.values_list("id", flat=True):
        item_problems = selectors.entry_problems_for(entries.get(item_id), schema)
        if item_problems:
            problems[str(item_id)] = item_problems
    return problems


@transaction.atomic
def submit_unit(*, unit: Unit, worker, now: datetime) -> Unit:
    if unit.status == Unit.Status.SUBMITTED and unit.holder_id == worker.pk:
        return unit  # a phone retrying submit (docs/architecture.md A7)
    _require_holder(unit, worker)
    problems = entry_problems(unit)
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


@transaction.atomic
def hand_off_unit(*, unit: Unit, worker) -> Unit:
    """The holder gives the unit back mid-way (a child is sick). Her complete items stay keyed
    and are credited to her at acceptance (billing/pay.py); the next holder continues from
    the first empty item. A retried hand-off by the same worker is answered (A7)."""
    if unit.status == Unit.Status.OPEN:
        last = (
            AuditEvent.objects.filter(object_type="unit", object_id=unit.pk)
            .order_by("-id")
            .values_list("verb", "actor_id")
            .first()
        )
        if last == ("unit.handed_off", worker.pk):
            return unit
    _require_holder(unit, worker)
    return reset_unit_to_open(
        unit, from_states=[Unit.Status.RESERVED], actor=worker, verb="unit.handed_off"
    )


def warn_expiring_leases(*, now: datetime) -> int:
    """Tell each holder whose lease ends within KOMA_LEASE_WARNING_MINUTES, once per lease end
    (`lease_warned_at`, cleared when the lease moves): `unit.lease_warning` on /ws/me/.

    Runs every minute from beat; running it twice sends nothing twice.
    """
    soon = now + timedelta(minutes=settings.KOMA_LEASE_WARNING_MINUTES)
    warned = 0
    with transaction.atomic():
        units = list(
            Unit.objects.select_for_update(skip_locked=True, no_key=True)
            .filter(
                status=Unit.Status.RESERVED,
                lease_warned_at__isnull=True,
                lease_expires_at__gte=now,
                lease_expires_at__lte=soon,
            )
            .only("pk", "holder_id", "lease_expires_at")[:500]
        )
        for unit in units:
            Unit.objects.filter(pk=unit.pk).update(lease_warned_at=now)
            assert unit.holder_id is not None and unit.lease_expires_at is not None
            publish_on_commit(
                user_group(unit.holder_id),
                "unit.lease_warning",
                unit_id=unit.pk,
                lease_expires_at=unit.lease_expires_at.isoformat(),
            )
            warned += 1
    return warned


def expire_leases(*, now: datetime) -> int:
    """Return reserved units whose lease has ended to the pool, keeping their drafts: like a
    hand-off, the holder's complete items stay keyed and are credited to her.

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
