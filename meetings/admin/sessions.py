"""The secretariat's admin for the calendar: sessions, meetings, agendas, bureaus, decisions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import InlineModelAdmin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.validation import error_text
from governance.admin.mixins import HistoryAdmin, SourcedAdmin
from meetings.admin.autocomplete import LabelledAutocompleteAdmin
from meetings.admin.forms import CancelForm, PostponeForm
from meetings.admin.secretariat import SecretariatSessionAdmin
from meetings.admin.session_list import SessionListAdmin
from meetings.admin.venue_time import VenueTimeZoneAdmin
from meetings.models import (
    Admission,
    AgendaItem,
    BureauMember,
    Decision,
    Election,
    Meeting,
    ScheduleRevision,
    Session,
    SessionDocument,
    Venue,
)
from meetings.models.sessions import MEETING_EDITABLE, MEETING_FIELDS, SESSION_EDITABLE
from meetings.services import meetings as meeting_services
from meetings.services import publishing
from meetings.services import sessions as services


@admin.register(Venue)
class VenueAdmin(HistoryAdmin):
    list_display = ("name", "name_fr", "name_es", "city", "country", "timezone")
    search_fields = ("name", "name_fr", "name_es", "city", "country")


class MeetingInline(admin.TabularInline):
    """Saved through the meeting services (SessionAdmin.save_formset): SEQUENCE follows."""

    model = Meeting
    extra = 0
    fields = MEETING_FIELDS


class MeetingServices:
    """Meetings saved through their services, so a change of date, times or venue raises the
    meeting's SEQUENCE; compared with the stored row, so a version from History never lowers it."""

    def save_meeting(self, request, meeting: Meeting, fields: dict, change: bool) -> None:
        if change:
            meeting_services.meeting_update(meeting=meeting, fields=fields, by=request.user)
        else:
            meeting_services.meeting_create(meeting=meeting, by=request.user)


class PublishedReadOnly(InlineModelAdmin):
    """A published session's agenda and documents change through its draft (Draft and publish)."""

    def _editable(self, obj) -> bool:
        return obj is None or not obj.is_published

    def has_add_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


