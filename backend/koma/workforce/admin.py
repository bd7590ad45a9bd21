from django.contrib import admin

from koma.workforce.models import CoordinatorAssignment, LevelCaps, TeamMember, WorkerProfile


@admin.register(WorkerProfile)
class WorkerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "level", "daily_cap_units", "daily_cap_minutes", "weekly_cap_minutes"]
    list_filter = ["level"]


@admin.register(LevelCaps)
class LevelCapsAdmin(admin.ModelAdmin):
    """Minutes per Japanese day and week by level (docs/architecture.md A26)."""

    list_display = ["level", "daily_minutes", "weekly_minutes", "updated_at"]


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["job", "worker", "leader", "added_at"]
    list_filter = ["leader"]
    raw_id_fields = ["job", "worker"]


@admin.register(CoordinatorAssignment)
class CoordinatorAssignmentAdmin(admin.ModelAdmin):
    list_display = ["coordinator", "municipality", "created_at"]
    list_filter = ["municipality"]
