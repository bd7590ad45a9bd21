from django.contrib import admin

from koma.workforce.models import CoordinatorAssignment, WorkerProfile

admin.site.register(WorkerProfile)


@admin.register(CoordinatorAssignment)
class CoordinatorAssignmentAdmin(admin.ModelAdmin):
    list_display = ["coordinator", "municipality", "created_at"]
    list_filter = ["municipality"]
