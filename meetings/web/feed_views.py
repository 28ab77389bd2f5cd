"""iCalendar feed views: parameters, conditional GET, and the personal feed page."""

from __future__ import annotations

import dataclasses

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import condition, require_GET, require_http_methods

from config import ratelimits
from config.caching import data_version, page_cache_exempt
from config.site import site_url
from governance.forms import BodiesField
from governance.models import Body
from meetings.domain import ical
from meetings.models import Session
from meetings.selectors import feeds
from meetings.selectors.feeds import FeedParameterError, FeedParams, FeedSpec
from meetings.web.responses import PERSONAL_CACHE_CONTROL, PUBLIC_CACHE_CONTROL, CalendarResponse


def _serve(request: HttpRequest, spec_factory, filename: str, *, personal: bool = False):
    try:
        params = FeedParams.from_query(request.GET)
    except FeedParameterError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    version = data_version()
    today = timezone.localdate()
    spec = spec_factory(params)
    if params.period and spec.kind == "sessions":
        spec = dataclasses.replace(spec, name=f"{spec.name} ({params.period_label})")
        # sessions-2009.ics, sessions-2008-01-01-2009-06-30.ics
        suffix = params.period_label.replace("/", "-")
        filename = filename.removesuffix(".ics") + f"-{suffix}.ics"
    base = site_url(request)
    etag = feeds.etag_for(spec, params, version, today, site_url=base)

    # The validators are known before any body is read: a 304 costs no SQL and no body.
    @condition(
        etag_func=lambda _request: etag,
        last_modified_func=lambda _request: feeds.last_modified(version),
    )
    def feed(_request: HttpRequest) -> HttpResponse:
        body = feeds.feed_body(spec, params, etag=etag, today=today, site_url=base)
        return CalendarResponse(body, filename=filename)

    response = feed(request)
    patch_cache_control(response, **(PERSONAL_CACHE_CONTROL if personal else PUBLIC_CACHE_CONTROL))
    return response


@require_GET
@page_cache_exempt
def all_sessions(request: HttpRequest) -> HttpResponse:
    return _serve(request, lambda p: FeedSpec("sessions", _name(p, None), "all"), "sessions.ics")


@require_GET
@page_cache_exempt
def body_sessions(request: HttpRequest, key: str) -> HttpResponse:
    body = get_object_or_404(Body, key=key)
    return _serve(
        request,
        lambda p: FeedSpec("sessions", _name(p, body), f"body-{body.pk}", body_ids=(body.pk,)),
        f"{key}.ics",
    )


@require_GET
@page_cache_exempt
def personal(request: HttpRequest, token: str) -> HttpResponse:
    feed = feeds.personal_feed_by_token(token)
    if feed is None:
        raise Http404(_("No such feed (the link may have been revoked or renewed)."))
    spec = feeds.personal_feed_spec(feed)
    return _serve(request, lambda _params: spec, "my-sessions.ics", personal=True)


def _public_session(key: str) -> Session:
    """The session and its body (for the feed's name, or the 404); the events are loaded only
    to build a body."""
    return get_object_or_404(Session.objects.public().select_related("body"), key=key)


@require_GET
@page_cache_exempt
def session_meetings(request: HttpRequest, key: str) -> HttpResponse:
    session = _public_session(key)
    return _serve(
        request,
        lambda p: FeedSpec(
            "meetings", session.title_in(p.lang), f"meetings-{session.pk}", session_id=session.pk
        ),
        f"{key}-meetings.ics",
    )


@require_GET
@page_cache_exempt
def session_single(request: HttpRequest, key: str) -> HttpResponse:
    session = _public_session(key)
    if not ical.is_calendar_session(session):
        # Known only to a month, a season or a year: an event would claim days the record does
        # not give (the page says so).
        raise Http404(_("This session's days are not known yet, so it is in no calendar."))
    return _serve(
        request,
        lambda p: FeedSpec(
            "single", session.title_in(p.lang), f"single-{session.pk}", session_id=session.pk
        ),
        f"{key}.ics",
    )


def _name(params: FeedParams, body: Body | None) -> str:
    base = {
        "en": "Governance Calendar",
        "fr": "Calendrier des organes directeurs",
        "es": "Calendario de los órganos rectores",
    }[params.lang]
    return f"{base}: {body.name_in(params.lang)}" if body else base


class PersonalFeedForm(forms.Form):
    bodies = BodiesField(label=gettext_lazy("Bodies"), required=False)
    all_bodies = forms.BooleanField(label=gettext_lazy("All bodies"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("bodies") and not data.get("all_bodies"):
            raise forms.ValidationError(_("Pick at least one body, or all bodies."))
        return data


def subscription_links(request: HttpRequest, path: str) -> dict[str, str]:
    """webcal://, Google's add-by-URL, Outlook's add-from-web and a plain download link for one feed path."""
    from urllib.parse import quote

    https = request.build_absolute_uri(path)
    webcal = "webcal://" + https.split("://", 1)[1]
    return {
        "plain": https,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.office.com/calendar/0/addfromweb?url="
        + quote(https, safe="")
        + "&name="
        + quote(_("Governance Calendar")),
    }


@require_http_methods(["GET", "POST"])
def personal_feed_new(request: HttpRequest) -> HttpResponse:
    form = PersonalFeedForm(request.POST if request.method == "POST" else None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        # Each feed is a row and, once read, stored bodies: one client may not make hundreds.
        if ratelimits.limited(
            request, group="personal-feed:create", rate=ratelimits.PERSONAL_FEEDS_PER_CLIENT_RATE
        ):
            return ratelimits.too_many_requests(request)
        feed, token = feeds.personal_feed_create(
            bodies=list(form.cleaned_data["bodies"]), all_bodies=form.cleaned_data["all_bodies"]
        )
        context.update(
            feed=feed,
            token=token,
            links=subscription_links(request, reverse("meetings:feed-personal", args=[token])),
        )
        response = render(request, "meetings/feeds/personal_created.html", context)
        response["Cache-Control"] = "no-store"  # the page shows a secret once
        return response
    return render(
        request,
        "meetings/feeds/personal_new.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["POST"])
def personal_feed_manage(request: HttpRequest, token: str) -> HttpResponse:
    """Rotate or revoke a personal feed: whoever holds the token holds the feed."""
    feed = feeds.personal_feed_by_token(token)
    if feed is None:
        raise Http404(_("No such feed (the link may have been revoked or renewed)."))
    if request.POST.get("action") == "revoke":
        feeds.personal_feed_revoke(feed=feed)
        response = render(request, "meetings/feeds/personal_revoked.html", {})
    elif request.POST.get("action") == "rotate":
        new_token = feeds.personal_feed_rotate(feed=feed)
        links = subscription_links(request, reverse("meetings:feed-personal", args=[new_token]))
        response = render(
            request,
            "meetings/feeds/personal_created.html",
            {"feed": feed, "token": new_token, "links": links, "rotated": True},
        )
    else:
        return HttpResponseBadRequest(_("action must be rotate or revoke."))
    response["Cache-Control"] = "no-store"
    return response
