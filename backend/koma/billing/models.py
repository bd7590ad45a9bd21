from django.conf import settings
from django.db import models


class LedgerEntry(models.Model):
    """Money owed, in integer yen. Append-only: a trigger refuses UPDATE and DELETE;
    corrections are new entries with the opposite sign."""

    class Kind(models.TextChoices):
        CLIENT_CHARGE = "client_charge", "自治体請求"
        WORKER_EARNING = "worker_earning", "ワーカー報酬"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    job = models.ForeignKey("jobs.Job", on_delete=models.PROTECT, related_name="ledger_entries")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="ledger_entries")
    quantity = models.PositiveIntegerField()
    unit_price_yen = models.PositiveIntegerField()
    amount_yen = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # One charge per accepted unit and one earning per worker share of it (a hand-off
            # splits a unit), however often acceptance is retried.
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(kind="client_charge"),
                name="one_charge_per_unit",
            ),
            models.UniqueConstraint(
                fields=["unit", "worker"],
                condition=models.Q(kind="worker_earning"),
                name="one_earning_per_unit_worker",
            ),
            models.CheckConstraint(
                name="amount_is_quantity_times_price",
                condition=models.Q(amount_yen=models.F("quantity") * models.F("unit_price_yen")),
            ),
        ]
