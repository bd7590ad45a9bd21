"""The trigger-kept job counters equal a fresh count after every kind of unit transition.

Each step goes through the API or the services (never a hand-made row), then the counters
(koma.jobs.models.JobCounter, summed over shards) are compared with COUNT(*) GROUP BY status
and the job's progress and detail answers.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from koma.jobs.models import Item, Job, JobCounter
from koma.jobs.selectors import job_counts
from koma.units.models import Unit
from koma.units.services import expire_leases
from tests.helpers import SCHEMA, fill, make_job

pytestmark = pytest.mark.django_db

# 40 extra optional text fields: about 10 items per unit, so 40 items make a few units.
WIDE_SCHEMA = SCHEMA + [
    {"name": f"memo{i}", "label": f"メモ{i}", "kind": "text", "required": False} for i in range(40)
]


def fresh_counts(job_id: int) -> dict:
    units = {s: 0 for s in Unit.Status.values}
    items = {s: 0 for s in Unit.Status.values}
    for row in (
        Unit.objects.filter(job_id=job_id)
        .values("status")
        .annotate(n=Count("id"), items=Sum("item_count"))
    ):
        units[row["status"]] = row["n"]
        items[row["status"]] = row["items"]
    return {
        "units": units,
        "items": items,
        "items_total": Item.objects.filter(job_id=job_id).count(),
    }


def assert_counters_right(client, job_id: int) -> None:
    fresh = fresh_counts(job_id)
    assert job_counts(job_id=job_id) == fresh
    progress = client.get(f"/api/v1/jobs/{job_id}/progress").json()
    assert progress["units"] == fresh["units"]
    assert progress["unit_total"] == sum(fresh["units"].values())
    assert progress["items_total"] == fresh["items_total"]
    assert (
        progress["items_accepted"]
        == Item.objects.filter(job_id=job_id, unit__status="accepted").count()
    )
    detail = client.get(f"/api/v1/jobs/{job_id}").json()
    assert detail["item_count"] == fresh["items_total"]
    assert detail["unit_count"] == sum(fresh["units"].values())
    listed = {j["id"]: j for j in client.get("/api/v1/jobs").json()}
    assert listed[job_id]["item_count"] == fresh["items_total"]
    assert listed[job_id]["unit_count"] == sum(fresh["units"].values())


@pytest.fixture
def wide_job(staff_a):
    return make_job(staff_a, items=40, schema=WIDE_SCHEMA)


def claim_via_api(client) -> Unit:
    response = client.post("/api/v1/units/claim")
    assert response.status_code in (200, 201), response.json()
    return Unit.objects.get(pk=response.json()["id"])


def submit_via_api(client, unit, worker) -> None:
    fill(unit, worker)
    assert client.post(f"/api/v1/units/{unit.id}/submit").status_code == 200


def review_via_api(client, unit, decision: str) -> None:
    assert client.post(f"/api/v1/units/{unit.id}/review/start").status_code == 200
    body = {"decision": decision, "comment": "" if decision == "accept" else "確認してください"}
    response = client.post(f"/api/v1/units/{unit.id}/review", body, format="json")
    assert response.status_code == 200, response.json()


def test_counters_follow_every_transition(
    staff_a, worker_hanako, worker_taro, coordinator, client_for, wide_job
):
    staff = client_for(staff_a)
    hanako, taro, coord = (
        client_for(worker_hanako),
        client_for(worker_taro),
        client_for(coordinator),
    )
    assert Unit.objects.filter(job=wide_job).count() >= 4
    assert_counters_right(staff, wide_job.id)  # after import and split

    first = claim_via_api(hanako)
    assert_counters_right(staff, wide_job.id)
    submit_via_api(hanako, first, worker_hanako)
    assert_counters_right(staff, wide_job.id)
    review_via_api(coord, first, "accept")
    assert_counters_right(staff, wide_job.id)

    second = claim_via_api(taro)
    submit_via_api(taro, second, worker_taro)
    review_via_api(coord, second, "rework")  # back to taro
    assert_counters_right(staff, wide_job.id)
    submit_via_api(taro, second, worker_taro)
    review_via_api(coord, second, "reject")  # back to the pool
    assert_counters_right(staff, wide_job.id)

    third = claim_via_api(hanako)
    assert hanako.post(f"/api/v1/units/{third.id}/release").status_code == 200
    assert_counters_right(staff, wide_job.id)

    held = claim_via_api(hanako)
    assert_counters_right(staff, wide_job.id)
    assert expire_leases(now=timezone.now() + timedelta(days=1)) == 1
    held.refresh_from_db()
    assert held.status == "open"
    assert_counters_right(staff, wide_job.id)

    # Any code path counts, also a bulk UPDATE that bypasses the services.
    Unit.objects.filter(job=wide_job, status="open").update(
        status="submitted", holder=worker_taro, submitted_at=timezone.now()
    )
    assert_counters_right(staff, wide_job.id)


def test_counters_are_kept_per_job_and_removed_with_the_job(staff_a, client_for, job_a):
    other = make_job(staff_a, items=5)
    assert_counters_right(client_for(staff_a), job_a.id)
    assert_counters_right(client_for(staff_a), other.id)
    # Django deletes the units and items first (the triggers subtract), then the job; the
    # counters go with the job through the database's ON DELETE CASCADE.
    Job.objects.filter(pk=other.pk).delete()
    assert not JobCounter.objects.filter(job_id=other.pk).exists()
    assert_counters_right(client_for(staff_a), job_a.id)


def test_a_job_without_items_counts_zero(staff_a, client_for):
    job = make_job(staff_a, items=0, publish=False)
    body = client_for(staff_a).get(f"/api/v1/jobs/{job.id}").json()
    assert (body["item_count"], body["unit_count"]) == (0, 0)
    progress = client_for(staff_a).get(f"/api/v1/jobs/{job.id}/progress").json()
    assert progress["items_total"] == 0 and progress["unit_total"] == 0
