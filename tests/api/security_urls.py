"""The real URLconf plus one view that fails, to see what a server error answers."""

from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


class Boom(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get(self, request):
        raise RuntimeError("an unexpected bug")


urlpatterns = [path("api/v1/test-boom", Boom.as_view()), *urlpatterns]
