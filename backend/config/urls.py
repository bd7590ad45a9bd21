from django.conf import settings
from django.contrib import admin
from django.http import FileResponse, Http404, JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from koma.core.errors import error_body

api = [
    path("", include("koma.accounts.urls")),
    path("", include("koma.jobs.urls")),
    path("", include("koma.units.urls")),
    path("", include("koma.quality.urls")),
]


@csrf_exempt  # an unknown API path is a JSON 404 for every method, not a CSRF page
def api_not_found(request, *args, **kwargs):
    return JsonResponse(error_body("not_found"), status=404)


@ensure_csrf_cookie
def spa(request, *args, **kwargs):
    """The React app: index.html for every client-side route."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.is_file():
        raise Http404("frontend not built: run `make run`")
    response = FileResponse(index.open("rb"), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def spa_asset(request, path):
    dist = settings.FRONTEND_DIST.resolve()
    file = (dist / path).resolve()
    if dist not in file.parents or not file.is_file():
        raise Http404(path)
    response = FileResponse(file.open("rb"))
    # Vite fingerprints asset names, so they may be cached for a long time.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


urlpatterns = [
    path("api/v1/", include(api)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    re_path(r"^api/.*$", api_not_found),
    path("admin/", admin.site.urls),
    re_path(r"^(?P<path>assets/.+)$", spa_asset),
    re_path(r"^(?P<path>[\w.-]+\.(?:svg|png|ico|webmanifest|txt))$", spa_asset),
    re_path(r"^(?!api/|admin/|ws/|static/).*$", spa),
]
