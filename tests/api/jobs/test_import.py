import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.helpers import csv_bytes, make_job

pytestmark = pytest.mark.django_db

ROWS = [["ref", "name", "memo"], ["A001", "山田　太郎", "x"], ["A002", "髙橋　神子", ""]]


@pytest.fixture
def draft(staff_a):
    return make_job(staff_a, items=0, publish=False)


def upload(client, job, data: bytes, name="items.csv", content_type="text/csv"):
    return client.post(
        f"/api/v1/jobs/{job.id}/items/import",
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
        format="multipart",
    )


@pytest.mark.parametrize(
    "data, encoding",
    [
        (csv_bytes(ROWS, "utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + csv_bytes(ROWS, "utf-8"), "utf-8-sig"),
        (csv_bytes(ROWS, "cp932"), "cp932"),
    ],
)
def test_it_imports_utf8_bom_and_shift_jis(staff_a, client_for, draft, data, encoding):
    response = upload(client_for(staff_a), draft, data)
    assert response.status_code == 201, response.json()
    assert response.json() == {"imported": 2, "encoding": encoding}
    items = list(draft.items.order_by("seq"))
    assert [i.ref for i in items] == ["A001", "A002"]
    # Columns named like schema fields are kept as prefill, kanji untouched; others dropped.
    assert items[0].prefill == {"name": "山田　太郎"}
    assert items[1].prefill == {"name": "髙橋　神子"}
    assert items[0].estimated_seconds > 0


def test_it_refuses_a_malformed_file_whole_with_line_numbers(staff_a, client_for, draft):
    rows = [["ref", "name"], ["A1", "x"], ["A2"], ["", "y"], ["A1", "z"], ["A5", "ok"]]
    response = upload(client_for(staff_a), draft, csv_bytes(rows))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "csv_invalid"
    assert [(e["line"], e["code"]) for e in body["fields"]["lines"]] == [
        (3, "column_count"),
        (4, "ref_missing"),
        (5, "ref_duplicate"),
    ]
    assert draft.items.count() == 0  # nothing half-imported


def test_it_reports_undecodable_lines(staff_a, client_for, draft):
    data = b"ref\r\nA1\r\n" + b"\xff\xfe\xfa\r\nA3\r\n"
    response = upload(client_for(staff_a), draft, data)
    assert response.status_code == 400
    assert response.json()["fields"]["lines"][0] == {"line": 3, "code": "bad_encoding"}


def test_it_needs_a_ref_column(staff_a, client_for, draft):
    response = upload(client_for(staff_a), draft, csv_bytes([["id"], ["1"]]))
    assert response.json()["fields"]["lines"] == [{"line": 1, "code": "missing_ref_column"}]


def test_it_refuses_refs_already_imported(staff_a, client_for, draft):
    client = client_for(staff_a)
    assert upload(client, draft, csv_bytes([["ref"], ["A1"]])).status_code == 201
    response = upload(client, draft, csv_bytes([["ref"], ["A2"], ["A1"]]))
    assert response.status_code == 400
    assert response.json()["fields"]["lines"] == [{"line": 3, "code": "ref_exists"}]
    assert upload(client, draft, csv_bytes([["ref"], ["A2"]])).status_code == 201
    assert list(draft.items.values_list("seq", flat=True)) == [1, 2]


def test_it_refuses_other_file_types_and_missing_files(staff_a, client_for, draft):
    client = client_for(staff_a)
    response = upload(client, draft, b"\x89PNG....", name="scan.png", content_type="image/png")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_file"
    response = client.post(f"/api/v1/jobs/{draft.id}/items/import", {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "file_required"


def test_it_refuses_oversized_files(staff_a, client_for, draft, settings):
    settings.KOMA_MAX_IMPORT_BYTES = 100
    response = upload(client_for(staff_a), draft, csv_bytes([["ref"]] + [["A"] * 1] * 80))
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"


def test_it_refuses_import_after_publishing(staff_a, client_for, job_a):
    response = upload(client_for(staff_a), job_a, csv_bytes([["ref"], ["Z9"]]))
    assert response.status_code == 409
    assert response.json()["code"] == "job_not_draft"


def test_another_municipality_gets_404(staff_b, client_for, draft):
    response = upload(client_for(staff_b), draft, csv_bytes(ROWS))
    assert response.status_code == 404
    assert draft.items.count() == 0


def test_workers_cannot_import(worker_hanako, client_for, draft):
    assert upload(client_for(worker_hanako), draft, csv_bytes(ROWS)).status_code == 403
