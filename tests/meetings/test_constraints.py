import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import Session
from tests.factories import BodyFactory, BureauMemberFactory, MeetingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_council_regular_and_special_sessions_share_one_number_sequence():
    SessionFactory(number=95, kind="special")
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(number=95, kind="regular")


def test_another_body_may_reuse_a_number():
    SessionFactory(number=2)
    scpf = BodyFactory(key="scpf", name="SCPF", kind="standing_committee")
    assert SessionFactory(body=scpf, number=2).number == 2


def test_session_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(start_date=dt.date(2009, 5, 6), end_date=dt.date(2009, 5, 5))


def test_form_validation_gives_a_clear_message():
    session = SessionFactory.build(
        body=BodyFactory(), start_date=dt.date(2009, 5, 6), end_date=dt.date(2009, 5, 5)
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "The last day cannot be before the first day." in str(error.value)


def test_session_needs_a_number_or_a_name():
    with pytest.raises(ValidationError) as error:
        Session(body=BodyFactory(), key="x", number=None, name="").full_clean()
    assert "number, or a name" in str(error.value)


def test_one_holder_per_office_per_session_but_acting_holders_allowed():
    chair = BureauMemberFactory(role="chairperson")
    acting = BureauMemberFactory(session=chair.session, role="chairperson", is_acting=True)
    assert acting.is_acting
    with pytest.raises(IntegrityError), transaction.atomic():
        BureauMemberFactory(session=chair.session, role="chairperson")


def test_meeting_outside_the_session_dates_is_refused():
    meeting = MeetingFactory.build(session=SessionFactory(), date=dt.date(2031, 1, 1))
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert error.value.message_dict["date"] == [
        "The meeting date must fall within the session's dates."
    ]
