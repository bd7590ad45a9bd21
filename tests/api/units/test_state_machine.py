"""Walk the unit state diagram in docs/architecture.md: each arrow succeeds from its source state and answers
409 with a stable code from every other state (docs/architecture.md A6)."""

import pytest

from tests.helpers import claim, fill, fill_and_submit, make_job

pytestmark = pytest.mark.django_db

STATES = ["open", "reserved", "submitted", "in_review", "accepted"]


@pytest.fixture
def unit_in(worker_hanako, coordinator, staff_a, client_for):
    """unit_in(state) → a unit brought to `state` by the real endpoints."""

    def make(state):
        make_job(staff_a, items=2)
        coord = client_for(coordinator)
        if state == "open":
            from koma.units.models import Unit

            return Unit.objects.filter(status="open").latest("id")
        unit = fill(claim(worker_hanako), worker_hanako)
        if state == "reserved":
            return unit
        unit = fill_and_submit(unit, worker_hanako)
        if state == "submitted":
            return unit
        assert coord.post(f"/api/v1/units/{unit.id}/review/start").status_code == 200
        if state == "in_review":
            return unit
        assert (
            coord.post(
                f"/api/v1/units/{unit.id}/review", {"decision": "accept"}, format="json"
            ).status_code
            == 200
        )
        return unit

    return make


# arrow → (actor, path, body, source state, code when illegal)
ARROWS = {
    "claim": ("worker", "claim", None, "open", "unit_not_open"),
    "submit": ("worker", "submit", None, "reserved", "unit_not_reserved_by_you"),
    "release": ("worker", "release", None, "reserved", "unit_not_reserved_by_you"),
    "start_review": ("coordinator", "review/start", None, "submitted", "unit_not_submitted"),
    "accept": ("coordinator", "review", {"decision": "accept"}, "in_review", "unit_not_in_review"),
    "rework": (
        "coordinator",
        "review",
        {"decision": "rework", "comment": "c"},
        "in_review",
        "unit_not_in_review",
    ),
    "reject": (
        "coordinator",
        "review",
        {"decision": "reject", "comment": "c"},
        "in_review",
        "unit_not_in_review",
    ),
}
TARGET = {
    "claim": "reserved",
    "submit": "submitted",
    "release": "open",
    "start_review": "in_review",
    "accept": "accepted",
    "rework": "reserved",
    "reject": "open",
}
# A repeated request for the state the unit is already in is answered, not refused (A7).
IDEMPOTENT = {
    ("submit", "submitted"),
    ("start_review", "in_review"),
    ("accept", "accepted"),
    ("claim", "reserved"),
}


@pytest.mark.parametrize("arrow", list(ARROWS))
@pytest.mark.parametrize("state", STATES)
def test_each_arrow_only_from_its_source(
    arrow, state, unit_in, client_for, worker_hanako, coordinator
):
    actor, path, body, source, code = ARROWS[arrow]
    unit = unit_in(state)
    client = client_for(worker_hanako if actor == "worker" else coordinator)
    response = client.post(f"/api/v1/units/{unit.id}/{path}", body, format="json")
    if state == source:
        assert response.status_code in (200, 201), response.json()
        unit.refresh_from_db()
        assert unit.status == TARGET[arrow]
    elif (arrow, state) in IDEMPOTENT or (arrow == "release" and state == "open"):
        assert response.status_code in (200, 409)
    else:
        assert response.status_code in (404, 409), response.json()
        if response.status_code == 409:
            assert response.json()["code"] == code or arrow == "claim"
        unit.refresh_from_db()
        assert unit.status == state
