"""Scoped reads for coordinator review (docs/architecture.md A9).

A coordinator reaches only units of the municipalities assigned to them
(koma.workforce.selectors.coordinated_scope); any other unit is a 404, like a missing one.
"""

from __future__ import annotations

from django.db.models import QuerySet

from koma.core.errors import NotFound
from koma.units.models import Unit
from koma.units.selectors import summary_list, with_summary
from koma.workforce.selectors import coordinated_scope


def _units_coordinated_by(user) -> QuerySet[Unit]:
    return Unit.objects.filter(coordinated_scope(user=user, municipality_field="job__municipality"))


def review_queue(*, reviewer) -> QuerySet[Unit]:
    """What ReviewQueueItemOut reads: a unit summary, its holder's name, when it was handed in."""
    return summary_list(
        _units_coordinated_by(reviewer)
        .filter(status__in=[Unit.Status.SUBMITTED, Unit.Status.IN_REVIEW])
        .order_by("submitted_at", "id"),
        "submitted_at",
        "holder__display_name",
    )


def get_unit_for_reviewer(*, user, unit_id: int) -> Unit:
    try:
        return with_summary(_units_coordinated_by(user)).get(pk=unit_id)
    except Unit.DoesNotExist:
        raise NotFound("unit_not_found") from None
