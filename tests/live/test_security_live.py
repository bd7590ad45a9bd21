"""Through the real ASGI server: audit rows get the client IP, headers and JSON errors hold."""

from __future__ import annotations

import httpx
import pytest

from koma.audit.models import AuditEvent
from tests.live.conftest import make_live_job, token_login

pytestmark = [pytest.mark.live, pytest.mark.usefixtures("live_db")]


def test_audit_rows_record_the_client_ip_under_asgi(live_server_url, staff_a, worker_hanako):
    make_live_job(staff_a, items=2)
    with token_login(live_server_url, worker_hanako) as client:
        claimed = client.post("/api/v1/units/claim")
        assert claimed.status_code in (200, 201), claimed.text
        unit_id = claimed.json()["id"]
        detail = client.get(f"/api/v1/units/{unit_id}")
        assert detail.status_code == 200
        assert detail.headers["cache-control"] == "no-store"
        assert "frame-ancestors 'none'" in detail.headers["content-security-policy"]
    for verb in ["unit.claimed", "unit.read"]:
        event = AuditEvent.objects.get(verb=verb, object_id=unit_id)
        assert (event.actor_id, event.ip) == (worker_hanako.id, "127.0.0.1")


def test_a_bad_host_answers_json_from_the_real_server(live_server_url):
    response = httpx.get(
        f"{live_server_url}/api/v1/me", headers={"Host": "evil.example"}, trust_env=False
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_host"
