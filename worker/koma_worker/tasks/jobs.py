"""Thin task wrappers over job services (STYLE A10): ids in, re-load, one service."""

from celery import shared_task


@shared_task(
    name="jobs.split_job",
    ignore_result=True,
    acks_late=True,  # split_job skips items already packed, so a redelivery is safe
    soft_time_limit=240,
    time_limit=300,
)
def split_job_task(job_id: int, **kwargs) -> None:
    from koma.jobs.services import mark_job_split_failed, split_job

    try:
        split_job(job_id=job_id)
    except Exception:
        mark_job_split_failed(job_id=job_id)
        raise
