"""Fetch every feed the current data produces and lint it; fail on any problem."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

from governance.models import Body
from meetings.domain import ical
from meetings.domain.feedlint import lint
from meetings.models import Session


def feed_urls() -> list[str]:
    urls = [reverse("meetings:feed-all"), reverse("meetings:feed-all") + "?past=3650"]
    for lang in ("fr", "es"):
        urls.append(reverse("meetings:feed-all") + f"?past=3650&lang={lang}")
    urls += [
        reverse("meetings:feed-body", args=[key]) + "?past=3650"
        for key in Body.objects.values_list("key", flat=True)
    ]
    for session in (
        Session.objects.public()
        .exclude(start_date=None)
        .only("key", "start_date", "date_precision")
    ):
        # A session known only to a month, a season or a year has no .ics of its own.
        if ical.is_calendar_session(session):
            urls.append(reverse("meetings:session-ics", args=[session.key]))
        urls.append(reverse("meetings:feed-session-meetings", args=[session.key]))
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
