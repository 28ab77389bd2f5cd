"""Who may read what and who may write, for the API."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from governance.roles import EDITORS, VIEWERS


def is_secretariat(user) -> bool:
    """Staff of either group (or superusers) see unpublished sessions and their documents."""
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=[EDITORS, VIEWERS]).exists()


def is_editor(user) -> bool:
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=EDITORS).exists()


class ReadOrEditor(BasePermission):
    """Everyone reads (what they may see); only secretariat editors write."""

    message = "Only secretariat editors may change the calendar."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or is_editor(request.user)
