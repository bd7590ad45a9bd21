"""No double payment: many simultaneous accepts of one unit write one charge and one earning."""

from __future__ import annotations

from collections import Counter

import pytest

from koma.billing.models import LedgerEntry
from koma.units.models import Unit
from tests.helpers import claim, to_review
from tests.live.conftest import http_client, make_live_job, token_for
from tests.live.test_concurrent_claims import _run_together

pytestmark = [pytest.mark.live, pytest.mark.usefixtures("live_db")]

CLIENTS = 16


def test_sixteen_simultaneous_accepts_pay_once(
    live_server_url, staff_a, worker_hanako, coordinator, operator, city_a
):
    from koma.accounts.services import create_user
    from koma.workforce.services import assign_coordinator

    make_live_job(staff_a, items=3)
    unit = to_review(claim(worker_hanako), worker_hanako, coordinator)
    # Two coordinators' browsers and their retries, all at once.
    other = create_user(
        username="coordinator2", password=None, organization=operator, role="coordinator"
    )
    assign_coordinator(coordinator=other, municipality=city_a)
    tokens = [token_for(coordinator), token_for(other)]
    answers: list[tuple[int, str] | None] = [None] * CLIENTS

    def accept(index: int) -> None:
        headers = {"Authorization": f"Token {tokens[index % 2]}"}
        with http_client(live_server_url, headers=headers) as client:
            response = client.post(f"/api/v1/units/{unit.pk}/review", json={"decision": "accept"})
        body = response.json()
        answers[index] = (response.status_code, body.get("code", body.get("status", "")))

    _run_together(CLIENTS, accept)

    assert None not in answers
    statuses = Counter(answers)
    assert statuses[(200, "accepted")] >= 1
    assert set(statuses) <= {(200, "accepted"), (409, "unit_changed_concurrently")}
    unit.refresh_from_db()
    assert unit.status == Unit.Status.ACCEPTED
    ledger = Counter(LedgerEntry.objects.filter(unit=unit).values_list("kind", flat=True))
    assert ledger == {"client_charge": 1, "worker_earning": 1}
    assert LedgerEntry.objects.get(unit=unit, kind="worker_earning").amount_yen == 3 * 40
