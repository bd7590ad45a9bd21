from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q


class Unit(models.Model):
    """A koma: ordered items sized to fit a two-hour window, held by at most one worker."""

    class Status(models.TextChoices):
        OPEN = "open", "受付中"
        RESERVED = "reserved", "作業中"
        SUBMITTED = "submitted", "提出済み"
        IN_REVIEW = "in_review", "確認中"
        ACCEPTED = "accepted", "検収済み"

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="units")
    seq = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    item_count = models.PositiveIntegerField(default=0)
    estimated_minutes = models.PositiveIntegerField()
    required_level = models.SmallIntegerField(default=0)
    pass_number = models.PositiveSmallIntegerField(default=1)
    # Copied from the job so the claim index alone decides the order.
    deadline = models.DateField()
    priority = models.SmallIntegerField(default=0)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="held_units",
    )
    claim_key = models.CharField(max_length=64, blank=True, default="")
    excluded_worker_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # The end of the worker's window at the claim (None: claimed outside any window, e.g. a
    # rework): one of the limits of the lease (units/transitions.py lease_end).
    window_ends_at = models.DateTimeField(null=True, blank=True)
    # Set while the holder has paused: heartbeats and saves do not extend the lease.
    paused_at = models.DateTimeField(null=True, blank=True)
    # Set when the holder was warned that the lease ends soon; cleared when it moves.
    lease_warned_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewing_units",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "seq"], name="unit_seq_unique_in_job"),
            models.CheckConstraint(
                name="open_units_have_no_holder",
                condition=~Q(status="open") | Q(holder__isnull=True),
            ),
            models.CheckConstraint(
                name="held_units_have_a_holder",
                condition=Q(status="open") | Q(holder__isnull=False),
            ),
            models.CheckConstraint(
                name="reserved_units_have_a_lease",
                condition=~Q(status="reserved") | Q(lease_expires_at__isnull=False),
            ),
        ]
        indexes = [
            # The claim statement walks this index in order and stops at the first row
            # it can lock: what decides eligibility is in the index (docs/architecture.md).
            models.Index(
                fields=["deadline", "-priority", "id", "required_level"],
                name="unit_claim_order",
                condition=Q(status="open"),
            ),
            models.Index(
                fields=["lease_expires_at"], name="unit_lease", condition=Q(status="reserved")
            ),
            models.Index(fields=["holder", "status"], name="unit_holder"),
            models.Index(fields=["job", "status"], name="unit_job_status"),
        ]


class Entry(models.Model):
    """One worker's keying of one item in one pass: autosaved as a draft, kept on release."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey("jobs.Item", on_delete=models.CASCADE, related_name="entries")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="entries"
    )
    pass_number = models.PositiveSmallIntegerField(default=1)
    values = models.JSONField(default=dict)
    errors = models.JSONField(default=dict)
    active_seconds = models.PositiveIntegerField(default=0)
    # Bumped by every save; the save answers it and a client sends it back as `base_version`.
    version = models.PositiveIntegerField(default=0)
    # {field: the version that last changed its stored value}: a save based on an older version
    # may not change a field the server changed since (docs/architecture.md, Offline keying).
    field_versions = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "worker", "pass_number"], name="one_entry_per_item_worker_pass"
            )
        ]


class Claim(models.Model):
    """One unit taken by one worker. Append-only: a release does not undo a claim.

    The daily cap (units and minutes per Japanese day) and the claim rate limit count these.
    """

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="unit_claims"
    )
    # Kept when the unit goes (a job erased the same day): the claim still counts.
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    claimed_at = models.DateTimeField()
    estimated_minutes = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["worker", "claimed_at"], name="claim_worker_time")]


class Offer(models.Model):
    """An open unit reserved for one worker for a short time (docs/architecture.md A26).

    While pending and not past `expires_at`, the unit is claimable only by `worker`. At most
    one pending offer per unit and per worker (partial unique indexes).
    """

    class State(models.TextChoices):
        PENDING = "pending", "提示中"
        TAKEN = "taken", "受諾"
        PASSED = "passed", "期限切れ"
        DECLINED = "declined", "辞退"

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="offers")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_offers"
    )
    offered_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(state="pending"), name="offer_one_pending_per_unit"
            ),
            models.UniqueConstraint(
                fields=["worker"],
                condition=Q(state="pending"),
                name="offer_one_pending_per_worker",
            ),
        ]
        indexes = [
            # The claim's exclusion and the sweep read only pending offers: a small index.
            models.Index(
                fields=["expires_at", "unit"], name="offer_pending", condition=Q(state="pending")
            ),
            # "not offered the same unit again for a while"
            models.Index(fields=["unit", "worker", "settled_at"], name="offer_unit_worker"),
        ]
