"""A lone UTF-16 surrogate anywhere in a JSON body is a 400 `invalid_text`, never a 500."""

import pytest

from tests.helpers import claim

pytestmark = pytest.mark.django_db

LONE = '"\\ud800"'  # the JSON text \ud800: a high surrogate with no low one after it


def _put(client, unit, body: str):
    item = unit.items.first()
    return client.generic(
        "PUT",
        f"/api/v1/units/{unit.pk}/items/{item.pk}/entry",
        body.encode(),
        content_type="application/json",
    )


@pytest.mark.parametrize(
    "body",
    [
        '{"values": {"name": ' + LONE + "}}",
        '{"values": {' + LONE + ': "x"}}',
        '{"values": {"name": "ok"}, "extra": [{"deep": [' + LONE + "]}]}",
        '{"values": {"name": "a\\udc00b"}}',
    ],
    ids=["value", "nested_key", "deep_list", "low_surrogate"],
)
def test_a_lone_surrogate_in_an_entry_is_400(worker_hanako, client_for, job_a, body):
    unit = claim(worker_hanako)
    response = _put(client_for(worker_hanako), unit, body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_text"


def test_a_proper_surrogate_pair_is_text(worker_hanako, client_for, job_a):
    unit = claim(worker_hanako)
    response = _put(client_for(worker_hanako), unit, '{"values": {"name": "\\ud842\\udfb7田"}}')
    assert response.status_code == 200
    assert response.json()["values"]["name"] == "𠮷田"


def test_every_json_endpoint_checks_text(staff_a, client_for):
    response = client_for(staff_a).post(
        "/api/v1/jobs",
        ('{"title": ' + LONE + "}").encode(),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_text"
