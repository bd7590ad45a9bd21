from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_ratelimit.core import get_usage
from knox.models import AuthToken
from rest_framework.request import Request

from koma.accounts.models import Membership, Organization, Role, User
from koma.audit.services import record_event
from koma.core.errors import Invalid, RateLimited
from koma.jp.lgcode import normalize_lg_code
from koma.workforce.models import WorkerProfile


@transaction.atomic
def create_organization(*, name: str, kind: str, lg_code: str | None = None) -> Organization:
    code = None
    if kind == Organization.Kind.MUNICIPALITY:
        try:
            code = normalize_lg_code(lg_code or "")
        except ValueError:
            raise Invalid("invalid", fields={"lg_code": ["invalid_lg_code"]}) from None
    org = Organization(name=name, kind=kind, lg_code=code)
    org.full_clean()
    org.save()
    return org


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str | None,
    organization: Organization,
    role: str,
    display_name: str = "",
    level: int = WorkerProfile.Level.STANDARD,
) -> User:
    """`password=None` makes an account that cannot log in until a password is set."""
    user = User(username=username, display_name=display_name)
    if password is None:
        user.set_unusable_password()
    else:
        _set_password(user, password)
    user.full_clean()
    user.save()
    Membership.objects.create(user=user, organization=organization, role=role)
    if role in (Role.WORKER, Role.LEADER):
        WorkerProfile.objects.create(user=user, level=level)
    return user


# --- passwords and tokens


def _set_password(user: User, password: str) -> None:
    """Every password a person chooses passes AUTH_PASSWORD_VALIDATORS (length 12, common, ...)."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise Invalid("weak_password", fields={"password": list(error.messages)}) from None
    user.set_password(password)


@transaction.atomic
def change_password(*, user: User, current_password: str, new_password: str) -> User:
    """Set a new password; saving it revokes every API token of the account
    (RevokeTokensOnPasswordChange, the hook Django calls on every password change)."""
    if not user.check_password(current_password):
        raise Invalid("wrong_password", fields={"current_password": ["wrong_password"]})
    _set_password(user, new_password)
    user.save(update_fields=["password"])
    record_event(actor=user, verb="user.password_changed", obj=user)
    return user


def issue_token(*, user: User) -> str:
    """A new API token (stored as a hash, expires after REST_KNOX TOKEN_TTL); the raw value
    is returned once and never stored. The account's expired tokens are deleted here (the
    token check, koma.accounts.auth.TokenAuthentication, reads only the token presented)."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    _, raw = AuthToken.objects.create(user=user)
    return raw


def revoke_token(*, token: AuthToken) -> None:
    token.delete()


# --- login lockout (OWASP ASVS 2.2.1): failures counted per account and per client IP by
# django-ratelimit in the cache (Valkey; atomic add/incr). Windows are fixed, one per key (the
# library staggers their edges per key); a lock lasts until its window ends.

_ACCOUNT, _IP = "koma.login.account", "koma.login.ip"
AnyRequest = HttpRequest | Request


def _epoch_key(username: str) -> str:
    # Hashed: a username is whatever the client typed (any length, any character).
    digest = hashlib.sha256(username.casefold().encode("utf-8", "surrogatepass")).hexdigest()
    return f"login-epoch:{digest}"


def _account_key(username: str) -> str:
    """The account's counter key: its hash and its epoch, which a success moves on."""
    epoch_key = _epoch_key(username)
    return f"{epoch_key}:{cache.get(epoch_key, 0)}"


def _login_counters(request: AnyRequest, username: str) -> list[tuple[str, str, int]]:
    counters = [(_ACCOUNT, _account_key(username), settings.KOMA_LOGIN_FAILURES_PER_ACCOUNT)]
    ip = getattr(request, "client_ip", None)  # koma.core.middleware.ClientIpMiddleware
    if ip:
        counters.append((_IP, ip, settings.KOMA_LOGIN_FAILURES_PER_IP))
    return counters


def _usage(request: AnyRequest, group: str, value: str, limit: int, *, increment: bool) -> dict:
    usage = get_usage(
        request,
        group=group,
        key=lambda _group, _request: value,
        rate=(limit, settings.KOMA_LOGIN_WINDOW_SECONDS),
        increment=increment,
    )
    assert usage is not None  # RATELIMIT_ENABLE is never turned off
    return usage


def check_login_allowed(*, request: AnyRequest, username: str) -> None:
    """Raise `login_throttled` (429) while the account or the client IP has reached its limit
    of failures, before any password is checked, so a locked account answers the same for the
    right and a wrong password."""
    for group, value, limit in _login_counters(request, username):
        usage = _usage(request, group, value, limit, increment=False)
        if usage["count"] >= limit:
            raise RateLimited("login_throttled", retry_after=usage["time_left"])


def record_login_failure(*, request: AnyRequest, username: str) -> None:
    for group, value, limit in _login_counters(request, username):
        _usage(request, group, value, limit, increment=True)


def record_login_success(*, username: str) -> None:
    """Starts a new count for this account only: the IP's counter keeps counting other
    accounts, so a success from one account does not let that IP guess at others."""
    # Outlives every window the old epoch's counter can be in, so an epoch never comes back.
    cache.set(_epoch_key(username), time.time_ns(), settings.KOMA_LOGIN_WINDOW_SECONDS + 60)
