"""DRF authentication pieces: session auth whose CSRF failure answers `csrf_failed`."""

from __future__ import annotations

from rest_framework import authentication, exceptions

from koma.core.errors import Forbidden


class SessionAuthentication(authentication.SessionAuthentication):
    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise Forbidden("csrf_failed") from None


def enforce_csrf(request) -> None:
    """The CSRF check for views that anonymous users POST to (login): Django's own check."""
    SessionAuthentication().enforce_csrf(request)
