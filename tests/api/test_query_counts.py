"""Every list endpoint costs the same queries for a page of 5 and a page of 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/bodies/",
    "/api/v1/entities/",
    "/api/v1/memberships/",
    "/api/v1/membership-figures/",
    "/api/v1/people/",
    "/api/v1/documents/",
    "/api/v1/sessions/",
    "/api/v1/decisions/",
    "/api/v1/resolutions/",
    "/api/v1/offices/",
    "/api/v1/tombstones/",
]


@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow_with_the_page(path, seeded):
    api = APIClient()
    counts = []
    for limit in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(path, {"limit": limit}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{path}: {counts}"


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

    session = SessionFactory()
    for i in range(n):
        document = DocumentFactory()
        AgendaItemFactory(session=session).documents.add(document)
        MeetingFactory(session=session)
        BureauMemberFactory(session=session, role="chairperson", is_acting=True)
        decision = DecisionFactory(session=session)
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
