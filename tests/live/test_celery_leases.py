"""The beat's lease task, run by the real Celery worker process, returns expired units."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from koma.audit.models import AuditEvent
from koma.units.models import Entry, Offer, Unit
from koma.workforce.models import WeeklyWindow
from koma_worker.celery_app import app
from tests.helpers import claim, fill
from tests.live.conftest import make_live_job

pytestmark = [pytest.mark.live, pytest.mark.usefixtures("live_db")]


def test_the_worker_returns_expired_units_and_keeps_drafts(
    celery_worker_proc, staff_a, worker_hanako, worker_taro
):
    make_live_job(staff_a, items=2)
    expired = fill(claim(worker_hanako), worker_hanako)
    WeeklyWindow.objects.filter(worker=worker_hanako).delete()  # not offered it again
    Unit.objects.filter(pk=expired.pk).update(
        lease_expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert "units.expire_leases" in app.conf.beat_schedule

    app.send_task("units.expire_leases")  # what beat sends every minute

    deadline = time.monotonic() + 30
    while Unit.objects.get(pk=expired.pk).status != Unit.Status.OPEN:
        assert time.monotonic() < deadline, "the worker did not expire the lease in 30 s"
        time.sleep(0.2)
    expired.refresh_from_db()
    assert expired.holder_id is None
    assert Entry.objects.filter(unit=expired, worker=worker_hanako).count() == expired.item_count
    assert AuditEvent.objects.filter(verb="unit.lease_expired", object_id=expired.pk).count() == 1
    # Back in the pool: offered to the one worker in a window (hanako's hours were taken
    # away above), then taken by his claim. Waiting for the offer first keeps the claim from
    # meeting the offer round's row lock (SKIP LOCKED would see an empty pool).
    deadline = time.monotonic() + 30
    while not Offer.objects.filter(unit=expired, worker=worker_taro, state="pending").exists():
        assert time.monotonic() < deadline, "the worker did not offer the unit in 30 s"
        time.sleep(0.2)
    assert claim(worker_taro).pk == expired.pk
