"""Splitting a published job into units: the one module that packs items (docs/architecture.md A2, A5).

Delivery is at least once: the split task is acked late and re-queued when its worker
process dies, and ``sweep_stale_splits`` re-enqueues splits that went silent (a lost
message, a whole worker killed). So a split may run again on a half-split job, or twice at
once; it must leave every item in exactly one unit:

- one split per job at a time: a Postgres advisory lock (released by Postgres when the
  connection of a killed process goes away);
- units are written in batches, each batch one transaction with its items' assignment, so
  a killed run leaves whole units with their items, never a unit without them;
- a re-run packs only the items without a unit and numbers its units after the last one;
  the units already made stay (workers may already hold them);
- an item is assigned only while it has no unit, and a batch that finds one taken rolls
  back.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from config.celery import app as celery_app
from koma.audit.services import record_event
from koma.jobs import logic
from koma.jobs.models import Item, Job
from koma.realtime.publish import group_send, job_group, publish_on_commit

log = logging.getLogger(__name__)

OFFER_TASK = "units.offer_open_units"  # koma.units.offers.OFFER_TASK, enqueued by name
SPLIT_TASK = "jobs.split_job"  # the worker's task name; enqueued by name, never imported
SPLIT_BATCH_UNITS = 20  # units written per transaction while splitting; progress after each
SPLIT_LOCK_SPACE = 7001  # advisory-lock namespace: one split per job at a time
UNFINISHED = (Job.SplitState.PENDING, Job.SplitState.RUNNING)


class SplitConflict(Exception):
    """An item of the batch got a unit meanwhile; the batch is rolled back."""


def enqueue_split_on_commit(job_id: int) -> None:
    transaction.on_commit(lambda: celery_app.send_task(SPLIT_TASK, args=[job_id]))


def split_job(*, job_id: int) -> int:
    """Pack the job's unassigned items into units, in batches, reporting progress.

    Safe to run again after a crash and twice at once (see the module docstring).
    Returns the units created (0 when another split runs or the split is done).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [SPLIT_LOCK_SPACE, job_id])
        if not cursor.fetchone()[0]:
            return 0
    try:
        return _split_job_locked(job_id)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [SPLIT_LOCK_SPACE, job_id])


