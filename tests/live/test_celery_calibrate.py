"""An acceptance hands the calibration (and the re-pack) to the real Celery worker process."""

from __future__ import annotations

import time

import pytest

from koma.audit.models import AuditEvent
from koma.jobs.models import Job
from tests.live.test_repack_races import PER_ITEM, assert_every_item_in_one_unit

pytestmark = [pytest.mark.live, pytest.mark.usefixtures("live_db")]

TIMEOUT = 60.0


def test_an_acceptance_at_twice_the_pace_re_packs_in_the_worker(
    celery_worker_proc, staff_a, worker_hanako, coordinator
):
    from django.utils import timezone

    from koma.quality.services import review_unit, start_review
    from koma.units.services import claim_unit, save_entry, submit_unit
    from tests.live.conftest import make_live_job

    job = make_live_job(staff_a, items=320, unit_target_minutes=30)
    now = timezone.now()
    unit, _ = claim_unit(worker=worker_hanako, now=now)
    for item_id in unit.items.values_list("id", flat=True):
        save_entry(
            unit=unit,
            item_id=item_id,
            worker=worker_hanako,
            values={"name": "山田　太郎"},
            now=now,
            active_seconds_delta=2 * PER_ITEM,
        )
    unit = submit_unit(unit=unit, worker=worker_hanako, now=now)
    unit = start_review(unit=unit, reviewer=coordinator, now=now)
    # Committed (live_db): the task is sent after this commit, to the worker's queue.
    review_unit(unit=unit, reviewer=coordinator, decision="accept", now=now)

    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job.pk)
        if job.packed_seconds_per_item == 2 * PER_ITEM:
            break
        time.sleep(0.2)
    assert job.calibrated_seconds_per_item == 2 * PER_ITEM, celery_worker_proc.log_tail()
    assert job.packed_seconds_per_item == 2 * PER_ITEM
    assert AuditEvent.objects.filter(verb="job.repacked", object_id=job.pk).count() == 1
    assert_every_item_in_one_unit(job)
