"""Re-pack against claims, each in its own thread, connection and committed transaction.

The re-pack locks the units it rebuilds FOR NO KEY UPDATE SKIP LOCKED, like the claim locks
its unit (koma.jobs.splitting.repack_open_units): a unit a claim is taking is left alone, and
a claim while the re-pack runs skips the units being rebuilt, never getting a deleted one.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from koma.jobs import logic
from koma.jobs.calibration import recalibrate_job
from koma.jobs.models import Item, Job
from koma.units.models import Claim, Unit
from koma.units.services import claim_unit, save_entry, submit_unit
from tests.api.test_counters import assert_counters_right
from tests.helpers import SCHEMA
from tests.live.conftest import make_live_job

pytestmark = [pytest.mark.live, pytest.mark.usefixtures("live_db")]

PER_ITEM = logic.estimate_item_seconds(SCHEMA)


@pytest.fixture(autouse=True)
def _no_calibration_task(monkeypatch):
    """These tests run the re-pack themselves: the acceptance's task (a live worker may be up,
    tests/live/test_celery_calibrate.py) must not run it first."""
    monkeypatch.setattr("koma.quality.services.enqueue_calibration_on_commit", lambda job_id: None)


def job_at_twice_the_pace(staff, worker, coordinator) -> Job:
    """A 30-minute-target job with one unit accepted at 2x the estimated seconds per item."""
    from koma.quality.services import review_unit, start_review

    job = make_live_job(staff, items=320, unit_target_minutes=30)  # a live worker may split
    now = timezone.now()
    unit, _ = claim_unit(worker=worker, now=now)
    for item_id in unit.items.values_list("id", flat=True):
        save_entry(
            unit=unit,
            item_id=item_id,
            worker=worker,
            values={"name": "山田　太郎"},
            now=now,
            active_seconds_delta=2 * PER_ITEM,
        )
    unit = submit_unit(unit=unit, worker=worker, now=now)
    unit = start_review(unit=unit, reviewer=coordinator, now=now)
    review_unit(unit=unit, reviewer=coordinator, decision="accept", now=now)
    return Job.objects.get(pk=job.pk)


def assert_every_item_in_one_unit(job: Job) -> None:
    assert not Item.objects.filter(job=job, unit__isnull=True).exists()
    for unit in job.units.all():
        assert unit.item_count == unit.items.count()


def in_thread(body, *, hold: threading.Event, ready: threading.Event, out: list):
    """Run ``body`` in a transaction on a connection of its own; commit once ``hold`` is set."""

    def run():
        try:
            with transaction.atomic():
                out.append(body())
                ready.set()
                assert hold.wait(30)
        except BaseException as exc:  # reported by the test
            out.append(exc)
            ready.set()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_unit_being_claimed_during_the_re_pack_is_left_to_the_claim(
    staff_a, worker_hanako, worker_taro, coordinator, client_for
):
    job = job_at_twice_the_pace(staff_a, worker_hanako, coordinator)
    hold, ready, out = threading.Event(), threading.Event(), []
    # Taro's claim has locked and reserved its unit but not committed yet.
    thread = in_thread(
        lambda: claim_unit(worker=worker_taro, now=timezone.now())[0],
        hold=hold,
        ready=ready,
        out=out,
    )
    assert ready.wait(30)
    taken = out[0]
    assert isinstance(taken, Unit), taken
    items_of_taken = list(Item.objects.filter(unit_id=taken.pk).values_list("id", flat=True))

    result = recalibrate_job(job_id=job.pk)  # commits while the claim is still open

    hold.set()
    thread.join(30)
    assert result is not None and result.repacked
    taken.refresh_from_db()
    assert taken.status == "reserved" and taken.holder_id == worker_taro.pk
    assert list(taken.items.values_list("id", flat=True)) == items_of_taken
    assert set(taken.items.values_list("estimated_seconds", flat=True)) == {PER_ITEM}
    assert Claim.objects.filter(unit=taken).count() == 1
    assert_every_item_in_one_unit(job)
    assert_counters_right(client_for(staff_a), job.pk)


def test_a_claim_during_the_re_pack_skips_the_units_being_rebuilt(
    staff_a, worker_hanako, worker_taro, coordinator, client_for
):
    from koma.core.errors import Conflict

    job = job_at_twice_the_pace(staff_a, worker_hanako, coordinator)
    old_open = set(job.units.filter(status="open").values_list("pk", flat=True))
    hold, ready, out = threading.Event(), threading.Event(), []
    thread = in_thread(lambda: recalibrate_job(job_id=job.pk), hold=hold, ready=ready, out=out)
    assert ready.wait(30)
    assert out[0] is not None and out[0].repacked, out

    # Every open unit is locked by the uncommitted re-pack: the claim finds none, at once.
    with pytest.raises(Conflict) as refused:
        claim_unit(worker=worker_taro, now=timezone.now())
    assert refused.value.code == "no_unit_available"

    hold.set()
    thread.join(30)
    unit, created = claim_unit(worker=worker_taro, now=timezone.now())
    assert created and unit.pk not in old_open  # a re-packed unit, with the new estimate
    assert set(unit.items.values_list("estimated_seconds", flat=True)) == {2 * PER_ITEM}
    assert_every_item_in_one_unit(job)
    assert_counters_right(client_for(staff_a), job.pk)
