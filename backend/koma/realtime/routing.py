from django.urls import path

from koma.realtime.consumers import JobConsumer, MeConsumer

websocket_urlpatterns = [
    path("ws/jobs/<int:job_id>/", JobConsumer.as_asgi()),
    path("ws/me/", MeConsumer.as_asgi()),
]
