"""The real URLs plus GET /bench/floor: a constant JSON list through DRF, same auth.

What the server, middleware, token authentication and DRF rendering cost with no query
beyond authentication: the floor the real list endpoints are compared with.
"""

from django.urls import path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as real_urlpatterns

FLOOR = [
    {
        "id": i,
        "job_id": 1,
        "job_title": "大きな案件",
        "seq": i,
        "status": "open",
        "item_count": 100,
        "estimated_minutes": 45,
        "deadline": "2027-01-01",
        "lease_expires_at": None,
        "worker_rate_yen": 4000,
        "last_review": None,
        "version": 1,
    }
    for i in range(20)
]


class FloorApi(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response(FLOOR)


urlpatterns = [path("bench/floor", FloorApi.as_view()), *real_urlpatterns]
