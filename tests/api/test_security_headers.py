"""Security headers on every response, no-store on API answers, session cookie attributes."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.helpers import claim, password_for

pytestmark = pytest.mark.django_db


def test_every_response_carries_the_security_headers():
    for path in ["/api/v1/me", "/api/v1/nothing-here", "/login", "/admin/login/"]:
        response = Client().get(path)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "object-src 'none'" in csp
        assert "img-src 'self' data: blob:" in csp
        assert "connect-src 'self' ws: wss:" in csp
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_hsts_is_sent_over_https():
    response = Client().get("/api/v1/me", secure=True)
    assert int(response["Strict-Transport-Security"].split("=")[1].split(";")[0]) >= 31536000


def test_residents_data_is_never_cached(staff_a, worker_hanako, client_for, job_a):
    unit = claim(worker_hanako)
    item = unit.items.first()
    client = client_for(worker_hanako)
    for response in [
        client.get(f"/api/v1/units/{unit.id}"),
        client.put(
            f"/api/v1/units/{unit.id}/items/{item.id}/entry",
            {"values": {"name": "山田　太郎"}},
            format="json",
        ),
        client.get("/api/v1/units/mine"),
        client_for(staff_a).get(f"/api/v1/jobs/{job_a.id}"),
    ]:
        assert response.status_code == 200, response.content
        assert response["Cache-Control"] == "no-store"


def test_the_session_cookie_is_httponly_lax_secure_and_short(staff_a):
    response = APIClient().post(
        "/api/v1/auth/login",
        {"username": "staff_a", "password": password_for("staff_a")},
        format="json",
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"]  # DEBUG off and not in demo mode
    assert 0 < int(cookie["max-age"]) <= 12 * 60 * 60


def test_the_service_worker_and_manifest_are_served_from_the_root(settings, tmp_path):
    """The PWA's files (docs/architecture.md, Offline keying): the service worker at /sw.js so
    its scope is the whole app, revalidated on every visit; fingerprinted assets cached long."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "sw.js").write_text("self.addEventListener('fetch', () => {});")
    (tmp_path / "manifest.webmanifest").write_text('{"name": "Koma"}')
    (tmp_path / "assets" / "index-abc.js").write_text("export {};")
    settings.FRONTEND_DIST = tmp_path
    sw = Client().get("/sw.js")
    assert sw.status_code == 200
    assert sw["Content-Type"].startswith("text/javascript")
    assert sw["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in sw["Content-Security-Policy"]  # the worker's own policy
    manifest = Client().get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    assert manifest["Cache-Control"] == "no-cache"
    asset = Client().get("/assets/index-abc.js")
    assert asset["Cache-Control"] == "public, max-age=31536000, immutable"
