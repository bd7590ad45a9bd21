"""Hand-off mid-way: complete items stay keyed and credited to the one who keyed them, the next
holder continues, acceptance pays both shares (docs/architecture.md A25). Lease expiry too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from koma.billing.models import LedgerEntry
from koma.billing.pay import worker_pay_yen
from koma.units.models import Unit
from tests.helpers import make_job

pytestmark = pytest.mark.django_db

ITEMS = 4
RATE = 40


@pytest.fixture
def unit(staff_a, settings):
    settings.KOMA_CLAIM_RATE_LIMIT = 1000
    job = make_job(staff_a, items=ITEMS, worker_rate_yen=RATE)
    return job.units.get()


def key(client, unit, item, values) -> None:
    response = client.put(
        f"/api/v1/units/{unit.pk}/items/{item.pk}/entry", {"values": values}, format="json"
    )
    assert response.status_code == 200, response.json()


def accept(client, unit) -> None:
    assert client.post(f"/api/v1/units/{unit.pk}/review/start").status_code == 200
    response = client.post(f"/api/v1/units/{unit.pk}/review", {"decision": "accept"}, format="json")
    assert response.status_code == 200, response.json()


def earnings(unit) -> dict[int, int]:
    return dict(
        LedgerEntry.objects.filter(unit=unit, kind="worker_earning").values_list(
            "worker_id", "amount_yen"
        )
    )


def test_hand_off_keeps_complete_items_and_pays_both_shares(
    unit, worker_hanako, worker_taro, coordinator, client_for
):
    hanako, taro, coord = (client_for(u) for u in (worker_hanako, worker_taro, coordinator))
    items = list(unit.items.order_by("seq"))
    assert hanako.post("/api/v1/units/claim").json()["id"] == unit.pk
    key(hanako, unit, items[0], {"name": "山田　花子"})
    key(hanako, unit, items[1], {"name": "佐藤　一郎"})
    key(hanako, unit, items[2], {"kana": "ヤマダ"})  # started, not complete (name is required)

    response = hanako.post(f"/api/v1/units/{unit.pk}/handoff")
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    assert hanako.post(f"/api/v1/units/{unit.pk}/handoff").status_code == 200  # a retry

    detail = taro.post(f"/api/v1/units/{unit.pk}/claim").json()
    shown = [(i["entry"] or {}).get("values", {}).get("name") for i in detail["items"]]
    assert shown == ["山田　花子", "佐藤　一郎", None, None]  # continues from the first empty
    assert [i["entry_from_earlier_holder"] for i in detail["items"]] == [True, True, False, False]

    key(taro, unit, items[2], {"name": "鈴木　次郎"})
    key(taro, unit, items[3], {"name": "高橋　三郎"})
    assert taro.post(f"/api/v1/units/{unit.pk}/submit").status_code == 200
    accept(coord, unit)

    unit.refresh_from_db()
    shares = earnings(unit)
    assert shares == {worker_hanako.pk: 2 * RATE, worker_taro.pk: 2 * RATE}
    assert sum(shares.values()) == worker_pay_yen(unit) == ITEMS * RATE  # integer yen, no rest

    mine = {r["unit_id"]: r for r in hanako.get("/api/v1/units/history").json()}[unit.pk]
    assert (mine["status"], mine["pay_yen"], mine["credited_items"], mine["shared"]) == (
        "accepted",
        2 * RATE,
        2,
        True,
    )
    theirs = {r["unit_id"]: r for r in taro.get("/api/v1/units/history").json()}[unit.pk]
    assert (theirs["pay_yen"], theirs["credited_items"], theirs["shared"]) == (2 * RATE, 2, True)

    # The export writes the final values: the items Hanako keyed are hers.
    from koma.jobs.services import export_rows

    _, rows = export_rows(job=unit.job)
    assert [r[1] for r in rows] == ["山田　花子", "佐藤　一郎", "鈴木　次郎", "高橋　三郎"]


def test_the_next_holder_who_changes_a_complete_item_keeps_the_rest_and_is_credited(
    unit, worker_hanako, worker_taro, coordinator, client_for
):
    hanako, taro, coord = (client_for(u) for u in (worker_hanako, worker_taro, coordinator))
    items = list(unit.items.order_by("seq"))
    hanako.post("/api/v1/units/claim")
    key(hanako, unit, items[0], {"name": "山田　花子", "kana": "ヤマダ　ハナコ"})
    hanako.post(f"/api/v1/units/{unit.pk}/handoff")
    taro.post("/api/v1/units/claim")
    key(taro, unit, items[0], {"kana": "ヤマダ　ハナ"})  # only one field changed
    for item in items[1:]:
        key(taro, unit, item, {"name": "田中　太郎"})
    detail = taro.get(f"/api/v1/units/{unit.pk}").json()
    assert detail["items"][0]["entry"]["values"]["name"] == "山田　花子"  # kept
    assert taro.post(f"/api/v1/units/{unit.pk}/submit").status_code == 200
    accept(coord, unit)
    assert earnings(unit) == {worker_taro.pk: ITEMS * RATE}  # the final values are Taro's


def test_lease_expiry_behaves_like_a_hand_off(
    unit, worker_hanako, worker_taro, coordinator, client_for
):
    from koma.units.services import expire_leases

    hanako, taro, coord = (client_for(u) for u in (worker_hanako, worker_taro, coordinator))
    items = list(unit.items.order_by("seq"))
    hanako.post("/api/v1/units/claim")
    key(hanako, unit, items[0], {"name": "山田　花子"})
    unit.refresh_from_db()
    assert expire_leases(now=unit.lease_expires_at + timedelta(seconds=1)) == 1
    unit.refresh_from_db()
    assert (unit.status, unit.holder_id) == ("open", None)

    detail = taro.post("/api/v1/units/claim").json()
    assert detail["items"][0]["entry"]["values"]["name"] == "山田　花子"
    for item in items[1:]:
        key(taro, unit, item, {"name": "田中　太郎"})
    assert taro.post(f"/api/v1/units/{unit.pk}/submit").status_code == 200
    accept(coord, unit)
    assert earnings(unit) == {worker_hanako.pk: RATE, worker_taro.pk: (ITEMS - 1) * RATE}


def test_a_rejected_workers_entries_never_count(
    unit, worker_hanako, worker_taro, coordinator, client_for
):
    from koma.quality.services import review_unit, start_review
    from koma.units.services import submit_unit

    hanako, taro = client_for(worker_hanako), client_for(worker_taro)
    items = list(unit.items.order_by("seq"))
    hanako.post("/api/v1/units/claim")
    for item in items:
        key(hanako, unit, item, {"name": "読めない"})
    unit.refresh_from_db()
    unit = submit_unit(unit=unit, worker=worker_hanako, now=timezone.now())
    unit = start_review(unit=unit, reviewer=coordinator, now=timezone.now())
    review_unit(
        unit=unit, reviewer=coordinator, decision="reject", comment="違います", now=timezone.now()
    )
    detail = taro.post("/api/v1/units/claim").json()
    assert [i["entry"] for i in detail["items"]] == [None] * ITEMS
    assert Unit.objects.get(pk=unit.pk).holder_id == worker_taro.pk


def test_only_the_holder_may_hand_off(unit, worker_hanako, worker_taro, client_for):
    client_for(worker_hanako).post("/api/v1/units/claim")
    response = client_for(worker_taro).post(f"/api/v1/units/{unit.pk}/handoff")
    assert response.status_code == 404
    assert Unit.objects.get(pk=unit.pk).holder_id == worker_hanako.pk
