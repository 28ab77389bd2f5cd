"""Who may open the portal's pages: a signed-in user of a mission, past its second factor when
it has one (focal points must have one: they are sent to set it up first)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import user_has_device

from governance.models import MissionMember
from governance.services.missions import member_of

View = Callable[..., HttpResponseBase]


def second_factor_needed(request: HttpRequest, member: MissionMember) -> str | None:
    """Where to send a signed-in member first: to set up TOTP (focal points without one), to
    enter its code (anyone with one who has not yet), or nowhere (None)."""
    if request.user.is_verified():  # type: ignore[union-attr]
        return None
    if user_has_device(request.user):
        return reverse("portal:two-factor")
    if member.is_focal_point:
        return reverse("portal:two-factor-setup")
    return None


def mission_required(view: View) -> View:
    """The view gets ``request.member``; anyone else is sent to sign in, or refused."""

    @functools.wraps(view)
    @never_cache
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('portal:login')}?{query}")
        member = member_of(request.user)
        if member is None:
            raise PermissionDenied(_("This account does not belong to a mission."))
        target = second_factor_needed(request, member)
        if target is not None:
            return HttpResponseRedirect(target)
        request.member = member  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped
