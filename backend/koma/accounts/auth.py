"""DRF authentication pieces: knox tokens read in one query, session auth whose CSRF failure
answers `csrf_failed`."""

from __future__ import annotations

import binascii
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth as knox_auth
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired
from rest_framework import authentication, exceptions

from koma.accounts.models import roles_of
from koma.core.errors import Forbidden


class TokenAuthentication(knox_auth.TokenAuthentication):
    """Knox's token check (hashed token, expiry, inactive users refused) in one query.

    Knox reads the token with its user, then every other token of the user to delete the
    expired ones, and the view then reads the user's roles: three round trips before any work
    on every API call. Here the token, its user and the user's roles come in one row; the
    user's other expired tokens are deleted when a new token is issued
    (`koma.accounts.services.issue_token`) instead of on every request.
    """

    def authenticate_credentials(self, token):
        msg = _("Invalid token.")
        token = token.decode("utf-8")
        candidates = (
            AuthToken.objects.filter(token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH])
            .select_related("user")
            .annotate(user_roles=roles_of("user_id"))
        )
        now = timezone.now()
        for auth_token in candidates:
            if auth_token.expiry is not None and auth_token.expiry < now:
                username = auth_token.user.get_username()
                auth_token.delete()
                token_expired.send(sender=self.__class__, username=username, source="auth_token")
                continue
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error):
                raise exceptions.AuthenticationFailed(msg) from None
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                auth_token.user.with_roles(auth_token.user_roles)
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(msg)


class KomaTokenScheme(KnoxTokenScheme):
    """The OpenAPI `knoxApiToken` scheme for our subclass."""

    target_class = "koma.accounts.auth.TokenAuthentication"


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
