"""The secretariat's side of registration: open it for a session, check each delegation (in
order, original to follow, returned with a reason, withdrawn), the credentials report."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from config.validation import error_text
from governance.models import MissionKind
from meetings.models import Delegate, Registration, RegistrationEvent, RegistrationPeriod, Session
from meetings.models.enums import CredentialsState
from meetings.selectors.participants import credentials_report
from meetings.services import registrations as service


@admin.register(RegistrationPeriod)
class RegistrationPeriodAdmin(admin.ModelAdmin):
    list_display = ("session", "opens_at", "closes_at", "member_letter", "observer_letter")
    autocomplete_fields = ("session",)
    fields = (
        "session",
        "opens_at",
        "closes_at",
        "member_letter",
        "observer_letter",
        "letter_max_bytes",
    )

    def save_model(self, request, obj, form, change: bool) -> None:
        period = service.registration_period_open(
            session=obj.session,
            opens_at=obj.opens_at,
            closes_at=obj.closes_at,
            letter_max_bytes=obj.letter_max_bytes,
            member_letter=obj.member_letter,
            observer_letter=obj.observer_letter,
            by=request.user,
        )
        obj.pk = period.pk


class ReadOnly(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class DelegateInline(ReadOnly):
    model = Delegate
    fields = ("position", "honorific", "name", "functional_title", "email")
    readonly_fields = fields


class EventInline(ReadOnly):
    model = RegistrationEvent
    verbose_name_plural = "history (amendments after submission marked)"
    fields = ("at", "by", "kind", "is_amendment", "text")
    readonly_fields = fields


class SessionFilter(admin.SimpleListFilter):
    """The sessions registration was opened for (their titles need their bodies: one query)."""

    title = "session"
    parameter_name = "session"

    def lookups(self, request, model_admin):
        sessions = Session.objects.filter(registration_period__isnull=False).select_related("body")
        return [(str(session.pk), str(session)) for session in sessions.order_by("-start_date")]

    def queryset(self, request, queryset: QuerySet[Registration]) -> QuerySet[Registration]:
        value = self.value()
        return queryset.filter(session_id=value) if value and value.isdigit() else queryset


class MissionKindFilter(admin.SimpleListFilter):
    title = "kind of participant"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return MissionKind.choices

    def queryset(self, request, queryset: QuerySet[Registration]) -> QuerySet[Registration]:
        value = self.value()
        member = Q(
            mission__entity__memberships__status="member", mission__entity__memberships__end_on=None
        )
        if value == MissionKind.MEMBER_STATE:
            return queryset.filter(member).distinct()
        if value == MissionKind.OBSERVER_STATE:
            return queryset.exclude(member).filter(mission__entity__kind="state").distinct()
        if value == MissionKind.OBSERVER_ORGANIZATION:
            return queryset.exclude(member).exclude(mission__entity__kind="state").distinct()
        return queryset


class ReturnForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The mission reads it as written, by e-mail and on the portal.",
    )


def _acting(service_call, description: str):
    def action(modeladmin, request, queryset):  # noqa: ARG001 (the admin's signature)
        done, refused = 0, []
        for registration in queryset:
            try:
                service_call(registration, request.user)
                done += 1
            except ValidationError as error:
                refused.append(f"{registration}: {error_text(error)}")
        if done:
            messages.success(request, f"{done} registration(s): {description.lower()}.")
        for line in refused:
            messages.error(request, line)

    action.__name__ = "registrations_" + description.lower().replace(",", "").replace(" ", "_")
    action.short_description = description  # type: ignore[attr-defined]
    action.allowed_permissions = ("change",)  # type: ignore[attr-defined]
    return action


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("mission", "session", "status", "credentials", "submitted_at", "amendments")
    list_filter = (SessionFilter, "status", "credentials", MissionKindFilter)
    list_select_related = ("mission__entity", "session__body")
    search_fields = ("mission__entity__short_name", "mission__entity__official_name")
    fields = (
        "session",
        "mission",
        "status",
        "credentials",
        "return_reason",
        "submitted_at",
        "letter_link",
    )
    readonly_fields = fields
    inlines = [DelegateInline, EventInline]
    actions = [
        _acting(
            lambda r, by: service.registration_accept(
                registration=r, credentials=CredentialsState.IN_ORDER, by=by
            ),
            "Credentials in order",
        ),
        _acting(
            lambda r, by: service.registration_accept(
                registration=r, credentials=CredentialsState.WITHOUT_ORIGINAL, by=by
            ),
            "Received, original to follow",
        ),
        _acting(lambda r, by: service.registration_withdraw(registration=r, by=by), "Withdraw"),
    ]
    change_form_template = "admin/meetings/registration/change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(amendment_count=Count("events", filter=Q(events__is_amendment=True)))
        )

    def has_add_permission(self, request) -> bool:
        return False  # missions register on the portal

    @admin.display(description="amendments", ordering="amendment_count")
    def amendments(self, obj) -> int:
        return obj.amendment_count

    @admin.display(description="letter")
    def letter_link(self, obj: Registration) -> str:
        if not obj.letter:
            return "-"
        return format_html(
            '<a href="{}">{}</a> ({} bytes, SHA-256 {})',
            reverse("admin:meetings_registration_letter", args=[obj.pk]),
            obj.letter_name,
            obj.letter_size,
            obj.letter_sha256[:12],
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/return/", wrap(self.return_view), name="meetings_registration_return"),
            path("<int:pk>/letter/", wrap(self.letter_view), name="meetings_registration_letter"),
            path(
                "credentials/<int:session_pk>/",
                wrap(self.credentials_view),
                name="meetings_registration_credentials",
            ),
            *super().get_urls(),
        ]

    def return_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        registration = get_object_or_404(Registration, pk=pk)
        if not self.has_change_permission(request, registration):
            raise PermissionDenied
        form = ReturnForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                service.registration_return(
                    registration=registration, reason=form.cleaned_data["reason"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, f"{registration} returned to the mission.")
                return HttpResponseRedirect(
                    reverse("admin:meetings_registration_change", args=[pk])
                )
        return TemplateResponse(
            request,
            "admin/meetings/registration/return.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Return {registration}",
                "form": form,
                "registration": registration,
                "opts": self.model._meta,
            },
        )

    def letter_view(self, request: HttpRequest, pk: int) -> FileResponse:
        registration = get_object_or_404(Registration, pk=pk)
        if not self.has_view_permission(request, registration):
            raise PermissionDenied
        if not registration.letter:
            raise Http404
        return FileResponse(
            registration.letter.open("rb"),
            as_attachment=True,
            filename=registration.letter_name,
            content_type=registration.letter_media_type,
        )

    def credentials_view(self, request: HttpRequest, session_pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        session = get_object_or_404(Session, pk=session_pk)
        return TemplateResponse(
            request,
            "admin/meetings/registration/credentials.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Credentials report: {session}",
                "report": credentials_report(session),
                "opts": self.model._meta,
            },
        )
