import csv
import io

import pytest

from tests.helpers import claim, fill_and_submit

pytestmark = pytest.mark.django_db


def accept(unit, coordinator, client_for):
    client = client_for(coordinator)
    client.post(f"/api/v1/units/{unit.id}/review/start")
    client.post(f"/api/v1/units/{unit.id}/review", {"decision": "accept"}, format="json")


def test_it_exports_accepted_data_as_utf8_bom_csv(
    staff_a, worker_hanako, coordinator, client_for, job_a
):
    unit = fill_and_submit(claim(worker_hanako), worker_hanako)
    accept(unit, coordinator, client_for)
    response = client_for(staff_a).get(f"/api/v1/jobs/{job_a.id}/export?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["ref", "name", "kana", "birth_date", "postal_code", "count", "kind"]
    assert rows[1:] == [[f"R000{i}", "山田　太郎", "", "", "", "", ""] for i in (1, 2, 3)]


def test_nothing_accepted_is_409(staff_a, client_for, job_a):
    response = client_for(staff_a).get(f"/api/v1/jobs/{job_a.id}/export?format=csv")
    assert response.status_code == 409
    assert response.json()["code"] == "job_has_no_accepted_units"


def test_unknown_formats_are_400(staff_a, client_for, job_a):
    assert client_for(staff_a).get(f"/api/v1/jobs/{job_a.id}/export?format=pdf").status_code == 400


@pytest.mark.parametrize("persona", ["staff_b", "worker_hanako"])
def test_no_export_for_others(request, client_for, job_a, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/jobs/{job_a.id}/export?format=csv").status_code in (403, 404)
