"""The domain error hierarchy and the one DRF exception handler (docs/architecture.md A8).

Every error a client can cause answers `{code, message, fields?}` with a 4xx status.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, JsonResponse
from rest_framework import exceptions as drf
from rest_framework.response import Response

from koma.core.messages import message_for


class DomainError(Exception):
    status = 400

    def __init__(self, code: str, message: str = "", *, fields: dict | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.fields = fields


class Invalid(DomainError):
    status = 400


class Forbidden(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class TooLarge(DomainError):
    status = 413


class Unsupported(DomainError):
    status = 415


class RateLimited(DomainError):
    """429 with Retry-After: the client may try again after `retry_after` seconds."""

    status = 429

    def __init__(self, code: str, *, retry_after: int, message: str = "") -> None:
        super().__init__(code, message)
        self.retry_after = max(1, int(retry_after))


def error_body(code: str, message: str = "", fields: Any = None) -> dict:
    body: dict[str, Any] = {"code": code, "message": message or message_for(code)}
    if fields:
        body["fields"] = fields
    return body


_DRF_CODES: list[tuple[type[Exception], int, str]] = [
    (drf.NotAuthenticated, 401, "not_authenticated"),
    (drf.AuthenticationFailed, 401, "not_authenticated"),
    (drf.PermissionDenied, 403, "forbidden"),
    (drf.NotFound, 404, "not_found"),
    (drf.MethodNotAllowed, 405, "method_not_allowed"),
    (drf.NotAcceptable, 406, "not_acceptable"),
    (drf.UnsupportedMediaType, 415, "unsupported_media_type"),
    (drf.Throttled, 429, "rate_limited"),
    (drf.ParseError, 400, "malformed_request"),
]


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        response = Response(error_body(exc.code, exc.message, exc.fields), status=exc.status)
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, drf.ValidationError):
        detail = exc.detail
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        return Response(error_body("invalid", fields=fields), status=400)
    if isinstance(exc, Http404):
        return Response(error_body("not_found"), status=404)
    if isinstance(exc, DjangoPermissionDenied):
        return Response(error_body("forbidden"), status=403)
    if isinstance(exc, RequestDataTooBig):
        return Response(error_body("request_too_large"), status=413)
    if isinstance(exc, SuspiciousOperation):
        return Response(error_body("malformed_request"), status=400)
    for cls, status, code in _DRF_CODES:
        if isinstance(exc, cls):
            response = Response(error_body(code), status=status)
            if isinstance(exc, drf.NotAuthenticated | drf.AuthenticationFailed):
                response["WWW-Authenticate"] = 'Token realm="api"'
            wait = getattr(exc, "wait", None)
            if isinstance(exc, drf.Throttled) and wait:
                response["Retry-After"] = str(int(wait))
            return response
    if isinstance(exc, drf.APIException):
        return Response(error_body(exc.default_code), status=exc.status_code)
    return None


# Django's error views (config/urls.py handler400/403/404/500): JSON on /api/, HTML elsewhere.


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    from django.views import defaults

    if _is_api(request):
        return JsonResponse(error_body("malformed_request"), status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    from django.views import defaults

    if _is_api(request):
        return JsonResponse(error_body("forbidden"), status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    from django.views import defaults

    if _is_api(request):
        return JsonResponse(error_body("not_found"), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    from django.views import defaults

    if _is_api(request):
        return JsonResponse(error_body("server_error"), status=500)
    return defaults.server_error(request)
