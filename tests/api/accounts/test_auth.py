import pytest
from rest_framework.test import APIClient

from tests.helpers import password_for

pytestmark = pytest.mark.django_db


def test_it_logs_in_with_a_session_and_returns_me(staff_a):
    client = APIClient(enforce_csrf_checks=True)
    csrf = client.get("/api/v1/auth/csrf").json()["csrfToken"]
    response = client.post(
        "/api/v1/auth/login",
        {"username": "staff_a", "password": password_for("staff_a")},
        format="json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert response.status_code == 200
    assert response.json()["roles"] == ["staff"]
    me = client.get("/api/v1/me").json()
    assert me["organization"]["lg_code"] == "072036"
    assert me["organization"]["kind"] == "municipality"


def test_it_refuses_a_wrong_password_with_a_code(staff_a):
    response = APIClient().post(
        "/api/v1/auth/login", {"username": "staff_a", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"
    assert "パスワード" in response.json()["message"]


def test_it_answers_in_english_when_asked(staff_a):
    response = APIClient().post(
        "/api/v1/auth/login",
        {"username": "staff_a", "password": "nope"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["message"].startswith("Wrong username")


def test_it_answers_401_without_login():
    response = APIClient().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_it_issues_a_token_for_scripts(worker_hanako):
    client = APIClient()
    token = client.post(
        "/api/v1/auth/token",
        {"username": "hanako", "password": password_for("hanako")},
        format="json",
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/me").json()["username"] == "hanako"


def test_it_requires_csrf_for_session_writes(staff_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(staff_a)
    response = client.post("/api/v1/jobs", {}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    csrf = client.get("/api/v1/auth/csrf").json()["csrfToken"]
    response = client.post("/api/v1/jobs", {}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 400  # past CSRF, now the body is checked


def test_it_answers_malformed_json_with_400(staff_a, client_for):
    response = client_for(staff_a).generic(
        "POST", "/api/v1/jobs", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"


def test_unknown_api_paths_answer_json_404(client_for, staff_a):
    response = client_for(staff_a).get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_organizations_need_a_valid_lg_code(db):
    from koma.accounts.services import create_organization
    from koma.core.errors import Invalid

    with pytest.raises(Invalid):
        create_organization(name="x", kind="municipality", lg_code="072037")
    org = create_organization(name="郡山市", kind="municipality", lg_code="07203")
    assert org.lg_code == "072036"  # 5-digit input is stored with its check digit


@pytest.mark.parametrize("demo, status", [(False, 400), (True, 200)])
def test_the_demo_password_logs_in_only_in_demo_mode(settings, staff_a, demo, status):
    """An account left with the published demo password after a demo cannot log in with it,
    through the API or Django's admin (the same authentication backend)."""
    from django.contrib.auth import authenticate

    from koma.demo import DEMO_PASSWORD

    settings.KOMA_DEMO = demo
    staff_a.set_password(DEMO_PASSWORD)
    staff_a.save()
    response = APIClient().post(
        "/api/v1/auth/token", {"username": "staff_a", "password": DEMO_PASSWORD}, format="json"
    )
    assert response.status_code == status, response.json()
    assert (authenticate(None, username="staff_a", password=DEMO_PASSWORD) is not None) is demo
