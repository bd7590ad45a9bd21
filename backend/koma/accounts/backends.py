"""Django's model backend, with one rule: the published demo password opens nothing outside
demo mode (an account left with it after a demo, or set to it by hand, cannot log in). A
session's user is read with its roles (one query, not two per request)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from koma.accounts.models import User, roles_of
from koma.demo import DEMO_PASSWORD


class KomaModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if password == DEMO_PASSWORD and not settings.KOMA_DEMO:
            return None  # answered like a wrong password, and counted as a failure
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.annotate(role_list=roles_of()).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user.with_roles(user.role_list) if self.user_can_authenticate(user) else None
