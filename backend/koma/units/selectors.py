"""Scoped reads for units (STYLE A9)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from koma.accounts.models import Role
from koma.core.errors import NotFound
from koma.jobs.models import Item
from koma.quality.models import Review
from koma.units.models import Entry, Unit
from koma.workforce.selectors import coordinated_scope

AVAILABLE_LIST_LIMIT = 20
# Lists show a unit summary: the job's form and instructions (up to 20,000 characters, and
# JSON to decode) are not needed for each row; the unit detail reads them.
_LIST_DEFER = ("job__field_schema", "job__instructions")


def _with_summary(qs: QuerySet[Unit]) -> QuerySet[Unit]:
    return qs.select_related("job", "holder").prefetch_related(
        Prefetch("reviews", queryset=Review.objects.order_by("-created_at"), to_attr="review_list")
    )


def units_available_for(*, worker) -> QuerySet[Unit]:
    profile = getattr(worker, "worker_profile", None)
    level = profile.level if profile else 0
    return _with_summary(
        Unit.objects.filter(status=Unit.Status.OPEN, required_level__lte=level)
        .exclude(excluded_worker_ids__contains=[worker.pk])
        .order_by("deadline", "-priority", "id")
        .defer(*_LIST_DEFER)
    )


def units_held_by(*, worker) -> QuerySet[Unit]:
    return _with_summary(
        Unit.objects.filter(
            holder=worker,
            status__in=[Unit.Status.RESERVED, Unit.Status.SUBMITTED, Unit.Status.IN_REVIEW],
        )
        .order_by("lease_expires_at", "id")
        .defer(*_LIST_DEFER)
    )


def get_unit_for_holder(*, user, unit_id: int) -> Unit:
    """The worker's own unit. A unit the worker does not hold is a 404, like a missing one."""
    try:
        return _with_summary(Unit.objects.filter(holder=user)).get(pk=unit_id)
    except Unit.DoesNotExist:
        raise NotFound("unit_not_found") from None


def get_unit_for_viewer(*, user, unit_id: int) -> Unit:
    """Holder or coordinator."""
    if user.roles() & {Role.COORDINATOR, Role.ADMIN}:
        from koma.quality.selectors import get_unit_for_reviewer  # quality reads units

        return get_unit_for_reviewer(user=user, unit_id=unit_id)
    return get_unit_for_holder(user=user, unit_id=unit_id)


def unit_items_with_entries(*, unit: Unit) -> list[Item]:
    """Items in order, each with `.entry` = the holder's entry for this pass, or None."""
    items = list(unit.items.order_by("seq"))
    entries = {
        e.item_id: e
        for e in Entry.objects.filter(
            unit=unit, worker_id=unit.holder_id, pass_number=unit.pass_number
        )
    }
    for item in items:
        item.entry = entries.get(item.pk)
    return items


def get_unit_for_releaser(*, user, unit_id: int) -> Unit:
    """The holder's unit, or an open one (so a retried release can be answered)."""
    try:
        return Unit.objects.filter(Q(holder=user) | Q(status=Unit.Status.OPEN)).get(pk=unit_id)
    except Unit.DoesNotExist:
        raise NotFound("unit_not_found") from None


def get_item_for_viewer(*, user, item_id: int) -> Item:
    """The worker holding the item's unit, its municipality's coordinator, or its staff."""
    roles = user.roles()
    qs = Item.objects.select_related("unit", "job")
    if roles & {Role.COORDINATOR, Role.ADMIN}:
        scope = coordinated_scope(user=user, municipality_field="job__municipality")
    else:
        scope = Q(unit__holder=user)
        if Role.STAFF in roles:
            scope |= Q(job__municipality__memberships__user=user)
    try:
        return qs.filter(scope).distinct().get(pk=item_id)
    except Item.DoesNotExist:
        raise NotFound("item_not_found") from None
