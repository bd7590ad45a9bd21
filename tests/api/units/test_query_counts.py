"""The unit lists and the unit detail cost the same number of queries for 1 unit or 20."""

import pytest
from django.utils import timezone

from tests.helpers import claim, fill_and_submit, make_job

pytestmark = pytest.mark.django_db


def _job(staff, *, items: int, item_seconds: int):
    from koma.jobs.services import publish_job, split_job

    job = make_job(staff, items=items, publish=False)
    job.items.update(estimated_seconds=item_seconds)
    publish_job(job=job, by=staff)
    split_job(job_id=job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def roomy(settings, worker_hanako):
    settings.KOMA_CLAIM_RATE_LIMIT = 1000
    settings.KOMA_DAILY_CAP_MINUTES = 100_000
    settings.KOMA_WEEKLY_CAP_MINUTES = 100_000
    settings.KOMA_MAX_HELD_UNITS = 50
    worker_hanako.worker_profile.daily_cap_units = 100
    worker_hanako.worker_profile.save()
    return settings


# Every request: the session, the user with its roles. Then:
# worker profile, the level's caps, the week's claims, the weekly windows, the dated
# exceptions (the current window: claim_fit), the page with jobs and the count in one
# statement (open units: no reviews; offers and teams are subqueries in it)
AVAILABLE_QUERIES = 2 + 6
# the units with jobs, their reviews
MINE_QUERIES = 2 + 2
# the unit with job and holder, its reviews, its items, their entries, the audit row of the read
DETAIL_QUERIES = 2 + 5
# units handed in with jobs, the worker's earnings (shares), rejections with units and jobs
HISTORY_QUERIES = 2 + 3


@pytest.mark.parametrize("n", [1, 20])
def test_available(n, roomy, staff_a, worker_hanako, client_for, django_assert_num_queries):
    _job(staff_a, items=n, item_seconds=6000)  # one item a unit
    client = client_for(worker_hanako)
    with django_assert_num_queries(AVAILABLE_QUERIES):
        body = client.get("/api/v1/units/available").json()
    assert body["count"] == n


@pytest.mark.parametrize("n", [1, 20])
def test_mine(n, roomy, staff_a, worker_hanako, client_for, django_assert_num_queries):
    _job(staff_a, items=n, item_seconds=6000)
    for _ in range(n):
        claim(worker_hanako)
    client = client_for(worker_hanako)
    with django_assert_num_queries(MINE_QUERIES):
        body = client.get("/api/v1/units/mine").json()
    assert len(body) == n


@pytest.mark.parametrize("n", [1, 20])
def test_detail(n, roomy, staff_a, worker_hanako, client_for, django_assert_num_queries):
    _job(staff_a, items=n, item_seconds=60)  # all items in one unit
    unit = claim(worker_hanako)
    assert unit.item_count == n
    fill_and_submit(unit, worker_hanako)
    client = client_for(worker_hanako)
    with django_assert_num_queries(DETAIL_QUERIES):
        body = client.get(f"/api/v1/units/{unit.pk}").json()
    assert len(body["items"]) == n
    assert all(item["entry"] for item in body["items"])


@pytest.mark.parametrize("n", [1, 20])
def test_history(
    n, roomy, staff_a, worker_hanako, coordinator, client_for, django_assert_num_queries
):
    from koma.quality.services import review_unit, start_review

    _job(staff_a, items=2 * n, item_seconds=6000)
    for i in range(2 * n):
        unit = fill_and_submit(claim(worker_hanako), worker_hanako)
        if i % 2:
            unit = start_review(unit=unit, reviewer=coordinator, now=timezone.now())
            review_unit(
                unit=unit, reviewer=coordinator, decision="reject", comment="x", now=timezone.now()
            )
    client = client_for(worker_hanako)
    with django_assert_num_queries(HISTORY_QUERIES):
        body = client.get("/api/v1/units/history").json()
    assert len(body) == 2 * n


# Every request: the session, the user with its roles. Then: the unit (holder check), the
# savepoint of the service, the unit again FOR UPDATE, the item, the job, the entry, the entry
# update, the lease update, the savepoint's release. The version check reads nothing more.
SAVE_QUERIES = 2 + 9


@pytest.mark.parametrize("base_version", [None, 1])
def test_entry_save(base_version, staff_a, worker_hanako, client_for, django_assert_num_queries):
    _job(staff_a, items=3, item_seconds=60)
    unit = claim(worker_hanako)
    item = unit.items.first()
    client = client_for(worker_hanako)
    url = f"/api/v1/units/{unit.pk}/items/{item.pk}/entry"
    assert client.put(url, {"values": {"name": "山田"}}, format="json").status_code == 200
    body: dict = {"values": {"name": "山田花子"}}
    if base_version is not None:
        body["base_version"] = base_version
    with django_assert_num_queries(SAVE_QUERIES):
        response = client.put(url, body, format="json")
    assert response.status_code == 200, response.json()
