"""Workforce changes (docs/architecture.md A5)."""

from __future__ import annotations

from koma.accounts.models import Organization, Role, User
from koma.core.errors import Invalid
from koma.workforce.models import CoordinatorAssignment, WorkerProfile


def assign_coordinator(*, coordinator: User, municipality: Organization) -> CoordinatorAssignment:
    """Let `coordinator` see and review `municipality`'s work. Assigning twice is a no-op."""
    if Role.COORDINATOR not in coordinator.roles():
        raise Invalid("invalid", fields={"coordinator": ["not_a_coordinator"]})
    if municipality.kind != Organization.Kind.MUNICIPALITY:
        raise Invalid("invalid", fields={"municipality": ["not_a_municipality"]})
    assignment, _ = CoordinatorAssignment.objects.get_or_create(
        coordinator=coordinator, municipality=municipality
    )
    return assignment


PROFILE_FIELDS = ("level", "daily_cap_minutes", "weekly_cap_minutes")


def parse_profile_change(payload: object) -> dict[str, int | None]:
    """`PATCH /workers/{id}` body: level and/or the caps' overrides (null: follow the level)."""
    from koma.workforce.caps import MAX_CAP_MINUTES

    if not isinstance(payload, dict):
        raise Invalid("invalid", fields={"body": ["not_an_object"]})
    errors: dict[str, list[str]] = {}
    change: dict[str, int | None] = {}
    for name in payload:
        if name not in PROFILE_FIELDS:
            errors.setdefault(name, []).append("unknown_field")
    if "level" in payload:
        level = payload["level"]
        if isinstance(level, bool) or level not in WorkerProfile.Level.values:
            errors.setdefault("level", []).append("invalid_level")
        else:
            change["level"] = level
    for name in ("daily_cap_minutes", "weekly_cap_minutes"):
        if name not in payload:
            continue
        value = payload[name]
        if value is None:
            change[name] = None
        elif isinstance(value, bool) or not isinstance(value, int):
            errors.setdefault(name, []).append("not_an_integer")
        elif not 0 <= value <= MAX_CAP_MINUTES:
            errors.setdefault(name, []).append("out_of_range")
        else:
            change[name] = value
    if errors:
        raise Invalid("invalid", fields=errors)
    return change


def update_worker_profile(
    *, worker_id: int, change: dict[str, int | None], by: User
) -> WorkerProfile:
    """A coordinator sets a worker's level and caps' overrides; audited."""
    from django.db import transaction

    from koma.audit.services import record_event
    from koma.core.errors import NotFound

    with transaction.atomic():
        profile = (
            WorkerProfile.objects.select_for_update(no_key=True)
            .select_related("user")
            .filter(user_id=worker_id)
            .first()
        )
        if profile is None:
            raise NotFound("worker_not_found")
        for name, value in change.items():
            setattr(profile, name, value)
        profile.save(update_fields=list(change) or None)
        record_event(actor=by, verb="worker.profile_changed", obj=profile, change=change)
    return profile
