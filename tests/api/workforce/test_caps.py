"""Caps per level and per worker, per Japanese day and week (workforce/caps.py, claim_budget).

Through the API with the clock fixed in Japan: coordinators set the levels' minutes
(`/workforce/levels`) and a worker's overrides (`PATCH /workers/{id}`); claims count per
Tokyo day and per Tokyo week (Monday 00:00 JST), releases included.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.helpers import always_available, make_job

pytestmark = pytest.mark.django_db

LEVELS = "/api/v1/workforce/levels"


def _at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


@pytest.fixture
def setup(settings, staff_a, worker_hanako, worker_taro):
    settings.KOMA_CLAIM_RATE_LIMIT = 1000
    settings.KOMA_DAILY_CAP_MINUTES = 100_000
    settings.KOMA_WEEKLY_CAP_MINUTES = 100_000
    worker_hanako.worker_profile.daily_cap_units = 50
    worker_hanako.worker_profile.save()
    always_available(worker_hanako, worker_taro)  # caps, not windows, are under test
    job = make_job(staff_a, items=1, publish=False)
    from koma.jobs.services import publish_job, split_job

    job.items.update(estimated_seconds=100 * 60)  # one unit of 100 minutes
    publish_job(job=job, by=staff_a)
    split_job(job_id=job.pk)
    return settings


def _claim_release(client) -> None:
    response = client.post("/api/v1/units/claim")
    assert response.status_code == 201, response.json()
    assert client.post(f"/api/v1/units/{response.json()['id']}/release").status_code == 200


def test_coordinators_set_the_levels_caps_and_workers_cannot(
    client_for, coordinator, worker_hanako, setup
):
    client = client_for(coordinator)
    table = client.get(LEVELS).json()["levels"]
    assert [row["level"] for row in table] == [0, 1, 2, 3]
    assert table[1]["daily_minutes"] == 100_000  # no row yet: the settings' default
    body = {"levels": [{"level": 1, "daily_minutes": 250, "weekly_minutes": 900}]}
    response = client.put(LEVELS, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["levels"][1] | {"label": ""} == {
        "level": 1,
        "label": "",
        "daily_minutes": 250,
        "weekly_minutes": 900,
    }
    bad = {
        "levels": [
            {"level": 9, "daily_minutes": 1, "weekly_minutes": 1},
            {"level": 2, "daily_minutes": 500, "weekly_minutes": 400},
        ]
    }
    response = client.put(LEVELS, bad, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_caps"
    assert response.json()["fields"] == {
        "levels[0].level": ["invalid_level"],
        "levels[1].daily_minutes": ["above_weekly"],
    }
    hanako = client_for(worker_hanako)
    assert hanako.get(LEVELS).status_code == 403
    assert hanako.put(LEVELS, body, format="json").status_code == 403
    today = hanako.get("/api/v1/workers/me/today").json()
    assert (today["daily_cap_minutes"], today["weekly_cap_minutes"]) == (250, 900)


def test_the_levels_daily_cap_counts_claims_per_tokyo_day(
    client_for, coordinator, worker_hanako, setup
):
    client_for(coordinator).put(
        LEVELS,
        {"levels": [{"level": 1, "daily_minutes": 250, "weekly_minutes": 10_000}]},
        format="json",
    )
    hanako = client_for(worker_hanako)
    setup.KOMA_FIXED_NOW = _at("2026-12-02T08:30:00+09:00")
    _claim_release(hanako)
    _claim_release(hanako)  # 200 of the day's 250 minutes
    response = hanako.post("/api/v1/units/claim")
    assert response.json()["code"] == "daily_minutes_reached"
    assert hanako.get("/api/v1/units/available").json()["count"] == 0
    today = hanako.get("/api/v1/workers/me/today").json()
    assert today["daily_cap_minutes_left"] == 50
    setup.KOMA_FIXED_NOW = _at("2026-12-03T00:00:00+09:00")  # a new Japanese day
    assert hanako.post("/api/v1/units/claim").status_code == 201


def test_the_weekly_cap_resets_monday_0000_japan_time(
    client_for, coordinator, worker_hanako, setup
):
    response = client_for(coordinator).put(
        LEVELS,
        {"levels": [{"level": 1, "daily_minutes": 200, "weekly_minutes": 300}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    hanako = client_for(worker_hanako)
    setup.KOMA_FIXED_NOW = _at("2026-12-05T12:00:00+09:00")  # Saturday
    _claim_release(hanako)
    # Sunday 23:00 JST (14:00 UTC): the same Japanese week.
    setup.KOMA_FIXED_NOW = _at("2026-12-06T23:00:00+09:00")
    _claim_release(hanako)
    _claim_release(hanako)  # 300 minutes: the week is full (and Sunday's 200)
    assert hanako.post("/api/v1/units/claim").json()["code"] == "weekly_minutes_reached"
    # Monday 00:00 JST is still Sunday in UTC, but a new week in Japan.
    setup.KOMA_FIXED_NOW = _at("2026-12-07T00:00:00+09:00")
    _claim_release(hanako)
    today = hanako.get("/api/v1/workers/me/today").json()
    assert today["claimed_minutes_this_week"] == 100
    assert today["weekly_cap_minutes_left"] == 200
    _claim_release(hanako)
    assert hanako.post("/api/v1/units/claim").json()["code"] == "daily_minutes_reached"
    setup.KOMA_FIXED_NOW = _at("2026-12-08T09:00:00+09:00")  # Tuesday: 100 left this week
    _claim_release(hanako)
    assert hanako.post("/api/v1/units/claim").json()["code"] == "weekly_minutes_reached"


def test_a_workers_override_wins_over_her_level(
    client_for, coordinator, worker_hanako, worker_taro, setup
):
    client = client_for(coordinator)
    client.put(
        LEVELS,
        {"levels": [{"level": 1, "daily_minutes": 1000, "weekly_minutes": 5000}]},
        format="json",
    )
    url = f"/api/v1/workers/{worker_hanako.pk}"
    response = client.patch(url, {"daily_cap_minutes": 150}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["daily_cap_minutes"] == 150
    assert client.patch(url, {"level": 7}, format="json").json()["fields"] == {
        "level": ["invalid_level"]
    }
    assert (
        client.patch("/api/v1/workers/999999", {"level": 2}, format="json").json()["code"]
        == "worker_not_found"
    )
    assert client_for(worker_taro).patch(url, {"level": 3}, format="json").status_code == 403
    setup.KOMA_FIXED_NOW = _at("2026-12-02T10:00:00+09:00")
    hanako = client_for(worker_hanako)
    _claim_release(hanako)
    assert hanako.post("/api/v1/units/claim").json()["code"] == "daily_minutes_reached"
    taro = client_for(worker_taro)  # same level, no override: 1000 a day
    for _ in range(3):
        _claim_release(taro)
    # Back to the level's caps.
    client.patch(url, {"daily_cap_minutes": None}, format="json")
    assert hanako.post("/api/v1/units/claim").status_code == 201
