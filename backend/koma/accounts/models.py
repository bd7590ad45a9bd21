from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Organization(models.Model):
    class Kind(models.TextChoices):
        OPERATOR = "operator", "運営事業者"
        MUNICIPALITY = "municipality", "自治体"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # 全国地方公共団体コード, 6 digits with its check digit (validated by koma.jp.lgcode).
    lg_code = models.CharField(max_length=6, null=True, blank=True, unique=True)
    invoice_registration_number = models.CharField(max_length=14, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="municipalities_have_lg_code",
                condition=~Q(kind="municipality") | Q(lg_code__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    STAFF = "staff", "自治体職員"
    WORKER = "worker", "ワーカー"
    LEADER = "leader", "リーダー"
    COORDINATOR = "coordinator", "コーディネーター"
    ADMIN = "admin", "管理者"


class User(AbstractUser):
    display_name = models.CharField(max_length=100, blank=True, default="")
    locale = models.CharField(max_length=5, default="ja")

    def roles(self) -> set[str]:
        # Cached per instance: request.user lives for one request.
        if not hasattr(self, "_roles_cache"):
            self._roles_cache = set(self.memberships.values_list("role", flat=True))
        return self._roles_cache

    def primary_membership(self) -> Membership | None:
        return self.memberships.select_related("organization").order_by("id").first()

    def __str__(self) -> str:
        return self.display_name or self.username


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="one_role_once")
        ]
