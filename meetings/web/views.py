"""Public pages for delegates; each view asks one selector and renders one template."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_cookie

from config.caching import PUBLIC_MAX_AGE
from governance.models import Body
from meetings.domain import ical, year_view
from meetings.domain.charts import membership_chart
from meetings.models import Session
from meetings.selectors import pages as selectors
from meetings.selectors import records


def PAGE_CACHE(view):
    """The same page for every anonymous reader in a language: public for browsers, proxies and
    the page cache (config/caching.py) for five minutes, then revalidated. The language may come
    from a cookie, so it varies on it."""
    return vary_on_cookie(
        cache_control(public=True, max_age=PUBLIC_MAX_AGE, must_revalidate=True)(view)
    )


FIRST_YEAR = 1950


def _int_param(request: HttpRequest, name: str, low: int, high: int) -> int | None:
    value = request.GET.get(name, "")
    if value == "":
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise BadRequest(
            _("%(name)s must be a number from %(low)d to %(high)d.")
            % {"name": name, "low": low, "high": high}
        )
    return int(value)


def _body_param(request: HttpRequest) -> Body | None:
    key = request.GET.get("body", "")
    if not key:
        return None
    body = Body.objects.filter(key=key).first()
    if body is None:
        raise BadRequest(_("There is no body '%(key)s'.") % {"key": key})
    return body


@require_safe
@PAGE_CACHE
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/home.html", selectors.home_data(timezone.localdate()))


@require_safe
@PAGE_CACHE
def calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = _int_param(request, "year", FIRST_YEAR, today.year + 10) or (
        selectors.calendar_default_year(today)
    )
    month = _int_param(request, "month", 1, 12)
    body = _body_param(request)
    data = selectors.calendar_data(year=year, month=month, body=body)
    bodies = selectors.bodies_index()
    context = {
        **data,
        "year": year,
        "month": month,
        "month_date": dt.date(year, month, 1) if month else None,
        "body": body,
        "bodies": bodies,
        "feed_bodies": _feed_bodies(bodies, data["sessions"], body),
        "years": range(today.year + 2, 1994, -1),
        "months": year_view.month_names(translation.get_language() or "en"),
        "weeks": _month_grid(year, month, data["sessions"]) if month else None,
        "year_rows": None if month else year_view.year_rows(data["sessions"], year),
        "off_bars": [s for s in data["sessions"] if not year_view.on_bars(s)],
    }
    return render(request, "meetings/calendar.html", context)


def _feed_bodies(bodies: list[Body], sessions: list[Session], chosen: Body | None) -> list[Body]:
    """The bodies offered a feed of the year shown: the one chosen, else those with a session
    in calendars on the page (a feed of the others would be empty)."""
    if chosen is not None:
        return [chosen]
    shown = {s.body_id for s in sessions if ical.is_calendar_session(s)}
    return [b for b in bodies if b.pk in shown]


def _month_grid(year: int, month: int, sessions: list[Session]) -> list[list[dict]]:
    """Weeks (Monday first) of day cells, each with the sessions on that day."""
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    day = first - dt.timedelta(days=first.weekday())
    weeks = []
    while day <= last:
        week = []
        for _offset in range(7):
            on = [
                s
                for s in sessions
                if s.start_date and s.start_date <= day <= (s.end_date or s.start_date)
            ]
            week.append({"date": day, "in_month": day.month == month, "sessions": on})
            day += dt.timedelta(days=1)
        weeks.append(week)
    return weeks


AGENDA_STATES = {
    "provisional": gettext_lazy("Provisional agenda"),
    "adopted": gettext_lazy("Agenda adopted"),
    "revised": gettext_lazy("Agenda revised"),
}


@require_safe
@PAGE_CACHE
def session_detail(request: HttpRequest, key: str) -> HttpResponse:
    page = selectors.session_page(key)
    if page is None:
        raise Http404(_("No published session has this key."))
    context = {
        "page": page,
        "session": page.session,
        "agenda_history": [(AGENDA_STATES[v.state], v) for v in page.agenda_versions],
        "in_calendars": ical.is_calendar_session(page.session),
    }
    return render(request, "meetings/session_detail.html", context)


@require_safe
@PAGE_CACHE
def bodies(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/bodies.html", {"bodies": selectors.bodies_index()})


@require_safe
@PAGE_CACHE
def body_detail(request: HttpRequest, key: str) -> HttpResponse:
    page = selectors.body_page(key, timezone.localdate())
    if page is None:
        raise Http404(_("No body has this key."))
    return render(request, "meetings/body_detail.html", {"page": page, "body": page.body})


@require_safe
@PAGE_CACHE
def members(request: HttpRequest) -> HttpResponse:
    data = records.members_page()
    return render(
        request,
        "meetings/members.html",
        {**data, "chart": membership_chart(data["computed"], data["reported"])},
    )


@require_safe
@PAGE_CACHE
def documents(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    series = request.GET.get("series", "")
    year = _int_param(request, "year", FIRST_YEAR, 2100)
    body = _body_param(request)
    session = None
    if request.GET.get("session"):
        session = Session.objects.public().filter(key=request.GET["session"]).first()
        if session is None:
            raise BadRequest(_("There is no session '%(key)s'.") % {"key": request.GET["session"]})
    data = records.documents_page(query=query, series=series, body=body, session=session, year=year)
    if series and series not in data["series"]:
        raise BadRequest(_("There is no series '%(series)s'.") % {"series": series})
    context = {
        **data,
        "q": query,
        "selected_series": series,
        "year": year,
        "body": body,
        "session": session,
        "bodies": selectors.bodies_index(),
    }
    return render(request, "meetings/documents.html", context)


@require_safe
@PAGE_CACHE
def document_detail(request: HttpRequest, key: str) -> HttpResponse:
    document = records.document_page(key)
    if document is None:
        raise Http404
    context = {"document": document, "documents_contact": settings.DOCUMENTS_CONTACT_EMAIL}
    return render(request, "meetings/document_detail.html", context)


@require_safe
@PAGE_CACHE
def resolutions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/resolutions.html",
        {"resolutions": records.resolutions_page(), "themes": records.idm_themes()},
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 with the reason, in the reader's language (Django's default page has neither)."""
    message = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"exception": message}, status=400)


@require_safe
def set_language(request: HttpRequest) -> HttpResponse:
    """Choose the interface language with a GET (a preference cookie, not a state change).

    Pages then carry no CSRF token, so they stay byte-identical and cacheable.
    """
    from django.conf import settings
    from django.http import HttpResponseRedirect
    from django.utils.http import url_has_allowed_host_and_scheme

    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        raise BadRequest(_("Choose English, French or Spanish."))
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response
