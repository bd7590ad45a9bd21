"""個人番号 in an imported CSV: refused unless the field is declared to hold one."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from koma.jobs.services import publish_job, split_job
from koma.units.models import Unit
from tests.helpers import SCHEMA, csv_bytes, make_job

pytestmark = pytest.mark.django_db

NUMBER = "123456789018"  # valid check digit
GROUPED = "1234 5678 9018"


def upload(client, job, data: bytes):
    return client.post(
        f"/api/v1/jobs/{job.id}/items/import",
        {"file": SimpleUploadedFile("items.csv", data, content_type="text/csv")},
        format="multipart",
    )


@pytest.mark.parametrize("written", [NUMBER, GROUPED, "1234-5678-9018", "１２３４５６７８９０１８"])
def test_a_my_number_in_any_cell_is_refused_naming_line_and_column(staff_a, client_for, written):
    draft = make_job(staff_a, items=0, publish=False)
    rows = [["ref", "name", "memo"], ["A1", "山田", "x"], ["A2", "鈴木", f"番号 {written}"]]
    response = upload(client_for(staff_a), draft, csv_bytes(rows))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "MYNUMBER_IN_IMPORT"
    assert body["fields"]["lines"] == [{"line": 3, "column": "memo", "code": "MYNUMBER_IN_IMPORT"}]
    assert "9018" not in response.content.decode()  # never echoed
    assert draft.items.count() == 0


def test_a_number_with_a_wrong_check_digit_is_not_a_my_number(staff_a, client_for):
    draft = make_job(staff_a, items=0, publish=False)
    rows = [["ref", "name"], ["A1", "123456789019"]]
    assert upload(client_for(staff_a), draft, csv_bytes(rows)).status_code == 201


@pytest.fixture
def mynumber_job(staff_a, client_for):
    schema = [
        *SCHEMA,
        {"name": "kojin", "label": "個人番号", "kind": "text", "may_hold_mynumber": True},
    ]
    body = {
        "title": "番号付き",
        "field_schema": schema,
        "deadline": (date.today() + timedelta(days=7)).isoformat(),
        "client_rate_yen": 60,
        "worker_rate_yen": 40,
    }
    response = client_for(staff_a).post("/api/v1/jobs", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["field_schema"][-1]["may_hold_mynumber"] is True
    from koma.jobs.models import Job

    return Job.objects.get(pk=response.json()["id"])


def test_a_declared_field_stores_it_masks_it_for_workers_and_exports_it_raw(
    staff_a, worker_hanako, coordinator, client_for, mynumber_job
):
    # Only the declared column may carry it: the same number under "name" is still refused.
    refused = upload(
        client_for(staff_a), mynumber_job, csv_bytes([["ref", "name", "kojin"], ["A1", NUMBER, ""]])
    )
    assert refused.status_code == 400
    assert refused.json()["fields"]["lines"] == [
        {"line": 2, "column": "name", "code": "MYNUMBER_IN_IMPORT"}
    ]

    rows = [["ref", "kojin"], ["A1", GROUPED], ["A2", ""]]
    response = upload(client_for(staff_a), mynumber_job, csv_bytes(rows))
    assert response.status_code == 201, response.json()
    publish_job(job=mynumber_job, by=staff_a)
    split_job(job_id=mynumber_job.id)

    worker = client_for(worker_hanako)
    claimed = worker.post("/api/v1/units/claim")
    assert claimed.status_code == 201
    unit = claimed.json()
    assert [i["prefill"] for i in unit["items"]] == [{"kojin": "**** **** 9018"}, {}]
    detail = worker.get(f"/api/v1/units/{unit['id']}")
    for response in (claimed, detail):
        text = response.content.decode()
        assert NUMBER not in text and GROUPED not in text

    for item in unit["items"]:
        # A form that autosaves its prefilled (masked) value does not lose the number.
        values = {"name": "山田"}
        if item["prefill"]:
            values["kojin"] = item["prefill"]["kojin"]
        response = worker.put(
            f"/api/v1/units/{unit['id']}/items/{item['id']}/entry",
            {"values": values},
            format="json",
        )
        assert response.status_code == 200, response.json()
    assert worker.post(f"/api/v1/units/{unit['id']}/submit").status_code == 200
    coord = client_for(coordinator)
    coord.post(f"/api/v1/units/{unit['id']}/review/start")
    coord.post(f"/api/v1/units/{unit['id']}/review", {"decision": "accept"}, format="json")
    assert Unit.objects.get(pk=unit["id"]).status == Unit.Status.ACCEPTED

    export = client_for(staff_a).get(f"/api/v1/jobs/{mynumber_job.id}/export")
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert [(r["ref"], r["kojin"]) for r in rows] == [("A1", GROUPED), ("A2", "")]
