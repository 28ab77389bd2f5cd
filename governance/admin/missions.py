"""Missions in the admin: their users and open invitations, read-only (a mission manages its own
users on the portal), and "Invite a user", by which the secretariat brings in a first focal point."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.validation import error_text
from governance.models import Mission, MissionInvitation, MissionMember, MissionRole
from governance.services import missions


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class MemberInline(ReadOnlyInline):
    model = MissionMember
    fields = ("user", "role", "created_at")
    readonly_fields = fields


class InvitationInline(ReadOnlyInline):
    model = MissionInvitation
    fields = ("email", "role", "created_at", "expires_at", "accepted_at", "revoked_at")
    readonly_fields = fields


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    role = forms.ChoiceField(
        label="Role", choices=MissionRole.choices, initial=MissionRole.FOCAL_POINT
    )


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ("entity", "kind_display", "users", "invite_link")
    search_fields = ("entity__short_name", "entity__official_name")
    list_select_related = ("entity",)
    fields = ("entity", "language")
    readonly_fields = ("entity",)
    inlines = [MemberInline, InvitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("entity__memberships", "members")

    def has_add_permission(self, request) -> bool:
        return False  # one per State or organization, made by missions_ensure

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="status")
    def kind_display(self, obj: Mission) -> str:
        return obj.get_kind_display()

    @admin.display(description="users")
    def users(self, obj: Mission) -> int:
        return len(obj.members.all())

    @admin.display(description="invite")
    def invite_link(self, obj: Mission) -> str:
        return format_html(
            '<a href="{}">Invite a user</a>',
            reverse("admin:governance_mission_invite", args=[obj.pk]),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/invite/",
                self.admin_site.admin_view(self.invite_view),
                name="governance_mission_invite",
            ),
            *super().get_urls(),
        ]

    def invite_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        mission = get_object_or_404(Mission.objects.select_related("entity"), pk=pk)
        if not missions.may_manage_users(request.user, mission):
            raise PermissionDenied
        form = InviteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                missions.mission_invite(
                    mission=mission,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(
                    request, f"An invitation is on its way to {form.cleaned_data['email']}."
                )
                return HttpResponseRedirect(reverse("admin:governance_mission_change", args=[pk]))
        return TemplateResponse(
            request,
            "admin/governance/mission/invite.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Invite a user of {mission}",
                "form": form,
                "mission": mission,
                "opts": self.model._meta,
            },
        )


# Second factors are the users' own (set up on the portal), not records the admin edits.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
