import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_names_every_core_path():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/jobs",
        "/api/v1/jobs/{job_id}/items/import",
        "/api/v1/jobs/{job_id}/publish",
        "/api/v1/units/claim",
        "/api/v1/units/{unit_id}/items/{item_id}/entry",
        "/api/v1/units/{unit_id}/submit",
        "/api/v1/reviews/queue",
        "/api/v1/jobs/{job_id}/export",
    ]:
        assert path in paths


def test_the_docs_page_is_served_without_a_cdn():
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    assert b"cdn.jsdelivr" not in response.content


def test_the_schema_generates_without_warnings(tmp_path):
    """Two serializers of one component name (e.g. two `WindowOut`s) would make one of them
    wrong in the document and in the generated TypeScript types."""
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "openapi.json"))
