"""The admin page of deleted records, each with a Restore button.

A user sees the deleted records of the models they may view, and restores one only with the
add permission of its model (restoring creates the row again); without any, the page is a 403.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse

from config.changes import data_changed
from governance import history
from governance.services.search_index import search_index_follow


def _has_model_perm(user, model_label: str, action: str) -> bool:
    try:
        opts = apps.get_model(model_label)._meta
    except (LookupError, ValueError):
        return False
    return user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")


def deleted_records_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    viewable = [
        model
        for model in history.tracked_models()
        if _has_model_perm(user, model._meta.label, "view")
    ]
    if not viewable:
        raise PermissionDenied
    if request.method == "POST":
        model_label = request.POST.get("model", "")
        # A label that is no tracked model is left to restore_deleted, which says why.
        tracked = {model._meta.label_lower for model in history.tracked_models()}
        if model_label.lower() in tracked and not _has_model_perm(user, model_label, "add"):
            raise PermissionDenied
        try:
            record = history.restore_deleted(
                model_label=model_label,
                history_id=int(request.POST.get("history_id") or 0),
                by=user,
            )
        except (ValidationError, ValueError) as error:
            text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, text)
        else:
            search_index_follow(record=record)
            data_changed()
            messages.success(request, f"Restored: {record}.")
        return HttpResponseRedirect(request.path)
    labels = {model._meta.label_lower for model in viewable}
    records = [r for r in history.deleted_records() if r.model_label in labels]
    restorable = {r.model_label for r in records if _has_model_perm(user, r.model_label, "add")}
    context = {
        **admin.site.each_context(request),
        "title": "Deleted records",
        "records": [(r, r.model_label in restorable) for r in records],
    }
    return TemplateResponse(request, "admin/deleted_records.html", context)