class AgendaItemInline(PublishedReadOnly, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("position", "label", "title", "title_fr", "title_es", "kind", "parent", "documents")
    autocomplete_fields = ("documents",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            session_id = (
                request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            )
            kwargs["queryset"] = (
                AgendaItem.objects.filter(session_id=session_id)
                if session_id
                else AgendaItem.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BureauInline(LabelledAutocompleteAdmin, admin.TabularInline):
    model = BureauMember
    extra = 0
    fields = ("body", "role", "person", "state", "is_acting", "presiding_note")
    autocomplete_fields = ("person", "state", "body")


class SessionDocumentInline(PublishedReadOnly, admin.TabularInline):
    model = SessionDocument
    extra = 0
    autocomplete_fields = ("document",)


class DecisionInline(admin.TabularInline):
    model = Decision
    fk_name = "session"
    extra = 0
    fields = (
        "key",
        "kind",
        "resolution_number",
        "numeral",
        "adopted_on",
        "title",
        "title_fr",
        "title_es",
    )
    show_change_link = True


class RevisionInline(admin.TabularInline):
    """The schedule history: written by the reschedule service only, so read-only here."""

    model = ScheduleRevision
    fk_name = "session"
    extra = 0
    can_delete = False
    fields = (
        "position",
        "kind",
        "old_start",
        "old_end",
        "start_date",
        "end_date",
        "date_label",
        "is_latest",
        "recorded_by",
        "created_at",
        "reason",
        "source_document",
        "source_reference",
        "source_text",
        "source_place",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Session)
class SessionAdmin(
    LabelledAutocompleteAdmin,
    VenueTimeZoneAdmin,
    SessionListAdmin,
    SecretariatSessionAdmin,
    MeetingServices,
    SourcedAdmin,
):
    date_hierarchy = "start_date"
    autocomplete_fields = ("body", "report")
    readonly_fields = ("sequence", "uid", "is_published", "is_demonstration")
    inlines = [
        RevisionInline,
        MeetingInline,
        AgendaItemInline,
        BureauInline,
        SessionDocumentInline,
        DecisionInline,
    ]
    actions = [
        "confirm_sessions",
        "postpone_sessions",
        "cancel_sessions",
        "publish_sessions",
        "unpublish_sessions",
    ]

    def get_readonly_fields(self, request, obj=None):
        # A key is how URLs, the API, CSV files and the seeds find a session: set once.
        fixed = ("key",) if obj is not None else ()
        return (*super().get_readonly_fields(request, obj), *fixed)

    def save_model(self, request, obj: Session, form, change: bool) -> None:
        """Through the services: a new session by session_create, an edit (a revert from
        History too) by session_edit, which keeps a published session's edits in its draft and
        makes a change of dates a reschedule."""
        if not change:
            services.session_create(session=obj, by=request.user)
            return
        fields = {n: v for n, v in form.cleaned_data.items() if n in SESSION_EDITABLE}
        try:
            draft = publishing.session_edit(
                session=obj, fields=fields, by=request.user, note=str(_("Changed in the admin"))
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            draft = None
        # The form's copy holds what was asked; the row holds what was done.
        obj.refresh_from_db()
        if draft is not None:
            # Read by response_change: the page after saving is this form, with the edits.
            request.saved_as_draft = True
            messages.warning(
                request,
                _("Saved as unpublished edits: publish the session to make them visible."),
            )

    def response_change(self, request, obj: Session) -> HttpResponse:
        """A published session's edit went to its draft: back to its form, which shows the
        pending values beside the published ones, without Django's "changed successfully"."""
        if getattr(request, "saved_as_draft", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is not Meeting:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)
        for meeting in formset.deleted_objects:
            meeting.delete()
        for meeting, changed in formset.changed_objects:
            fields = {name: getattr(meeting, name) for name in changed}
            self.save_meeting(request, meeting, fields, change=True)
        for meeting in formset.new_objects:
            self.save_meeting(request, meeting, {}, change=False)

    @admin.action(description=_("Confirm the selected sessions"), permissions=["change"])
    def confirm_sessions(self, request, queryset) -> None:
        done = 0
        for session in queryset:
            try:
                services.session_confirm(session=session, by=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{session}: {'; '.join(error.messages)}", messages.ERROR
                )
        if done:
            self.message_user(
                request, ngettext("%d session confirmed.", "%d sessions confirmed.", done) % done
            )

    @admin.action(description=_("Publish the selected sessions"), permissions=["change"])
    def publish_sessions(self, request, queryset) -> None:
        for session in queryset:
            publishing.session_publish(session=session, by=request.user)
        self.message_user(request, _("Published."))

    @admin.action(description=_("Unpublish the selected sessions"), permissions=["change"])
    def unpublish_sessions(self, request, queryset) -> None:
        for session in queryset:
            services.session_unpublish(session=session, by=request.user)
        self.message_user(request, _("Unpublished."))

    @admin.action(
        description=_("Postpone the selected sessions (new dates)"), permissions=["change"]
    )
    def postpone_sessions(self, request, queryset):
        form = PostponeForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            for session in queryset:
                try:
                    services.session_postpone(
                        session=session,
                        start=form.cleaned_data["start_date"],
                        end=form.cleaned_data["end_date"],
                        reason=form.cleaned_data["reason"],
                        source=form.source(),
                        by=request.user,
                    )
                except ValidationError as error:
                    self.message_user(
                        request, f"{session}: {'; '.join(error.messages)}", messages.ERROR
                    )
            self.message_user(request, _("Postponed."))
            return None
        return self._action_page(
            request, queryset, form, "postpone_sessions", _("Postpone sessions")
        )

    @admin.action(description=_("Cancel the selected sessions"), permissions=["change"])
    def cancel_sessions(self, request, queryset):
        form = CancelForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            for session in queryset:
                services.session_cancel(
                    session=session,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    source=form.source(),
                )
            self.message_user(request, _("Cancelled."))
            return None
        return self._action_page(request, queryset, form, "cancel_sessions", _("Cancel sessions"))

    def _action_page(self, request, queryset, form, action: str, title):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "sessions": queryset.select_related("body"),
            "form": form,
            "action": action,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meetings/session/action_form.html", context)


@admin.register(Meeting)
class MeetingAdmin(VenueTimeZoneAdmin, MeetingServices, SourcedAdmin):
    list_display = ("__str__", "session", "date", "part", "starts_at", "venue")
    list_select_related = ("session__body", "venue")
    list_filter = ("session__body", "part")
    search_fields = ("title", "number", "session__key")
    date_hierarchy = "date"
    autocomplete_fields = ("session", "venue")
    readonly_fields = ("sequence",)

    def save_model(self, request, obj: Meeting, form, change: bool) -> None:
        fields = {n: v for n, v in form.cleaned_data.items() if n in MEETING_EDITABLE}
        self.save_meeting(request, obj, fields, change)


@admin.register(AgendaItem)
class AgendaItemAdmin(SourcedAdmin):
    list_display = ("__str__", "session", "kind", "document_count")
    list_select_related = ("session__body",)
    list_filter = ("kind", "session__body")
    search_fields = ("title", "title_fr", "title_es", "session__key", "documents__symbol")
    autocomplete_fields = ("session", "documents", "parent")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(doc_total=Count("documents"))

    @admin.display(description=_("documents"), ordering="doc_total")
    def document_count(self, obj) -> int:
        return obj.doc_total


@admin.register(ScheduleRevision)
class ScheduleRevisionAdmin(SourcedAdmin):
    """Read-only: revisions are written by the reschedule service."""

    list_display = (
        "session",
        "position",
        "kind",
        "old_start",
        "start_date",
        "end_date",
        "date_label",
        "is_latest",
        "created_at",
    )
    list_select_related = ("session__body",)
    list_filter = ("kind", "is_latest", "session__body")
    search_fields = ("session__key", "date_label", "note")
    date_hierarchy = "start_date"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BureauMember)
class BureauMemberAdmin(SourcedAdmin):
    list_display = ("role", "person", "state", "body", "session", "is_acting")
    list_select_related = ("person", "state", "body", "session__body")
    list_filter = ("role", "body", "is_acting")
    search_fields = ("person__name", "state__short_name", "state__official_name", "body__name")
    autocomplete_fields = ("person", "state", "body", "session")


class AdmissionInline(admin.TabularInline):
    model = Admission
    extra = 0
    autocomplete_fields = ("membership",)


class ElectionInline(admin.StackedInline):
    model = Election
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Decision)
class DecisionAdmin(SourcedAdmin):
    list_display = ("label", "kind", "session", "meeting_number", "adopted_on")
    list_select_related = ("session__body",)
    list_filter = ("kind", "session__body")
    search_fields = ("key", "title", "title_fr", "title_es", "resolution_number", "numeral")
    date_hierarchy = "adopted_on"
    autocomplete_fields = ("session", "meeting", "documents", "recalls", "negates")
    inlines = [AdmissionInline, ElectionInline]


@admin.register(Admission)
class AdmissionAdmin(HistoryAdmin):
    list_display = ("membership", "decision")
    list_select_related = ("membership__entity", "decision")
    search_fields = ("membership__entity__short_name",)
    autocomplete_fields = ("decision", "membership")


@admin.register(Election)
class ElectionAdmin(HistoryAdmin):
    list_display = ("office", "person", "rounds", "term_starts", "decision")
    list_select_related = ("person", "decision")
    autocomplete_fields = ("decision", "person")
