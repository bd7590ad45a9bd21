from __future__ import annotations

from django.conf import settings
from django.db import models


class WorkerProfile(models.Model):
    class Level(models.IntegerChoices):
        TRAINEE = 0, "研修中"
        STANDARD = 1, "標準"
        SENIOR = 2, "上級"
        LEADER = 3, "リーダー"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worker_profile"
    )
    level = models.IntegerField(choices=Level.choices, default=Level.STANDARD)
    daily_cap_units = models.PositiveIntegerField(default=4)
    # A coordinator's override of the level's caps (LevelCaps); null follows the level.
    daily_cap_minutes = models.PositiveIntegerField(null=True, blank=True)
    weekly_cap_minutes = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.get_level_display()})"


class LevelCaps(models.Model):
    """Minutes of work a worker of this level may claim per Japanese day and week.

    Set by coordinators (`PUT /api/v1/workforce/levels`, Django admin). A level without a row
    uses settings.KOMA_DAILY_CAP_MINUTES / KOMA_WEEKLY_CAP_MINUTES; a worker's own override
    on WorkerProfile wins over both (docs/architecture.md A26).
    """

    level = models.IntegerField(choices=WorkerProfile.Level.choices, unique=True)
    daily_minutes = models.PositiveIntegerField()
    weekly_minutes = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["level"]
        verbose_name_plural = "level caps"

    def __str__(self) -> str:
        return f"level {self.level}: {self.daily_minutes}/day, {self.weekly_minutes}/week"


class TeamMember(models.Model):
    """A worker on a job's team. A job with members is claimable only by them (A27)."""

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="team_members")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    leader = models.BooleanField(default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-leader", "added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "worker"], name="team_member_once"),
            models.UniqueConstraint(
                fields=["job"], condition=models.Q(leader=True), name="team_one_leader"
            ),
        ]
        indexes = [models.Index(fields=["worker", "job"], name="team_member_worker")]


class CoordinatorAssignment(models.Model):
    """A coordinator works for this municipality: sees its jobs, reviews its units.

    A coordinator with no assignment sees nothing; an operator admin sees everything.
    """

    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator_assignments",
        limit_choices_to={"memberships__role": "coordinator"},
    )
    municipality = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="coordinator_assignments",
        limit_choices_to={"kind": "municipality"},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["coordinator", "municipality"], name="one_assignment_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.coordinator} → {self.municipality}"


class WeeklyWindow(models.Model):
    """A window a worker can work every week, in Japan time (Monday = 0).

    Minutes of the day rather than times, so a window may end at 24:00 (1440).
    """

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_windows"
    )
    weekday = models.SmallIntegerField()
    start_minute = models.SmallIntegerField()
    end_minute = models.SmallIntegerField()

    class Meta:
        ordering = ["weekday", "start_minute"]
        indexes = [models.Index(fields=["worker", "weekday"], name="weekly_window_worker_day")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6), name="weekly_window_weekday"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    start_minute__gte=0,
                    start_minute__lt=models.F("end_minute"),
                    end_minute__lte=1440,
                ),
                name="weekly_window_order",
            ),
        ]


class AvailabilityException(models.Model):
    """One dated day that replaces the weekly windows: a day off (no windows) or other hours."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_exceptions"
    )
    date = models.DateField()
    # [[start_minute, end_minute], ...] in order, validated by workforce/availability.py.
    windows = models.JSONField(default=list)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "date"], name="one_exception_per_day")
        ]
