"""Admin pieces shared by both apps."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

SOURCE_FIELDS = ("source_file", "source_line", "source_place", "source_quote")


class SourcedAdmin(SimpleHistoryAdmin):
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
