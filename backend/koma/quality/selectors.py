"""Scoped reads for coordinator review (STYLE A9)."""

from __future__ import annotations

from django.db.models import QuerySet

from koma.accounts.models import Role
from koma.core.errors import NotFound
from koma.units.models import Unit
from koma.units.selectors import _with_summary


def review_queue(*, reviewer) -> QuerySet[Unit]:
    return _with_summary(
        Unit.objects.filter(status__in=[Unit.Status.SUBMITTED, Unit.Status.IN_REVIEW]).order_by(
            "submitted_at", "id"
        )
    )


def get_unit_for_reviewer(*, user, unit_id: int) -> Unit:
    if not user.roles() & {Role.COORDINATOR, Role.ADMIN}:
        raise NotFound("unit_not_found")
    try:
        return _with_summary(Unit.objects.all()).get(pk=unit_id)
    except Unit.DoesNotExist:
        raise NotFound("unit_not_found") from None
