from django.contrib import admin

from koma.workforce.models import WorkerProfile

admin.site.register(WorkerProfile)
