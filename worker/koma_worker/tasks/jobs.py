"""Thin task wrappers over job services (docs/architecture.md A10): ids in, re-load, one service.

Tasks call services, never the other way: services enqueue these by name
(``config.celery.app.send_task``).
"""

from celery import shared_task


@shared_task(
    name="jobs.split_job",  # koma.jobs.splitting.SPLIT_TASK
    ignore_result=True,
    # At least once: acked after the run, re-queued if the worker process dies mid-split
    # (task_acks_late / task_reject_on_worker_lost in settings); a re-run resumes the split.
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=240,
    time_limit=300,
)
def split_job_task(job_id: int, **kwargs) -> None:
    from koma.jobs.splitting import mark_job_split_failed, split_job

    try:
        split_job(job_id=job_id)
    except Exception:
        mark_job_split_failed(job_id=job_id)
        raise


@shared_task(name="jobs.sweep_stale_splits", ignore_result=True, soft_time_limit=50, time_limit=55)
def sweep_stale_splits_task(**kwargs) -> None:
    from django.utils import timezone

    from koma.jobs.splitting import sweep_stale_splits

    sweep_stale_splits(now=timezone.now())


@shared_task(
    name="jobs.calibrate_job",  # koma.jobs.calibration.CALIBRATE_TASK
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=240,
    time_limit=300,
)
def calibrate_job_task(job_id: int, **kwargs) -> None:
    """After an acceptance: store the measured pace, re-pack open units if it drifted."""
    from koma.jobs.calibration import recalibrate_job

    recalibrate_job(job_id=job_id)


@shared_task(name="jobs.sweep_calibrations", ignore_result=True, soft_time_limit=50, time_limit=55)
def sweep_calibrations_task(**kwargs) -> None:
    from koma.jobs.calibration import sweep_calibrations

    sweep_calibrations()
