"""Calibration: the pace workers really key a job at, and re-packing its open units to it.

The one definition of a job's measured pace (docs/architecture.md "Unit size, calibration and
re-pack"): the median of ``Entry.active_seconds`` over the entries of its accepted units,
one entry per item (the accepted holder's entry of the unit's pass), leaving out entries
with no active time. Idle gaps are already left out where the time is measured: the
browser's active-time meter (frontend/src/lib/active-time.ts) only counts seconds while the
form is focused and in use, and autosave adds them (``units.services.save_entry``). The
median, not the mean, so one entry left open over lunch does not move the pace.

``recalibrate_job`` (run by the ``jobs.calibrate_job`` task after each acceptance) stores the
pace on the job once there are ``KOMA_CALIBRATION_MIN_ENTRIES`` entries, and when it differs
from the pace the open units were packed with by more than ``KOMA_REPACK_DRIFT_PERCENT``,
re-packs the open units (``splitting.repack_open_units``). Running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from config.celery import app as celery_app
from koma.core import clock
from koma.jobs import logic
from koma.jobs.models import Job

CALIBRATE_TASK = "jobs.calibrate_job"  # the worker's task name; enqueued by name, never imported
REPACKABLE_JOB_STATES = (Job.Status.IN_PROGRESS,)  # an acceptance implies one

_MEDIAN_SQL = """
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY e.active_seconds), count(*)
FROM units_entry e
JOIN units_unit u ON u.id = e.unit_id
WHERE u.job_id = %s
  AND u.status = 'accepted'
  AND e.worker_id = u.holder_id
  AND e.pass_number = u.pass_number
  AND e.active_seconds > 0
"""


@dataclass(frozen=True)
class Calibration:
    seconds_per_item: float | None  # None below the minimum sample
    entries: int  # accepted entries with active time
    packed_seconds_per_item: float  # the pace the open units were packed with (before)
    repacked: bool


def calibrated_seconds_per_item(job: Job) -> float | None:
    """THE calibrated pace of a job, seconds per item; None until enough accepted entries.

    What forecasts read: the value ``recalibrate_job`` stored (``Job.calibrated_seconds_per_item``,
    with ``calibrated_entries`` and ``calibrated_at``), never a fresh scan.
    """
    return job.calibrated_seconds_per_item


def packed_seconds_per_item(job: Job) -> float:
    """The per-item pace the job's open units are packed with: set at import, then by each
    re-pack; the field schema's estimate for jobs imported before the field existed."""
    if job.packed_seconds_per_item is not None:
        return job.packed_seconds_per_item
    return float(logic.estimate_item_seconds(job.field_schema))


def measure_seconds_per_item(*, job_id: int) -> tuple[float | None, int]:
    """(median active seconds per item over the accepted entries, how many), from the rows."""
    with connection.cursor() as cursor:
        cursor.execute(_MEDIAN_SQL, [job_id])
        median, count = cursor.fetchone()
    return (float(median) if median is not None else None), int(count)


def enqueue_calibration_on_commit(job_id: int) -> None:
    """After commit; robust: a broker that is down must not fail the acceptance that called
    this (it is committed already). ``sweep_calibrations`` makes up for a lost message."""
    transaction.on_commit(lambda: celery_app.send_task(CALIBRATE_TASK, args=[job_id]), robust=True)


SWEEP_LIMIT = 200  # jobs enqueued per sweep; the next sweep takes the rest


def sweep_calibrations() -> list[int]:
    """Enqueue the calibration of jobs in progress with an acceptance after their last one.

    The beat's safety net (docs/architecture.md A12) for a task lost between the acceptance
    and the worker; a job calibrated since its last acceptance is left alone. Returns the ids.
    """
    from django.db.models import Exists, OuterRef, Q

    from koma.units.models import Unit

    accepted = Unit.objects.filter(job=OuterRef("pk"), status=Unit.Status.ACCEPTED)
    since = accepted.filter(accepted_at__gt=OuterRef("calibrated_at"))
    ids = list(
        Job.objects.filter(status__in=REPACKABLE_JOB_STATES)
        .filter((Q(calibrated_at__isnull=True) & Q(Exists(accepted))) | Q(Exists(since)))
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    for job_id in ids:
        celery_app.send_task(CALIBRATE_TASK, args=[job_id])
    return ids


@transaction.atomic
def recalibrate_job(*, job_id: int) -> Calibration | None:
    """Measure the job's pace, store it, and re-pack the open units if it drifted.

    The job row is locked first (FOR NO KEY UPDATE): two acceptances' tasks run one after
    the other, and the second finds the pace already packed. Only a job in progress is
    calibrated (an acceptance implies one); None for any other job. Safe to repeat.
    """
    from koma.jobs.splitting import repack_open_units

    job = Job.objects.select_for_update(no_key=True).filter(pk=job_id).first()
    if job is None or job.status not in REPACKABLE_JOB_STATES:
        return None
    median, entries = measure_seconds_per_item(job_id=job_id)
    pace = median if entries >= settings.KOMA_CALIBRATION_MIN_ENTRIES else None
    # calibrated_at: when the pace was last measured (the sweep compares it with acceptances).
    job.calibrated_seconds_per_item = pace
    job.calibrated_entries = entries
    job.calibrated_at = clock.now()
    job.save(update_fields=["calibrated_seconds_per_item", "calibrated_entries", "calibrated_at"])
    packed = packed_seconds_per_item(job)
    repacked = False
    if pace is not None and logic.drifted(
        pace, packed, tolerance=settings.KOMA_REPACK_DRIFT_PERCENT / 100
    ):
        repacked = repack_open_units(job=job, seconds_per_item=pace) is not None
    return Calibration(
        seconds_per_item=pace,
        entries=entries,
        packed_seconds_per_item=packed,
        repacked=repacked,
    )
