"""A worker's access to a unit ends when it leaves them; their record of the work stays."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from koma.billing.models import LedgerEntry
from tests.helpers import claim, fill_and_submit, to_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def imaged(settings, tmp_path):
    """Every item gets a source image, so the image endpoint answers 200 while access lasts."""
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "items").mkdir()
    (tmp_path / "items" / "1.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    def give(unit):
        unit.items.update(image="items/1.png")
        return unit

    return give


def _urls(unit):
    item = unit.items.order_by("seq").first()
    return [
        f"/api/v1/units/{unit.pk}",
        f"/api/v1/items/{item.pk}/image",
    ]


def _entry_put(client, unit):
    item = unit.items.order_by("seq").first()
    return client.put(
        f"/api/v1/units/{unit.pk}/items/{item.pk}/entry", {"values": {"name": "x"}}, format="json"
    )


def _decide(unit, coordinator, decision):
    from koma.quality.services import review_unit

    return review_unit(
        unit=unit, reviewer=coordinator, decision=decision, comment="理由", now=timezone.now()
    )


def _accept(unit, w, c):
    _decide(to_review(unit, w, c), c, "accept")


def _reject(unit, w, c):
    _decide(to_review(unit, w, c), c, "reject")


def _release(unit, w, c):
    from koma.units.services import release_unit

    release_unit(unit=unit, worker=w)


def _expire(unit, w, c):
    from koma.units.services import expire_leases

    unit.refresh_from_db()
    expire_leases(now=unit.lease_expires_at + timedelta(seconds=1))


@pytest.mark.parametrize("end", [_accept, _reject, _release, _expire], ids=lambda f: f.__name__)
def test_the_former_holder_gets_404(end, worker_hanako, coordinator, client_for, job_a, imaged):
    unit = imaged(claim(worker_hanako))
    client = client_for(worker_hanako)
    for url in _urls(unit):
        assert client.get(url).status_code == 200, url
    end(unit, worker_hanako, coordinator)
    for url in _urls(unit):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] in ("unit_not_found", "item_not_found")
    assert _entry_put(client, unit).status_code == 404
    assert unit.pk not in [u["id"] for u in client.get("/api/v1/units/mine").json()]
    # The coordinator still sees it.
    assert client_for(coordinator).get(f"/api/v1/units/{unit.pk}").status_code == 200


def test_while_handed_in_the_holder_still_sees_it(worker_hanako, coordinator, client_for, job_a):
    unit = to_review(claim(worker_hanako), worker_hanako, coordinator)
    for url in _urls(unit)[:1]:
        assert client_for(worker_hanako).get(url).status_code == 200


def test_the_history_keeps_a_record_without_residents_data(
    worker_hanako, worker_taro, coordinator, client_for, staff_a
):
    from tests.helpers import make_job

    for n in (2, 3, 4):
        make_job(staff_a, items=n)
    accepted = claim(worker_hanako)
    _accept(accepted, worker_hanako, coordinator)
    rejected = claim(worker_hanako)
    _reject(rejected, worker_hanako, coordinator)
    submitted = fill_and_submit(claim(worker_hanako), worker_hanako)
    fill_and_submit(claim(worker_taro), worker_taro)  # someone else's: not in hanako's record

    response = client_for(worker_hanako).get("/api/v1/units/history")
    assert response.status_code == 200
    rows = {row["unit_id"]: row for row in response.json()}
    assert set(rows) == {accepted.pk, rejected.pk, submitted.pk}
    earning = LedgerEntry.objects.get(unit=accepted, kind="worker_earning")
    assert rows[accepted.pk]["status"] == "accepted"
    assert rows[accepted.pk]["pay_yen"] == earning.amount_yen == accepted.item_count * 40
    assert rows[rejected.pk]["status"] == "rejected"
    assert rows[rejected.pk]["pay_yen"] == 0
    assert rows[submitted.pk]["status"] == "submitted"
    for unit in (accepted, rejected, submitted):
        assert rows[unit.pk]["item_count"] == unit.item_count
        assert rows[unit.pk]["job_title"] == "テスト案件"
    text = json.dumps(response.json(), ensure_ascii=False)
    assert "山田" not in text  # the values fill_and_submit keyed
    assert "image" not in text and "values" not in text and "R0001" not in text
