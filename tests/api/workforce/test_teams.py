"""Job teams (workforce/teams.py): a job with a team is claimable only by its members."""

from __future__ import annotations

import pytest

from koma.workforce.models import TeamMember
from tests.helpers import always_available, make_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(staff_a, settings, worker_hanako, worker_taro):
    settings.KOMA_CLAIM_RATE_LIMIT = 1000
    always_available(worker_hanako, worker_taro)  # teams, not windows, are under test
    return make_job(staff_a, items=3)


def _team_url(job) -> str:
    return f"/api/v1/jobs/{job.pk}/team"


def test_coordinator_sets_a_team_with_one_leader(
    client_for, coordinator, worker_hanako, worker_taro, job
):
    client = client_for(coordinator)
    assert client.get(_team_url(job)).json() == {"job_id": job.pk, "members": []}
    body = {
        "members": [
            {"worker_id": worker_hanako.pk, "leader": True},
            {"worker_id": worker_taro.pk},
        ]
    }
    response = client.put(_team_url(job), body, format="json")
    assert response.status_code == 200, response.json()
    members = response.json()["members"]
    assert [(m["worker_id"], m["leader"]) for m in members] == [
        (worker_hanako.pk, True),
        (worker_taro.pk, False),
    ]
    assert client.get(_team_url(job)).json()["members"] == members


@pytest.mark.parametrize(
    ("members", "fields"),
    [
        (
            [{"worker_id": "H", "leader": True}, {"worker_id": "T", "leader": True}],
            {"members": ["more_than_one_leader"]},
        ),
        (
            [{"worker_id": "H"}, {"worker_id": "H"}],
            {"members[1].worker_id": ["duplicate_worker"]},
        ),
        ([{"worker_id": "C"}], {"members[0].worker_id": ["not_a_worker"]}),
        ([{"worker_id": "H", "leader": "yes"}], {"members[0].leader": ["not_a_boolean"]}),
        ("x", {"members": ["not_a_list"]}),
    ],
)
def test_team_validation_names_each_problem(
    members, fields, client_for, coordinator, worker_hanako, worker_taro, job
):
    ids = {"H": worker_hanako.pk, "T": worker_taro.pk, "C": coordinator.pk}
    if isinstance(members, list):
        members = [m | {"worker_id": ids[m["worker_id"]]} for m in members]
    response = client_for(coordinator).put(_team_url(job), {"members": members}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_team"
    assert response.json()["fields"] == fields
    assert not TeamMember.objects.exists()


def test_only_coordinators_of_the_jobs_municipality(
    client_for, operator, city_b, staff_a, worker_hanako, job
):
    from koma.workforce.services import assign_coordinator
    from tests.conftest import _user

    other = _user("coordinator_b", operator, "coordinator")
    assign_coordinator(coordinator=other, municipality=city_b)
    body = {"members": [{"worker_id": worker_hanako.pk}]}
    assert client_for(other).get(_team_url(job)).status_code == 404
    assert client_for(other).put(_team_url(job), body, format="json").status_code == 404
    assert client_for(staff_a).put(_team_url(job), body, format="json").status_code == 403
    assert client_for(worker_hanako).get(_team_url(job)).status_code == 403


def test_a_team_job_is_listed_and_claimable_by_members_only(
    client_for, coordinator, worker_hanako, worker_taro, job
):
    client_for(coordinator).put(
        _team_url(job), {"members": [{"worker_id": worker_hanako.pk}]}, format="json"
    )
    unit = job.units.get()
    taro = client_for(worker_taro)
    assert taro.get("/api/v1/units/available").json()["count"] == 0
    assert taro.post(f"/api/v1/units/{unit.pk}/claim").status_code == 409
    assert taro.get("/api/v1/workers/me/jobs").json() == []
    hanako = client_for(worker_hanako)
    assert hanako.get("/api/v1/units/available").json()["count"] == 1
    jobs = hanako.get("/api/v1/workers/me/jobs").json()
    assert [(j["job_id"], j["team_member"], j["claimable_units"]) for j in jobs] == [
        (job.pk, True, 1)
    ]
    assert hanako.post("/api/v1/units/claim").json()["id"] == unit.pk
    jobs = hanako.get("/api/v1/workers/me/jobs").json()
    assert (jobs[0]["claimable_units"], jobs[0]["held_units"]) == (0, 1)


def test_my_jobs_lists_at_most_five_by_deadline(
    client_for, staff_a, worker_hanako, django_assert_num_queries
):
    from datetime import timedelta

    from koma.jobs.models import Job

    jobs = [make_job(staff_a, items=1) for _ in range(7)]
    for i, j in enumerate(jobs):
        Job.objects.filter(pk=j.pk).update(deadline=j.deadline + timedelta(days=7 - i))
    client = client_for(worker_hanako)
    # the session, the user with its roles; profile, level caps, week's claims, windows,
    # exceptions; jobs; counts; held; teams
    with django_assert_num_queries(11):
        body = client.get("/api/v1/workers/me/jobs").json()
    assert [j["job_id"] for j in body] == [j.pk for j in reversed(jobs)][:5]
