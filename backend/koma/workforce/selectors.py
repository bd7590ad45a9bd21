"""Scoped reads for the workforce (docs/architecture.md A9).

`coordinated_scope` is the one definition of which municipalities' work a coordinator may see
and act on; the job, unit, item and review selectors all filter through it.
"""

from __future__ import annotations

from django.db.models import Q

from koma.accounts.models import Role, User
from koma.workforce.models import CoordinatorAssignment


def coordinated_scope(*, user: User, municipality_field: str) -> Q:
    """A filter keeping rows whose `municipality_field` is a municipality `user` coordinates.

    Operator admins coordinate every municipality; coordinators only those assigned to them
    (CoordinatorAssignment); anyone else none.
    """
    roles = user.roles()
    if Role.ADMIN in roles:
        return Q()
    if Role.COORDINATOR in roles:
        assigned = CoordinatorAssignment.objects.filter(coordinator=user).values("municipality_id")
        return Q(**{f"{municipality_field}__in": assigned})
    return Q(pk__in=[])
