"""The list rows are built directly (summary_data, job_data), not by DRF's generic field walk:
each list answers exactly what the generic walk of its serializer gives for the same rows,
read in full, for units in every state and with reviews for the holder and for others."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from koma.jobs.api import JobOut
from koma.jobs.models import Job
from koma.jobs.selectors import with_counts
from koma.quality.serializers import ReviewQueueItemOut
from koma.quality.services import review_unit
from koma.units.models import Unit
from koma.units.serializers import UnitSummaryOut
from koma.workforce.models import WorkerProfile
from tests.helpers import claim, fill_and_submit, make_job, to_review

pytestmark = pytest.mark.django_db


def _generic(serializer_class, instance) -> dict:
    """What DRF's field walk makes of `instance`, as the client reads it (JSON)."""
    data = serializers.Serializer.to_representation(serializer_class(), instance)
    return json.loads(JSONRenderer().render(data))


def _full(unit_id: int) -> Unit:
    return Unit.objects.select_related("job", "holder").get(pk=unit_id)


@pytest.fixture
def scene(settings, staff_a, worker_hanako, worker_taro, coordinator):
    """hanako: a unit back from rework (a review for her), one submitted, one in review, one
    accepted; a unit taro had rejected, taken by hanako (taro's review is not hers); the rest
    open."""
    settings.KOMA_MAX_HELD_UNITS = 10
    settings.KOMA_CLAIM_RATE_LIMIT = 1000
    settings.KOMA_DAILY_CAP_MINUTES = 100_000
    WorkerProfile.objects.update(daily_cap_units=100)
    from koma.jobs.services import publish_job, split_job

    now = timezone.now
    job = make_job(staff_a, items=12, publish=False)
    job.items.update(estimated_seconds=6000)  # one item a unit
    publish_job(job=job, by=staff_a)
    split_job(job_id=job.pk)
    rejected = to_review(claim(worker_taro), worker_taro, coordinator)
    review_unit(unit=rejected, reviewer=coordinator, decision="reject", comment="×", now=now())
    taken_over = claim(worker_hanako)
    reworked = to_review(claim(worker_hanako), worker_hanako, coordinator)
    review_unit(unit=reworked, reviewer=coordinator, decision="rework", comment="確認を", now=now())
    accepted = to_review(claim(worker_hanako), worker_hanako, coordinator)
    review_unit(unit=accepted, reviewer=coordinator, decision="accept", now=now())
    fill_and_submit(claim(worker_hanako), worker_hanako)
    to_review(claim(worker_hanako), worker_hanako, coordinator)
    return job, rejected, taken_over


def test_the_units_lists_equal_the_generic_walk(
    scene, worker_hanako, worker_taro, coordinator, client_for
):
    mine = client_for(worker_hanako).get("/api/v1/units/mine").json()
    statuses = {row["status"] for row in mine}
    assert statuses == {"reserved", "submitted", "in_review"}
    assert any(row["last_review"] and row["last_review"]["decision"] == "rework" for row in mine)
    assert mine == [_generic(UnitSummaryOut, _full(row["id"])) for row in mine]

    available = client_for(worker_taro).get("/api/v1/units/available").json()["results"]
    assert available and {row["status"] for row in available} == {"open"}
    assert available == [_generic(UnitSummaryOut, _full(row["id"])) for row in available]

    queue = client_for(coordinator).get("/api/v1/reviews/queue").json()
    assert {row["status"] for row in queue} == {"submitted", "in_review"}
    assert queue == [_generic(ReviewQueueItemOut, _full(row["id"])) for row in queue]


def test_a_taken_over_unit_shows_no_review_of_the_previous_holder(scene, worker_hanako, client_for):
    _, rejected, taken_over = scene
    assert taken_over.pk == rejected.pk  # the rejected unit came back first in claim order
    mine = client_for(worker_hanako).get("/api/v1/units/mine").json()
    row = next(row for row in mine if row["id"] == taken_over.pk)
    assert row["last_review"] is None
    assert row == _generic(UnitSummaryOut, _full(taken_over.pk))


def test_the_jobs_list_and_detail_equal_the_generic_walk(scene, staff_a, client_for):
    job = make_job(staff_a, items=3)  # a second job, split its own way
    listed = client_for(staff_a).get("/api/v1/jobs").json()
    assert len(listed) == 2
    full = {j.pk: j for j in with_counts(Job.objects.all())}
    assert listed == [_generic(JobOut, full[row["id"]]) for row in listed]
    detail = client_for(staff_a).get(f"/api/v1/jobs/{job.pk}").json()
    assert detail == _generic(JobOut, full[job.pk])
    assert detail["item_count"] == 3 and detail["unit_count"] > 0


def test_the_available_count_covers_more_than_the_page(
    settings, staff_a, worker_hanako, client_for
):
    """The page and the count come in one statement: the count is of every claimable unit."""
    from koma.jobs.services import publish_job, split_job
    from koma.units.selectors import AVAILABLE_LIST_LIMIT

    job = make_job(staff_a, items=AVAILABLE_LIST_LIMIT + 5, publish=False)
    job.items.update(estimated_seconds=6000)  # one item a unit
    publish_job(job=job, by=staff_a)
    split_job(job_id=job.pk)
    body = client_for(worker_hanako).get("/api/v1/units/available").json()
    assert body["count"] == AVAILABLE_LIST_LIMIT + 5
    assert len(body["results"]) == AVAILABLE_LIST_LIMIT
    assert body["estimated_minutes_next"] == body["results"][0]["estimated_minutes"]
