"""The admin page of deleted records, each with a Restore button (editors only)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse

from . import history


def _may_restore(request: HttpRequest) -> bool:
    user = request.user
    return user.is_superuser or user.has_perm("governance.change_body")


def deleted_records_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not _may_restore(request):
            raise PermissionDenied
        try:
            record = history.restore_deleted(
                model_label=request.POST.get("model", ""),
                history_id=int(request.POST.get("history_id") or 0),
                by=request.user,
            )
        except (ValidationError, ValueError) as error:
            text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, text)
        else:
            messages.success(request, f"Restored: {record}.")
        return HttpResponseRedirect(request.path)
    context = {
        **admin.site.each_context(request),
        "title": "Deleted records",
        "records": history.deleted_records(),
        "may_restore": _may_restore(request),
    }
    return TemplateResponse(request, "admin/deleted_records.html", context)
