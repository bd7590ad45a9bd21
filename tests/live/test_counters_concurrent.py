"""Counters under concurrency: committed transactions on separate connections (live_db).

Eight workers claim at the same moment, then release at the same moment, each in its own
thread and database connection, so the trigger's upserts really run side by side.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from koma.units.models import Unit
from tests.api.test_counters import WIDE_SCHEMA, assert_counters_right
from tests.helpers import make_job

pytestmark = [pytest.mark.live, pytest.mark.usefixtures("live_db")]


def test_counters_stay_right_under_concurrent_claims_and_releases(staff_a, operator, client_for):
    """Eight workers claim at once, then release at once: no deadlock, no lost update."""
    import threading

    from django.db import connection

    from koma.units.services import claim_unit, release_unit
    from tests.conftest import _user

    job = make_job(staff_a, items=100, schema=WIDE_SCHEMA)
    workers = [_user(f"w{i}", operator, "worker") for i in range(8)]
    assert Unit.objects.filter(job=job).count() >= len(workers)
    barrier = threading.Barrier(len(workers))
    failures: list[BaseException] = []

    def run(worker, step):
        try:
            barrier.wait()
            step(worker)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    def claim_one(worker):
        claim_unit(worker=worker, now=timezone.now())

    def release_one(worker):
        unit = Unit.objects.get(holder=worker, status="reserved")
        release_unit(unit=unit, worker=worker)

    for step in (claim_one, release_one):
        threads = [threading.Thread(target=run, args=(w, step)) for w in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures
        assert_counters_right(client_for(staff_a), job.id)
        if step is claim_one:
            assert Unit.objects.filter(job=job, status="reserved").count() == len(workers)
