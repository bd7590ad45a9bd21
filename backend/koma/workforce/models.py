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
