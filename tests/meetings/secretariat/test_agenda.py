"""The agenda's lifecycle: provisional, adopted at the session, revised during it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings.services import agenda
from tests.factories import AgendaItemFactory, DocumentFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    s = SessionFactory(start_date=dt.date(2027, 11, 23), end_date=dt.date(2027, 11, 26))
    AgendaItemFactory(session=s, label="1", title="Election of officers")
    AgendaItemFactory(session=s, label="2", title="Adoption of the agenda")
    return s


def test_provisional_then_adopted_then_revised_each_kept_with_its_date_and_items(session):
    document = DocumentFactory(symbol="MC/2300")
    agenda.agenda_record(
        session=session, state="provisional", on=dt.date(2027, 10, 20), document=document
    )
    agenda.agenda_record(session=session, state="adopted", on=dt.date(2027, 11, 23))
    AgendaItemFactory(session=session, label="3", title="Any other business")
    agenda.agenda_record(
        session=session, state="revised", on=dt.date(2027, 11, 24), note="Item 3 added"
    )
    history = list(session.agenda_versions.order_by("on"))
    assert [(v.state, v.on) for v in history] == [
        ("provisional", dt.date(2027, 10, 20)),
        ("adopted", dt.date(2027, 11, 23)),
        ("revised", dt.date(2027, 11, 24)),
    ]
    assert [i["label"] for i in history[0].items] == ["1", "2"]
    assert [i["label"] for i in history[2].items] == ["1", "2", "3"]
    assert agenda.agenda_current(session).state == "revised"
    assert history[0].document == document


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([("adopted", dt.date(2027, 11, 1))], "not before it opens"),
        ([("revised", dt.date(2027, 11, 24))], "adopt it first"),
        ([("provisional", dt.date(2027, 11, 25))], "before the session opens"),
        (
            [("adopted", dt.date(2027, 11, 23)), ("adopted", dt.date(2027, 11, 24))],
            "already adopted",
        ),
        (
            [("adopted", dt.date(2027, 11, 23)), ("provisional", dt.date(2027, 11, 23))],
            "record a revision",
        ),
        (
            [("provisional", dt.date(2027, 10, 20)), ("provisional", dt.date(2027, 10, 1))],
            "later state",
        ),
        (
            [("adopted", dt.date(2027, 11, 23)), ("revised", dt.date(2027, 12, 1))],
            "after it closes",
        ),
    ],
)
def test_out_of_order_states_are_refused_with_a_reason(session, steps, message):
    *before, last = steps
    for state, on in before:
        agenda.agenda_record(session=session, state=state, on=on)
    with pytest.raises(ValidationError, match=message):
        agenda.agenda_record(session=session, state=last[0], on=last[1])
    assert session.agenda_versions.count() == len(before)


def test_the_provisional_agenda_meets_its_deadline(session):
    from meetings.domain.deadlines import session_deadlines

    agenda.agenda_record(session=session, state="provisional", on=dt.date(2027, 10, 20))
    provisional = next(d for d in session_deadlines(session) if d.kind == "provisional_agenda")
    assert (
        provisional.done_on == dt.date(2027, 10, 20)
        and provisional.state(dt.date(2027, 11, 1)) == "met"
    )
