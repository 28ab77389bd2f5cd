"""The sessions list as an officer reads it: what is coming first, a mark on a missed deadline,
filters and search, in a fixed number of queries whatever the number of sessions."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import SessionDocument
from tests.factories import BodyFactory, DocumentFactory, SessionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
URL = reverse("admin:meetings_session_changelist")


@pytest.fixture
def staff(client, editor):
    client.force_login(editor)
    return client


def keys(response) -> list[str]:
    return [session.key for session in response.context["cl"].result_list]


def test_upcoming_first_soonest_first_then_recent_latest_first_then_undated(staff):
    body = BodyFactory(acronym="MC")
    later = SessionFactory(body=body, start_date=TODAY + dt.timedelta(days=90))
    sooner = SessionFactory(body=body, start_date=TODAY + dt.timedelta(days=10))
    undated = SessionFactory(body=body, start_date=None, end_date=None)
    long_ago = SessionFactory(body=body, start_date=TODAY - dt.timedelta(days=900))
    recent = SessionFactory(body=body, start_date=TODAY - dt.timedelta(days=20))
    assert keys(staff.get(URL)) == [s.key for s in (sooner, later, recent, long_ago, undated)]


def test_a_session_to_come_with_a_missed_notice_deadline_is_marked(staff):
    council = BodyFactory(acronym="MC", notice_days_regular=30)
    due = SessionFactory(body=council, start_date=TODAY + dt.timedelta(days=10))
    SessionFactory(body=council, start_date=TODAY + dt.timedelta(days=200))
    rows = staff.get(URL).content.decode().split("<tbody>")[1].split("</tr>")
    marked = [row for row in rows if "⚠ missed" in row]
    assert len(marked) == 1 and f"/{due.pk}/change/" in marked[0]


def test_columns_are_short_title_acronym_days_status_published_and_the_mark(staff):
    SessionFactory(body=BodyFactory(acronym="SCPF"), number=5, start_date=TODAY)
    page = staff.get(URL).content.decode()
    head = page.split("<thead>")[1].split("</thead>")[0]
    for column in (
        "column-short_title",
        "column-body_acronym",
        "column-start_date",
        "column-end_date",
        "column-status",
        "column-is_published",
        "column-deadline_mark",
    ):
        assert column in head
    assert ">5th session</a>" in page and '<td class="field-body_acronym">SCPF</td>' in page


def test_filters_by_year_and_search_by_number_or_symbol(staff):
    body = BodyFactory()
    old = SessionFactory(body=body, number=96, start_date=dt.date(2008, 12, 2))
    new = SessionFactory(body=body, number=98, start_date=dt.date(2009, 11, 23))
    new.report = DocumentFactory(symbol="MC/2278")
    new.save()
    assert keys(staff.get(URL, {"year": "2008"})) == [old.key]
    assert keys(staff.get(URL, {"q": "96"})) == [old.key]
    assert keys(staff.get(URL, {"q": "MC/2278"})) == [new.key]
    SessionDocument.objects.create(session=old, document=DocumentFactory(symbol="MC/2266"))
    assert keys(staff.get(URL, {"q": "mc/2266"})) == [old.key]
    assert staff.get(URL, {"q": "not a number"}).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_takes_the_same_queries_whatever_its_size(staff, count, django_assert_num_queries):
    body = BodyFactory(notice_days_regular=30)
    for n in range(count):
        SessionFactory(body=body, number=n + 1, start_date=TODAY + dt.timedelta(days=n))
    staff.get(URL)  # warm the session and permission caches
    with django_assert_num_queries(QUERIES):
        assert staff.get(URL).status_code == 200


QUERIES = 13  # session, user, its second factor (django-otp), counts, filters (bodies, years), date hierarchy, the page, agendas
