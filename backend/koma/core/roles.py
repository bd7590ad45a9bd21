"""Coarse role checks for views (Sentry scope_map). Object access is in each app's selectors."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from koma.accounts.models import Role


def _has_role(request, roles: set[str]) -> bool:
    user = request.user
    return bool(user and user.is_authenticated and user.roles() & roles)


class IsStaff(BasePermission):
    """Municipality staff (自治体職員)."""

    def has_permission(self, request, view) -> bool:
        return _has_role(request, {Role.STAFF})


class IsWorker(BasePermission):
    def has_permission(self, request, view) -> bool:
        return _has_role(request, {Role.WORKER, Role.LEADER})


class IsCoordinator(BasePermission):
    def has_permission(self, request, view) -> bool:
        return _has_role(request, {Role.COORDINATOR, Role.ADMIN})


class IsStaffOrCoordinator(BasePermission):
    def has_permission(self, request, view) -> bool:
        return _has_role(request, {Role.STAFF, Role.COORDINATOR, Role.ADMIN})
