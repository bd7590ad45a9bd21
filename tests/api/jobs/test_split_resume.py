"""A split run again on a half-split job, and the sweeper's choice of splits to revive.

The half-split state is what a worker killed after its first batch leaves (made for real
in tests/live/test_celery_lost_split.py): whole units with their items, the rest unassigned.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from koma.jobs import logic
from koma.jobs.models import Job
from koma.jobs.splitting import SPLIT_BATCH_UNITS, split_job, sweep_stale_splits
from koma.units.models import Unit
from tests.helpers import make_job

pytestmark = pytest.mark.django_db

ONE_ITEM_A_UNIT = 6000


def half_split_job(staff, *, items: int, packed: int) -> Job:
    job = make_job(staff, items=items, split=False)
    job.items.update(estimated_seconds=ONE_ITEM_A_UNIT)
    for item in job.items.order_by("seq")[:packed]:
        unit = Unit.objects.create(
            job=job, seq=item.seq, estimated_minutes=100, deadline=job.deadline, item_count=1
        )
        item.unit = unit
        item.save(update_fields=["unit"])
    Job.objects.filter(pk=job.pk).update(split_state=Job.SplitState.RUNNING, split_done=packed)
    return job


def test_a_re_run_finishes_a_half_split_job_with_each_item_in_one_unit(staff_a):
    job = half_split_job(staff_a, items=50, packed=SPLIT_BATCH_UNITS)
    kept = set(job.units.values_list("pk", flat=True))

    assert split_job(job_id=job.pk) == 50 - SPLIT_BATCH_UNITS

    job.refresh_from_db()
    assert (job.split_state, job.split_done) == ("done", 50)
    assert kept <= set(job.units.values_list("pk", flat=True))  # units made stay
    units = list(job.units.order_by("seq"))
    assert [u.seq for u in units] == list(range(1, 51))
    packed = [list(u.items.values_list("seq", flat=True)) for u in units]
    assert packed == [[i + 1 for i in g] for g in logic.pack_items([ONE_ITEM_A_UNIT] * 50)]
    assert split_job(job_id=job.pk) == 0  # a redelivery after the end changes nothing
    assert job.units.count() == 50


def test_the_sweeper_revives_only_silent_unfinished_splits(
    staff_a, django_capture_on_commit_callbacks
):
    now = timezone.now()
    old = now - timedelta(hours=1)
    silent = make_job(staff_a, items=2, split=False)
    recent = make_job(staff_a, items=2, split=False)
    finished = make_job(staff_a, items=2)
    failed = make_job(staff_a, items=2, split=False)
    draft = make_job(staff_a, items=2, publish=False)
    Job.objects.filter(pk__in=[silent.pk, finished.pk, failed.pk, draft.pk]).update(
        split_touched_at=old
    )
    Job.objects.filter(pk=failed.pk).update(split_state=Job.SplitState.FAILED)
    Job.objects.filter(pk=recent.pk).update(split_touched_at=now - timedelta(minutes=1))

    with django_capture_on_commit_callbacks() as enqueued:
        assert sweep_stale_splits(now=now) == [silent.pk]
    assert len(enqueued) == 1
    assert Job.objects.get(pk=silent.pk).split_touched_at == now
    assert sweep_stale_splits(now=now + timedelta(minutes=1)) == []  # touched: waits again
