"""The officer's desk on the admin index: what it answers, in a fixed number of queries whatever
the data (the selector and the whole page), and only what the user may view."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Delivery, PendingChange, Subscriber
from meetings.selectors import desk
from meetings.services import agenda, planning, publishing
from tests.factories import BodyFactory, SessionFactory

pytestmark = pytest.mark.django_db

# One query for the next sessions, the compliance view's two (sessions, their agenda states), and
# the first rows and the count of each list: drafts, change notices, failed deliveries, requests.
DESK_QUERIES = 1 + 2 + 2 * 4
# The index around it: the login session, the user, its second factor (django-otp), the user's and
# the groups' permissions, and the Recent actions sidebar.
INDEX_QUERIES = DESK_QUERIES + 6


def fill_desk(n: int) -> None:
    """n of every line the desk shows, dated from today: a published session whose notice falls
    due within the fortnight, with unpublished edits, a change notice waiting and a failed
    delivery; an unpublished one whose notice was missed; a special-session request."""
    today, now = timezone.localdate(), timezone.now()
    council = BodyFactory.create()
    special = BodyFactory.create(key="special-body", name="Special Body", notice_days_special=15)
    subscriber, _ = Subscriber.objects.get_or_create(
        email="delegate@example.org", defaults={"token_hash": "d" * 64, "confirmed_at": now}
    )
    for i in range(n):
        session = SessionFactory.create(
            body=council, start_date=today + dt.timedelta(days=31 + i % 10)
        )
        publishing.session_edit(session=session, fields={"theme": f"Theme {i}"}, by=None)
        PendingChange.objects.create(
            session=session,
            kind="changed",
            changes={"start_date": ["2031-05-05", "2031-05-11"]},
            notify_after=now + dt.timedelta(minutes=10),
        )
        Delivery.objects.create(
            subscriber=subscriber,
            kind="reminder",
            session=session,
            occasion=f"desk:{session.pk}",
            due_at=now,
            state="failed",
            attempts=5,
            error="SMTPServerDisconnected: the mail server went away",
        )
        SessionFactory.create(
            body=council, start_date=today + dt.timedelta(days=20), is_published=False
        )
        planning.special_session_request(
            body=special, requested_on=today - dt.timedelta(days=i % 5), name=f"Request {i}"
        )


def everything() -> desk.Desk:
    return desk.desk(include=desk.SECTIONS, today=timezone.localdate(), now=timezone.now())


def test_the_desk_costs_the_same_queries_for_3_and_for_30_of_everything(
    django_assert_num_queries,
):
    fill_desk(3)
    with django_assert_num_queries(DESK_QUERIES):
        small = everything()
    assert (len(small.sessions), small.failed.total, len(small.failed.rows)) == (6, 3, 3)
    assert (small.deadlines.due.total, small.deadlines.missed.total) == (6, 6)
    fill_desk(27)
    with django_assert_num_queries(DESK_QUERIES):
        large = everything()
    assert len(large.sessions) == desk.NEXT_SESSIONS
    for part in (large.drafts, large.notices, large.failed, large.requests):
        assert (len(part.rows), part.total, part.more) == (desk.DESK_ROWS, 30, 20)
    # The notice and the provisional agenda with it, of each session.
    for part in (large.deadlines.due, large.deadlines.missed):
        assert (len(part.rows), part.total) == (desk.DESK_ROWS, 60)


def test_the_admin_index_costs_the_same_queries_for_3_and_for_30(client, editor):
    client.force_login(editor)
    counts = []
    for more in (3, 27):
        fill_desk(more)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("admin:index"))
        assert page.status_code == 200
        counts.append(len(queries))
        assert counts[-1] == INDEX_QUERIES, "\n".join(q["sql"] for q in queries.captured_queries)
    failed = page.content.decode().count('value="Resend"')
    assert (counts, failed) == ([INDEX_QUERIES] * 2, desk.DESK_ROWS)


def test_each_line_says_what_is_due_and_links_to_where_it_is_done(client, editor):
    today = timezone.localdate()
    council = BodyFactory(documents_days=21)
    due = SessionFactory(body=council, number=120, start_date=today + dt.timedelta(days=35))
    agenda.agenda_record(session=due, state="provisional", on=today)
    missed = SessionFactory(body=council, number=121, start_date=today + dt.timedelta(days=10))
    SessionFactory(body=council, number=122, start_date=today + dt.timedelta(days=90))
    lines = desk.desk_deadlines(today)
    assert [(line.session.number, line.deadline.kind, line.when) for line in lines.due.rows] == [
        (120, "notice", "due in 5 days"),
        (120, "documents", "due in 14 days"),
    ]
    assert [(line.session.number, line.deadline.kind, line.when) for line in lines.missed.rows] == [
        (121, "notice", "missed 20 days ago"),
        (121, "provisional_agenda", "missed 20 days ago"),
        (121, "documents", "missed 11 days ago"),
    ]
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    section = html[html.index('id="desk-deadlines"') : html.index('id="desk-drafts"')]
    change = reverse("admin:meetings_session_change", args=[missed.pk])
    assert f'<a href="{change}#id_notice_sent_on">Notice of the session</a>' in section
    assert f'<a href="{change}#id_documents_issued_on">Session documents</a>' in section
    states = reverse("admin:meetings_session_agenda_state", args=[missed.pk])
    assert f'<a href="{states}">Provisional agenda</a>' in section


def test_an_undated_special_session_request_runs_its_notice_clock_from_the_request():
    today = timezone.localdate()
    body = BodyFactory(special_notice_within_days=10)
    session = planning.special_session_request(
        body=body, requested_on=today - dt.timedelta(days=3), name="Urgent consultation"
    )
    (line,) = desk.desk_special_requests(today).rows
    assert line.session == session
    assert (line.notice.due_on, line.notice.rule) == (
        today + dt.timedelta(days=7),
        "within 10 days of the request",
    )
    assert (line.label, line.clock) == ("Due soon", "7 days left")
    session.notice_sent_on = today
    session.save()
    (line,) = desk.desk_special_requests(today).rows
    assert (line.label, line.clock) == ("Met", f"done {today:%d %b %Y}")


def test_waiting_edits_and_notices_say_what_changed():
    now = timezone.now()
    session = SessionFactory()
    publishing.session_edit(
        session=session,
        fields={"theme": "Migration"},
        agenda=[{"label": "1", "title": "Opening", "kind": "other", "parent": ""}],
        by=None,
    )
    PendingChange.objects.create(
        session=session,
        kind="changed",
        changes={"start_date": ["2031-05-05", "2031-05-11"], "venue": [1, 1]},
        notify_after=now + dt.timedelta(minutes=5),
    )
    (draft,) = desk.desk_drafts().rows
    assert draft.edited == ["theme", "agenda"]
    (notice,) = desk.desk_notices(now).rows
    assert (notice.changes, notice.quiet) == ([("first day", "2031-05-05", "2031-05-11")], True)
    assert desk.desk_notices(now + dt.timedelta(minutes=6)).rows[0].quiet is False


def section_ids(html: str) -> list[str]:
    return re.findall(r'<section class="module" id="(desk-[a-z]+)"', html)


def test_a_viewer_reads_the_desk_without_resend_and_bare_staff_reads_none_of_it(
    client, viewer, django_user_model
):
    fill_desk(3)
    client.force_login(viewer)
    page = client.get(reverse("admin:index"))
    html = page.content.decode()
    assert section_ids(html) == [
        "desk-sessions",
        "desk-deadlines",
        "desk-drafts",
        "desk-notices",
        "desk-failed",
        "desk-requests",
    ]
    assert "SMTPServerDisconnected" in html and 'value="Resend"' not in html
    assert reverse("admin:meetings_session_plan_year") not in html  # needs add
    assert reverse("admin:meetings_session_compliance") in html
    bare = django_user_model.objects.create_user("bare", "bare@example.org", None, is_staff=True)
    client.force_login(bare)
    page = client.get(reverse("admin:index"))
    html = page.content.decode()
    assert page.status_code == 200 and page.context["desk"] is None
    assert section_ids(html) == [] and 'id="desk"' not in html
    assert "delegate@example.org" not in html and "SMTPServerDisconnected" not in html


def test_the_secretariats_views_are_at_the_top_of_the_index(client, editor):
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    tools = html[html.index('id="desk-tools"') : html.index("</nav>")]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', tools)
    assert links == [
        (reverse("admin:meetings_session_compliance"), "Deadlines and compliance"),
        (reverse("admin:meetings_session_plan_year"), "Plan a year"),
        (reverse("admin:meetings_session_special"), "Request a special session"),
        (reverse("admin:meetings_session_import"), "Import CSV"),
        (reverse("admin:meetings_session_export", args=["sessions"]), "sessions"),
        (reverse("admin:meetings_session_export", args=["meetings"]), "meetings"),
        (reverse("admin:meetings_session_export", args=["agenda_items"]), "agenda items"),
        (reverse("admin:meetings_session_export", args=["documents"]), "documents"),
        (reverse("deleted-records"), "Deleted records (restore)"),
    ]
    # Above Django's model lists, and so above Periodic tasks.
    assert html.index('id="desk-tools"') < html.index('id="content-main"')
    assert html.index('id="desk"') < html.index("Periodic tasks")
