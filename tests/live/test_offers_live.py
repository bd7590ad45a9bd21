"""Offers through the real processes: the split's offer task in the Celery worker, the
`unit.offered` event on /ws/me/ through uvicorn and Channels, a release passing it on."""

from __future__ import annotations

import time

import pytest

from koma.units.models import Offer
from tests.live.conftest import make_live_job, session_login
from tests.live.test_websocket import receive_until, ws_connect

pytestmark = [pytest.mark.live, pytest.mark.usefixtures("live_db")]


def _always_available(worker) -> None:
    from datetime import date

    from koma.workforce.availability import Schedule, replace_availability

    replace_availability(
        worker=worker,
        schedule=Schedule(weekly={d: [(0, 1440)] for d in range(7)}),
        today=date.today(),
    )


def _wait_for_offer(worker, timeout: float = 30) -> Offer:
    deadline = time.monotonic() + timeout
    while True:
        offer = Offer.objects.filter(worker=worker, state="pending").first()
        if offer is not None:
            return offer
        assert time.monotonic() < deadline, f"no offer for {worker} in {timeout}s"
        time.sleep(0.2)


def test_a_published_unit_is_offered_on_the_socket_and_a_release_passes_it_on(
    celery_worker_proc, live_server_url, staff_a, worker_hanako, worker_taro
):
    _always_available(worker_hanako)
    with (
        session_login(live_server_url, worker_hanako) as hanako,
        ws_connect(live_server_url, "/ws/me/", hanako) as ws,
    ):
        job = make_live_job(staff_a, items=1)
        messages = receive_until(ws, "unit.offered", timeout=30)
        event = messages[-1]
        unit = job.units.get()
        assert event["unit_id"] == unit.pk
        assert event["job_id"] == job.pk
        assert event["job_title"] == job.title
        assert event["estimated_minutes"] == unit.estimated_minutes
        offer = Offer.objects.get(worker=worker_hanako, state="pending")
        assert event["offer_id"] == offer.pk
        assert hanako.get("/api/v1/units/offer").json()["unit_id"] == unit.pk
        response = hanako.post("/api/v1/units/claim")
        assert response.status_code == 201, response.text
        assert response.json()["id"] == unit.pk
        # Taro comes into a window; Hanako lets the unit go: the worker offers it to him.
        _always_available(worker_taro)
        assert hanako.post(f"/api/v1/units/{unit.pk}/release").status_code == 200
        passed_on = _wait_for_offer(worker_taro)
        assert passed_on.unit_id == unit.pk
        assert not Offer.objects.filter(worker=worker_hanako, state="pending").exists()
