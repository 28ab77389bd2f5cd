"""The linter passes on every feed the seeded data produces."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_every_seeded_feed_passes_the_linter(seeded):
    out = StringIO()
    call_command("lint_feeds", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert last.endswith(" 0 problems.") and int(last.split()[0]) > 100


def test_the_linted_feeds_include_the_periods_of_the_record(seeded):
    from meetings.management.commands.lint_feeds import feed_urls

    urls = feed_urls()
    assert {
        "/feeds/sessions.ics?year=2009",
        "/feeds/sessions.ics?year=2009&lang=fr",
        "/feeds/sessions.ics?from=2008-01-01&to=2012-12-31",
        "/feeds/bodies/scpf.ics?year=2008",
    } <= set(urls)
