"""The admin index as the secretariat's desk: Django's index with the officer's morning
questions above the model lists (templates/admin/index.html).

Each part of the desk is read only for a user who may view what it shows, so a staff account
without permissions reads nothing of it; the data comes from meetings.selectors.desk.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from meetings.models import Delivery
from meetings.selectors import desk

# The permission each part of the desk needs.
SECTION_PERMISSIONS = {
    desk.SESSIONS: "meetings.view_session",
    desk.DEADLINES: "meetings.view_session",
    desk.DRAFTS: "meetings.view_session",
    desk.NOTICES: "meetings.view_pendingchange",
    desk.FAILED: "meetings.view_delivery",
    desk.REQUESTS: "meetings.view_session",
}


def desk_index_view(request: HttpRequest) -> HttpResponse:
    """The admin index (admin.site.index, its login and permission checks the same) with the desk."""
    user = request.user
    include = {part for part, perm in SECTION_PERMISSIONS.items() if user.has_perm(perm)}
    context = {
        "desk": (
            desk.desk(include=include, today=timezone.localdate(), now=timezone.now())
            if include
            else None
        ),
        # Resend is the delivery admin's own view, under the same permission as its list action.
        "may_resend": admin.site.get_model_admin(Delivery).has_change_permission(request),
        "due_within_days": desk.DUE_WITHIN_DAYS,
    }
    return admin.site.index(request, extra_context=context)
