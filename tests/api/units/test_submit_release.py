import pytest

from koma.units.models import Entry, Unit
from tests.helpers import claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(worker_hanako, job_a):
    return claim(worker_hanako)


def save(client, unit, values_by_item):
    for item_id, values in values_by_item.items():
        r = client.put(
            f"/api/v1/units/{unit.id}/items/{item_id}/entry", {"values": values}, format="json"
        )
        assert r.status_code == 200


def test_it_submits_when_every_item_is_valid(worker_hanako, client_for, held):
    client = client_for(worker_hanako)
    save(client, held, {i.id: {"name": "山田"} for i in held.items.all()})
    response = client.post(f"/api/v1/units/{held.id}/submit")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    again = client.post(f"/api/v1/units/{held.id}/submit")
    assert again.status_code == 200  # a phone retrying is answered, not refused
    assert again.json()["version"] == response.json()["version"]


def test_it_lists_what_to_fix_before_submitting(worker_hanako, client_for, held):
    client = client_for(worker_hanako)
    first, *rest = held.items.all()
    save(client, held, {first.id: {"name": "山田", "postal_code": "12"}})
    response = client.post(f"/api/v1/units/{held.id}/submit")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "unit_entries_invalid"
    assert body["fields"]["items"] == {
        str(first.id): {"postal_code": "invalid_postal_code"},
        **{str(i.id): {"name": "required"} for i in rest},
    }
    assert Unit.objects.get(pk=held.id).status == "reserved"


def test_release_returns_the_unit_and_keeps_drafts(worker_hanako, client_for, held):
    client = client_for(worker_hanako)
    save(client, held, {held.items.first().id: {"name": "下書き"}})
    response = client.post(f"/api/v1/units/{held.id}/release")
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    assert client.post(f"/api/v1/units/{held.id}/release").status_code == 200  # retry
    assert Entry.objects.filter(unit=held).count() == 1
    # The same worker claims it again and finds the draft.
    body = client.post("/api/v1/units/claim").json()
    assert body["id"] == held.id
    assert body["items"][0]["entry"]["values"] == {"name": "下書き"}


def test_another_worker_cannot_release(worker_taro, client_for, held):
    response = client_for(worker_taro).post(f"/api/v1/units/{held.id}/release")
    assert response.status_code == 404  # not theirs: existence is not revealed
    assert response.json()["code"] == "unit_not_found"
    assert Unit.objects.get(pk=held.id).holder_id is not None


def test_heartbeat_extends_the_lease_within_its_limit(worker_hanako, client_for, held, settings):
    from datetime import timedelta

    Unit.objects.filter(pk=held.pk).update(lease_expires_at=held.claimed_at + timedelta(minutes=1))
    response = client_for(worker_hanako).post(f"/api/v1/units/{held.id}/heartbeat")
    assert response.status_code == 200
    held.refresh_from_db()
    cap = held.claimed_at + timedelta(minutes=held.estimated_minutes * 1.5)
    assert held.claimed_at + timedelta(minutes=1) < held.lease_expires_at <= cap


def test_expired_leases_go_back_to_the_pool_with_their_drafts(worker_hanako, held):
    from datetime import timedelta

    from django.utils import timezone

    from koma.audit.models import AuditEvent
    from koma.units.services import expire_leases, save_entry

    save_entry(
        unit=held,
        item_id=held.items.first().id,
        worker=worker_hanako,
        values={"name": "途中"},
        now=timezone.now(),
    )
    later = timezone.now() + timedelta(days=1)
    assert expire_leases(now=later) == 1
    assert expire_leases(now=later) == 0  # running it twice changes nothing
    held.refresh_from_db()
    assert (held.status, held.holder_id, held.lease_expires_at) == ("open", None, None)
    assert Entry.objects.filter(unit=held).count() == 1
    assert AuditEvent.objects.filter(verb="unit.lease_expired", object_id=held.id).count() == 1
