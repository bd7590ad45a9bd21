"""A coordinator sees and acts on the work of the municipalities assigned to them only."""

import pytest
from django.utils import timezone

from koma.units.models import Unit
from tests.helpers import fill_and_submit, make_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_b(operator, city_b):
    from koma.accounts.services import create_user
    from koma.workforce.services import assign_coordinator

    user = create_user(
        username="coordinator_b", password=None, organization=operator, role="coordinator"
    )
    assign_coordinator(coordinator=user, municipality=city_b)
    return user


@pytest.fixture
def unassigned(operator):
    from koma.accounts.services import create_user

    return create_user(
        username="coordinator_x", password=None, organization=operator, role="coordinator"
    )


def _submitted(worker, job):
    from koma.units.services import claim_unit

    unit, _ = claim_unit(worker=worker, now=timezone.now(), unit_id=job.units.first().pk)
    return fill_and_submit(unit, worker)


@pytest.fixture
def world(staff_b, worker_hanako, worker_taro, job_a):
    job_b = make_job(staff_b, items=2)
    return {
        "job_a": job_a,
        "job_b": job_b,
        "unit_a": _submitted(worker_hanako, job_a),
        "unit_b": _submitted(worker_taro, job_b),
    }


def _queue(client):
    response = client.get("/api/v1/reviews/queue")
    assert response.status_code == 200
    return [u["id"] for u in response.json()]


def test_each_coordinator_queue_holds_only_their_municipalities_units(
    coordinator, coordinator_b, unassigned, client_for, world
):
    assert _queue(client_for(coordinator)) == [world["unit_a"].pk]
    assert _queue(client_for(coordinator_b)) == [world["unit_b"].pk]
    assert _queue(client_for(unassigned)) == []


def test_a_coordinator_cannot_start_or_decide_another_municipalitys_unit(
    coordinator, client_for, world
):
    client = client_for(coordinator)
    foreign = world["unit_b"]
    started = client.post(f"/api/v1/units/{foreign.pk}/review/start")
    assert started.status_code == 404
    assert started.json()["code"] == "unit_not_found"
    decided = client.post(
        f"/api/v1/units/{foreign.pk}/review", {"decision": "accept"}, format="json"
    )
    assert decided.status_code == 404
    assert client.get(f"/api/v1/units/{foreign.pk}").status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Unit.Status.SUBMITTED
    # Their own municipality's unit goes through.
    own = world["unit_a"]
    assert client.post(f"/api/v1/units/{own.pk}/review/start").status_code == 200
    accepted = client.post(f"/api/v1/units/{own.pk}/review", {"decision": "accept"}, format="json")
    assert accepted.json()["status"] == "accepted"


def test_an_unassigned_coordinator_reaches_no_unit(unassigned, client_for, world):
    client = client_for(unassigned)
    unit = world["unit_a"]
    assert client.post(f"/api/v1/units/{unit.pk}/review/start").status_code == 404
    assert client.get(f"/api/v1/units/{unit.pk}").status_code == 404
    assert client.get("/api/v1/jobs").json() == []


def test_jobs_and_progress_are_scoped_to_the_assignment(coordinator, client_for, world):
    client = client_for(coordinator)
    assert [j["id"] for j in client.get("/api/v1/jobs").json()] == [world["job_a"].pk]
    assert client.get(f"/api/v1/jobs/{world['job_a'].pk}").status_code == 200
    assert client.get(f"/api/v1/jobs/{world['job_a'].pk}/progress").status_code == 200
    assert client.get(f"/api/v1/jobs/{world['job_b'].pk}").status_code == 404
    assert client.get(f"/api/v1/jobs/{world['job_b'].pk}/progress").status_code == 404


def test_a_source_image_of_another_municipality_is_a_404(
    coordinator, client_for, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "i.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    own, foreign = world["job_a"].items.first(), world["job_b"].items.first()
    for item in (own, foreign):
        item.image = "i.png"
        item.save(update_fields=["image"])
    client = client_for(coordinator)
    assert client.get(f"/api/v1/items/{own.pk}/image").status_code == 200
    response = client.get(f"/api/v1/items/{foreign.pk}/image")
    assert response.status_code == 404
    assert response.json()["code"] == "item_not_found"


def test_an_operator_admin_sees_every_municipality(operator, client_for, world):
    from koma.accounts.services import create_user

    admin = create_user(username="boss", password=None, organization=operator, role="admin")
    assert sorted(_queue(client_for(admin))) == sorted([world["unit_a"].pk, world["unit_b"].pk])


def test_assigning_twice_is_one_assignment_and_only_coordinators_to_municipalities(
    coordinator, city_a, operator, worker_hanako
):
    from koma.core.errors import Invalid
    from koma.workforce.models import CoordinatorAssignment
    from koma.workforce.services import assign_coordinator

    assign_coordinator(coordinator=coordinator, municipality=city_a)
    assert CoordinatorAssignment.objects.filter(coordinator=coordinator).count() == 1
    with pytest.raises(Invalid):
        assign_coordinator(coordinator=worker_hanako, municipality=city_a)
    with pytest.raises(Invalid):
        assign_coordinator(coordinator=coordinator, municipality=operator)
