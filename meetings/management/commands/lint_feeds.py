"""Fetch every feed the current data produces and lint it; fail on any problem."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

from governance.models import Body
from meetings.domain import ical
from meetings.domain.feedlint import lint
from meetings.models import Session
from meetings.selectors.feeds import MAX_PERIOD_YEARS


def feed_urls() -> list[str]:
    urls = [reverse("meetings:feed-all"), reverse("meetings:feed-all") + "?past=3650"]
    for lang in ("fr", "es"):
        urls.append(reverse("meetings:feed-all") + f"?past=3650&lang={lang}")
    urls += [
        reverse("meetings:feed-body", args=[key]) + "?past=3650"
        for key in Body.objects.values_list("key", flat=True)
    ]
    sessions = list(
        Session.objects.public()
        .exclude(start_date=None)
        .select_related("body")
        .only("key", "start_date", "end_date", "date_precision", "body__key")
    )
    urls += period_urls([s for s in sessions if ical.is_calendar_session(s)])
    for session in sessions:
        # A session known only to a month, a season or a year has no .ics of its own.
        if ical.is_calendar_session(session):
            urls.append(reverse("meetings:session-ics", args=[session.key]))
        urls.append(reverse("meetings:feed-session-meetings", args=[session.key]))
    return urls


def period_urls(sessions: list[Session]) -> list[str]:
    """The feeds of each year that has sessions in calendars (the busiest also in French and
    Spanish) and of each body's, and one from-to period holding the latest ten years of them:
    the record is of past years, so the upcoming feeds above may hold nothing."""
    all_sessions = reverse("meetings:feed-all")
    per_year = Counter(s.start_date.year for s in sessions if s.start_date)
    if not per_year:
        return []
    urls = [f"{all_sessions}?year={year}" for year in sorted(per_year)]
    busiest = max(per_year, key=lambda year: (per_year[year], year))
    urls += [f"{all_sessions}?year={busiest}&lang={lang}" for lang in ("fr", "es")]
    last = max(per_year)
    first = min(year for year in per_year if year > last - MAX_PERIOD_YEARS)
    urls.append(f"{all_sessions}?from={first}-01-01&to={last}-12-31")
    by_body = sorted({(s.body.key, s.start_date.year) for s in sessions if s.start_date})
    urls += [reverse("meetings:feed-body", args=[key]) + f"?year={year}" for key, year in by_body]
    return urls


class Command(BaseCommand):
    help = "Lint every iCalendar feed of the current data (RFC 5545/7986 and our rules)."

    def handle(self, *args, **options) -> None:
        client = Client(
            HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "testserver"
        )
        failures = 0
        urls = feed_urls()
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                failures += 1
                self.stdout.write(f"{url}: HTTP {response.status_code}")
                continue
            for problem in lint(response.content, domain=settings.SITE_DOMAIN):
                failures += 1
                self.stdout.write(f"{url}: {problem}")
        self.stdout.write(f"{len(urls)} feeds linted, {failures} problems.")
        if failures:
            raise CommandError("Some feeds break the rules (see above).")
