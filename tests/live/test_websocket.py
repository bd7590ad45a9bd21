"""Real websocket clients against uvicorn + Channels, with events pushed by the real worker."""

from __future__ import annotations

import json
import time

import pytest
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import connect

from tests.helpers import claim, fill_and_submit
from tests.live.conftest import cookie_header, make_live_job, session_login, token_login
from tests.live.test_celery_publish import create_draft_job

pytestmark = [pytest.mark.live, pytest.mark.usefixtures("live_db")]

EVENT_TIMEOUT = 60.0


def ws_connect(base_url: str, path: str, http_client=None):
    """A websocket to ``path`` with the session cookie of ``http_client`` (None: anonymous)."""
    headers = {"Cookie": cookie_header(http_client)} if http_client is not None else {}
    return connect(
        base_url.replace("http://", "ws://") + path,
        origin=base_url,
        additional_headers=headers,
        proxy=None,
        open_timeout=10,
    )


def receive_until(ws, event: str, timeout: float = EVENT_TIMEOUT) -> list[dict]:
    """Messages received up to and including the first ``event`` (fails on timeout)."""
    messages: list[dict] = []
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        assert left > 0, f"no {event!r} in {timeout}s; got {messages}"
        try:
            message = json.loads(ws.recv(timeout=left))
        except TimeoutError:
            continue
        messages.append(message)
        if message.get("event") == event:
            return messages


def assert_refused(base_url: str, path: str, http_client=None) -> None:
    """The handshake is rejected, or the socket is closed before any message."""
    try:
        ws = ws_connect(base_url, path, http_client)
    except InvalidHandshake:
        return
    with ws:
        # A socket that was let in answers the ping; a silent wait alone is not proof.
        ws.send(json.dumps({"type": "ping"}))
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=10)


def test_job_socket_reports_split_progress_from_the_worker(
    live_server_url, celery_worker_proc, staff_a
):
    with session_login(live_server_url, staff_a) as client:
        job_id = create_draft_job(client, items=2500)
        with ws_connect(live_server_url, f"/ws/jobs/{job_id}/", client) as ws:
            response = client.post(f"/api/v1/jobs/{job_id}/publish")
            assert response.status_code == 202, response.text
            messages = receive_until(ws, "job.split_done")
        progress = client.get(f"/api/v1/jobs/{job_id}/progress").json()

    steps = [m for m in messages if m.get("event") == "job.split_progress"]
    assert steps, messages
    assert all(m["job_id"] == job_id and m["total"] == 2500 for m in steps)
    assert [m["done"] for m in steps] == sorted(m["done"] for m in steps)
    assert messages[-1]["job_id"] == job_id
    assert progress["split"]["state"] == "done"
    assert celery_worker_proc.alive()


def test_an_anonymous_job_socket_is_refused(live_server_url, staff_a):
    job = make_live_job(staff_a, items=2)
    assert_refused(live_server_url, f"/ws/jobs/{job.pk}/")


def test_another_municipalitys_staff_cannot_watch_the_job(live_server_url, staff_a, staff_b):
    job = make_live_job(staff_a, items=2)
    with session_login(live_server_url, staff_b) as other:
        assert_refused(live_server_url, f"/ws/jobs/{job.pk}/", other)


def test_a_coordinator_of_another_municipality_cannot_watch_the_job(
    live_server_url, staff_a, operator, city_b
):
    from koma.accounts.services import create_user
    from koma.workforce.services import assign_coordinator

    job = make_live_job(staff_a, items=2)
    other = create_user(
        username="coordinator_b", password=None, organization=operator, role="coordinator"
    )
    assign_coordinator(coordinator=other, municipality=city_b)
    with session_login(live_server_url, other) as client:
        assert_refused(live_server_url, f"/ws/jobs/{job.pk}/", client)


def test_a_worker_socket_without_a_session_is_refused(live_server_url):
    assert_refused(live_server_url, "/ws/me/")


