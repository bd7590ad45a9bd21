"""Job workflow: create, import items, publish (docs/architecture.md A2, A5); the split is in splitting.py."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from koma.accounts.models import Role
from koma.audit.services import record_event
from koma.core import clock
from koma.core.errors import Conflict, Forbidden, Invalid
from koma.jobs import fields, logic
from koma.jobs.csv_import import DOCUMENT_COLUMN, parse_items_csv
from koma.jobs.models import Item, Job
from koma.jobs.splitting import enqueue_split_on_commit
from koma.jobs.splitting import split_job as split_job  # callers keep one import for jobs
from koma.jobs.transitions import transition_job
from koma.realtime.publish import job_group, publish_on_commit

TOKYO = ZoneInfo("Asia/Tokyo")
FILE_LEVEL_CODES = ("CSV_ENCODING_UNKNOWN", "MYNUMBER_IN_IMPORT")
NOT_PREFILL = ("ref", DOCUMENT_COLUMN)  # columns of the import that are not field values


@transaction.atomic
def create_job(
    *,
    by,
    title: str,
    field_schema: list,
    deadline: date,
    client_rate_yen: int,
    worker_rate_yen: int,
    instructions: str = "",
    unit_target_minutes: int = logic.DEFAULT_UNIT_TARGET_MINUTES,
) -> Job:
    membership = by.memberships.filter(role=Role.STAFF).select_related("organization").first()
    if membership is None:
        raise Forbidden("forbidden")
    schema, errors = fields.validate_schema(field_schema)
    if errors:
        raise Invalid("invalid", fields={"field_schema": errors})
    if worker_rate_yen > client_rate_yen:
        raise Invalid("invalid", fields={"worker_rate_yen": ["above_client_rate"]})
    check_deadline(deadline)
    check_unit_target(unit_target_minutes)
    job = Job.objects.create(
        municipality=membership.organization,
        created_by=by,
        title=title,
        field_schema=schema,
        instructions=instructions,
        deadline=deadline,
        client_rate_yen=client_rate_yen,
        worker_rate_yen=worker_rate_yen,
        unit_target_minutes=unit_target_minutes,
    )
    record_event(actor=by, verb="job.created", obj=job)
    return job


def check_deadline(deadline: date) -> None:
    """A deadline is a Japanese calendar date: today in Tokyo is the earliest allowed."""
    if deadline < clock.now().astimezone(TOKYO).date():
        raise Invalid("DEADLINE_IN_PAST", fields={"deadline": ["DEADLINE_IN_PAST"]})


def check_unit_target(minutes: int) -> None:
    """A unit target is 15..120 minutes (docs/architecture.md "Unit size")."""
    if not logic.MIN_UNIT_TARGET_MINUTES <= minutes <= logic.MAX_UNIT_TARGET_MINUTES:
        raise Invalid(
            "unit_target_out_of_range", fields={"unit_target_minutes": ["unit_target_out_of_range"]}
        )


EDITABLE_FIELDS = (
    "title",
    "field_schema",
    "instructions",
    "deadline",
    "client_rate_yen",
    "worker_rate_yen",
    "unit_target_minutes",
)


def _lock_draft(job: Job) -> Job:
    job = Job.objects.select_for_update(no_key=True).get(pk=job.pk)
    if job.status != Job.Status.DRAFT:
        raise Conflict("job_not_editable")
    return job


@transaction.atomic
def update_job(*, job: Job, by, changes: dict) -> Job:
    """Edit a draft. The field schema is fixed once items are imported (their prefill and
    estimates were checked against it); delete the draft and start again to change it."""
    job = _lock_draft(job)
    changes = {k: v for k, v in changes.items() if k in EDITABLE_FIELDS}
    if "field_schema" in changes:
        schema, errors = fields.validate_schema(changes["field_schema"])
        if errors:
            raise Invalid("invalid", fields={"field_schema": errors})
        if schema != job.field_schema and job.items.exists():
            raise Conflict("job_schema_locked")
        changes["field_schema"] = schema
    if "deadline" in changes:
        check_deadline(changes["deadline"])
    if "unit_target_minutes" in changes:
        check_unit_target(changes["unit_target_minutes"])
    client = changes.get("client_rate_yen", job.client_rate_yen)
    if changes.get("worker_rate_yen", job.worker_rate_yen) > client:
        raise Invalid("invalid", fields={"worker_rate_yen": ["above_client_rate"]})
    if not changes:
        return job
    for name, value in changes.items():
        setattr(job, name, value)
    job.version += 1
    job.save(update_fields=[*changes, "version"])
    record_event(actor=by, verb="job.updated", obj=job, fields=sorted(changes))
    publish_on_commit(job_group(job.pk), "job.changed", job_id=job.pk)
    return job


@transaction.atomic
def delete_job(*, job: Job, by) -> None:
    """Delete a draft and its imported items; the audit row keeps the id and title."""
    job = _lock_draft(job)
    record_event(actor=by, verb="job.deleted", obj=job, title=job.title, items=job.items.count())
    job.delete()


@transaction.atomic
def import_items(*, job: Job, by, data: bytes) -> tuple[int, str]:
    """Validate the whole CSV, then add every row as an item, or none of them."""
    # Lock the job: two imports at once would race on seq numbers and ref uniqueness.
    job = Job.objects.select_for_update(no_key=True).get(pk=job.pk)
    if job.status != Job.Status.DRAFT:
        raise Conflict("job_not_draft")
    parsed = parse_items_csv(
        data, field_schema=job.field_schema, max_rows=settings.KOMA_MAX_IMPORT_ROWS
    )
    if not parsed.errors:
        existing = set(
            job.items.filter(ref__in=[r["ref"] for r in parsed.rows]).values_list("ref", flat=True)
        )
        errors = [
            {"line": i + 2, "code": "ref_exists"}
            for i, row in enumerate(parsed.rows)
            if row["ref"] in existing
        ]
        parsed.errors.extend(errors[:100])
    if parsed.errors:
        # A whole-file code (encoding, My Number) wins over the generic one, so staff see it.
        codes = [e["code"] for e in parsed.errors if e["code"] in FILE_LEVEL_CODES]
        raise Invalid(codes[0] if codes else "csv_invalid", fields={"lines": parsed.errors})
    estimate = logic.estimate_item_seconds(job.field_schema)
    start = (job.items.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    Item.objects.bulk_create(
        [
            Item(
                job=job,
                seq=start + i,
                ref=row["ref"],
                document_ref=row.get(DOCUMENT_COLUMN, ""),
                prefill={k: v for k, v in row.items() if k not in NOT_PREFILL and v},
                estimated_seconds=estimate,
            )
            for i, row in enumerate(parsed.rows)
        ],
        batch_size=1000,
    )
    # The pace the units will be packed with, until calibration re-packs them (calibration.py).
    Job.objects.filter(pk=job.pk).update(packed_seconds_per_item=estimate)
    record_event(actor=by, verb="job.items_imported", obj=job, count=len(parsed.rows))
    return len(parsed.rows), parsed.encoding


@transaction.atomic
def publish_job(*, job: Job, by) -> Job:
    """draft → published; the split into units runs in the Celery worker."""
    if job.status == Job.Status.PUBLISHED and job.published_at is not None:
        return job  # a retried publish (docs/architecture.md A7)
    if job.status != Job.Status.DRAFT:
        raise Conflict("job_not_draft")
    total = job.items.count()
    if total == 0:
        raise Conflict("job_has_no_items")
    now = timezone.now()
    moved = transition_job(
        job.pk,
        from_states=[Job.Status.DRAFT],
        to_state=Job.Status.PUBLISHED,
        actor=by,
        verb="job.published",
        version=job.version,
        published_at=now,
        split_state=Job.SplitState.PENDING,
        split_done=0,
        split_total=total,
        split_touched_at=now,
    )
    if not moved:
        raise Conflict("job_changed_concurrently")
    enqueue_split_on_commit(job.pk)
    job.refresh_from_db()
    return job


def export_rows(*, job: Job) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the accepted data: ref, then one column per schema field."""
    from koma.units.models import Entry, Unit

    names = [f["name"] for f in job.field_schema]
    from koma.units.selectors import effective_entries

    items = list(job.items.filter(unit__status=Unit.Status.ACCEPTED).order_by("seq"))
    # Each item's effective entry: the holder's, or an earlier holder's after a hand-off.
    units = {u.pk: u for u in job.units.filter(status=Unit.Status.ACCEPTED)}
    by_unit: dict[int, list] = {pk: [] for pk in units}
    for entry in Entry.objects.filter(unit__job=job, unit__status=Unit.Status.ACCEPTED):
        by_unit.setdefault(entry.unit_id, []).append(entry)
    values: dict[int, dict] = {}
    for pk, unit in units.items():
        unit.job = job
        for item_id, entry in effective_entries(unit, entries=by_unit[pk]).items():
            values[item_id] = entry.values
    raw_prefill = {f["name"] for f in job.field_schema if fields.may_hold_mynumber(f)}

    def cell(item, name: str) -> str:
        keyed = str(values.get(item.id, {}).get(name, ""))
        if name in raw_prefill:
            # Workers saw this imported value masked; staff get the number as imported.
            imported = item.prefill.get(name, "")
            if imported and keyed in ("", fields.mask_mynumbers(imported)):
                return imported
        return keyed

    rows = [[item.ref, *[cell(item, n) for n in names]] for item in items]
    return ["ref", *names], rows
