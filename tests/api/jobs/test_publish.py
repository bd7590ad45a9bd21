import pytest

from koma.jobs.models import Job
from koma.jobs.services import split_job
from tests.helpers import make_job

pytestmark = pytest.mark.django_db


def test_it_publishes_and_the_split_packs_items_into_units(staff_a, client_for):
    job = make_job(staff_a, items=150, publish=False)
    response = client_for(staff_a).post(f"/api/v1/jobs/{job.id}/publish")
    assert response.status_code == 202
    assert response.json()["status"] == "published"
    assert response.json()["split"]["state"] == "pending"
    created = split_job(job_id=job.id)
    job.refresh_from_db()
    assert job.split_state == "done"
    assert job.units.count() == created > 1
    assert job.items.filter(unit__isnull=True).count() == 0
    for unit in job.units.all():
        assert unit.estimated_minutes <= 120
        assert unit.item_count == unit.items.count()
    # Items stay in order across units.
    seqs = [
        list(u.items.order_by("seq").values_list("seq", flat=True))
        for u in job.units.order_by("seq")
    ]
    assert [s for unit_seqs in seqs for s in unit_seqs] == list(range(1, 151))


def test_splitting_twice_creates_nothing_more(staff_a):
    job = make_job(staff_a, items=50)
    units = job.units.count()
    assert split_job(job_id=job.id) == 0
    assert job.units.count() == units


def test_progress_counts_units_per_state(staff_a, client_for, job_a):
    body = client_for(staff_a).get(f"/api/v1/jobs/{job_a.id}/progress").json()
    assert body["units"]["open"] == body["unit_total"] == job_a.units.count()
    assert body["items_total"] == 3
    assert body["split"] == {"state": "done", "done": 3, "total": 3}


def test_it_refuses_publishing_without_items(staff_a, client_for):
    job = make_job(staff_a, items=0, publish=False)
    response = client_for(staff_a).post(f"/api/v1/jobs/{job.id}/publish")
    assert response.status_code == 409
    assert response.json()["code"] == "job_has_no_items"


def test_a_retried_publish_is_answered(staff_a, client_for, job_a):
    response = client_for(staff_a).post(f"/api/v1/jobs/{job_a.id}/publish")
    assert response.status_code == 202
    assert Job.objects.get(pk=job_a.id).status == "published"


def test_another_municipality_cannot_publish(staff_b, client_for, staff_a):
    job = make_job(staff_a, items=2, publish=False)
    assert client_for(staff_b).post(f"/api/v1/jobs/{job.id}/publish").status_code == 404
    assert client_for(staff_b).get(f"/api/v1/jobs/{job.id}/progress").status_code == 404
    job.refresh_from_db()
    assert job.status == "draft"
