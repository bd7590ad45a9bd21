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
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from config.celery import app as celery_app
from koma.audit.services import record_event
from koma.jobs import logic
from koma.jobs.models import Item, Job
from koma.realtime.publish import group_send, job_group

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
        job.items.filter(unit__isnull=True).order_by("seq").values("id", "estimated_seconds")
    )
    total = job.items.count()
    done = total - len(items)
    groups = logic.pack_items([i["estimated_seconds"] for i in items])
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
    # The new units are offered to workers in windows (docs/architecture.md A24).
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
