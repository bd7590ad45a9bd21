from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from koma.audit.models import AuditEvent
from koma.jobs.models import Job
from tests.helpers import SCHEMA, csv_bytes, make_job

pytestmark = pytest.mark.django_db


def tokyo_today():
    return timezone.localdate(timezone=ZoneInfo("Asia/Tokyo"))


BODY = {
    "title": "住民票の入力",
    "field_schema": SCHEMA,
    "client_rate_yen": 60,
    "worker_rate_yen": 40,
}


def test_a_deadline_in_the_past_is_refused(staff_a, client_for):
    yesterday = (tokyo_today() - timedelta(days=1)).isoformat()
    response = client_for(staff_a).post(
        "/api/v1/jobs", {**BODY, "deadline": yesterday}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "DEADLINE_IN_PAST"
    assert response.json()["fields"] == {"deadline": ["DEADLINE_IN_PAST"]}
    assert not Job.objects.exists()


def test_today_in_tokyo_is_allowed(staff_a, client_for):
    today = tokyo_today().isoformat()
    response = client_for(staff_a).post("/api/v1/jobs", {**BODY, "deadline": today}, format="json")
    assert response.status_code == 201, response.json()


@pytest.fixture
def draft(staff_a):
    return make_job(staff_a, items=0, publish=False)


def test_a_draft_can_be_edited_and_the_edit_is_audited(staff_a, client_for, draft):
    deadline = (tokyo_today() + timedelta(days=30)).isoformat()
    response = client_for(staff_a).patch(
        f"/api/v1/jobs/{draft.id}",
        {"title": "新しい題名", "deadline": deadline, "worker_rate_yen": 50},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["title"], body["deadline"], body["worker_rate_yen"]) == (
        "新しい題名",
        deadline,
        50,
    )
    assert body["version"] == draft.version + 1
    event = AuditEvent.objects.get(verb="job.updated", object_id=draft.id)
    assert event.actor == staff_a
    assert event.data["fields"] == ["deadline", "title", "worker_rate_yen"]


@pytest.mark.parametrize(
    "change, code",
    [
        ({"deadline": "2000-01-01"}, "DEADLINE_IN_PAST"),
        ({"worker_rate_yen": 100}, "invalid"),
        ({"field_schema": [{"name": "a", "label": "x", "kind": "photo"}]}, "invalid"),
        ({"title": ""}, "invalid"),
    ],
)
def test_edits_are_validated_like_creation(staff_a, client_for, draft, change, code):
    response = client_for(staff_a).patch(f"/api/v1/jobs/{draft.id}", change, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    draft.refresh_from_db()
    assert draft.title == "テスト案件" and draft.worker_rate_yen == 40


def test_the_schema_is_fixed_once_items_are_imported(staff_a, client_for, draft):
    from koma.jobs.services import import_items

    import_items(job=draft, by=staff_a, data=csv_bytes([["ref"], ["A1"]]))
    schema = [{"name": "a", "label": "A", "kind": "text"}]
    response = client_for(staff_a).patch(
        f"/api/v1/jobs/{draft.id}", {"field_schema": schema}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "job_schema_locked"
    # Sending the same schema back (a form that saves everything) is fine.
    response = client_for(staff_a).patch(
        f"/api/v1/jobs/{draft.id}", {"field_schema": SCHEMA, "title": "x"}, format="json"
    )
    assert response.status_code == 200, response.json()


def test_a_draft_can_be_deleted_and_the_deletion_is_audited(staff_a, client_for, draft):
    from koma.jobs.services import import_items

    import_items(job=draft, by=staff_a, data=csv_bytes([["ref"], ["A1"], ["A2"]]))
    response = client_for(staff_a).delete(f"/api/v1/jobs/{draft.id}")
    assert response.status_code == 204
    assert not Job.objects.filter(pk=draft.id).exists()
    event = AuditEvent.objects.get(verb="job.deleted", object_id=draft.id)
    assert event.actor == staff_a
    assert event.data == {"title": "テスト案件", "items": 2}
    assert client_for(staff_a).delete(f"/api/v1/jobs/{draft.id}").status_code == 404


def test_published_jobs_cannot_be_edited_or_deleted(staff_a, client_for, job_a):
    client = client_for(staff_a)
    response = client.patch(f"/api/v1/jobs/{job_a.id}", {"title": "x"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "job_not_editable"
    response = client.delete(f"/api/v1/jobs/{job_a.id}")
    assert response.status_code == 409
    assert response.json()["code"] == "job_not_editable"
    assert Job.objects.filter(pk=job_a.id, title="テスト案件").exists()
    assert not AuditEvent.objects.filter(verb__in=["job.updated", "job.deleted"]).exists()


@pytest.mark.parametrize("persona", ["staff_b", "worker_hanako", "coordinator"])
def test_others_cannot_edit_or_delete(request, client_for, draft, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.patch(f"/api/v1/jobs/{draft.id}", {"title": "x"}, format="json").status_code in (
        403,
        404,
    )
    assert client.delete(f"/api/v1/jobs/{draft.id}").status_code in (403, 404)
    assert Job.objects.filter(pk=draft.id, title="テスト案件").exists()
