"""One field-kinds registry: the same normalisation at CSV import and at autosave."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.helpers import csv_bytes, make_job

pytestmark = pytest.mark.django_db

TYPED_DATES = [
    ("2024-04-01", "2024-04-01"),
    ("2024/4/1", "2024-04-01"),
    ("2024年4月1日", "2024-04-01"),
    ("令和6年4月1日", "2024-04-01"),
    ("R6.4.1", "2024-04-01"),
    ("令和元年5月1日", "2019-05-01"),
    ("２０２４年４月１日", "2024-04-01"),
]


def upload(client, job, data: bytes):
    return client.post(
        f"/api/v1/jobs/{job.id}/items/import",
        {"file": SimpleUploadedFile("items.csv", data, content_type="text/csv")},
        format="multipart",
    )


def test_import_normalises_prefill_by_kind(staff_a, client_for):
    draft = make_job(staff_a, items=0, publish=False)
    rows = [["ref", "birth_date", "kana", "count"]]
    rows += [[f"A{i}", typed, "ﾔﾏﾀﾞ", "１，２００"] for i, (typed, _) in enumerate(TYPED_DATES)]
    response = upload(client_for(staff_a), draft, csv_bytes(rows))
    assert response.status_code == 201, response.json()
    prefills = [i.prefill for i in draft.items.order_by("seq")]
    assert [p["birth_date"] for p in prefills] == [iso for _, iso in TYPED_DATES]
    assert {p["kana"] for p in prefills} == {"ヤマダ"}
    assert {p["count"] for p in prefills} == {"1200"}


def test_import_refuses_values_that_do_not_fit_their_kind(staff_a, client_for):
    draft = make_job(staff_a, items=0, publish=False)
    rows = [["ref", "birth_date", "kind"], ["A1", "2024-02-30", "転入"], ["A2", "", "転居"]]
    response = upload(client_for(staff_a), draft, csv_bytes(rows))
    assert response.status_code == 400
    assert response.json()["code"] == "csv_invalid"
    assert response.json()["fields"]["lines"] == [
        {"line": 2, "column": "birth_date", "code": "not_a_date"},
        {"line": 3, "column": "kind", "code": "not_a_choice"},
    ]
    assert draft.items.count() == 0


@pytest.mark.parametrize("typed, iso", TYPED_DATES)
def test_autosave_normalises_dates_staff_type(worker_hanako, client_for, job_a, typed, iso):
    client = client_for(worker_hanako)
    unit = client.post("/api/v1/units/claim").json()
    item = unit["items"][0]
    response = client.put(
        f"/api/v1/units/{unit['id']}/items/{item['id']}/entry",
        {"values": {"birth_date": typed}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["values"]["birth_date"] == iso
    assert "birth_date" not in response.json()["errors"]


def test_one_maximum_value_length_at_autosave(worker_hanako, client_for, job_a):
    from koma.jobs.fields import MAX_VALUE_LENGTH

    assert MAX_VALUE_LENGTH == 1000
    client = client_for(worker_hanako)
    unit = client.post("/api/v1/units/claim").json()
    url = f"/api/v1/units/{unit['id']}/items/{unit['items'][0]['id']}/entry"
    response = client.put(url, {"values": {"name": "あ" * 1001}}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"name": ["invalid_value"]}
    response = client.put(url, {"values": {"name": "あ" * 1000}}, format="json")
    assert response.status_code == 200  # stored, flagged too long for this field's 40
    assert response.json()["errors"]["name"] == "too_long"
