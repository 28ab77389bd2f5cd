"""The demonstration year (`manage.py create_demo_year`): the coming year planned from each body's
rhythm by Plan a year, published and marked as a demonstration on pages, in feeds, in e-mails and
in the API, in the reader's language; idempotent, removable, and never run in production."""

import datetime as dt
import html
import io
import re
from pathlib import Path

import django
import django.core.management
import django.db
import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from icalendar import Calendar
from rest_framework.test import APIClient

from config import serve
from meetings.models import Session
from meetings.services.demonstration import demo_year_create, demo_year_remove
from meetings.services.planning import plan_year
from tests.factories import BodyFactory, SessionFactory
from tests.meetings.reminders.test_reminders import at, follower, send_all

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
NEXT_YEAR = timezone.localdate().year + 1
MARK = {
    "en": "Planned from the usual rhythm (demonstration)",
    "fr": "Planifiée d'après le rythme habituel (démonstration)",
    "es": "Planificada según el ritmo habitual (demostración)",
}
CATEGORY = {"en": "Demonstration", "fr": "Démonstration", "es": "Demostración"}


@pytest.fixture
def debug(settings):
    """As in development (`make run`): the test runner turns DEBUG off."""
    settings.DEBUG = True


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("create_demo_year", *args, stdout=out)
    return out.getvalue()


