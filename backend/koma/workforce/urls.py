from django.urls import path

from koma.workforce import api

urlpatterns = [
    path("workers/me/availability", api.AvailabilityApi.as_view()),
    path("workers/me/days/<str:day>", api.DayApi.as_view()),
    path("workers/me/today", api.TodayApi.as_view()),
    path("workers/me/jobs", api.MyJobsApi.as_view()),
    path("workers", api.WorkerListApi.as_view()),
    path("workers/<int:worker_id>", api.WorkerDetailApi.as_view()),
    path("workforce/levels", api.LevelCapsApi.as_view()),
    path("jobs/<int:job_id>/team", api.JobTeamApi.as_view()),
]
