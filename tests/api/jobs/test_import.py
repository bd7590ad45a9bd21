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


KANJI = [["ref", "name", "memo"], ["A001", "髙橋　一郎", "x"], ["A002", "住所異動届", "郡山市"]]
# EUC-JP (JIS X 0208) has no 髙, so its samples use 高; two different contents.
EUC_1 = [["ref", "name", "memo"], ["A001", "高橋　一郎", "x"], ["A002", "住所異動届", "郡山市"]]
EUC_2 = [["ref", "name"], ["E1", "ヤマダ　タロウ"], ["E2", "福島県郡山市朝日一丁目"]]


def names_of(rows):
    return [r[1] for r in rows[1:]]


@pytest.mark.parametrize(
    "data, encoding, rows",
    [
        (csv_bytes(KANJI, "utf-8"), "utf-8", KANJI),
        (b"\xef\xbb\xbf" + csv_bytes(KANJI, "utf-8"), "utf-8-sig", KANJI),
        (csv_bytes(KANJI, "cp932"), "cp932", KANJI),
        (csv_bytes(ROWS, "cp932"), "cp932", ROWS),
        (csv_bytes(EUC_1, "euc_jp"), "euc-jp", EUC_1),
        (csv_bytes(EUC_2, "euc_jp"), "euc-jp", EUC_2),
        (csv_bytes(KANJI, "utf-16"), "utf-16", KANJI),  # Python writes a BOM, native order
        (b"\xff\xfe" + csv_bytes(KANJI, "utf-16-le"), "utf-16", KANJI),
        (b"\xfe\xff" + csv_bytes(KANJI, "utf-16-be"), "utf-16", KANJI),
    ],
)
def test_it_imports_every_allowed_encoding_without_mojibake(
    staff_a, client_for, draft, data, encoding, rows
):
    response = upload(client_for(staff_a), draft, data)
    assert response.status_code == 201, response.json()
    assert response.json() == {"imported": 2, "encoding": encoding}
    items = list(draft.items.order_by("seq"))
    assert [i.ref for i in items] == [r[0] for r in rows[1:]]
    # Columns named like schema fields are kept as prefill, kanji untouched; others dropped.
    assert [i.prefill.get("name") for i in items] == names_of(rows)
    assert items[0].estimated_seconds > 0


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def zip_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("items.csv", "ref\nA1\n")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        PNG,
        zip_bytes(),
        "ref,name\r\nA1,Café Müller\r\n".encode("latin-1"),
        "ref,name\r\nA1,ÉCOLE ÀÉÈ ÖSTERREICH\r\n".encode("latin-1"),  # bytes in CP932's kana range
        csv_bytes(KANJI, "utf-16-le"),  # no BOM
        csv_bytes(KANJI, "utf-32"),
        b"\xef\xbb\xbfref\r\nA1,\xff\r\n",  # a UTF-8 BOM, then not UTF-8
        b"ref\r\nA1\r\n\xff\xfe\xfa\r\nA3\r\n",
        b"ref\r\nA\x01\r\n",  # control characters: not a text file
    ],
    ids=[
        "png",
        "zip",
        "latin1",
        "latin1-kana-range",
        "utf16-no-bom",
        "utf32",
        "bad-bom",
        "junk",
        "ctl",
    ],
)
def test_it_refuses_unknown_encodings_and_binary(staff_a, client_for, draft, data):
    response = upload(client_for(staff_a), draft, data)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "CSV_ENCODING_UNKNOWN"
    assert "UTF-8" in body["message"] and "Shift_JIS" in body["message"]
    assert draft.items.count() == 0


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
