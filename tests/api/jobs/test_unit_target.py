"""A job's unit target (15..120 minutes) and source documents, through the API and the split."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from koma.jobs import logic
from koma.jobs.models import Job
from koma.jobs.services import split_job
from tests.helpers import SCHEMA, csv_bytes, make_job

pytestmark = pytest.mark.django_db

BODY = {
    "title": "短い枠の入力",
    "field_schema": SCHEMA,
    "deadline": (date.today() + timedelta(days=30)).isoformat(),
    "client_rate_yen": 60,
    "worker_rate_yen": 40,
}


def upload(client, job_id: int, rows) -> None:
    response = client.post(
        f"/api/v1/jobs/{job_id}/items/import",
        {"file": SimpleUploadedFile("items.csv", csv_bytes(rows), content_type="text/csv")},
        format="multipart",
    )
    assert response.status_code == 201, response.json()


def publish_and_split(client, job_id: int) -> Job:
    assert client.post(f"/api/v1/jobs/{job_id}/publish").status_code == 202
    split_job(job_id=job_id)
    return Job.objects.get(pk=job_id)


def unit_seconds(job: Job) -> list[int]:
    return [
        sum(u.items.values_list("estimated_seconds", flat=True)) for u in job.units.order_by("seq")
    ]


def test_a_job_with_a_30_minute_target_is_split_into_30_minute_units(staff_a, client_for):
    client = client_for(staff_a)
    response = client.post("/api/v1/jobs", {**BODY, "unit_target_minutes": 30}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["unit_target_minutes"] == 30
    job_id = response.json()["id"]
    upload(client, job_id, [["ref"], *[[f"R{i:03d}"] for i in range(200)]])

    job = publish_and_split(client, job_id)

    per_item = logic.estimate_item_seconds(SCHEMA)
    per_unit = [len(g) for g in logic.pack_items([per_item] * 200, target_s=30 * 60)]
    assert [u.item_count for u in job.units.order_by("seq")] == per_unit
    assert all(s <= 30 * 60 + per_item for s in unit_seconds(job))  # near 30 min, not 100
    assert max(per_unit) < max(len(g) for g in logic.pack_items([per_item] * 200))
    assert client.get(f"/api/v1/jobs/{job_id}").json()["unit_count"] == len(per_unit)


def test_the_default_target_is_100_minutes(staff_a, client_for):
    response = client_for(staff_a).post("/api/v1/jobs", BODY, format="json")
    assert response.json()["unit_target_minutes"] == 100


@pytest.mark.parametrize("minutes", [0, 14, 121, 10**6, -30])
def test_a_target_outside_15_to_120_minutes_is_refused(staff_a, client_for, minutes):
    client = client_for(staff_a)
    response = client.post("/api/v1/jobs", {**BODY, "unit_target_minutes": minutes}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "unit_target_out_of_range"
    assert response.json()["fields"] == {"unit_target_minutes": ["unit_target_out_of_range"]}
    assert not Job.objects.exists()


def test_a_drafts_target_can_be_changed_within_the_range(staff_a, client_for):
    client = client_for(staff_a)
    job = make_job(staff_a, items=3, publish=False)
    assert (
        client.patch(f"/api/v1/jobs/{job.id}", {"unit_target_minutes": 15}).json()[
            "unit_target_minutes"
        ]
        == 15
    )
    response = client.patch(f"/api/v1/jobs/{job.id}", {"unit_target_minutes": 200})
    assert response.status_code == 400
    assert response.json()["code"] == "unit_target_out_of_range"
    job.refresh_from_db()
    assert job.unit_target_minutes == 15


def test_a_published_jobs_target_cannot_change(staff_a, client_for, job_a):
    response = client_for(staff_a).patch(f"/api/v1/jobs/{job_a.id}", {"unit_target_minutes": 30})
    assert response.status_code == 409
    assert response.json()["code"] == "job_not_editable"


def test_the_items_of_one_source_document_land_in_one_unit(staff_a, client_for):
    """document_ref: a household's sheets stay together, even past the target."""
    client = client_for(staff_a)
    job_id = client.post("/api/v1/jobs", {**BODY, "unit_target_minutes": 15}, format="json").json()[
        "id"
    ]
    per_item = logic.estimate_item_seconds(SCHEMA)
    pages = 15 * 60 // per_item + 3  # each document is a little above the 15-minute target
    rows = [["ref", "document_ref", "name"]]
    for d in range(4):
        rows += [[f"D{d}-{p}", f"世帯{d}", "山田　太郎"] for p in range(pages)]
    upload(client, job_id, rows)

    job = publish_and_split(client, job_id)

    assert job.items.filter(document_ref="世帯0").count() == pages
    assert job.items.get(ref="D0-0").prefill == {"name": "山田　太郎"}  # not a field value
    units = list(job.units.order_by("seq"))
    assert len(units) == 4
    for unit in units:
        assert len(set(unit.items.values_list("document_ref", flat=True))) == 1
        assert unit.item_count == pages


def test_a_too_long_document_ref_refuses_the_file(staff_a, client_for):
    client = client_for(staff_a)
    job = make_job(staff_a, items=0, publish=False)
    response = client.post(
        f"/api/v1/jobs/{job.id}/items/import",
        {
            "file": SimpleUploadedFile(
                "items.csv",
                csv_bytes([["ref", "document_ref"], ["A1", "x" * 101]]),
                content_type="text/csv",
            )
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert {"line": 2, "code": "document_ref_too_long"} in response.json()["fields"]["lines"]


def test_document_ref_is_not_a_field_name(staff_a, client_for):
    schema = [{"name": "document_ref", "label": "帳票", "kind": "text"}]
    response = client_for(staff_a).post(
        "/api/v1/jobs", {**BODY, "field_schema": schema}, format="json"
    )
    assert response.status_code == 400
