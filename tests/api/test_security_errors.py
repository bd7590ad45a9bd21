"""Errors outside DRF's reach answer the one JSON error shape on /api/, never HTML."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _assert_error_shape(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert body["message"]


def test_a_bad_host_header_answers_json_on_the_api():
    response = Client().get("/api/v1/me", HTTP_HOST="evil.example")
    _assert_error_shape(response, 400, "bad_host")


def test_a_bad_host_header_on_a_post_answers_json_too():
    response = Client().post(
        "/api/v1/auth/login", {}, content_type="application/json", HTTP_HOST="evil.example"
    )
    _assert_error_shape(response, 400, "bad_host")


@pytest.mark.urls("tests.api.security_urls")
def test_a_server_error_answers_json_with_the_security_headers():
    response = Client(raise_request_exception=False).get("/api/v1/test-boom")
    _assert_error_shape(response, 500, "server_error")
    assert "an unexpected bug" not in response.content.decode()
    assert "Content-Security-Policy" in response
    assert response["Cache-Control"] == "no-store"


def test_the_openapi_schema_answers_json_with_format_json():
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    assert "/api/v1/auth/login" in response.json()["paths"]


def test_the_docs_page_needs_no_inline_script():
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    assert b"<script>" not in response.content  # inline scripts would break the CSP
    script = Client().get("/api/docs/?script=")
    assert script.status_code == 200
