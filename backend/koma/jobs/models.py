from __future__ import annotations

from django.conf import settings
from django.db import models


class Job(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "下書き"
        PUBLISHED = "published", "公開中"
        IN_PROGRESS = "in_progress", "作業中"
        COMPLETED = "completed", "完了"
        DELIVERED = "delivered", "納品済み"
        ARCHIVED = "archived", "保管"
        CANCELLED = "cancelled", "中止"

    class SplitState(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    class TaskType(models.TextChoices):
        FORM_ENTRY = "form_entry", "帳票入力"

    class QaPolicy(models.TextChoices):
        FULL_REVIEW = "full_review", "全数確認"

    municipality = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    task_type = models.CharField(
        max_length=30, choices=TaskType.choices, default=TaskType.FORM_ENTRY
    )
    field_schema = models.JSONField(default=list)
    instructions = models.TextField(blank=True, default="")
    deadline = models.DateField()
    priority = models.SmallIntegerField(default=0)
    qa_policy = models.CharField(
        max_length=20, choices=QaPolicy.choices, default=QaPolicy.FULL_REVIEW
    )
    # Rates per item, integer yen: what the municipality pays and what the worker earns.
    client_rate_yen = models.PositiveIntegerField()
    worker_rate_yen = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    split_state = models.CharField(
        max_length=10, choices=SplitState.choices, default=SplitState.PENDING
    )
    split_done = models.PositiveIntegerField(default=0)
    split_total = models.PositiveIntegerField(default=0)
    # Last sign of life of the split (publish, each batch, each re-enqueue); the sweeper
    # re-enqueues a pending/running split that has been silent too long.
    split_touched_at = models.DateTimeField(null=True, blank=True)
    # Unit size: the split (and a re-pack) fills units up to about this many minutes of
    # estimated work, never above two hours (jobs/logic.py LIMIT_UNIT_SECONDS). 15..120.
    unit_target_minutes = models.PositiveSmallIntegerField(default=100, db_default=100)
    # Calibration (jobs/calibration.py): the median active seconds per item over the
    # accepted entries, once there are KOMA_CALIBRATION_MIN_ENTRIES of them; null before.
    calibrated_seconds_per_item = models.FloatField(null=True, blank=True)
    calibrated_entries = models.PositiveIntegerField(default=0, db_default=0)
    calibrated_at = models.DateTimeField(null=True, blank=True)
    # The per-item pace the open units were last packed with: null until the first re-pack,
    # meaning the field schema's estimate (logic.estimate_item_seconds).
    packed_seconds_per_item = models.FloatField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["municipality", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                name="worker_rate_not_above_client_rate",
                condition=models.Q(worker_rate_yen__lte=models.F("client_rate_yen")),
            ),
            models.CheckConstraint(
                name="unit_target_minutes_in_range",
                condition=models.Q(unit_target_minutes__gte=15, unit_target_minutes__lte=120),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    """One record to key: a source image region plus optional prefill from the import."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveIntegerField()
    ref = models.CharField(max_length=100)
    prefill = models.JSONField(default=dict, blank=True)
    image = models.CharField(max_length=300, blank=True, default="")  # path under MEDIA_ROOT
    estimated_seconds = models.PositiveIntegerField(default=0)
    # The source document the item comes from (the CSV's optional `document_ref` column):
    # the packing keeps one document's items in one unit (logic.pack_items). "" = none.
    document_ref = models.CharField(max_length=100, blank=True, default="", db_default="")
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["job", "seq"], name="item_seq_unique_in_job"),
            models.UniqueConstraint(fields=["job", "ref"], name="item_ref_unique_in_job"),
        ]


class JobCounter(models.Model):
    """Running totals of a job's units and items, so lists never count rows per request.

    Written only by PostgreSQL triggers on units_unit and jobs_item (migration
    0003_scale_counters), whatever code path changes a unit: never write it from Python.
    One row per (job, unit status, shard): `units` is how many of the job's units are in that
    status, `items` the sum of their item_count. The row with status "" holds the job's item
    total in `items`. A transaction adds to the shard chosen by its backend process id, so
    concurrent claims on one job do not queue on one row; readers sum the shards.
    The foreign key is declared in SQL with ON DELETE CASCADE (a job's deletion removes its
    counters after Django has deleted its units and items).
    """

    job = models.ForeignKey(
        Job,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the unique key below starts with job_id
        related_name="counters",
    )
    # A Unit.Status value, or "" for the item total; wider than Unit.status so a longer new
    # status cannot make the trigger (and with it the transition) fail.
    status = models.CharField(max_length=32)
    shard = models.SmallIntegerField()
    units = models.BigIntegerField(default=0)
    items = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["job", "status", "shard"], name="job_counter_job_status_shard"
            )
        ]
