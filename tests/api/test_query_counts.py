"""Every list and detail endpoint costs the same number of queries for 1 row and for many.

The figures include the request's own reads (the session, the user with its roles). A change that adds a
query per row (an N+1) makes the "many" case differ from the "one" case and fails here; a
change that adds a constant query fails the pin and should update it on purpose.
"""

from __future__ import annotations

import pytest

from koma.workforce.models import WorkerProfile
from tests.api.test_counters import WIDE_SCHEMA
from tests.helpers import claim, fill_and_submit, make_job, to_review

pytestmark = pytest.mark.django_db

# endpoint → (who asks, path template, queries)
# (The session's user is read with its roles: two queries before the endpoint's own.)
ENDPOINTS = {
    "jobs list (staff)": ("staff", "/api/v1/jobs", 3),
    "jobs list (coordinator)": ("coordinator", "/api/v1/jobs", 3),
    "job detail": ("staff", "/api/v1/jobs/{job}", 3),
    "job progress": ("staff", "/api/v1/jobs/{job}/progress", 10),  # 4 + the forecast
    "units available": ("worker", "/api/v1/units/available", 8),
    "units mine": ("hanako", "/api/v1/units/mine", 4),
    "review queue": ("coordinator", "/api/v1/reviews/queue", 4),
}


def build_scene(n, *, staff, hanako, taro, worker, coordinator):
    """n jobs of 3 units each; hanako has n submitted units (the review queue), taro one
    unit sent back for rework (a review row), the rest open for `worker`."""
    WorkerProfile.objects.filter(user=hanako).update(daily_cap_units=100)
    jobs = [make_job(staff, items=33, schema=WIDE_SCHEMA) for _ in range(n)]
    for _ in range(n):
        fill_and_submit(claim(hanako), hanako)
    from django.utils import timezone

    from koma.quality.services import review_unit

    unit = to_review(claim(taro), taro, coordinator)
    review_unit(
        unit=unit, reviewer=coordinator, decision="rework", comment="確認", now=timezone.now()
    )
    return jobs


@pytest.mark.parametrize("rows", [1, 4])
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_queries_do_not_grow_with_rows(
    name,
    rows,
    staff_a,
    worker_hanako,
    worker_taro,
    coordinator,
    operator,
    client_for,
    django_assert_num_queries,
):
    from tests.conftest import _user

    worker = _user("jiro", operator, "worker")
    WorkerProfile.objects.filter(user=worker).update(level=2)
    jobs = build_scene(
        rows,
        staff=staff_a,
        hanako=worker_hanako,
        taro=worker_taro,
        worker=worker,
        coordinator=coordinator,
    )
    who, path, expected = ENDPOINTS[name]
    user = {
        "staff": staff_a,
        "coordinator": coordinator,
        "worker": worker,
        "hanako": worker_hanako,
    }[who]
    client = client_for(user)
    url = path.format(job=jobs[-1].id)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    if isinstance(body, list):
        assert len(body) >= rows  # the "many" case really lists many rows
    elif "results" in body:
        assert len(body["results"]) >= rows


def test_jobs_list_shows_the_stored_form_in_the_field_shape(staff_a, client_for):
    """JobOut passes the stored form through: it must equal what FieldOut would render."""
    from koma.units.serializers import FieldOut

    job = make_job(staff_a, items=1, schema=WIDE_SCHEMA)
    listed = client_for(staff_a).get("/api/v1/jobs").json()[0]["field_schema"]
    assert listed == FieldOut(job.field_schema, many=True).data
    schema = (
        client_for(staff_a)
        .get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        .json()
    )
    field_schema = schema["components"]["schemas"]["Job"]["properties"]["field_schema"]
    assert field_schema["items"] == {"$ref": "#/components/schemas/Field"}
