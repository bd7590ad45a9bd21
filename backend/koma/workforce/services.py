"""Workforce changes (docs/architecture.md A5)."""

from __future__ import annotations

from koma.accounts.models import Organization, Role, User
from koma.core.errors import Invalid
from koma.workforce.models import CoordinatorAssignment


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
