"""The secretariat's year in the session admin: plan a year, request a special session,
the compliance view, draft and publish, the agenda's states, CSV import with preview and export.

Views only parse forms and call services and selectors (planning, compliance, publishing, agenda,
csv_import, csv_export).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.validation import error_text
from governance.models import DocumentReference
from meetings.admin.forms import RescheduleForm
from meetings.admin.secretariat_forms import (
    AgendaStateForm,
    CsvImportForm,
    DraftForm,
    PlanYearForm,
    SpecialSessionForm,
    agenda_to_text,
    documents_to_text,
)
from meetings.domain.csvcells import CsvError
from meetings.models import AgendaItem, Meeting, Session
from meetings.selectors import compliance
from meetings.selectors.csv_export import csv_export
from meetings.selectors.drafts import agenda_as_draft, documents_as_draft
from meetings.services import agenda, planning, publishing, sessions
from meetings.services.csv_import import KINDS, csv_import, decode

# The model each CSV kind (csv_import.KINDS) reads and writes, for its permissions.
CSV_MODELS = {
    "sessions": Session,
    "meetings": Meeting,
    "agenda_items": AgendaItem,
    "documents": DocumentReference,
}


def acting_user(request: HttpRequest) -> User | None:
    """Who acts, for the services' ``by=``: the admin's pages are behind its login, so an
    anonymous user never gets here; None rather than AnonymousUser all the same."""
    user = request.user
    return user if isinstance(user, User) else None


class SecretariatSessionAdmin(admin.ModelAdmin):
    """Mixed into SessionAdmin: extra pages under /admin/meetings/session/. A ModelAdmin so its
    methods know the admin's (SessionAdmin's MRO is the same either way)."""

    change_list_template = "admin/meetings/session/change_list.html"
    change_form_template = "admin/meetings/session/change_form.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("plan-year/", wrap(self.plan_year_view), name="meetings_session_plan_year"),
            path(
                "special-session/",
                wrap(self.special_session_view),
                name="meetings_session_special",
            ),
            path("compliance/", wrap(self.compliance_view), name="meetings_session_compliance"),
            path("import/", wrap(self.import_view), name="meetings_session_import"),
            path("export/<str:kind>/", wrap(self.export_view), name="meetings_session_export"),
            path("<int:pk>/publishing/", wrap(self.draft_view), name="meetings_session_draft"),
            path(
                "<int:pk>/reschedule/",
                wrap(self.reschedule_view),
                name="meetings_session_reschedule",
            ),
            path(
                "<int:pk>/agenda-state/",
                wrap(self.agenda_state_view),
                name="meetings_session_agenda_state",
            ),
            *super().get_urls(),
        ]

    # --- helpers ---

    def _page(self, request: HttpRequest, template: str, title: str, **context) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **context,
        }
        return TemplateResponse(request, f"admin/meetings/session/{template}", context)

    def _require(self, request: HttpRequest, perm: str) -> None:
        """403 unless the user holds ``perm`` (view, add or change) on sessions."""
        checks: dict[str, Callable[[HttpRequest], bool]] = {
            "view": self.has_view_permission,
            "add": self.has_add_permission,
            "change": self.has_change_permission,
        }
        if not checks[perm](request):
            raise PermissionDenied

    def _require_kind(self, request: HttpRequest, kind: str, *actions: str) -> None:
        """403 unless the user holds each of ``actions`` on the model a CSV kind reads or writes
        (sessions for an unknown kind, which the import then refuses by naming the known ones)."""
        opts = CSV_MODELS.get(kind, Session)._meta
        user = request.user
        if not all(
            user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in actions
        ):
            raise PermissionDenied

    # --- the change page shows the draft and the agenda's states ---

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        session = Session.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if session is not None:
            draft = publishing.draft_of(session)
            extra_context["draft"] = draft
            extra_context["draft_fields"] = publishing.draft_changes(session, draft)
            extra_context["agenda_versions"] = list(session.agenda_versions.order_by("on", "pk"))
        return super().change_view(request, object_id, form_url, extra_context)

    # --- planning ---

    def plan_year_view(self, request: HttpRequest) -> HttpResponse:
        self._require(request, "add")
        form = PlanYearForm(request.POST or None)
        plans = None
        if request.method == "POST" and form.is_valid():
            year, bodies = form.cleaned_data["year"], list(form.cleaned_data["bodies"]) or None
            if "confirm" in request.POST:
                try:
                    created = planning.plan_year_create(year, bodies, by=acting_user(request))
                except ValidationError as error:
                    form.add_error(None, error)
                    plans = planning.plan_year(year, bodies)
                    return self._page(
                        request, "plan_year.html", _("Plan a year"), form=form, plans=plans
                    )
                messages.success(
                    request,
                    _(
                        "%(n)d tentative sessions drafted for %(year)d: adjust, confirm and publish them."
                    )
                    % {"n": len(created), "year": year},
                )
                url = reverse("admin:meetings_session_changelist")
                return HttpResponseRedirect(f"{url}?start_date__year={year}")
            plans = planning.plan_year(year, bodies)
        return self._page(request, "plan_year.html", _("Plan a year"), form=form, plans=plans)

    def special_session_view(self, request: HttpRequest) -> HttpResponse:
        self._require(request, "add")
        form = SpecialSessionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                session = planning.special_session_request(
                    body=data["body"],
                    requested_on=data["requested_on"],
                    start=data["start_date"],
                    end=data["end_date"],
                    name=data["name"],
                    by=acting_user(request),
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(
                    request, _("Special session recorded; its notice clock runs from the request.")
                )
                return HttpResponseRedirect(
                    reverse("admin:meetings_session_change", args=[session.pk])
                )
        return self._page(request, "simple_form.html", _("Request a special session"), form=form)

    def compliance_view(self, request: HttpRequest) -> HttpResponse:
        self._require(request, "view")
        today = timezone.localdate()
        return self._page(
            request,
            "compliance.html",
            _("Deadlines and compliance"),
            rows=compliance.compliance_rows(today),
            columns=compliance.COLUMNS,
            today=today,
        )

    # --- draft and publish ---

    def draft_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
        self._require(request, "change")
        draft = publishing.draft_of(session)
        agenda_now = (
            draft.agenda if draft and draft.agenda is not None else agenda_as_draft(session)
        )
        documents_now = (
            draft.documents
            if draft and draft.documents is not None
            else documents_as_draft(session)
        )
        form = DraftForm(
            request.POST or None,
            initial={
                "agenda": agenda_to_text(agenda_now),
                "documents": documents_to_text(documents_now),
            },
        )
        if request.method == "POST":
            if "discard" in request.POST:
                publishing.draft_discard(session=session)
                messages.success(request, _("Unpublished edits discarded."))
                return HttpResponseRedirect(request.path)
            if form.is_valid():
                try:
                    publishing.session_edit(
                        session=session,
                        agenda=form.cleaned_data["agenda"],
                        documents=form.cleaned_data["documents"],
                        by=acting_user(request),
                    )
                    if "publish" in request.POST:
                        publishing.session_publish(session=session, by=acting_user(request))
                        messages.success(
                            request, _("Published: pages, feeds, the API and notices now show it.")
                        )
                    else:
                        messages.success(request, _("Saved."))
                    return HttpResponseRedirect(request.path)
                except ValidationError as error:
                    form.add_error(None, error_text(error))
        draft = publishing.draft_of(session)
        return self._page(
            request,
            "draft.html",
            _("Draft and publish: %(session)s") % {"session": session},
            session=session,
            draft=draft,
            draft_fields=publishing.draft_changes(session, draft),
            form=form,
        )

    def agenda_state_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = get_object_or_404(Session, pk=pk)
        self._require(request, "change")
        form = AgendaStateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                agenda.agenda_record(session=session, by=acting_user(request), **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("Agenda state recorded."))
                return HttpResponseRedirect(request.path)
        return self._page(
            request,
            "agenda_state.html",
            _("Agenda of %(session)s") % {"session": session},
            session=session,
            form=form,
            versions=session.agenda_versions.order_by("on", "pk"),
        )

    def reschedule_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """New dates with a reason and a source, by session_reschedule: a published session is
        rescheduled at once (see its docstring), not through its draft."""
        session = get_object_or_404(Session.objects.select_related("body"), pk=pk)
        self._require(request, "change")
        form = RescheduleForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                sessions.session_reschedule(
                    session=session,
                    start=form.cleaned_data["start_date"],
                    end=form.cleaned_data["end_date"],
                    reason=form.cleaned_data["reason"],
                    source=form.source(),
                    by=acting_user(request),
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(
                    request, _("Rescheduled: %(dates)s.") % {"dates": session.dates_label()}
                )
                return HttpResponseRedirect(reverse("admin:meetings_session_change", args=[pk]))
        return self._page(
            request,
            "reschedule.html",
            _("Reschedule %(session)s") % {"session": session},
            session=session,
            form=form,
        )

    # --- CSV ---

    def import_view(self, request: HttpRequest) -> HttpResponse:
        self._require(request, "add")
        form = CsvImportForm(request.POST or None, request.FILES or None)
        report = text = None
        if request.method == "POST" and form.is_valid():
            # Rows may create and change records of the kind imported.
            self._require_kind(request, form.cleaned_data["kind"], "add", "change")
            data = form.cleaned_data["data"]
            try:
                if isinstance(data, bytes):
                    data = decode(data)
                text = data
                commit = "confirm" in request.POST
                report = csv_import(
                    form.cleaned_data["kind"], data, commit=commit, by=acting_user(request)
                )
            except CsvError as error:
                form.add_error(None, str(error))
            else:
                if commit:
                    summary = report.summary
                    messages.success(
                        request,
                        _(
                            "Imported: %(create)d created, %(change)d changed, %(unchanged)d unchanged, %(refuse)d refused."
                        )
                        % summary,
                    )
                    return HttpResponseRedirect(reverse("admin:meetings_session_changelist"))
        return self._page(
            request,
            "import.html",
            _("Import from CSV"),
            form=form,
            report=report,
            text=text,
            kinds=KINDS,
        )

    def export_view(self, request: HttpRequest, kind: str) -> HttpResponse:
        # The export holds unpublished and restricted rows: the kind's view permission.
        self._require_kind(request, kind, "view")
        try:
            body = csv_export(kind)
        except CsvError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:meetings_session_changelist"))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.csv"'
        return response
