from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import OuterRef, Q


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


def roles_of(user_field: str = "pk") -> ArraySubquery:
    """The roles of the user at `user_field` of the outer query, as one array column.

    Authentication reads the user with this annotation (`with_roles`), so a request's role
    checks cost no query of their own.
    """
    return ArraySubquery(
        Membership.objects.filter(user=OuterRef(user_field)).order_by().values("role")
    )


class User(AbstractUser):
    display_name = models.CharField(max_length=100, blank=True, default="")
    locale = models.CharField(max_length=5, default="ja")

    def roles(self) -> set[str]:
        # Cached per instance: request.user lives for one request.
        if not hasattr(self, "_roles_cache"):
            self._roles_cache = set(self.memberships.values_list("role", flat=True))
        return self._roles_cache

    def with_roles(self, roles: list[str] | None) -> User:
        """Take the roles read with the user (`roles_of`) as this request's roles."""
        self._roles_cache = set(roles or ())
        return self

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
