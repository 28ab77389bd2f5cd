"""The secretariat's admin for the standing structure."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from governance.admin.files import (
    DocumentVersionInline,
    remove_deleted_versions_files,
    store_version_files,
)
from governance.admin.mixins import SourcedAdmin
from governance.models import (
    AnnualTheme,
    Body,
    DocumentReference,
    DocumentVersion,
    Entity,
    Membership,
    MembershipFigure,
    Person,
    SourceDiscrepancy,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class OfficeTotal(TypedDict):
    office_total: int


@admin.register(Body)
class BodyAdmin(SourcedAdmin):
    list_display = (
        "name",
        "acronym",
        "kind",
        "established_on",
        "abolished_on",
        "predecessor",
        "is_private",
        "notice_days_regular",
    )
    list_filter = ("kind", "is_private", "is_external")
    list_select_related = ("predecessor",)
    search_fields = ("name", "name_fr", "name_es", "acronym", "key")
    autocomplete_fields = ("parent", "predecessor")
    prepopulated_fields = {"key": ("name",)}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("status", "start_earliest", "start_latest", "end_on", "note")


@admin.register(Entity)
class EntityAdmin(SourcedAdmin):
    list_display = ("short_name", "official_name", "kind", "status_list")
    list_filter = ("kind", "memberships__status")
    search_fields = ("short_name", "official_name", "key", "aliases")
    prepopulated_fields = {"key": ("short_name",)}
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships")

    @admin.display(description=_("status"))
    def status_list(self, obj: Entity) -> str:
        return ", ".join(m.get_status_display() for m in obj.memberships.all()) or "-"


@admin.register(Membership)
class MembershipAdmin(SourcedAdmin):
    list_display = ("entity", "status", "start_earliest", "start_latest", "end_on")
    list_filter = ("status", "entity__kind")
    list_select_related = ("entity",)
    search_fields = ("entity__short_name", "entity__official_name")
    autocomplete_fields = ("entity",)
    date_hierarchy = "start_latest"


@admin.register(MembershipFigure)
class MembershipFigureAdmin(SourcedAdmin):
    list_display = ("as_of", "members", "observers", "total", "label")
    date_hierarchy = "as_of"


@admin.register(Person)
class PersonAdmin(SourcedAdmin):
    list_display = ("name", "honorific", "office_count")
    search_fields = ("name", "key")
    prepopulated_fields = {"key": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(office_total=Count("offices"))

    @admin.display(description=_("offices held"), ordering="office_total")
    def office_count(self, obj: WithAnnotations[Person, OfficeTotal]) -> int:
        return obj.office_total


class AmendmentInline(admin.TabularInline):
    model = DocumentReference
    fk_name = "parent"
    extra = 0
    fields = ("symbol", "title", "issued_on")
    readonly_fields = ("symbol", "title", "issued_on")
    can_delete = False
    show_change_link = True
    verbose_name = _("corrigendum or revision")
    verbose_name_plural = _("corrigenda and revisions")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DocumentReference)
class DocumentReferenceAdmin(SourcedAdmin):
    list_display = ("__str__", "title", "series", "kind", "issued_on", "access", "is_published")
    list_filter = ("series", "kind", "access", "original_language", "is_published")
    search_fields = ("symbol", "title", "title_fr", "title_es", "key")
    date_hierarchy = "issued_on"
    autocomplete_fields = ("parent", "annex_of")
    readonly_fields = ("series", "number", "parts")
    inlines = [DocumentVersionInline, AmendmentInline]

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is DocumentVersion:
            remove_deleted_versions_files(formset)
        super().save_formset(request, form, formset, change)
        if formset.model is DocumentVersion:
            store_version_files(formset, request.user)


@admin.register(AnnualTheme)
class AnnualThemeAdmin(SourcedAdmin):
    list_display = ("year", "theme", "body")
    list_select_related = ("body",)
    list_filter = ("body",)
    search_fields = ("theme",)


@admin.register(SourceDiscrepancy)
class SourceDiscrepancyAdmin(admin.ModelAdmin):
    list_display = ("key", "description")
    search_fields = ("key", "description")
