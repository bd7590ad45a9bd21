"""Unit transitions: claim, autosave, heartbeat, submit, release, expire (STYLE A5, A7).

Every transition checks its guard, writes the new state with a version check, records an
audit event and publishes a realtime event after commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from koma.audit.models import AuditEvent
from koma.audit.services import record_event
from koma.core.errors import Conflict, Forbidden, Invalid, NotFound
from koma.jobs import fields
from koma.jobs.models import Item, Job
from koma.realtime.publish import job_group, publish_on_commit, user_group
from koma.units.models import Entry, Unit
from koma.workforce.models import WorkerProfile

# One statement picks and takes the next eligible open unit. SKIP LOCKED lets concurrent
# claimers pass over a row another transaction is taking instead of queueing behind it;
# the outer WHERE re-checks status, so a unit is never handed to two workers.
_CLAIM_SQL = """
UPDATE units_unit
   SET status = 'reserved', holder_id = %(worker)s, claim_key = %(key)s,
       claimed_at = %(now)s, lease_expires_at = %(lease)s, version = version + 1
 WHERE id = (
        SELECT u.id FROM units_unit u
         WHERE u.status = 'open'
           AND u.required_level <= %(level)s
           AND NOT (%(worker)s = ANY (u.excluded_worker_ids))
           {only_unit}
         ORDER BY u.deadline, u.priority DESC, u.id
         LIMIT 1
           FOR UPDATE SKIP LOCKED)
   AND status = 'open'
RETURNING units_unit.*
"""


def _lease_end(now: datetime) -> datetime:
    return now + timedelta(minutes=settings.KOMA_LEASE_MINUTES)


@transaction.atomic
def claim_unit(
    *, worker, now: datetime, unit_id: int | None = None, claim_key: str = ""
) -> tuple[Unit, bool]:
    """Take the next unit that fits the worker (or the given one). Returns (unit, created).

    A retried claim (same Idempotency-Key, or any claim while the worker already holds its
    maximum of one unit) answers with the unit already held instead of taking another.
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
    # The working day is Japan's, whatever the server's clock zone.
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    counts = Unit.objects.filter(holder=worker).aggregate(
        held=Count("id", filter=Q(status=Unit.Status.RESERVED)),
        today=Count("id", filter=Q(claimed_at__gte=day_start)),
    )
    if counts["held"] >= settings.KOMA_MAX_HELD_UNITS:
        if settings.KOMA_MAX_HELD_UNITS == 1 and unit_id is None:
            return held.get(), False
        raise Conflict("held_unit_limit")
    if counts["today"] >= profile.daily_cap_units:
        raise Conflict("daily_cap_reached")

    only_unit = "AND u.id = %(unit_id)s" if unit_id is not None else ""
    params = {
        "worker": worker.pk,
        "key": claim_key,
        "now": now,
        "lease": _lease_end(now),
        "level": profile.level,
        "unit_id": unit_id,
    }
    unit = next(iter(Unit.objects.raw(_CLAIM_SQL.format(only_unit=only_unit), params)), None)
    if unit is None:
        if unit_id is not None:
            if not Unit.objects.filter(pk=unit_id).exists():
                raise NotFound("unit_not_found")
            raise Conflict("unit_not_open")
        raise Conflict("no_unit_available")
    # The first claim moves the job into progress; a no-op afterwards.
    Job.objects.filter(pk=unit.job_id, status=Job.Status.PUBLISHED).update(
        status=Job.Status.IN_PROGRESS, version=F("version") + 1
    )
    record_event(actor=worker, verb="unit.claimed", obj=unit)
    publish_unit_change(unit)
    return unit, True


def publish_unit_change(unit: Unit) -> None:
    publish_on_commit(
        job_group(unit.job_id),
        "unit.changed",
        job_id=unit.job_id,
        unit_id=unit.pk,
        status=unit.status,
        version=unit.version,
    )


def compare_and_set_unit(unit: Unit, **changes) -> Unit:
    changed = Unit.objects.filter(pk=unit.pk, version=unit.version).update(
        version=F("version") + 1, **changes
    )
    if changed != 1:
        raise Conflict("unit_changed_concurrently")  # someone else got there first
    unit.refresh_from_db()
    return unit


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


@transaction.atomic
def save_entry(*, unit: Unit, item_id: int, worker, values: object, now: datetime) -> Entry:
    """Autosave one item's values; also keeps the lease alive within its limit."""
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
    entry.save(update_fields=["unit", "values", "errors", "updated_at"])
    _extend_lease(unit, now)
    return entry


def _extend_lease(unit: Unit, now: datetime) -> None:
    cap = unit.claimed_at + timedelta(minutes=settings.KOMA_LEASE_MAX_MINUTES)
    new_end = min(_lease_end(now), cap)
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
        return unit  # a phone retrying submit (STYLE A7)
    _require_holder(unit, worker)
    problems = entry_problems(unit, worker)
    if problems:
        raise Conflict("unit_entries_invalid", fields={"items": problems})
    unit = compare_and_set_unit(unit, status=Unit.Status.SUBMITTED, submitted_at=now)
    record_event(actor=worker, verb="unit.submitted", obj=unit)
    publish_unit_change(unit)
    return unit


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
    unit = compare_and_set_unit(
        unit, status=Unit.Status.OPEN, holder=None, claim_key="", lease_expires_at=None
    )
    record_event(actor=worker, verb="unit.released", obj=unit)
    publish_unit_change(unit)
    return unit


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
            Unit.objects.filter(pk=unit.pk).update(
                status=Unit.Status.OPEN,
                holder=None,
                claim_key="",
                lease_expires_at=None,
                version=F("version") + 1,
            )
            unit.refresh_from_db()
            record_event(actor=None, verb="unit.lease_expired", obj=unit, holder_id=holder_id)
            publish_unit_change(unit)
            publish_on_commit(user_group(holder_id), "unit.lease_expired", unit_id=unit.pk)
            expired += 1
    return expired
