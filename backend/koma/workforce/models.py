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
