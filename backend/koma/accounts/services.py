from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken

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


# --- login lockout (OWASP ASVS 2.2.1): failures counted per account and per client IP in the
# cache (Redis); a fixed window that starts at the first failure.


def _login_keys(username: str, ip: str | None) -> list[tuple[str, int]]:
    # Hashed: a username is whatever the client typed (any length, any character).
    account = hashlib.sha256(username.casefold().encode("utf-8", "surrogatepass")).hexdigest()
    keys = [(f"login-fail:user:{account}", settings.KOMA_LOGIN_FAILURES_PER_ACCOUNT)]
    if ip:
        keys.append((f"login-fail:ip:{ip}", settings.KOMA_LOGIN_FAILURES_PER_IP))
    return keys


def check_login_allowed(*, username: str, ip: str | None) -> None:
    """Raise `login_throttled` (429) while the account or the IP is locked, before any password
    is checked, so a locked account answers the same for the right and a wrong password."""
    keys = _login_keys(username, ip)
    counts = cache.get_many([key for key, _ in keys] + [f"{key}:until" for key, _ in keys])
    now = time.time()
    for key, limit in keys:
        if counts.get(key, 0) >= limit:
            until = counts.get(f"{key}:until", now + settings.KOMA_LOGIN_WINDOW_SECONDS)
            raise RateLimited("login_throttled", retry_after=math.ceil(until - now))


def record_login_failure(*, username: str, ip: str | None) -> None:
    window = settings.KOMA_LOGIN_WINDOW_SECONDS
    for key, _ in _login_keys(username, ip):
        if cache.add(key, 0, window):
            cache.set(f"{key}:until", time.time() + window, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: start a new window
            cache.add(key, 1, window)


def record_login_success(*, username: str) -> None:
    """Clears only this account's counter: the IP's counter keeps counting other accounts."""
    key, _ = _login_keys(username, None)[0]
    cache.delete_many([key, f"{key}:until"])
