"""Autosave reports the time the form was focused and in use; the entry keeps the sum."""

import pytest

from koma.units.models import Entry
from tests.helpers import claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def put(worker_hanako, client_for, job_a):
    unit = claim(worker_hanako)
    item = unit.items.order_by("seq").first()
    client = client_for(worker_hanako)

    def send(body):
        return client.put(f"/api/v1/units/{unit.pk}/items/{item.pk}/entry", body, format="json")

    send.entry = lambda: Entry.objects.get(item=item, worker=worker_hanako)
    return send


def test_deltas_are_summed(put):
    assert (
        put({"values": {"name": "山田"}, "active_seconds_delta": 30}).json()["active_seconds"] == 30
    )
    assert put({"values": {}, "active_seconds_delta": 300}).json()["active_seconds"] == 330
    assert put({"values": {"name": "山田　花子"}}).json()["active_seconds"] == 330
    assert put({"values": {}, "active_seconds_delta": 0}).status_code == 200
    assert put.entry().active_seconds == 330


@pytest.mark.parametrize("bad", [-1, 301, 10**12, "30", 1.5, True, None, [30], {"s": 1}])
def test_a_bad_delta_is_400_and_changes_nothing(put, bad):
    put({"values": {"name": "山田"}, "active_seconds_delta": 10})
    response = put({"values": {"name": "変更"}, "active_seconds_delta": bad})
    if bad is None:  # JSON null: no time reported
        assert response.status_code == 200
        assert put.entry().active_seconds == 10
        return
    assert response.status_code == 400
    assert response.json()["fields"]["active_seconds_delta"]
    entry = put.entry()
    assert entry.active_seconds == 10
    assert entry.values["name"] == "山田"
