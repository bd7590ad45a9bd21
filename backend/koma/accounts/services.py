from __future__ import annotations

from django.db import transaction

from koma.accounts.models import Membership, Organization, Role, User
from koma.core.errors import Invalid
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
    password: str,
    organization: Organization,
    role: str,
    display_name: str = "",
    level: int = WorkerProfile.Level.STANDARD,
) -> User:
    user = User(username=username, display_name=display_name)
    user.set_password(password)
    user.full_clean()
    user.save()
    Membership.objects.create(user=user, organization=organization, role=role)
    if role in (Role.WORKER, Role.LEADER):
        WorkerProfile.objects.create(user=user, level=level)
    return user
