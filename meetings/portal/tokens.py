"""A mission's API tokens on the portal: its focal points create one for a ministry's own system
(the secret is shown once, on the page that answers the creation) and revoke it; its delegates
see which exist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.site import site_url
from config.validation import error_text
from governance.models import MissionToken
from governance.services import missions
from meetings.portal.access import mission_required
from meetings.portal.forms import ApiTokenForm


def _page(
    request: HttpRequest, form: ApiTokenForm, secret: str = "", status: int = 200
) -> HttpResponse:
    mission = request.member.mission  # type: ignore[attr-defined]
    return render(
        request,
        "portal/api_token.html",
        {
            "mission": mission,
            "may_manage": missions.may_hold_tokens(request.user, mission),
            "tokens": mission.api_tokens.filter(revoked_at__isnull=True).select_related(
                "created_by"
            ),
            "form": form,
            "secret": secret,
            "api_url": site_url(request) + "/api/v1/registrations/",
            "docs_url": site_url(request) + reverse("api:docs"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@mission_required
def api_token(request: HttpRequest) -> HttpResponse:
    """The mission's tokens; a focal point creates one here (and sees it this once)."""
    mission = request.member.mission  # type: ignore[attr-defined]
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST":
        if not missions.may_hold_tokens(request.user, mission):
            raise PermissionDenied(_("Only the mission's focal points may manage its API tokens."))
        if form.is_valid():
            try:
                issued = missions.mission_token_create(
                    mission=mission, label=form.cleaned_data["label"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                return _page(request, ApiTokenForm(), secret=issued.secret)
        return _page(request, form, status=400)
    return _page(request, form)


@require_POST
@mission_required
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the mission's own tokens (another mission's answers as one that does not
    exist)."""
    mission = request.member.mission  # type: ignore[attr-defined]
    token = get_object_or_404(
        MissionToken.objects.select_related("mission"), pk=pk, mission=mission
    )
    missions.mission_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token %(prefix)s… works no more.") % {"prefix": token.prefix})
    return HttpResponseRedirect(reverse("portal:api-token"))