def _split_job_locked(job_id: int) -> int:
    from koma.units.models import Unit

    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status not in (Job.Status.PUBLISHED, Job.Status.IN_PROGRESS):
        return 0
    if job.split_state == Job.SplitState.DONE:
        return 0  # a redelivered or swept task after the split finished
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(split_state=Job.SplitState.RUNNING, split_touched_at=now)
    items = list(
        job.items.filter(unit__isnull=True)
        .order_by("seq")
        .values("id", "estimated_seconds", "document_ref")
    )
    total = job.items.count()
    done = total - len(items)
    groups = logic.pack_items(
        [i["estimated_seconds"] for i in items],
        documents=[i["document_ref"] for i in items],
        target_s=logic.target_seconds(job.unit_target_minutes),
    )
    next_seq = (job.units.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    pause = settings.KOMA_SPLIT_BATCH_PAUSE_MS / 1000
    created = 0
    for start in range(0, len(groups), SPLIT_BATCH_UNITS):
        batch = groups[start : start + SPLIT_BATCH_UNITS]
        with transaction.atomic():
            for offset, group in enumerate(batch):
                ids = [items[i]["id"] for i in group]
                unit = Unit.objects.create(
                    job=job,
                    seq=next_seq + created + offset,
                    estimated_minutes=math.ceil(
                        sum(items[i]["estimated_seconds"] for i in group) / 60
                    ),
                    deadline=job.deadline,
                    priority=job.priority,
                    item_count=len(group),
                )
                if Item.objects.filter(id__in=ids, unit__isnull=True).update(unit=unit) != len(ids):
                    raise SplitConflict(job_id)
                done += len(group)
            created += len(batch)
            Job.objects.filter(pk=job_id).update(split_done=done, split_touched_at=timezone.now())
        group_send(job_group(job_id), "job.split_progress", job_id=job_id, done=done, total=total)
        if pause:
            time.sleep(pause)  # test-only slow-down (KOMA_SPLIT_BATCH_PAUSE_MS)
    with transaction.atomic():
        Job.objects.filter(pk=job_id).update(
            split_state=Job.SplitState.DONE,
            split_done=total,
            split_touched_at=timezone.now(),
            version=F("version") + 1,
        )
        record_event(actor=None, verb="job.split", obj=job, units=created)
    group_send(job_group(job_id), "job.split_done", job_id=job_id, done=total, total=total)
    # The new units are offered to workers in windows (docs/architecture.md A26).
    transaction.on_commit(lambda: celery_app.send_task(OFFER_TASK, kwargs={"job_id": job_id}))
    return created


def mark_job_split_failed(*, job_id: int) -> None:
    Job.objects.filter(pk=job_id, split_state__in=UNFINISHED).update(
        split_state=Job.SplitState.FAILED
    )
    group_send(job_group(job_id), "job.split_failed", job_id=job_id)


@transaction.atomic
def sweep_stale_splits(*, now: datetime) -> list[int]:
    """Re-enqueue splits silent for KOMA_SPLIT_STALE_MINUTES; returns the jobs' ids.

    A split's task can be lost for good: its message acked before the worker died (a hard
    time limit), or left unacked by a worker that is gone. Re-enqueueing is safe because a
    split can run again (module docstring). The touch makes the next sweep wait again.
    """
    cutoff = now - timedelta(minutes=settings.KOMA_SPLIT_STALE_MINUTES)
    ids = list(
        Job.objects.select_for_update(skip_locked=True, no_key=True)
        .filter(
            status__in=(Job.Status.PUBLISHED, Job.Status.IN_PROGRESS),
            split_state__in=UNFINISHED,
            split_touched_at__lt=cutoff,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if ids:
        Job.objects.filter(pk__in=ids).update(split_touched_at=now)
        for job_id in ids:
            log.warning("split of job %s silent since before %s: re-enqueued", job_id, cutoff)
            enqueue_split_on_commit(job_id)
    return ids


@dataclass(frozen=True)
class Repack:
    units_before: int
    units_after: int
    items: int
    seconds_per_item_before: float
    seconds_per_item_after: float


_REPACKABLE_UNITS_SQL = """
SELECT u.id, u.seq FROM units_unit u
WHERE u.job_id = %s AND u.status = 'open'
  AND NOT EXISTS (SELECT 1 FROM units_claim c WHERE c.unit_id = u.id)
  AND NOT EXISTS (SELECT 1 FROM units_entry e WHERE e.unit_id = u.id)
ORDER BY u.seq
FOR NO KEY UPDATE SKIP LOCKED
"""

_ITEMS_OF_UNITS_SQL = """
SELECT id, estimated_seconds, document_ref FROM jobs_item WHERE unit_id = ANY(%s) ORDER BY seq
"""

_INSERT_UNITS_SQL = """
INSERT INTO units_unit (
    job_id, seq, item_count, estimated_minutes, deadline, priority,
    status, required_level, pass_number, claim_key, excluded_worker_ids, version
)
SELECT %(job)s, v.seq, v.n, v.minutes, %(deadline)s, %(priority)s,
       %(status)s, %(required_level)s, %(pass_number)s, %(claim_key)s, %(excluded)s, %(version)s
FROM unnest(%(seqs)s::integer[], %(counts)s::integer[], %(minutes)s::integer[])
     AS v (seq, n, minutes)
RETURNING id, seq
"""

_ASSIGN_ITEMS_SQL = """
UPDATE jobs_item AS i SET unit_id = v.unit_id, estimated_seconds = v.seconds
FROM unnest(%s::bigint[], %s::bigint[], %s::integer[]) AS v (id, unit_id, seconds)
WHERE i.id = v.id
"""


def _unit_defaults() -> dict:
    """A new unit's other columns, from the model's field defaults (one definition)."""
    from koma.units.models import Unit

    def default(name: str) -> object:
        field = Unit._meta.get_field(name)
        return field.get_default()  # type: ignore[union-attr]

    return {
        "status": Unit.Status.OPEN.value,
        "required_level": default("required_level"),
        "pass_number": default("pass_number"),
        "claim_key": default("claim_key"),
        "excluded": default("excluded_worker_ids"),
        "version": default("version"),
    }


def repack_open_units(*, job: Job, seconds_per_item: float) -> Repack | None:
    """Re-pack the job's never-claimed open units to a new per-item pace. Caller's transaction.

    Which units: open, never claimed (no ``Claim`` row) and without entries. Reserved,
    submitted, in-review and accepted units, and any open unit that was ever held, keep their
    items and estimates. Their items' estimates are scaled by ``seconds_per_item`` / the pace
    they were packed with, then packed again to the job's target (``logic.pack_items``,
    documents kept together) into new units: the old rows are deleted and new ones inserted
    (two statements, so the counter triggers fire once each; ``Item.unit``'s foreign key is
    checked at commit, after the items point at the new units). The new units take the old
    units' seq numbers in order, then numbers after the job's last one.

    Races: the units are locked ``FOR NO KEY UPDATE SKIP LOCKED``, like the claim locks its
    unit. A unit a claim is taking right now is skipped (it is about to be reserved) and a
    claim skips the units locked here, then finds them gone or re-packed after commit; a
    claim's compare-and-set on the unit's version and state stops anything in between. A
    split of the job (advisory lock) makes the re-pack wait for the next calibration.
    Returns None when nothing was re-packed.
    """
    from koma.jobs.calibration import packed_seconds_per_item

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [SPLIT_LOCK_SPACE, job.pk])
        if not cursor.fetchone()[0] or job.split_state != Job.SplitState.DONE:
            return None
        cursor.execute(_REPACKABLE_UNITS_SQL, [job.pk])
        old_units = cursor.fetchall()
    if not old_units:
        return None  # every open unit was held once: nothing may change
    before = packed_seconds_per_item(job)
    factor = seconds_per_item / before
    unit_ids = [row[0] for row in old_units]
    with connection.cursor() as cursor:
        cursor.execute(_ITEMS_OF_UNITS_SQL, [unit_ids])
        items = cursor.fetchall()
    seconds = [logic.scale_seconds(s, factor) for _, s, _ in items]
    groups = logic.pack_items(
        seconds,
        documents=[d for _, _, d in items],
        target_s=logic.target_seconds(job.unit_target_minutes),
    )
    last_seq = job.units.order_by("-seq").values_list("seq", flat=True).first() or 0
    free_seqs = [row[1] for row in old_units]
    seqs = free_seqs[: len(groups)] + list(
        range(last_seq + 1, last_seq + 1 + max(0, len(groups) - len(free_seqs)))
    )
    # Arrays as parameters: one short statement each, whatever the number of units and items
    # (a bulk_create of 20,000 rows spends seconds building and parsing its SQL text).
    with connection.cursor() as cursor:
        # Offers of the rebuilt units go with them (the new units are offered after commit):
        # the raw DELETE does not cascade, and a dangling offer would fail the commit.
        cursor.execute("DELETE FROM units_offer WHERE unit_id = ANY(%s)", [unit_ids])
        cursor.execute("DELETE FROM units_unit WHERE id = ANY(%s)", [unit_ids])
        cursor.execute(
            _INSERT_UNITS_SQL,
            {
                "job": job.pk,
                "deadline": job.deadline,
                "priority": job.priority,
                **_unit_defaults(),
                "seqs": seqs,
                "counts": [len(group) for group in groups],
                "minutes": [math.ceil(sum(seconds[i] for i in group) / 60) for group in groups],
            },
        )
        unit_of_seq = {seq: unit_id for unit_id, seq in cursor.fetchall()}
    ids: list[int] = []
    targets: list[int] = []
    scaled: list[int] = []
    for seq, group in zip(seqs, groups, strict=True):
        for i in group:
            ids.append(items[i][0])
            targets.append(unit_of_seq[seq])
            scaled.append(seconds[i])
    with connection.cursor() as cursor:
        cursor.execute(_ASSIGN_ITEMS_SQL, [ids, targets, scaled])
    Job.objects.filter(pk=job.pk).update(
        packed_seconds_per_item=seconds_per_item, version=F("version") + 1
    )
    job.packed_seconds_per_item = seconds_per_item
    result = Repack(
        units_before=len(old_units),
        units_after=len(groups),
        items=len(items),
        seconds_per_item_before=before,
        seconds_per_item_after=seconds_per_item,
    )
    record_event(
        actor=None,
        verb="job.repacked",
        obj=job,
        reason="calibrated_pace_drift",
        seconds_per_item_before=round(before, 1),
        seconds_per_item_after=round(seconds_per_item, 1),
        calibrated_entries=job.calibrated_entries,
        units_before=result.units_before,
        units_after=result.units_after,
        items=result.items,
        unit_target_minutes=job.unit_target_minutes,
    )
    publish_on_commit(
        job_group(job.pk),
        "job.repacked",
        job_id=job.pk,
        units_before=result.units_before,
        units_after=result.units_after,
    )
    return result
