from django.conf import settings
from django.contrib import admin
from django.http import FileResponse, Http404, JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from koma.core.errors import error_body

# Django's error views answer the one JSON error shape on /api/ (HTML elsewhere).
handler400 = "koma.core.errors.bad_request"
handler403 = "koma.core.errors.permission_denied"
handler404 = "koma.core.errors.page_not_found"
handler500 = "koma.core.errors.server_error"

api = [
    path("", include("koma.accounts.urls")),
    path("", include("koma.jobs.urls")),
    path("", include("koma.units.urls")),
    path("", include("koma.quality.urls")),
    path("", include("koma.workforce.urls")),
]


@csrf_exempt  # an unknown API path is a JSON 404 for every method, not a CSRF page
def api_not_found(request, *args, **kwargs):
    return JsonResponse(error_body("not_found"), status=404)


class SchemaApi(SpectacularAPIView):
    """The OpenAPI document: YAML by default, JSON with `?format=json` or an Accept header."""

    def perform_content_negotiation(self, request, force=False):
        if request.query_params.get("format") in {"json", "openapi-json"}:
            renderer = OpenApiJsonRenderer()
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force)


@ensure_csrf_cookie
def spa(request, *args, **kwargs):
    """The React app: index.html for every client-side route."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.is_file():
        raise Http404("frontend not built: run `make run`")
    response = FileResponse(index.open("rb"), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


# Vite fingerprints the names under assets/, so they may be cached for a long time; the files
# kept under their own name (the service worker, the manifest, icons) are revalidated.
FINGERPRINTED = "public, max-age=31536000, immutable"
CONTENT_TYPES = {".webmanifest": "application/manifest+json", ".js": "text/javascript"}


def spa_asset(request, path, cache_control=FINGERPRINTED):
    dist = settings.FRONTEND_DIST.resolve()
    file = (dist / path).resolve()
    if dist not in file.parents or not file.is_file():
        raise Http404(path)
    response = FileResponse(file.open("rb"), content_type=CONTENT_TYPES.get(file.suffix))
    response["Cache-Control"] = cache_control
    return response


urlpatterns = [
    path("api/v1/", include(api)),
    path("api/schema/", SchemaApi.as_view(), name="schema"),
    # The split view serves its script from a URL, so the CSP needs no inline scripts.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    re_path(r"^api/.*$", api_not_found),
    path("admin/", admin.site.urls),
    re_path(r"^(?P<path>assets/.+)$", spa_asset),
    # The service worker is served from the root so that its scope is the whole app (docs/
    # architecture.md, Offline keying); the browser checks it for a new version on each visit.
    re_path(r"^(?P<path>sw\.js)$", spa_asset, {"cache_control": "no-cache"}),
    re_path(
        r"^(?P<path>[\w.-]+\.(?:svg|png|ico|webmanifest|txt))$",
        spa_asset,
        {"cache_control": "no-cache"},
    ),
    re_path(r"^(?!api/|admin/|ws/|static/).*$", spa),
]
