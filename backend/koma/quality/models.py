from django.conf import settings
from django.db import models


class Review(models.Model):
    class Decision(models.TextChoices):
        ACCEPT = "accept", "検収"
        REWORK = "rework", "差し戻し"
        REJECT = "reject", "却下"

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = models.TextField(blank=True, default="")
    defects = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
