"""Rescheduling, postponing and cancelling with a reason and a source: recorded on the schedule
revision by the services, asked for by the admin's forms, shown on the public page and followed
by the feed's SEQUENCE."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings.models import PendingChange, ScheduleRevision, Session, SessionDraft
from meetings.services import publishing
from meetings.services import sessions as services
from tests.factories import DocumentFactory, SessionFactory

pytestmark = pytest.mark.django_db

JUNE_2, JUNE_4 = dt.date(2031, 6, 2), dt.date(2031, 6, 4)
REASON = "The conference hall is under renovation"


@pytest.fixture
def session():
    return SessionFactory(start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6))


@pytest.fixture
def document():
    return DocumentFactory(symbol="MC/INF/301", title="Change of dates")


def reschedule_url(session: Session) -> str:
    return reverse("admin:meetings_session_reschedule", args=[session.pk])


def ics_sequence(client, session: Session) -> int:
    response = client.get(reverse("meetings:session-ics", args=[session.key]))
    assert response.status_code == 200
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    return int(event["SEQUENCE"])


# --- the services ---


def test_reschedule_records_the_reason_and_source_raises_sequence_and_holds_a_notice(
    session, document, editor
):
    revision = services.session_reschedule(
        session=session,
        start=JUNE_2,
        end=JUNE_4,
        reason=REASON,
        source={"document": document, "reference": "NV/2031/17", "text": "Letter to missions"},
        by=editor,
    )
    revision.refresh_from_db()
    assert (revision.reason, revision.source_document, revision.source_reference) == (
        REASON,
        document,
        "NV/2031/17",
    )
    assert (revision.source_text, revision.is_latest, revision.recorded_by) == (
        "Letter to missions",
        True,
        editor,
    )
    assert session.sequence == 1
    pending = PendingChange.objects.get()
    assert (pending.session, pending.kind, pending.changes["start_date"]) == (
        session,
        "changed",
        ["2031-05-05", "2031-06-02"],
    )


def test_postpone_and_cancel_record_the_reason_and_source(session):
    services.session_postpone(
        session=session, start=JUNE_2, reason="Quorum", source={"reference": "NV/1"}
    )
    services.session_cancel(session=session, reason="No funds", source={"text": "Email of 3 May"})
    rows = list(
        ScheduleRevision.objects.filter(session=session)
        .order_by("position")
        .values_list("kind", "reason", "source_reference", "source_text")
    )
    assert rows == [
        ("announced", "", "", ""),
        ("postponed", "Quorum", "NV/1", ""),
        ("cancelled", "No funds", "", "Email of 3 May"),
    ]
    session.refresh_from_db()
    assert (session.status, session.sequence) == ("cancelled", 2)


def test_a_published_reschedule_drops_the_dates_pending_in_the_draft(session):
    publishing.session_edit(
        session=session, fields={"start_date": JUNE_4, "end_date": JUNE_4, "theme": "Water"}
    )
    services.session_reschedule(session=session, start=JUNE_2, reason=REASON, source={"text": "x"})
    assert SessionDraft.objects.get(session=session).fields == {"theme": "Water"}
    assert (session.start_date, session.end_date) == (JUNE_2, JUNE_2)


# --- the admin's reschedule page ---


def test_the_session_form_links_to_the_reschedule_page(client, editor, session):
    client.force_login(editor)
    html = client.get(reverse("admin:meetings_session_change", args=[session.pk])).content.decode()
    assert f'href="{reschedule_url(session)}"' in html


def test_the_reschedule_page_asks_for_dates_reason_and_source(client, editor, session):
    client.force_login(editor)
    response = client.get(reschedule_url(session))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("start_date", "end_date", "reason", "source_document", "source_reference"):
        assert f'name="{name}"' in html
    assert 'name="source_text"' in html
    assert "take effect at once" in html  # the session is published


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": REASON}, "Give the source: the announcing document"),
        ({"source_text": "Letter"}, "This field is required."),
        ({"reason": REASON, "source_document": "MC/NONE"}, "No document with this symbol."),
        (
            {"reason": REASON, "source_text": "Letter", "end_date": "2031-06-01"},
            "The last day cannot be before the first day.",
        ),
    ],
)
def test_bad_input_is_answered_with_a_message_and_changes_nothing(
    client, editor, session, data, message
):
    client.force_login(editor)
    response = client.post(reschedule_url(session), {"start_date": "2031-06-02", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    session.refresh_from_db()
    assert (session.start_date, session.sequence) == (dt.date(2031, 5, 5), 0)
    assert not ScheduleRevision.objects.exists()


def test_a_good_reschedule_records_the_revision(client, editor, session, document):
    client.force_login(editor)
    response = client.post(
        reschedule_url(session),
        {
            "start_date": "2031-06-02",
            "end_date": "2031-06-04",
            "reason": REASON,
            "source_document": "MC/INF/301",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:meetings_session_change", args=[session.pk])
    revision = ScheduleRevision.objects.get(is_latest=True)
    assert (revision.start_date, revision.end_date, revision.reason) == (JUNE_2, JUNE_4, REASON)
    assert (revision.source_document, revision.recorded_by) == (document, editor)


def test_a_viewer_may_not_reschedule(client, viewer, session):
    client.force_login(viewer)
    assert client.get(reschedule_url(session)).status_code == 403
    data = {"start_date": "2031-06-02", "reason": REASON, "source_text": "x"}
    assert client.post(reschedule_url(session), data).status_code == 403
    assert not ScheduleRevision.objects.exists()


def test_the_postpone_action_asks_for_a_source(client, editor, session):
    client.force_login(editor)
    url = reverse("admin:meetings_session_changelist")
    base = {"action": "postpone_sessions", "_selected_action": [session.pk], "apply": "1"}
    response = client.post(url, {**base, "reason": "Quorum"})
    assert "Give the source" in response.content.decode()
    assert not ScheduleRevision.objects.exists()
    client.post(url, {**base, "reason": "Quorum", "source_reference": "NV/9"})
    revision = ScheduleRevision.objects.get(is_latest=True)
    assert (revision.kind, revision.reason, revision.source_reference) == (
        "postponed",
        "Quorum",
        "NV/9",
    )


# --- the public page and the feed ---


@pytest.mark.parametrize(
    ("lang", "reason_label", "announced", "note_verbale"),
    [
        ("en", "Reason:", "Announced in:", "note verbale NV/2031/17"),
        ("fr", "Motif :", "Annoncé dans :", "note verbale NV/2031/17"),
        ("es", "Motivo:", "Anunciado en:", "nota verbal NV/2031/17"),
    ],
)
def test_the_public_history_shows_the_reason_and_the_source(
    client, session, document, lang, reason_label, announced, note_verbale
):
    services.session_reschedule(
        session=session,
        start=JUNE_2,
        end=JUNE_4,
        reason=REASON,
        source={"document": document, "reference": "NV/2031/17"},
    )
    response = client.get(session.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=lang)
    html = response.content.decode()
    start = html.index('id="history-heading"')
    history = html[start : html.index("</section>", start)]
    assert f"{reason_label} {REASON}" in history
    assert announced in history
    assert f'<a href="{document.get_absolute_url()}">' in history
    assert note_verbale in history


def test_the_feed_sequence_rises_with_the_reschedule(client, session):
    before = ics_sequence(client, session)
    services.session_reschedule(session=session, start=JUNE_2, reason=REASON, source={"text": "x"})
    assert ics_sequence(client, session) == before + 1
