from django.urls import path

from koma.jobs import api

urlpatterns = [
    path("jobs", api.JobListCreateApi.as_view()),
    path("jobs/<int:job_id>", api.JobDetailApi.as_view()),
    path("jobs/<int:job_id>/items/import", api.JobImportApi.as_view()),
    path("jobs/<int:job_id>/publish", api.JobPublishApi.as_view()),
    path("jobs/<int:job_id>/progress", api.JobProgressApi.as_view()),
    path("jobs/<int:job_id>/export", api.JobExportApi.as_view()),
]
