"""Signing in to the portal: with an invitation, a password (Django's auth views), and a second
factor (TOTP with django-otp: required of focal points, optional for delegates)."""

from __future__ import annotations

import math
from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.validation import error_text
from governance.services import missions
from meetings.portal.forms import AcceptInvitationForm, SignInForm, TokenForm


class SignInView(auth_views.LoginView):
    template_name = "portal/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return reverse("portal:home")


class SignOutView(auth_views.LogoutView):
    def get_default_redirect_url(self) -> str:
        return reverse("portal:login")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "portal/password_reset.html"
    email_template_name = "portal/emails/password_reset.txt"
    subject_template_name = "portal/emails/password_reset_subject.txt"
    success_url = reverse_lazy("portal:password-reset-sent")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/password_reset_confirm.html"
    success_url = reverse_lazy("portal:login")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is changed. Sign in with it."))
        return super().form_valid(form)


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/password_reset_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Choose a name and a password; the account is the mission's from then on."""
    try:
        invitation = missions.invitation_by_token(token)
    except ValidationError as error:
        return render(
            request, "portal/invitation_invalid.html", {"message": error_text(error)}, status=410
        )
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = missions.invitation_accept(
                token=token, name=form.cleaned_data["name"], password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
            return HttpResponseRedirect(reverse("portal:home"))
    return render(
        request, "portal/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def _next_url(request: HttpRequest) -> str:
    """Where to go once past the code: a safe ``next`` (the admin page a staff member asked
    for), else the portal's home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("portal:home")


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("portal:login"))
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enter the code of the authenticator app set up before."""
    if (away := _signed_in(request)) is not None:
        return away
    if not django_otp.user_has_device(request.user):
        query = urlencode({"next": _next_url(request)})
        return HttpResponseRedirect(f"{reverse('portal:two-factor-setup')}?{query}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = _throttled_seconds(request.user)
        device = None if wait else django_otp.match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", _wrong_code(wait))
    return render(request, "portal/two_factor.html", {"form": form, "next": _next_url(request)})


def _throttled_seconds(user) -> int:
    """After a wrong code each device waits longer before it checks another (django-otp's
    throttling): how many seconds are left, 0 when a code is checked now."""
    left = 0
    for device in django_otp.devices_for_user(user, confirmed=True):
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("locked_until"):
            left = max(left, math.ceil((info["locked_until"] - timezone.now()).total_seconds()))
    return left


def _wrong_code(wait: int) -> str:
    if wait:
        return ngettext(
            "Too many wrong codes: wait %(seconds)d second, then enter the code your app shows.",
            "Too many wrong codes: wait %(seconds)d seconds, then enter the code your app shows.",
            wait,
        ) % {"seconds": wait}
    return _("This code is not right, or no longer valid. Try the next one.")


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the code (or type the key), then enter one code."""
    if (away := _signed_in(request)) is not None:
        return away
    if django_otp.user_has_device(request.user):
        return HttpResponseRedirect(reverse("portal:two-factor"))
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": _("Authenticator app")}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            messages.success(request, _("Your authenticator app is set up."))
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", _("This code is not right. Check the time on your phone."))
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "portal/two_factor_setup.html",
        {
            "form": form,
            # The SVG is made here from the device's own URL: no user text in it.
            "qr": mark_safe(_qr_svg(device.config_url)),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
        },
    )
