"""Admin pieces shared by both apps."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from config.changes import data_changed
from governance.services.search_index import (
    search_index_deleted,
    search_index_follow,
    search_index_forget,
)

SOURCE_FIELDS = ("source_file", "source_line", "source_place", "source_quote")


class HistoryAdmin(SimpleHistoryAdmin):
    """History on every tracked record, with revert only for those who may change the record.

    django-simple-history's version page (history/<history_id>/) checks only view-or-change
    and saves whatever form is posted to it, so a viewer could revert (or rewrite) any record.
    Here a revert needs the model's change permission; everyone else sees the version read-only
    (its fields disabled, no Revert button) and a POST is refused with 403.
    """

    object_history_form_template = "admin/history_form.html"
    # A change log rather than a list of snapshots: field, old and new value, who, when, why.
    object_history_list_template = "admin/history_list.html"

    # Every write the admin makes on its own (a save, its inlines, a delete, the delete action,
    # a revert from History) marks the public data changed; the calendar's admin classes that
    # write through services leave it to them.

    # The search index follows the same writes (governance/services/search_index.py): the record
    # indexed again once its inlines are saved, its rows gone before it is deleted.

    def save_model(self, request, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        data_changed()

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        search_index_follow(record=form.instance)
        data_changed()

    def delete_model(self, request, obj) -> None:
        search_index_forget(record=obj)
        super().delete_model(request, obj)
        search_index_deleted(record=obj)
        data_changed()

    def delete_queryset(self, request, queryset) -> None:
        records = list(queryset)
        for record in records:
            search_index_forget(record=record)
        super().delete_queryset(request, queryset)
        for record in records:
            search_index_deleted(record=record)
        data_changed()

    def revert_disabled(self, request, obj=None) -> bool:
        # simple-history disables revert only for users who may view but not change;
        # here it is disabled for anyone who may not change.
        return super().revert_disabled(request, obj) or not self.has_change_history_permission(
            request, obj
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if self.revert_disabled(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class SourcedAdmin(HistoryAdmin):
    """Shows where a seeded record comes from, in its own fieldset; History lists every change
    with who and when, and can revert to an earlier state."""

    @admin.display(description=_("source"))
    def citation_display(self, obj) -> str:
        if not obj.citation:
            return "-"
        if obj.source_quote:
            return format_html("{}<br><q>{}</q>", obj.citation, obj.source_quote)
        return obj.citation

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets:
            return fieldsets
        main = [
            f
            for f in fieldsets[0][1]["fields"]
            if f not in SOURCE_FIELDS and f != "citation_display"
        ]
        return [
            (None, {"fields": main}),
            (
                _("Source"),
                {"fields": ["citation_display", *SOURCE_FIELDS], "classes": ["collapse"]},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "citation_display")


def view_on_site(request: HttpRequest, content_type_id: str, object_id: str) -> HttpResponse:
    """The admin's "View on site" redirect, for those who may view the record.

    Django's own (contenttypes' shortcut) sends any staff account to any record's public URL,
    which names an unpublished session's key to an account that may not see it.
    """
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ContentType.DoesNotExist, ValueError):
        raise Http404 from None
    if model is None:
        raise Http404
    opts = model._meta
    if not request.user.has_perm(f"{opts.app_label}.{get_permission_codename('view', opts)}"):
        raise PermissionDenied
    return shortcut(request, content_type_id, object_id)
