"""Who may read what and who may write, for the API."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from governance.roles import is_editor, is_secretariat

__all__ = ["ReadOrEditor", "is_editor", "is_secretariat"]


class ReadOrEditor(BasePermission):
    """Everyone reads (what they may see); only secretariat editors write."""

    message = "Only secretariat editors may change the calendar."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or is_editor(request.user)
