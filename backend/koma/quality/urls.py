from django.urls import path

from koma.quality import api

urlpatterns = [
    path("units/<int:unit_id>/review/start", api.ReviewStartApi.as_view()),
    path("units/<int:unit_id>/review", api.ReviewDecideApi.as_view()),
    path("reviews/queue", api.ReviewQueueApi.as_view()),
]
