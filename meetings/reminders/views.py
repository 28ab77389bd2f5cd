"""Subscribing to reminders (double opt-in by e-mail) and one-click unsubscribing."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from config import ratelimits
from governance.forms import BodiesField
from meetings.models.reminders import DeliveryMode
from meetings.reminders import subscriptions

LEAD_CHOICES = [(days, days) for days in (60, 30, 14, 7, 3, 1)]
ZONES = sorted(zoneinfo.available_timezones())


def delivery_mode_field() -> forms.ChoiceField:
    """How a subscriber's messages come: each at once, or in a daily or weekly digest."""
    return forms.ChoiceField(
        label=gettext_lazy("Delivery"),
        choices=[
            (DeliveryMode.IMMEDIATE, gettext_lazy("Each message at once")),
            (DeliveryMode.DAILY, gettext_lazy("Daily digest")),
            (DeliveryMode.WEEKLY, gettext_lazy("Weekly digest (Mondays)")),
        ],
        initial=DeliveryMode.IMMEDIATE,
        widget=forms.RadioSelect,
        required=False,
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    timezone = forms.ChoiceField(
        label=gettext_lazy("Your time zone"),
        choices=[(z, z) for z in ZONES],
        initial="Europe/Zurich",
    )
    bodies = BodiesField(label=gettext_lazy("Bodies"), required=False)
    everything = forms.BooleanField(label=gettext_lazy("Every body"), required=False)
    lead_days = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Remind me this many days before a session"),
        help_text=gettext_lazy("None ticked: each body's usual lead times (30, 7 and 1 days)."),
        choices=LEAD_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    mode = delivery_mode_field()

    def clean(self):
        data = super().clean()
        if not data.get("bodies") and not data.get("everything"):
            raise forms.ValidationError(_("Pick at least one body, or all bodies."))
        return data


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Ask for reminders, or for a change to them: the answer is the same for every address.

    Whether the address is new, confirmed or unsubscribed, and whether its own limit of
    confirmation messages is reached (then none is sent and nothing is recorded), the page
    says the same, so it tells nobody which addresses are subscribed.
    """
    form = SubscribeForm(
        request.POST if request.method == "POST" else None,
        # Reminders come in the language of the page the delegate signed up from, unless changed.
        initial={"language": get_language() or settings.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return confirmation_sent(
            request,
            email=data["email"],
            send=lambda email: _request_confirmation(request, email=email, data=data),
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/subscriptions/subscribe.html", {"form": form}, status=status)


def confirmation_sent(
    request: HttpRequest, *, email: str, send: Callable[[str], None]
) -> HttpResponse:
    """A double opt-in asked for (a subscription, a saved search): too many from one client is a
    429; too many to one address are dropped silently, so that the page says the same for every
    address and nobody learns which are known."""
    if ratelimits.limited(
        request, group="subscribe:client", rate=ratelimits.SUBSCRIBES_PER_CLIENT_RATE
    ):
        return ratelimits.too_many_requests(request)
    email = subscriptions.subscriber_normalize_email(email)
    if not ratelimits.limited(
        request,
        group="subscribe:address",
        rate=ratelimits.CONFIRMATIONS_PER_ADDRESS_RATE,
        value=email,
    ):
        send(email)
    response = render(
        request,
        "meetings/subscriptions/sent.html",
        {"email": email, "limit": ratelimits.CONFIRMATIONS_PER_ADDRESS},
    )
    response["Cache-Control"] = "no-store"
    return response


def _request_confirmation(request: HttpRequest, *, email: str, data: dict) -> None:
    bodies = list(data["bodies"])
    _subscriber, token = subscriptions.subscriber_subscribe(
        email=email,
        language=data["language"],
        timezone_name=data["timezone"],
        bodies=bodies,
        everything=data["everything"],
        lead_days=sorted(data["lead_days"], reverse=True),
        mode=data["mode"] or DeliveryMode.IMMEDIATE,
    )
    lang = get_language() or settings.LANGUAGE_CODE
    followed = _("all bodies") if data["everything"] else ", ".join(b.name_in(lang) for b in bodies)
    link = request.build_absolute_uri(reverse("meetings:subscribe-confirm", args=[token]))
    send_mail(
        _("Confirm your reminders"),
        _(
            "Open this link to confirm reminders of the sessions of %(bodies)s:\n%(link)s\n\nNothing changes until you open it; it works for %(days)d days. If you did not ask for this, ignore this message."
        )
        % {"bodies": followed, "link": link, "days": subscriptions.CONFIRMATION_DAYS},
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )


@require_http_methods(["GET", "POST"])
def subscribe_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link shows a button; only pressing it (a POST) confirms, so a mail scanner
    that follows every link in a message confirms nothing."""
    invalid = _("This confirmation link is not valid (it may be old).")
    if request.method == "POST":
        subscriber = subscriptions.subscriber_confirm(token=token)
        if subscriber is None:
            return _invalid_link(request, invalid)
        return render(request, "meetings/subscriptions/confirmed.html", {"subscriber": subscriber})
    if subscriptions.subscription_request_by_token(token) is None:
        return _invalid_link(request, invalid)
    response = render(request, "meetings/subscriptions/confirm.html", {"token": token})
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # RFC 8058 one-click unsubscribe: mail clients POST without a CSRF token; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = subscriptions.subscriber_by_unsubscribe_token(token)
    if subscriber is None:
        return _invalid_link(request, _("This unsubscribe link is not valid."))
    if request.method == "POST":
        subscriptions.subscriber_unsubscribe(subscriber=subscriber)
        return render(request, "meetings/subscriptions/unsubscribed.html", {})
    return render(request, "meetings/subscriptions/unsubscribe.html", {"token": token})


def _invalid_link(request: HttpRequest, message: str) -> HttpResponse:
    """A 404 that says which link failed, in the reader's language."""
    return render(
        request, "meetings/subscriptions/invalid_link.html", {"message": message}, status=404
    )
