"""DRF authentication pieces: session auth whose CSRF failure answers `csrf_failed`."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions

from koma.core.errors import Forbidden


class SessionAuthentication(authentication.SessionAuthentication):
    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise Forbidden("csrf_failed") from None


class KomaSessionScheme(SessionScheme):
    """The OpenAPI `cookieAuth` scheme for our subclass."""

    target_class = "koma.accounts.auth.SessionAuthentication"


def enforce_csrf(request) -> None:
    """The CSRF check for views that anonymous users POST to (login): Django's own check."""
    SessionAuthentication().enforce_csrf(request)


class RevokeTokensOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for its `password_changed` hook, which Django calls
    on every saved password change (our API, the admin form, `manage.py changepassword`):
    every API token of the account stops working. It never refuses a password."""

    def validate(self, password, user=None) -> None:
        return None

    def password_changed(self, password, user=None) -> None:
        if user is not None and user.pk:
            from knox.models import AuthToken

            AuthToken.objects.filter(user=user).delete()

    def get_help_text(self) -> str:
        return ""
