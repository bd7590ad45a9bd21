"""Login throttling, login CSRF, password rules and hashed, expiring, revocable API tokens."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.helpers import password_for

pytestmark = pytest.mark.django_db


def _login(username, password, ip="10.0.0.1", path="/api/v1/auth/login"):
    return APIClient(REMOTE_ADDR=ip).post(
        path, {"username": username, "password": password}, format="json"
    )


@override_settings(KOMA_LOGIN_FAILURES_PER_ACCOUNT=3, KOMA_LOGIN_FAILURES_PER_IP=100)
def test_an_account_is_locked_after_repeated_failures_even_with_the_right_password(
    staff_a, worker_hanako
):
    for _ in range(3):
        assert _login("staff_a", "wrong", ip="10.0.0.1").status_code == 400
    # Locked from any IP, and the right password does not tell the attacker anything.
    response = _login("staff_a", password_for("staff_a"), ip="10.0.0.9")
    assert response.status_code == 429
    assert response.json()["code"] == "login_throttled"
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    # The token endpoint shares the lock.
    response = _login("staff_a", password_for("staff_a"), path="/api/v1/auth/token")
    assert response.status_code == 429
    # Another account from another IP still works.
    assert _login("hanako", password_for("hanako"), ip="10.0.0.2").status_code == 200


@override_settings(KOMA_LOGIN_FAILURES_PER_ACCOUNT=100, KOMA_LOGIN_FAILURES_PER_IP=4)
def test_an_ip_is_locked_after_failures_across_accounts(staff_a, worker_hanako, coordinator):
    for name in ["nobody1", "nobody2", "nobody3"]:
        assert _login(name, "wrong", ip="10.0.0.5").status_code == 400
    # A success from that IP does not reset the IP's counter for other accounts.
    assert _login("hanako", password_for("hanako"), ip="10.0.0.5").status_code == 200
    assert _login("nobody4", "wrong", ip="10.0.0.5").status_code == 400
    response = _login("coordinator", password_for("coordinator"), ip="10.0.0.5")
    assert response.status_code == 429
    assert response.json()["code"] == "login_throttled"
    assert int(response["Retry-After"]) > 0
    # The same account from another IP is fine.
    assert _login("coordinator", password_for("coordinator"), ip="10.0.0.6").status_code == 200


@override_settings(KOMA_LOGIN_FAILURES_PER_ACCOUNT=3, KOMA_LOGIN_FAILURES_PER_IP=100)
def test_a_success_starts_a_new_count_for_its_account_only(staff_a):
    for _ in range(2):
        assert _login("staff_a", "wrong", ip="10.0.0.1").status_code == 400
    assert _login("staff_a", password_for("staff_a"), ip="10.0.0.1").status_code == 200
    # Two more failures would have been the fourth and fifth without the success.
    for _ in range(2):
        assert _login("staff_a", "wrong", ip="10.0.0.1").status_code == 400
    assert _login("staff_a", password_for("staff_a"), ip="10.0.0.1").status_code == 200
    for _ in range(3):
        assert _login("staff_a", "wrong", ip="10.0.0.1").status_code == 400
    assert _login("staff_a", password_for("staff_a"), ip="10.0.0.1").status_code == 429


@override_settings(KOMA_LOGIN_FAILURES_PER_ACCOUNT=2, KOMA_LOGIN_FAILURES_PER_IP=100)
def test_a_lock_ends_when_retry_after_says(staff_a, monkeypatch):
    import time

    real_time, shift = time.time, [0.0]
    monkeypatch.setattr(time, "time", lambda: real_time() + shift[0])
    for _ in range(2):
        assert _login("staff_a", "wrong").status_code == 400
    response = _login("staff_a", password_for("staff_a"))
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 15 * 60
    shift[0] = retry_after - 2  # still inside the window
    assert _login("staff_a", password_for("staff_a")).status_code == 429
    shift[0] = retry_after + 1
    assert _login("staff_a", password_for("staff_a")).status_code == 200


def test_login_without_the_csrf_token_is_refused_with_the_json_shape(staff_a):
    client = APIClient(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/auth/login",
        {"username": "staff_a", "password": password_for("staff_a")},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert response.json()["message"]
    assert "sessionid" not in response.cookies


def test_create_user_refuses_weak_passwords(operator):
    from koma.accounts.services import create_user
    from koma.core.errors import Invalid

    for weak in ["short-pw", "password1234", "12345678901234", "sakura-worker"]:
        with pytest.raises(Invalid) as raised:
            create_user(
                username="sakura-worker", password=weak, organization=operator, role="worker"
            )
        assert raised.value.code == "weak_password"


def test_the_changepassword_command_uses_the_validators(worker_hanako):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    # Django's createsuperuser/changepassword and the admin form call validate_password().
    with pytest.raises(ValidationError):
        validate_password("koma-demo", worker_hanako)


def _token_client(user):
    raw = _login(user.username, password_for(user.username), path="/api/v1/auth/token").json()[
        "token"
    ]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return raw, client


def test_tokens_work_and_are_stored_hashed_with_an_expiry(worker_hanako):
    from django.db import connection

    raw, client = _token_client(worker_hanako)
    assert client.get("/api/v1/me").json()["username"] == "hanako"
    token = AuthToken.objects.get(user=worker_hanako)
    assert token.digest != raw and raw not in token.digest
    assert timedelta(hours=11) < token.expiry - timezone.now() <= timedelta(hours=12)
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest, token_key FROM knox_authtoken")
        assert all(raw not in value for row in cursor.fetchall() for value in row)


def test_an_expired_token_is_refused(worker_hanako):
    _, client = _token_client(worker_hanako)
    AuthToken.objects.filter(user=worker_hanako).update(
        expiry=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_expired_token_is_deleted_when_presented(worker_hanako):
    _, client = _token_client(worker_hanako)
    AuthToken.objects.filter(user=worker_hanako).update(
        expiry=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/api/v1/me").status_code == 401
    assert not AuthToken.objects.filter(user=worker_hanako).exists()


def test_a_token_of_an_inactive_account_is_refused(worker_hanako):
    _, client = _token_client(worker_hanako)
    type(worker_hanako).objects.filter(pk=worker_hanako.pk).update(is_active=False)
    assert client.get("/api/v1/me").status_code == 401


def test_a_wrong_token_with_a_known_key_is_refused(worker_hanako):
    raw, _ = _token_client(worker_hanako)
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {raw[:-4]}{'0000' if raw[-4:] != '0000' else '1111'}"
    )
    assert client.get("/api/v1/me").status_code == 401


def test_issuing_a_token_deletes_the_accounts_expired_tokens(worker_hanako, worker_taro):
    """The token check reads only the token presented; expired ones go at the next login."""
    _token_client(worker_hanako)
    _token_client(worker_taro)
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    _, client = _token_client(worker_hanako)
    assert AuthToken.objects.filter(user=worker_hanako).count() == 1  # the new one
    assert AuthToken.objects.filter(user=worker_taro).count() == 1  # not hanako's to delete
    assert client.get("/api/v1/me").status_code == 200


def test_a_token_request_reads_token_user_and_roles_in_one_query(
    staff_a, worker_hanako, django_assert_num_queries
):
    """Knox read the token, then the account's other tokens, then the view the roles: three
    queries before any work. The roles come with the token now (one query), and the role
    check of the view reads nothing more."""
    from tests.helpers import claim, make_job

    make_job(staff_a, items=1)
    claim(worker_hanako)
    _, client = _token_client(worker_hanako)
    with django_assert_num_queries(1 + 2):  # the token with user and roles; units, reviews
        response = client.get("/api/v1/units/mine")
    assert response.status_code == 200 and len(response.json()) == 1


def test_logout_revokes_the_token(worker_hanako):
    _, client = _token_client(worker_hanako)
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/me").status_code == 401


def test_a_password_change_revokes_every_token(worker_hanako, client_for):
    _, first = _token_client(worker_hanako)
    _, second = _token_client(worker_hanako)
    session = client_for(worker_hanako)
    response = session.post(
        "/api/v1/auth/password",
        {"current_password": password_for("hanako"), "new_password": "a-new-Koma-secret-77"},
        format="json",
    )
    assert response.status_code == 204
    assert first.get("/api/v1/me").status_code == 401
    assert second.get("/api/v1/me").status_code == 401
    assert session.get("/api/v1/me").status_code == 200  # this session stays logged in
    assert _login("hanako", "a-new-Koma-secret-77").status_code == 200


def test_a_password_change_in_the_admin_revokes_every_token(worker_hanako):
    from django.contrib.auth.forms import AdminPasswordChangeForm

    _, client = _token_client(worker_hanako)
    form = AdminPasswordChangeForm(
        worker_hanako,
        {"password1": "an-admin-set-secret-5", "password2": "an-admin-set-secret-5"},
    )
    assert form.is_valid(), form.errors
    form.save()
    assert client.get("/api/v1/me").status_code == 401


def test_a_password_change_checks_the_current_and_the_new_password(worker_hanako, client_for):
    session = client_for(worker_hanako)
    response = session.post(
        "/api/v1/auth/password",
        {"current_password": "wrong", "new_password": "a-new-Koma-secret-77"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "wrong_password"
    response = session.post(
        "/api/v1/auth/password",
        {"current_password": password_for("hanako"), "new_password": "short"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "weak_password"
    assert response.json()["fields"]["password"]
