"""A split survives its worker process dying, and a lost split task is swept back.

A prefork worker (one child) runs the split slowly (KOMA_SPLIT_BATCH_PAUSE_MS); the test
SIGKILLs the child mid-split. With acks-late and reject-on-worker-lost the message goes
back to the queue, the new child resumes the split, and every item ends in exactly one unit.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from koma.jobs import logic
from koma.jobs.models import Item, Job
from koma.jobs.services import publish_job
from koma.units.models import Unit
from koma_worker.celery_app import app
from tests.helpers import make_job
from tests.live.conftest import _wait_until, live_env, start_process

pytestmark = [pytest.mark.live, pytest.mark.usefixtures("live_db")]

ITEMS = 100  # one item a unit (item_seconds below): 100 units, 5 batches of 20
ITEM_SECONDS = 6000
BATCH_PAUSE_MS = 1500
SPLIT_TIMEOUT = 90.0


@pytest.fixture(scope="module")
def prefork_worker(celery_worker_proc, live_dir):
    """``celery worker --pool prefork -c 1``, alone on the queue while the test runs.

    The session's solo worker stops consuming meanwhile, so the redelivered split can only
    be resumed by this worker's new child.
    """
    hostname = f"prefork-{uuid.uuid4().hex[:8]}@%h"
    env = live_env(live_dir)
    env["KOMA_SPLIT_BATCH_PAUSE_MS"] = str(BATCH_PAUSE_MS)
    live = start_process(
        "celery prefork worker",
        [
            *(sys.executable, "-m", "celery", "-A", "koma_worker.celery_app", "worker"),
            *("--pool", "prefork", "--concurrency", "1", "-Q", "celery"),
            *("--loglevel", "warning", "--hostname", hostname),
            *("--without-gossip", "--without-mingle"),
        ],
        env,
        live_dir / f"celery-prefork-{hostname[:16]}.log",
    )
    live.node = hostname.replace("%h", os.uname().nodename)

    def pongs() -> bool:
        replies = app.control.ping(destination=[live.node], timeout=1.0) or []
        return any(live.node in reply for reply in replies)

    session_node = celery_worker_proc.node
    app.control.cancel_consumer("celery", destination=[session_node], reply=True)
    try:
        _wait_until(live, pongs, "a reply to celery ping")
        yield live
    finally:
        live.stop()
        app.control.add_consumer("celery", destination=[session_node], reply=True)


def slow_job(staff, *, items: int = ITEMS) -> Job:
    job = make_job(staff, items=items, publish=False)
    job.items.update(estimated_seconds=ITEM_SECONDS)
    return job


def wait_until(predicate, what: str, timeout: float = SPLIT_TIMEOUT, worker=None) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        tail = worker.log_tail() if worker is not None else ""
        assert time.monotonic() < deadline, f"{what} not seen in {timeout}s\n{tail}"
        time.sleep(0.1)


def assert_each_item_in_exactly_one_unit(job: Job) -> None:
    assert not Item.objects.filter(job=job, unit__isnull=True).exists()
    units = list(Unit.objects.filter(job=job).order_by("seq"))
    assert [u.seq for u in units] == list(range(1, len(units) + 1))
    packed = [list(u.items.order_by("seq").values_list("seq", flat=True)) for u in units]
    assert [u.item_count for u in units] == [len(p) for p in packed]
    # The same units a split that never stopped makes: resumed packing starts on a boundary.
    expected = logic.pack_items([ITEM_SECONDS] * job.items.count())
    assert packed == [[i + 1 for i in group] for group in expected]


def split_child_pid(node: str) -> int | None:
    active = (app.control.inspect(destination=[node], timeout=2.0).active() or {}).get(node)
    for task in active or []:
        if task["name"] == "jobs.split_job":
            return task["worker_pid"]
    return None


def test_a_split_resumes_after_its_worker_process_is_killed(prefork_worker, staff_a):
    job = slow_job(staff_a)
    publish_job(job=job, by=staff_a)  # enqueues jobs.split_job on commit

    wait_until(
        lambda: Job.objects.get(pk=job.pk).split_done > 0, "a first batch", worker=prefork_worker
    )
    pid = split_child_pid(prefork_worker.node)
    assert pid is not None and pid != prefork_worker.process.pid
    os.kill(pid, signal.SIGKILL)
    at_kill = Unit.objects.filter(job=job).count()
    assert 0 < at_kill < ITEMS, "the kill must land mid-split"
    assert Job.objects.get(pk=job.pk).split_state == Job.SplitState.RUNNING

    wait_until(
        lambda: Job.objects.get(pk=job.pk).split_state != Job.SplitState.RUNNING,
        "the resumed split",
        worker=prefork_worker,
    )
    job.refresh_from_db()
    assert (job.split_state, job.split_done, job.split_total) == ("done", ITEMS, ITEMS)
    assert_each_item_in_exactly_one_unit(job)
    assert prefork_worker.alive(), prefork_worker.log_tail()
    assert "WorkerLostError" in prefork_worker.log.read_text(errors="replace")


def test_the_sweeper_re_enqueues_a_split_whose_task_was_lost(prefork_worker, staff_a):
    assert app.conf.beat_schedule["jobs.sweep_stale_splits"]["schedule"] == 60.0
    now = timezone.now()
    # A split still running 1 minute ago: alive, so left alone (made first: a wrong
    # re-enqueue would be split before the stale one).
    fresh = slow_job(staff_a, items=3)
    # A split whose task vanished half an hour ago (no message in the queue at all).
    stale = slow_job(staff_a, items=30)
    for job, touched in ((fresh, now - timedelta(minutes=1)), (stale, now - timedelta(hours=1))):
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.PUBLISHED,
            published_at=touched,
            split_state=Job.SplitState.RUNNING,
            split_total=job.items.count(),
            split_touched_at=touched,
        )

    app.send_task("jobs.sweep_stale_splits")  # what beat sends every minute

    wait_until(
        lambda: Job.objects.get(pk=stale.pk).split_state == Job.SplitState.DONE,
        "the swept split",
        worker=prefork_worker,
    )
    assert_each_item_in_exactly_one_unit(stale)
    fresh.refresh_from_db()
    assert fresh.split_state == Job.SplitState.RUNNING
    assert not Unit.objects.filter(job=fresh).exists()
    # The sweep touched the stale job: the next sweeps leave it until it is silent again.
    assert Job.objects.get(pk=stale.pk).split_touched_at >= now
