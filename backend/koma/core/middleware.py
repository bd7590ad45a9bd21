"""HTTP concerns every request shares: JSON errors on /api/ before a view runs, the security
headers, and the client IP that audit rows record."""

from __future__ import annotations

import contextvars
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase

from koma.core.errors import error_body

GetResponse = Callable[[HttpRequest], HttpResponseBase]

_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "koma_client_ip", default=None
)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR; behind KOMA_TRUSTED_PROXY_COUNT proxies, the address the farthest trusted
    proxy saw (each proxy appends its peer to X-Forwarded-For, so earlier entries are the
    client's own claims and are never trusted)."""
    count = settings.KOMA_TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= count and (ip := _valid_ip(hops[-count])):
            return ip
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def current_client_ip() -> str | None:
    """The client IP of the request being served on this thread/task; None outside requests."""
    return _client_ip.get()


class ApiErrorMiddleware:
    """A bad Host header on /api/ answers the JSON error shape instead of Django's HTML 400."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path.startswith("/api/"):
            try:
                request.get_host()
            except DisallowedHost:
                return JsonResponse(error_body("bad_host"), status=400)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """CSP and Permissions-Policy on every response; `no-store` on every API answer, since those
    carry residents' data or per-user state that no browser or proxy cache should keep."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", settings.KOMA_CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault("Permissions-Policy", settings.KOMA_PERMISSIONS_POLICY)
        if request.path.startswith("/api/v1/"):
            response.headers["Cache-Control"] = "no-store"
        return response


class ClientIpMiddleware:
    """Puts the client IP on the request and in a context variable for record_event()."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        ip = client_ip(request)
        request.client_ip = ip  # type: ignore[attr-defined]  # read by views and tests
        token = _client_ip.set(ip)
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
