"""Every list endpoint costs a fixed number of queries: the same for 10 and for 60 rows of
everything, and for a page of 5 and a page of 50."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

# The count of all rows and the page, and one query per prefetched relation (an entity's
# memberships, a document's language versions, a decision's documents, recalls and negations).
LISTS = {
    "/api/v1/bodies/": 2,
    "/api/v1/entities/": 3,
    "/api/v1/memberships/": 2,
    "/api/v1/membership-figures/": 2,
    "/api/v1/people/": 2,
    "/api/v1/documents/": 3,
    "/api/v1/sessions/": 2,
    "/api/v1/decisions/": 5,
    "/api/v1/resolutions/": 5,
    "/api/v1/offices/": 2,
    "/api/v1/tombstones/": 2,
}


def _everything(n: int) -> None:
    """n more rows of what each list shows, each with the relations it writes."""
    from governance.models import MembershipFigure
    from meetings.models import Tombstone
    from tests.factories import (
        BodyFactory,
        BureauMemberFactory,
        DecisionFactory,
        DocumentFactory,
        MembershipFactory,
        SessionFactory,
        VenueFactory,
    )

    start = Tombstone.objects.count()
    for i in range(start, start + n):
        body = BodyFactory.create(key=f"body-{i}", name=f"Body {i}")
        document = DocumentFactory.create(is_published=True, access="public")
        DocumentFactory.create(symbol=f"{document.symbol}/Corr.1", is_published=True)
        session = SessionFactory.create(body=body, venue=VenueFactory.create(), report=document)
        decision = DecisionFactory.create(session=session)
        decision.documents.add(document)
        DecisionFactory.create(session=session).recalls.add(decision)
        BureauMemberFactory.create(session=session)
        MembershipFactory.create()
        MembershipFigure.objects.create(as_of=dt.date(2000, 1, 1) + dt.timedelta(days=i))
        Tombstone.objects.create(model="meetings.session", key=f"gone-{i}", was_public=True)


@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow_with_the_data_or_the_page(path):
    api = APIClient()
    counts = []
    for total, more in ((10, 10), (60, 50)):
        _everything(more)
        for limit in (5, 50):
            with CaptureQueriesContext(connection) as queries:
                answer = api.get(path, {"limit": limit})
            assert answer.status_code == 200 and answer.json()["count"] >= total
            assert len(answer.json()["results"]) == min(limit, answer.json()["count"])
            counts.append(len(queries))
    assert counts == [LISTS[path]] * 4, f"{path}: {counts}"


def _filled_session(n: int) -> str:
    from meetings.models import ScheduleRevision, SessionDocument
    from tests.factories import (
        AgendaItemFactory,
        BureauMemberFactory,
        DecisionFactory,
        DocumentFactory,
        MeetingFactory,
        SessionFactory,
    )

    session = SessionFactory.create()
    for i in range(n):
        document = DocumentFactory.create()
        AgendaItemFactory.create(session=session).documents.add(document)
        MeetingFactory.create(session=session)
        BureauMemberFactory.create(session=session, role="chairperson", is_acting=True)
        decision = DecisionFactory.create(session=session)
        decision.documents.add(document)
        SessionDocument.objects.create(session=session, document=document)
        ScheduleRevision.objects.create(
            session=session,
            position=i + 1,
            kind="announced",
            start_date=session.start_date,
            end_date=session.end_date,
        )
    return session.key


def test_session_detail_queries_do_not_grow_with_its_contents():
    counts = []
    for n in (1, 10):
        key = _filled_session(n)
        with CaptureQueriesContext(connection) as queries:
            assert APIClient().get(f"/api/v1/sessions/{key}/").status_code == 200
        counts.append(len(queries))
    # The session, and one query per prefetched section; the documents a reader may not see are
    # left out in those queries (SessionQuerySet.with_page_data), not by a query of their own.
    assert counts == [12, 12]
