"""A mission's own pages: the mission, its users (focal points invite, remove and change roles),
and the documents restricted to Member States."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.validation import error_text
from governance.models import DocumentReference, MissionInvitation, MissionKind, MissionMember
from governance.services import missions
from meetings.portal.access import mission_required
from meetings.portal.forms import InviteForm, RoleForm


@require_safe
@mission_required
def home(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    return render(request, "portal/home.html", {"member": member, "mission": member.mission})


def _users_page(request: HttpRequest, form: InviteForm, status: int = 200) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    mission = member.mission
    return render(
        request,
        "portal/users.html",
        {
            "member": member,
            "mission": mission,
            "may_manage": missions.may_manage_users(request.user, mission),
            "members": mission.members.select_related("user").order_by("user__email"),
            "invitations": mission.invitations.filter(
                accepted_at__isnull=True, revoked_at__isnull=True
            ).order_by("email"),
            "form": form,
            "role_choices": RoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@mission_required
def users(request: HttpRequest) -> HttpResponse:
    """The mission's users; a focal point invites someone from here."""
    mission = request.member.mission  # type: ignore[attr-defined]
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not missions.may_manage_users(request.user, mission):
            raise PermissionDenied(_("Only the mission's focal points may change its users."))
        if form.is_valid():
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
                    request,
                    _("An invitation is on its way to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return HttpResponseRedirect(reverse("portal:users"))
        return _users_page(request, form, status=400)
    return _users_page(request, form)


def _own_member(request: HttpRequest, pk: int) -> MissionMember:
    """A user of the requester's own mission: any other answers as one that does not exist."""
    mission = request.member.mission  # type: ignore[attr-defined]
    return get_object_or_404(
        MissionMember.objects.select_related("mission", "user"), pk=pk, mission=mission
    )


def _acted(request: HttpRequest, action, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success)
    return HttpResponseRedirect(reverse("portal:users"))


@require_POST
@mission_required
def user_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = _own_member(request, pk)
    return _acted(
        request,
        lambda: missions.mission_member_remove(member=member, by=request.user),
        _("%(email)s no longer has access.") % {"email": member.user.email},
    )


@require_POST
@mission_required
def user_role(request: HttpRequest, pk: int) -> HttpResponse:
    member = _own_member(request, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose focal point or delegate."))
        return HttpResponseRedirect(reverse("portal:users"))
    return _acted(
        request,
        lambda: missions.mission_member_set_role(
            member=member, role=form.cleaned_data["role"], by=request.user
        ),
        _("The role of %(email)s is changed.") % {"email": member.user.email},
    )


@require_POST
@mission_required
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    mission = request.member.mission  # type: ignore[attr-defined]
    invitation = get_object_or_404(MissionInvitation, pk=pk, mission=mission)
    return _acted(
        request,
        lambda: missions.invitation_revoke(invitation=invitation, by=request.user),
        _("The invitation of %(email)s is withdrawn.") % {"email": invitation.email},
    )


@require_safe
@mission_required
def documents(request: HttpRequest) -> HttpResponse:
    """The documents restricted to Member States, for a Member State's users (the rule is
    DocumentQuerySet.visible_to: observers see none of them)."""
    mission = request.member.mission  # type: ignore[attr-defined]
    restricted = (
        DocumentReference.objects.visible_to(request.user)
        .filter(access="restricted")
        .prefetch_related("versions")
        .order_by("-issued_on", "key")
    )
    return render(
        request,
        "portal/documents.html",
        {
            "mission": mission,
            "documents": restricted,
            "is_member_state": mission.kind == MissionKind.MEMBER_STATE,
        },
    )
