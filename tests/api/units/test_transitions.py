"""Transitions go through one funnel per machine: compare-and-set, one audit row, one event.

The job completes exactly once when its last units are accepted at the same moment: without
the job-row lock each accept saw the other's unit still in review and the job never completed.
"""

from __future__ import annotations

import threading

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from koma.audit.models import AuditEvent
from koma.jobs.models import Job
from koma.realtime.publish import job_group
from koma.units.models import Unit
from tests.helpers import claim, make_job, to_review

UNITS = 6


@pytest.fixture
def committed(committed_db):
    """Committed data, so concurrent requests on their own connections see it."""
    yield


def _job_with_units_in_review(staff, worker, coordinator, count: int) -> Job:
    from koma.jobs.services import publish_job, split_job

    job = make_job(staff, items=count, publish=False)
    job.items.update(estimated_seconds=6000)  # one item a unit
    publish_job(job=job, by=staff)
    split_job(job_id=job.pk)
    worker.worker_profile.daily_cap_units = 100
    worker.worker_profile.save()
    for _ in range(count):
        to_review(claim(worker), worker, coordinator)
    job.refresh_from_db()
    return job


def _drain(layer, channel: str) -> list[dict]:
    async def receive_all():
        import asyncio

        got = []
        while True:
            try:
                got.append(await asyncio.wait_for(layer.receive(channel), timeout=0.5))
            except TimeoutError:
                return got

    return async_to_sync(receive_all)()


def test_job_completes_once_under_concurrent_last_accepts(
    committed, settings, staff_a, worker_hanako, coordinator
):
    settings.KOMA_CLAIM_RATE_LIMIT = 1000
    settings.KOMA_DAILY_CAP_MINUTES = 100_000
    settings.KOMA_WEEKLY_CAP_MINUTES = 100_000
    job = _job_with_units_in_review(staff_a, worker_hanako, coordinator, UNITS)
    unit_ids = list(job.units.values_list("id", flat=True))
    assert len(unit_ids) == UNITS
    assert job.status == Job.Status.IN_PROGRESS

    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(job_group(job.pk), channel)

    barrier = threading.Barrier(UNITS, timeout=60)
    answers: list[int | None] = [None] * UNITS

    def accept(index: int) -> None:
        try:
            client = APIClient()
            client.force_login(coordinator)
            barrier.wait()
            response = client.post(
                f"/api/v1/units/{unit_ids[index]}/review", {"decision": "accept"}, format="json"
            )
            answers[index] = response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(UNITS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert answers == [200] * UNITS
    assert set(Unit.objects.filter(job=job).values_list("status", flat=True)) == {"accepted"}
    job.refresh_from_db()
    assert job.status == Job.Status.COMPLETED
    completed = AuditEvent.objects.filter(object_type="job", object_id=job.pk, verb="job.completed")
    assert completed.count() == 1
    assert completed.get().actor_id == coordinator.pk
    events = _drain(layer, channel)
    job_events = [e for e in events if e["event"] == "job.changed" and e["status"] == "completed"]
    assert len(job_events) == 1
    accepted = [e for e in events if e["event"] == "unit.changed" and e["status"] == "accepted"]
    assert sorted(e["unit_id"] for e in accepted) == sorted(unit_ids)


@pytest.mark.django_db
def test_every_unit_transition_writes_one_audit_row(worker_hanako, coordinator, job_a):
    from koma.quality.services import review_unit

    unit = claim(worker_hanako)
    unit = to_review(unit, worker_hanako, coordinator)
    unit = review_unit(unit=unit, reviewer=coordinator, decision="accept", now=timezone.now())
    verbs = list(
        AuditEvent.objects.filter(object_type="unit", object_id=unit.pk)
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["unit.claimed", "unit.submitted", "unit.review_started", "unit.accepted"]
    job_verbs = list(
        AuditEvent.objects.filter(
            object_type="job", object_id=job_a.pk, verb__in=["job.started", "job.completed"]
        )
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert job_verbs == ["job.started", "job.completed"]
    job_a.refresh_from_db()
    assert job_a.status == Job.Status.COMPLETED


@pytest.mark.django_db
def test_a_stale_transition_is_409_not_a_double_write(worker_hanako, client_for, job_a):
    from koma.core.errors import Conflict
    from koma.units.transitions import transition_unit

    unit = claim(worker_hanako)
    stale = Unit.objects.get(pk=unit.pk)
    client_for(worker_hanako).post(f"/api/v1/units/{unit.pk}/release")
    with pytest.raises(Conflict):
        transition_unit(
            stale,
            from_states=[Unit.Status.RESERVED],
            to_state=Unit.Status.SUBMITTED,
            actor=worker_hanako,
            verb="unit.submitted",
        )
    assert Unit.objects.get(pk=unit.pk).status == Unit.Status.OPEN