def text(response) -> str:
    """What a person reads of a page: no tags, entities decoded ("d&#x27;après" is "d'après")."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def planned(sessions) -> list[tuple]:
    return sorted((s.body.key, s.number, s.start_date, s.end_date) for s in sessions)


def feed_events(client, path: str = "/feeds/sessions.ics", lang: str = "en") -> list:
    answer = client.get(path, {"lang": lang})
    assert answer.status_code == 200
    return Calendar.from_ical(answer.content).walk("VEVENT")


def test_the_command_creates_what_plan_year_proposes_published_and_marked(seeded, debug):
    proposed = [(p.body.key, p.number, p.start, p.end) for p in plan_year(NEXT_YEAR)]
    before = set(Session.objects.values_list("pk", flat=True))
    out = run()
    demo = Session.objects.filter(is_demonstration=True).select_related("body")
    assert planned(demo) == sorted(proposed)
    # Every body with a rhythm: the Council, the Executive Committee, the SCPF twice, the IDM twice.
    assert sorted({key for key, *_ in proposed}) == ["council", "excom", "idm", "scpf"]
    assert len(proposed) == 6
    assert {(s.is_published, s.status, s.start_date.year) for s in demo} == {
        (True, "tentative", NEXT_YEAR)
    }
    assert set(Session.objects.exclude(is_demonstration=True).values_list("pk", flat=True)) == (
        before
    )
    assert f"Created and published 6 demonstration session(s) for {NEXT_YEAR}" in out
    assert "council-101: Hundred and first Session of the Council" in out


def test_a_second_run_creates_nothing_and_says_so(seeded, debug):
    run()
    first = list(Session.objects.order_by("pk").values_list("pk", "updated_at", "sequence"))
    out = run()
    assert (
        out == f"Nothing to create: {NEXT_YEAR} is already planned (6 demonstration session(s)).\n"
    )
    assert list(Session.objects.order_by("pk").values_list("pk", "updated_at", "sequence")) == (
        first
    )


def test_remove_deletes_them_and_feeds_and_pages_no_longer_show_them(client, seeded, debug):
    run()
    keys = list(Session.objects.filter(is_demonstration=True).values_list("key", flat=True))
    events = feed_events(client)
    assert sum(MARK["en"] in str(e.get("DESCRIPTION", "")) for e in events) == 6
    assert client.get(f"/sessions/{keys[0]}/").status_code == 200
    seeded_count = Session.objects.filter(is_demonstration=False).count()
    assert run("--remove") == "Removed 6 demonstration session(s).\n"
    assert not Session.objects.filter(is_demonstration=True).exists()
    assert Session.objects.count() == seeded_count
    assert [e for e in feed_events(client) if MARK["en"] in str(e.get("DESCRIPTION", ""))] == []
    assert client.get(f"/sessions/{keys[0]}/").status_code == 404
    for page in ("/", f"/calendar/?year={NEXT_YEAR}", "/bodies/council/"):
        assert MARK["en"] not in text(client.get(page)), page
    assert run("--remove") == "Removed 0 demonstration session(s).\n"


def test_remove_of_one_year_keeps_the_others():
    BodyFactory(sessions_per_year=1, usual_months=[5])
    demo_year_create(year=2031)
    demo_year_create(year=2032)
    assert demo_year_remove(year=2031) == 1
    assert list(Session.objects.values_list("start_date__year", "is_demonstration")) == [
        (2032, True)
    ]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_pages_show_the_mark_in_the_readers_language(client, seeded, debug, lang):
    run()
    council = Session.objects.get(is_demonstration=True, body__key="council")
    real = Session.objects.filter(is_demonstration=False, is_published=True).first()
    mark = MARK[lang]

    def page(path: str) -> str:
        return text(client.get(path, HTTP_ACCEPT_LANGUAGE=lang))

    session_page = page(council.get_absolute_url())
    assert session_page.count(mark) == 1
    assert mark not in page(real.get_absolute_url())
    # Home (upcoming), the year's calendar (list and year view) and the body's page: one per row.
    assert page("/").count(mark) == 6
    calendar = html.unescape(
        client.get(f"/calendar/?year={NEXT_YEAR}", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    )
    listed = calendar.split('<ul class="sessions">', 1)[1].split("</ul>", 1)[0]
    assert listed.count(mark) == 6
    year_view = re.search(r'<table class="year">.*?</table>', calendar, re.S)
    # Each bar says it in its title and in the text a screen reader reads.
    assert year_view is not None and year_view.group(0).count(mark) == 2 * 6
    assert page("/bodies/council/").count(mark) == 1


def test_the_session_page_says_it_is_not_real_in_french(client, seeded, debug):
    run()
    session = Session.objects.filter(is_demonstration=True).first()
    html = client.get(session.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert (
        '<p class="banner demonstration" role="note"><strong>'
        "Planifiée d'après le rythme habituel (démonstration)</strong>. Il ne s'agit pas"
        " d'une vraie session : le secrétariat ne l'a pas annoncée.</p>"
    ) in html


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_feeds_mark_each_demonstration_event_in_the_feeds_language(client, seeded, debug, lang):
    run()
    for path in ("/feeds/sessions.ics", "/feeds/bodies/scpf.ics"):
        events = feed_events(client, path, lang)
        # The seeded record is years past: what the default window holds is the demonstration.
        assert events and {e["DTSTART"].dt.year for e in events} == {NEXT_YEAR}, path
        for event in events:
            assert str(event["DESCRIPTION"]).splitlines()[0] == MARK[lang]
            assert event["CATEGORIES"].cats[-1] == CATEGORY[lang]
    key = Session.objects.filter(is_demonstration=True).values_list("key", flat=True)[0]
    (single,) = feed_events(client, f"/sessions/{key}.ics", lang)
    assert str(single["DESCRIPTION"]).splitlines()[0] == MARK[lang]


def test_a_real_session_in_the_feed_carries_no_mark(client):
    start = timezone.localdate() + dt.timedelta(days=30)
    SessionFactory(start_date=start, end_date=start)
    (event,) = feed_events(client)
    assert "DESCRIPTION" not in event
    assert event["CATEGORIES"].cats == ["Council"]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_a_reminder_for_a_demonstration_session_carries_the_mark_in_the_subscribers_language(
    lang,
):
    council = BodyFactory(sessions_per_year=1, usual_months=[5])
    (session,) = demo_year_create(year=2031).created
    assert session.start_date == dt.date(2031, 5, 13)  # the second Tuesday of May
    follower(bodies=[council], language=lang)
    assert send_all(at(dt.date(2031, 4, 13))) == ["sent"]  # the 30-day reminder
    (message,) = mail.outbox
    assert message.body.splitlines()[0] == MARK[lang]
    (_name, content, _mimetype) = message.attachments[0]
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["DESCRIPTION"]).splitlines()[0] == MARK[lang]


def test_a_reminder_for_a_real_session_has_no_mark():
    council = BodyFactory()
    SessionFactory(body=council, start_date=dt.date(2031, 5, 13), end_date=dt.date(2031, 5, 14))
    follower(bodies=[council])
    assert send_all(at(dt.date(2031, 4, 13))) == ["sent"]
    assert MARK["en"] not in mail.outbox[0].body


def test_the_api_says_whether_a_session_is_a_demonstration():
    BodyFactory(sessions_per_year=1, usual_months=[5])
    (demo,) = demo_year_create(year=2031).created
    real = SessionFactory(key="council-real", number=90)
    api = APIClient()
    assert api.get(f"/api/v1/sessions/{demo.key}/").json()["is_demonstration"] is True
    assert api.get(f"/api/v1/sessions/{real.key}/").json()["is_demonstration"] is False
    listed = {
        row["key"]: row["is_demonstration"]
        for row in api.get("/api/v1/sessions/").json()["results"]
    }
    assert listed == {demo.key: True, real.key: False}
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    for name in ("Session", "SessionDetail"):
        described = schema["components"]["schemas"][name]["properties"]["is_demonstration"]
        assert (described["type"], described["description"]) == (
            "boolean",
            "Planned from the usual rhythm to show the calendar at work; not real.",
        )


def test_with_debug_off_it_refuses_without_force(settings):
    settings.DEBUG = False
    BodyFactory(sessions_per_year=1, usual_months=[5])
    with pytest.raises(CommandError, match=r"Refusing .* DEBUG is off.* --force"):
        run("--year", "2031")
    assert not Session.objects.exists()
    assert "Created and published 1 demonstration session(s) for 2031" in run(
        "--year", "2031", "--force"
    )
    # Taking demonstration sessions out again needs no --force.
    assert run("--remove") == "Removed 1 demonstration session(s).\n"


def test_a_year_out_of_range_is_refused_with_the_reason(debug):
    with pytest.raises(CommandError, match=r"^Give a year between 1901 and 2199\.$"):
        run("--year", "1850")


def test_make_run_creates_the_demo_year_after_the_seeds_and_production_never_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    makefile = (ROOT / "Makefile").read_text()
    recipes = dict(re.findall(r"^([\w-]+):[^\n=]*\n((?:\t[^\n]*\n)+)", makefile, re.M))
    assert re.search(r"^run: seed$", makefile, re.M)
    assert "manage.py load_seeds" in recipes["seed"]
    assert "manage.py create_demo_year" in recipes["run"]
    assert "create_demo_year" not in recipes["serve"]
    for production in ("Procfile", "config/serve.py"):
        assert "create_demo_year" not in (ROOT / production).read_text(), production
    # What `make serve` prepares before honcho takes over: these three commands, nothing else.
    called: list[str] = []
    monkeypatch.setattr(
        django.core.management, "call_command", lambda name, **kw: called.append(name)
    )
    monkeypatch.setattr(django, "setup", lambda: None)
    monkeypatch.setattr(django.db.connections, "close_all", lambda: None)
    serve.prepare()
    assert called == ["migrate", "collectstatic", "load_seeds"]
