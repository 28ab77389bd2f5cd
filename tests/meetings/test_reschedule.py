import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from meetings.models import PendingChange, Session
from meetings.services import sessions as services
from tests.factories import SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

MAY_5, MAY_6, MAY_11, MAY_12 = (dt.date(2009, 5, d) for d in (5, 6, 11, 12))


@pytest.fixture
def spring_scpf():
    return SessionFactory(number=4, start_date=MAY_5, end_date=MAY_6)


def test_reschedule_keeps_the_announced_dates_and_records_the_change(spring_scpf, editor):
    revision = services.session_reschedule(
        session=spring_scpf, start=MAY_11, end=MAY_12, by=editor, note="footnote 2"
    )
    history = list(
        spring_scpf.revisions.order_by("position").values_list(
            "kind", "start_date", "end_date", "is_latest"
        )
    )
    assert history == [("announced", MAY_5, MAY_6, False), ("changed", MAY_11, MAY_12, True)]
    assert (revision.old_start, revision.old_end, revision.recorded_by) == (MAY_5, MAY_6, editor)
    spring_scpf.refresh_from_db()
    assert (spring_scpf.start_date, spring_scpf.end_date) == (MAY_11, MAY_12)


def test_reschedule_keeps_uid_and_bumps_sequence(spring_scpf):
    uid = spring_scpf.uid
    services.session_reschedule(session=spring_scpf, start=MAY_11, end=MAY_12)
    spring_scpf.refresh_from_db()
    assert (spring_scpf.uid, spring_scpf.sequence) == (uid, 1)


def test_a_reverted_change_still_raises_the_sequence(spring_scpf):
    services.session_reschedule(session=spring_scpf, start=MAY_11, end=MAY_12)
    services.session_reschedule(
        session=Session.objects.get(pk=spring_scpf.pk), start=MAY_5, end=MAY_6
    )
    spring_scpf.refresh_from_db()
    assert spring_scpf.sequence == 2
    assert spring_scpf.revisions.count() == 3


def test_editing_an_untracked_field_does_not_raise_the_sequence(spring_scpf):
    session = Session.objects.get(pk=spring_scpf.pk)
    session.notes = "Room XVIII"
    session.save()
    session.refresh_from_db()
    assert session.sequence == 0


def test_a_stale_copy_cannot_lower_the_sequence(spring_scpf):
    stale = Session.objects.get(pk=spring_scpf.pk)
    services.session_reschedule(
        session=Session.objects.get(pk=spring_scpf.pk), start=MAY_11, end=MAY_12
    )
    services.session_reschedule(session=stale, start=MAY_5, end=MAY_6)
    spring_scpf.refresh_from_db()
    assert spring_scpf.sequence == 2


def test_reschedule_refuses_an_end_before_the_start(spring_scpf):
    with pytest.raises(ValidationError):
        services.session_reschedule(session=spring_scpf, start=MAY_12, end=MAY_11)
    assert spring_scpf.revisions.count() == 0


def test_postpone_keeps_the_uid_and_marks_the_status(spring_scpf):
    services.session_postpone(session=spring_scpf, start=MAY_11, end=MAY_12)
    spring_scpf.refresh_from_db()
    assert (spring_scpf.status, spring_scpf.start_date, spring_scpf.sequence) == (
        "postponed",
        MAY_11,
        1,
    )


def test_cancel_records_a_revision_and_raises_the_sequence(spring_scpf):
    services.session_cancel(session=spring_scpf, note="no quorum")
    spring_scpf.refresh_from_db()
    assert (spring_scpf.status, spring_scpf.sequence) == ("cancelled", 1)
    assert spring_scpf.revisions.latest("position").kind == "cancelled"


def test_confirm_needs_exact_dates():
    session = SessionFactory(date_precision="week", date_label="last week of October 2009")
    with pytest.raises(ValidationError):
        services.session_confirm(session=session)


def test_a_published_session_s_reschedule_holds_one_change_notice():
    session = SessionFactory(number=4, start_date=MAY_5, end_date=MAY_6)
    services.session_reschedule(session=session, start=MAY_11, end=MAY_12)
    pending = PendingChange.objects.get()
    assert (pending.session, pending.kind, pending.changes["start_date"]) == (
        session,
        "changed",
        ["2009-05-05", "2009-05-11"],
    )
    services.session_unpublish(session=session)
    services.session_reschedule(session=session, start=MAY_5, end=MAY_6)
    assert PendingChange.objects.get().changes["start_date"] == ["2009-05-05", "2009-05-11"]


def test_the_change_notice_exists_only_if_the_change_committed(spring_scpf):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.session_reschedule(session=spring_scpf, start=MAY_11, end=MAY_12)
        raise RuntimeError("rolled back after the service")
    spring_scpf.refresh_from_db()
    assert (spring_scpf.start_date, spring_scpf.sequence) == (MAY_5, 0)
    assert not PendingChange.objects.exists() and not spring_scpf.revisions.exists()


def test_an_edit_raises_the_sequence_once_for_its_calendar_fields_and_not_for_the_rest(
    spring_scpf,
):
    services.session_update(session=spring_scpf, fields={"notes": "Room XVIII"})
    assert (spring_scpf.notes, spring_scpf.sequence) == ("Room XVIII", 0)
    services.session_update(
        session=spring_scpf,
        fields={"venue": VenueFactory(), "start_date": MAY_11, "end_date": MAY_12},
    )
    assert (spring_scpf.start_date, spring_scpf.sequence) == (MAY_11, 1)
    assert spring_scpf.revisions.latest("position").kind == "changed"
    services.session_update(session=spring_scpf, fields={"start_date": MAY_11, "notes": ""})
    assert (spring_scpf.sequence, spring_scpf.revisions.count()) == (1, 2)
