import pytest

from koma.units.models import Unit
from tests.helpers import make_job

pytestmark = pytest.mark.django_db


def test_it_claims_the_next_unit_and_returns_its_items(worker_hanako, client_for, job_a):
    response = client_for(worker_hanako).post("/api/v1/units/claim")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "reserved"
    assert [i["ref"] for i in body["items"]] == ["R0001", "R0002", "R0003"]
    assert body["lease_expires_at"]
    assert body["worker_rate_yen"] == 3 * 40
    unit = Unit.objects.get(pk=body["id"])
    assert unit.holder == worker_hanako
    job_a.refresh_from_db()
    assert job_a.status == "in_progress"


def test_a_retried_claim_returns_the_same_unit(worker_hanako, client_for, staff_a):
    make_job(staff_a, items=200)
    client = client_for(worker_hanako)
    first = client.post("/api/v1/units/claim")
    again = client.post("/api/v1/units/claim")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Unit.objects.filter(holder=worker_hanako).count() == 1


def test_an_idempotency_key_returns_the_same_unit(worker_hanako, client_for, staff_a, settings):
    settings.KOMA_MAX_HELD_UNITS = 5
    make_job(staff_a, items=300)
    client = client_for(worker_hanako)
    first = client.post("/api/v1/units/claim", HTTP_IDEMPOTENCY_KEY="phone-1")
    again = client.post("/api/v1/units/claim", HTTP_IDEMPOTENCY_KEY="phone-1")
    other = client.post("/api/v1/units/claim", HTTP_IDEMPOTENCY_KEY="phone-2")
    assert again.json()["id"] == first.json()["id"]
    assert other.status_code == 201
    assert other.json()["id"] != first.json()["id"]


def test_it_answers_409_when_nothing_is_open(worker_hanako, worker_taro, client_for, job_a):
    assert client_for(worker_hanako).post("/api/v1/units/claim").status_code == 201
    response = client_for(worker_taro).post("/api/v1/units/claim")
    assert response.status_code == 409
    assert response.json()["code"] == "no_unit_available"


def test_it_claims_a_chosen_unit_once(worker_hanako, worker_taro, client_for, job_a):
    unit = job_a.units.get()
    assert client_for(worker_hanako).post(f"/api/v1/units/{unit.id}/claim").status_code == 201
    response = client_for(worker_taro).post(f"/api/v1/units/{unit.id}/claim")
    assert response.status_code == 409
    assert response.json()["code"] == "unit_not_open"
    assert client_for(worker_taro).post("/api/v1/units/999999/claim").status_code == 404


def test_the_daily_cap_stops_claims(worker_hanako, client_for, staff_a, settings):
    settings.KOMA_MAX_HELD_UNITS = 10
    make_job(staff_a, items=600)
    worker_hanako.worker_profile.daily_cap_units = 2
    worker_hanako.worker_profile.save()
    client = client_for(worker_hanako)
    assert client.post("/api/v1/units/claim").status_code == 201
    assert client.post("/api/v1/units/claim").status_code == 201
    response = client.post("/api/v1/units/claim")
    assert response.status_code == 409
    assert response.json()["code"] == "daily_cap_reached"


def test_units_above_the_workers_level_are_not_offered(worker_hanako, client_for, job_a):
    job_a.units.update(required_level=3)
    assert client_for(worker_hanako).get("/api/v1/units/available").json()["count"] == 0
    assert client_for(worker_hanako).post("/api/v1/units/claim").status_code == 409


@pytest.mark.parametrize("persona", ["staff_a", "coordinator"])
def test_only_workers_claim(request, client_for, job_a, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).post("/api/v1/units/claim").status_code == 403


def test_available_lists_open_units(worker_hanako, client_for, job_a):
    body = client_for(worker_hanako).get("/api/v1/units/available").json()
    assert body["count"] == 1
    assert body["results"][0]["job_title"] == "テスト案件"
    assert body["estimated_minutes_next"] == body["results"][0]["estimated_minutes"]


def test_another_workers_unit_is_404(worker_hanako, worker_taro, client_for, job_a):
    unit_id = client_for(worker_hanako).post("/api/v1/units/claim").json()["id"]
    assert client_for(worker_taro).get(f"/api/v1/units/{unit_id}").status_code == 404
    assert client_for(worker_taro).post(f"/api/v1/units/{unit_id}/submit").status_code == 404
    assert client_for(worker_hanako).get(f"/api/v1/units/{unit_id}").status_code == 200
