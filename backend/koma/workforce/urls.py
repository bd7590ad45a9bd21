from django.urls import path

from koma.workforce import api

urlpatterns = [
    path("workers/me/availability", api.AvailabilityApi.as_view()),
    path("workers/me/days/<str:day>", api.DayApi.as_view()),
    path("workers/me/today", api.TodayApi.as_view()),
]
