from datetime import date, timedelta

import pytest

from tests.helpers import SCHEMA

pytestmark = pytest.mark.django_db

BODY = {
    "title": "住民票の入力",
    "field_schema": SCHEMA,
    "deadline": (date.today() + timedelta(days=30)).isoformat(),
    "client_rate_yen": 60,
    "worker_rate_yen": 40,
}


def test_it_creates_a_draft_job_for_the_staffs_municipality(staff_a, client_for):
    response = client_for(staff_a).post("/api/v1/jobs", BODY, format="json")
    assert response.status_code == 201, response.json()
    job = response.json()
    assert job["status"] == "draft"
    assert job["item_count"] == 0
    assert [f["name"] for f in job["field_schema"]] == [f["name"] for f in SCHEMA]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"field_schema": []}, "field_schema"),
        ({"field_schema": [{"name": "Bad Name", "label": "x", "kind": "text"}]}, "field_schema"),
        ({"field_schema": [{"name": "a", "label": "x", "kind": "photo"}]}, "field_schema"),
        ({"field_schema": [{"name": "a", "label": "x", "kind": "choice"}]}, "field_schema"),
        (
            {"field_schema": [{"name": "a", "label": "x", "kind": "text"}] * 2},
            "field_schema",
        ),
        ({"deadline": "next week"}, "deadline"),
        ({"client_rate_yen": -1}, "client_rate_yen"),
        ({"worker_rate_yen": 100}, "worker_rate_yen"),
        ({"title": ""}, "title"),
    ],
)
def test_it_refuses_bad_input_with_field_errors(staff_a, client_for, change, field):
    response = client_for(staff_a).post("/api/v1/jobs", {**BODY, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]


@pytest.mark.parametrize("persona", ["worker_hanako", "coordinator"])
def test_it_refuses_other_roles(request, client_for, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).post("/api/v1/jobs", BODY, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_each_municipality_sees_only_its_jobs(staff_a, staff_b, job_a, client_for, coordinator):
    assert [j["id"] for j in client_for(staff_a).get("/api/v1/jobs").json()] == [job_a.id]
    assert client_for(staff_b).get("/api/v1/jobs").json() == []
    response = client_for(staff_b).get(f"/api/v1/jobs/{job_a.id}")
    assert response.status_code == 404
    assert response.json()["code"] == "job_not_found"
    assert client_for(coordinator).get(f"/api/v1/jobs/{job_a.id}").status_code == 200


def test_workers_cannot_list_jobs(worker_hanako, client_for, job_a):
    assert client_for(worker_hanako).get("/api/v1/jobs").status_code == 403


def _typed_forms(day: date) -> list[str]:
    reiwa = day.year - 2018
    return [
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}/{day.month}/{day.day}",
        f"令和{reiwa}年{day.month}月{day.day}日",
        f"R{reiwa}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日".translate(
            str.maketrans("0123456789", "０１２３４５６７８９")
        ),
    ]


@pytest.mark.parametrize("form", range(5))
def test_the_deadline_accepts_the_forms_staff_type(staff_a, client_for, form):
    day = date.today() + timedelta(days=40)
    typed = _typed_forms(day)[form]
    response = client_for(staff_a).post("/api/v1/jobs", {**BODY, "deadline": typed}, format="json")
    assert response.status_code == 201, (typed, response.json())
    assert response.json()["deadline"] == day.isoformat()


def test_a_typed_deadline_in_the_past_is_refused(staff_a, client_for):
    body = {**BODY, "deadline": "令和2年4月1日"}
    response = client_for(staff_a).post("/api/v1/jobs", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "DEADLINE_IN_PAST"
