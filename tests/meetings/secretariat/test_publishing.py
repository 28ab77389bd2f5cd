"""Draft and publish: a published session's edits wait until published, then go out together."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings.models import PendingChange, ScheduleRevision, Session, SessionDraft
from meetings.reminders.notices import changes_plan
from meetings.reminders.subscriptions import subscriber_subscribe
from meetings.services import publishing
from tests.factories import AgendaItemFactory, BodyFactory, DocumentFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    session = SessionFactory(
        body=BodyFactory(), start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6)
    )
    AgendaItemFactory(session=session, label="1", title="Opening", source_place="MC/2278, para 3")
    return session


def test_edits_to_a_published_session_are_invisible_until_published(published):
    document = DocumentFactory(symbol="SCPF/40")
    sequence = published.sequence
    draft = publishing.session_edit(
        session=published,
        fields={"start_date": dt.date(2031, 5, 11), "end_date": dt.date(2031, 5, 12)},
        agenda=[
            {"label": "1", "title": "Opening of the session"},
            {"label": "2", "title": "Budget"},
        ],
        documents=[{"symbol": "SCPF/40"}],
    )
    assert isinstance(draft, SessionDraft)
    live = Session.objects.get(pk=published.pk)
    assert (live.start_date, live.agenda_items.count(), live.session_documents.count()) == (
        dt.date(2031, 5, 5),
        1,
        0,
    )
    assert draft.fields == {"start_date": "2031-05-11", "end_date": "2031-05-12"}
    publishing.session_publish(session=published)
    live.refresh_from_db()
    assert (live.start_date, live.end_date, live.sequence) == (
        dt.date(2031, 5, 11),
        dt.date(2031, 5, 12),
        sequence + 1,
    )
    assert list(live.agenda_items.values_list("label", "title", "source_place")) == [
        ("1", "Opening of the session", "MC/2278, para 3"),  # the item kept its source
        ("2", "Budget", ""),
    ]
    assert [link.document for link in live.session_documents.all()] == [document]
    assert not SessionDraft.objects.exists()
    assert ScheduleRevision.objects.filter(
        session=live, is_latest=True
    ).get().start_date == dt.date(2031, 5, 11)


def test_a_change_of_dates_on_publication_gives_one_change_notice(
    published, django_capture_on_commit_callbacks, settings
):
    settings.CHANGE_NOTICE_QUIET_SECONDS = 0
    publishing.session_edit(
        session=published,
        fields={"start_date": dt.date(2031, 5, 8), "end_date": dt.date(2031, 5, 9)},
    )
    publishing.session_edit(
        session=published,
        fields={"start_date": dt.date(2031, 5, 11), "end_date": dt.date(2031, 5, 12)},
    )
    assert not PendingChange.objects.exists()  # nothing is announced by a draft
    with django_capture_on_commit_callbacks(execute=True):
        publishing.session_publish(session=published)
    pending = PendingChange.objects.get()
    assert pending.changes["start_date"] == ["2031-05-05", "2031-05-11"]
    subscriber, _ = subscriber_subscribe(
        email="d@example.org", language="en", timezone_name="Europe/Zurich", bodies=[published.body]
    )
    subscriber.confirmed_at = subscriber.created_at
    subscriber.save()
    assert changes_plan(now=pending.notify_after + dt.timedelta(seconds=1)) == 1


def test_an_unpublished_session_takes_edits_at_once():
    session = SessionFactory(is_published=False)
    assert publishing.session_edit(session=session, fields={"name": "Retreat"}) is None
    session.refresh_from_db()
    assert session.name == "Retreat" and not SessionDraft.objects.exists()


def test_an_edit_back_to_the_published_value_leaves_no_draft(published):
    publishing.session_edit(session=published, fields={"notes": "Room XVIII"})
    assert SessionDraft.objects.count() == 1
    publishing.session_edit(session=published, fields={"notes": ""})
    assert not SessionDraft.objects.exists()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"fields": {"end_date": dt.date(2031, 5, 1)}}, "before the first day"),
        ({"fields": {"uid": "x"}}, "cannot be changed"),
        ({"agenda": [{"label": "1", "title": ""}]}, "a title is required"),
        (
            {"agenda": [{"label": "1", "title": "A"}, {"label": "1", "title": "B"}]},
            "label used twice",
        ),
        ({"agenda": [{"label": "1(a)", "title": "A", "parent": "9"}]}, "parent must come before"),
        ({"documents": [{"symbol": "MC/9999"}]}, "No document with the symbol MC/9999"),
        ({"agenda": [{"label": "1", "title": "Opening\r\nBcc: x@example.org"}]}, "Agenda item 1"),
        ({"agenda": [{"label": "1", "title": "x" * 401}]}, "400 characters"),
    ],
)
def test_bad_edits_are_refused_and_the_draft_is_untouched(published, edit, message):
    publishing.session_edit(session=published, fields={"notes": "kept"})
    with pytest.raises(ValidationError, match=message):
        publishing.session_edit(session=published, **edit)
    assert SessionDraft.objects.get().fields == {"notes": "kept"}