def test_me_socket_tells_the_worker_their_unit_came_back_for_rework(
    live_server_url, staff_a, worker_hanako, coordinator
):
    make_live_job(staff_a, items=1)
    unit = fill_and_submit(claim(worker_hanako), worker_hanako)
    with (
        session_login(live_server_url, worker_hanako) as worker_client,
        ws_connect(live_server_url, "/ws/me/", worker_client) as ws,
        token_login(live_server_url, coordinator) as reviewer,
    ):
        response = reviewer.post(f"/api/v1/units/{unit.pk}/review/start")
        assert response.status_code == 200, response.text
        response = reviewer.post(
            f"/api/v1/units/{unit.pk}/review",
            json={"decision": "rework", "comment": "氏名の字体を確認してください"},
        )
        assert response.status_code == 200, response.text
        messages = receive_until(ws, "unit.reviewed", timeout=15)

    assert messages[-1] == {"event": "unit.reviewed", "unit_id": unit.pk, "decision": "rework"}


def test_me_socket_warns_the_holder_once_before_the_lease_ends(
    live_server_url, celery_worker_proc, staff_a, worker_hanako
):
    """Beat's task, run by the real worker, pushes `unit.lease_warning` once per lease end."""
    from datetime import timedelta

    from django.utils import timezone

    from koma.units.models import Unit
    from koma_worker.celery_app import app

    make_live_job(staff_a, items=1)
    unit = claim(worker_hanako)
    ends = timezone.now() + timedelta(minutes=5)  # within the 10-minute warning
    Unit.objects.filter(pk=unit.pk).update(lease_expires_at=ends)
    assert "units.warn_expiring_leases" in app.conf.beat_schedule
    with (
        session_login(live_server_url, worker_hanako) as worker_client,
        ws_connect(live_server_url, "/ws/me/", worker_client) as ws,
    ):
        app.send_task("units.warn_expiring_leases")  # what beat sends every minute
        messages = receive_until(ws, "unit.lease_warning", timeout=30)
        app.send_task("units.warn_expiring_leases")  # a minute later: nothing new
        time.sleep(3)
        ws.send(json.dumps({"type": "ping"}))
        later = receive_until(ws, "pong", timeout=15)

    warning = messages[-1]
    assert (warning["unit_id"], warning["lease_expires_at"]) == (unit.pk, ends.isoformat())
    assert [m for m in later if m.get("event") == "unit.lease_warning"] == []


IDLE_SECONDS = 65.0  # well past redis-py's 5 s default read timeout, past a minute


def test_an_idle_me_socket_still_receives_an_event_after_a_minute(
    live_server_url, staff_a, worker_hanako, coordinator
):
    """Nothing crosses the socket for over a minute; then a review decision still arrives.

    The channel layer waits for group messages with a blocking Redis pop of
    ``brpop_timeout`` seconds; a Redis client read timeout at or below that closed the
    receive (and with it the socket) after about 5 s of silence.
    """
    make_live_job(staff_a, items=1)
    unit = fill_and_submit(claim(worker_hanako), worker_hanako)
    with (
        session_login(live_server_url, worker_hanako) as worker_client,
        ws_connect(live_server_url, "/ws/me/", worker_client) as ws,
        token_login(live_server_url, coordinator) as reviewer,
    ):
        with pytest.raises(TimeoutError):  # silence, not a close (ConnectionClosed)
            ws.recv(timeout=IDLE_SECONDS)
        response = reviewer.post(f"/api/v1/units/{unit.pk}/review/start")
        assert response.status_code == 200, response.text
        response = reviewer.post(
            f"/api/v1/units/{unit.pk}/review",
            json={"decision": "rework", "comment": "生年月日を確認してください"},
        )
        assert response.status_code == 200, response.text
        messages = receive_until(ws, "unit.reviewed", timeout=15)

    assert messages[-1] == {"event": "unit.reviewed", "unit_id": unit.pk, "decision": "rework"}
