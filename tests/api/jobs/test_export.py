import csv
import io
import json

import pytest

from tests.helpers import claim, fill_and_submit, make_job

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def accept(unit, coordinator, client_for):
    client = client_for(coordinator)
    client.post(f"/api/v1/units/{unit.id}/review/start")
    client.post(f"/api/v1/units/{unit.id}/review", {"decision": "accept"}, format="json")


def accepted_job(staff, worker, coordinator, client_for, names: list[str]):
    """A job whose items were keyed with `names` (one per item) through the API and accepted."""
    job = make_job(staff, items=len(names))
    client = client_for(worker)
    unit = client.post("/api/v1/units/claim").json()
    for item, name in zip(unit["items"], names, strict=True):
        response = client.put(
            f"/api/v1/units/{unit['id']}/items/{item['id']}/entry",
            {"values": {"name": name}},
            format="json",
        )
        assert response.status_code == 200, response.json()
    assert client.post(f"/api/v1/units/{unit['id']}/submit").status_code == 200
    from koma.units.models import Unit

    accept(Unit.objects.get(pk=unit["id"]), coordinator, client_for)
    return job


# Autosave strips surrounding whitespace, so a leading tab or CR cannot reach an export
# through the API; tests/unit/jobs/test_exports.py covers those two triggers.
DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x","y")', "山田　太郎"]
NEUTRAL = ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", '\'=HYPERLINK("http://x","y")', "山田　太郎"]


@pytest.fixture
def dangerous_job(staff_a, worker_hanako, coordinator, client_for):
    return accepted_job(staff_a, worker_hanako, coordinator, client_for, DANGEROUS)


def export(client, job, fmt=None):
    query = f"?format={fmt}" if fmt else ""
    return client.get(f"/api/v1/jobs/{job.id}/export{query}")


def test_it_exports_accepted_data_as_utf8_bom_csv(
    staff_a, worker_hanako, coordinator, client_for, job_a
):
    unit = fill_and_submit(claim(worker_hanako), worker_hanako)
    accept(unit, coordinator, client_for)
    response = client_for(staff_a).get(f"/api/v1/jobs/{job_a.id}/export?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == f'attachment; filename="job-{job_a.id}.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["ref", "name", "kana", "birth_date", "postal_code", "count", "kind"]
    assert rows[1:] == [[f"R000{i}", "山田　太郎", "", "", "", "", ""] for i in (1, 2, 3)]


def test_csv_stays_the_default_format(staff_a, client_for, dangerous_job):
    response = export(client_for(staff_a), dangerous_job)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def csv_names(content: bytes, encoding: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(content.decode(encoding), newline="")))
    return [row[1] for row in rows[1:]]


def test_csv_neutralises_formulas(staff_a, client_for, dangerous_job):
    response = export(client_for(staff_a), dangerous_job, "csv")
    assert csv_names(response.content, "utf-8-sig") == NEUTRAL


def test_csv_sjis_is_cp932_and_neutralises_formulas(staff_a, client_for, dangerous_job):
    response = export(client_for(staff_a), dangerous_job, "csv-sjis")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=shift_jis"
    assert response["Cache-Control"] == "no-store"
    assert f'filename="job-{dangerous_job.id}-sjis.csv"' in response["Content-Disposition"]
    assert not response.content.startswith(b"\xef\xbb\xbf")
    assert "山田　太郎".encode("cp932") in response.content
    assert csv_names(response.content, "cp932") == NEUTRAL


def test_csv_sjis_refuses_characters_cp932_lacks_naming_line_and_column(
    staff_a, worker_hanako, coordinator, client_for
):
    # 𠮷 (U+20BB7, the "tsuchiyoshi" in 吉田) is outside CP932; 髙 is inside (IBM extension).
    job = accepted_job(staff_a, worker_hanako, coordinator, client_for, ["髙橋", "𠮷田"])
    response = export(client_for(staff_a), job, "csv-sjis")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "EXPORT_NOT_SHIFT_JIS"
    assert body["fields"] == {"line": 3, "column": "name", "char": "U+20BB7"}
    # The UTF-8 formats carry it.
    assert "𠮷田" in csv_names(export(client_for(staff_a), job, "csv").content, "utf-8-sig")


def test_xlsx_writes_strings_never_formulas(staff_a, client_for, dangerous_job):
    from openpyxl import load_workbook

    response = export(client_for(staff_a), dangerous_job, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Cache-Control"] == "no-store"
    assert f'filename="job-{dangerous_job.id}.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]][:2] == ["ref", "name"]
    names = [row[1] for row in rows[1:]]
    assert [c.value for c in names] == NEUTRAL
    assert {c.data_type for row in rows for c in row if c.value is not None} == {"s"}
    assert b"<f>" not in response.content


def test_json_keeps_raw_values(staff_a, client_for, dangerous_job):
    response = export(client_for(staff_a), dangerous_job, "json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert f'filename="job-{dangerous_job.id}.json"' in response["Content-Disposition"]
    body = json.loads(response.content)
    assert body["columns"][:2] == ["ref", "name"]
    assert [r["name"] for r in body["rows"]] == DANGEROUS
    assert body["rows"][0]["ref"] == "R0001"


def test_nothing_accepted_is_409(staff_a, client_for, job_a):
    response = client_for(staff_a).get(f"/api/v1/jobs/{job_a.id}/export?format=csv")
    assert response.status_code == 409
    assert response.json()["code"] == "job_has_no_accepted_units"


def test_unknown_formats_are_400(staff_a, client_for, job_a):
    response = client_for(staff_a).get(f"/api/v1/jobs/{job_a.id}/export?format=pdf")
    assert response.status_code == 400
    assert response.json()["fields"] == {"format": ["unsupported_format"]}


@pytest.mark.parametrize("persona", ["staff_b", "worker_hanako"])
def test_no_export_for_others(request, client_for, job_a, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/jobs/{job_a.id}/export?format=csv").status_code in (403, 404)
