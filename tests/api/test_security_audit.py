"""Audit rows carry the client IP; reading residents' data leaves an audit row too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koma.audit.models import AuditEvent
from tests.helpers import claim, fill_and_submit

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def test_a_write_records_the_client_ip(worker_hanako, client_for, job_a):
    client = client_for(worker_hanako)
    response = client.post("/api/v1/units/claim", REMOTE_ADDR="192.0.2.10")
    assert response.status_code in (200, 201), response.content
    event = AuditEvent.objects.get(verb="unit.claimed")
    assert event.ip == "192.0.2.10"
    assert event.actor == worker_hanako


def test_forwarded_for_counts_only_behind_trusted_proxies(
    worker_hanako, worker_taro, client_for, job_a, settings
):
    # No trusted proxy: a client-supplied X-Forwarded-For is ignored.
    hanako = client_for(worker_hanako)
    hanako.post(
        "/api/v1/units/claim", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.66"
    )
    claimed = AuditEvent.objects.get(verb="unit.claimed", actor=worker_hanako)
    assert claimed.ip == "192.0.2.10"
    assert hanako.post(f"/api/v1/units/{claimed.object_id}/release").status_code == 200
    # One trusted proxy: its entry (the last) is the client; earlier entries are spoofable.
    settings.KOMA_TRUSTED_PROXY_COUNT = 1
    client_for(worker_taro).post(
        "/api/v1/units/claim",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.4",
    )
    assert AuditEvent.objects.get(verb="unit.claimed", actor=worker_taro).ip == "198.51.100.4"


def test_reading_a_unit_writes_one_audit_row(worker_hanako, client_for, job_a):
    unit = claim(worker_hanako)
    client = client_for(worker_hanako)
    client.get(f"/api/v1/units/{unit.id}")  # warm-up: session and role caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/units/{unit.id}", REMOTE_ADDR="192.0.2.20")
    assert response.status_code == 200
    reads = AuditEvent.objects.filter(verb="unit.read", object_id=unit.id)
    assert reads.count() == 2
    latest = reads.latest("id")
    assert (latest.actor, latest.ip, latest.object_type) == (worker_hanako, "192.0.2.20", "unit")
    audit_sql = [q["sql"] for q in queries.captured_queries if "audit_auditevent" in q["sql"]]
    assert len(audit_sql) == 1 and audit_sql[0].startswith("INSERT")


def test_reading_an_item_image_writes_an_audit_row(
    worker_hanako, client_for, job_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    unit = claim(worker_hanako)
    item = unit.items.first()
    (tmp_path / "a.png").write_bytes(PNG)
    item.image = "a.png"
    item.save(update_fields=["image"])
    response = client_for(worker_hanako).get(
        f"/api/v1/items/{item.id}/image", REMOTE_ADDR="192.0.2.30"
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(verb="item_image.read")
    assert (event.object_id, event.actor, event.ip) == (item.id, worker_hanako, "192.0.2.30")


def test_an_export_writes_an_audit_row(staff_a, worker_hanako, coordinator, client_for, job_a):
    unit = fill_and_submit(claim(worker_hanako), worker_hanako)
    reviewer = client_for(coordinator)
    reviewer.post(f"/api/v1/units/{unit.id}/review/start")
    reviewer.post(f"/api/v1/units/{unit.id}/review", {"decision": "accept"}, format="json")
    response = client_for(staff_a).get(
        f"/api/v1/jobs/{job_a.id}/export?format=csv", REMOTE_ADDR="192.0.2.40"
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(verb="job.export")
    assert (event.object_id, event.actor, event.ip) == (job_a.id, staff_a, "192.0.2.40")
    assert event.data == {"rows": 3}
