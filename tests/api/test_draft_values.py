"""A draft's values of the wrong type are refused with a message on the field and change nothing:
never a server error, for every field a draft may hold."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import models
from django.forms.models import model_to_dict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from meetings.models import Session, SessionDraft
from meetings.models.sessions import SESSION_EDITABLE
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

RELATIONS = {"body", "venue", "report"}  # changed through the session endpoint, refused here
FIELDS = [name for name in SESSION_EDITABLE if name not in RELATIONS]

NOT_A_NUMBER = ["five", "5", "", 1.5, True, False, [1], {"n": 1}]
NOT_A_DATE = [5, 0, -1, 1.5, 2**70, True, False, [2031, 5, 5], {"y": 2031}, "someday", ""]
NOT_TEXT = [5, 0, 1.5, True, False, ["a"], {"a": "b"}]
# null where the column may not be null (full_clean lets it through on a field that may be blank)
NULL = [None]


def wrong_values(name: str) -> list:
    field = Session._meta.get_field(name)
    assert isinstance(field, models.Field)
    null = [] if field.null else NULL
    if isinstance(field, models.IntegerField):
        return [*NOT_A_NUMBER, *null, -1, 2**70]
    if isinstance(field, models.DateField):
        return [*NOT_A_DATE, *null, "2031-02-30", "31/05/2031"]
    wrong = [*NOT_TEXT, *null]
    if field.max_length:
        wrong.append("x" * (field.max_length + 1))
    return [*wrong, "no-such-choice"] if field.choices else wrong


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture(params=[True, False], ids=["published", "unpublished"])
def session(request):
    return SessionFactory(
        key="council-99",
        is_published=request.param,
        start_date=dt.date(2031, 5, 5),
        end_date=dt.date(2031, 5, 6),
    )


def state(session: Session) -> tuple[dict, list]:
    row = Session.objects.get(pk=session.pk)
    return model_to_dict(row), list(SessionDraft.objects.values_list("fields", flat=True))


def put(api: APIClient, values: dict):
    return api.put("/api/v1/sessions/council-99/draft/", {"values": values}, format="json")


@pytest.mark.parametrize("name", FIELDS)
def test_a_draft_value_of_the_wrong_type_is_a_400_on_its_field_and_changes_nothing(
    editor_api, session, name
):
    before = state(session)
    for value in wrong_values(name):
        response = put(editor_api, {name: value})
        assert response.status_code == 400, (name, value, response.content)
        assert name in response.json(), (value, response.json())
        assert state(session) == before, value


def test_a_number_given_for_the_first_day_is_refused_with_how_to_give_it(editor_api, session):
    response = put(editor_api, {"start_date": 5})
    assert response.status_code == 400
    assert response.json() == {"start_date": ["Give a date as YYYY-MM-DD."]}


def test_one_wrong_value_among_good_ones_keeps_none_of_them(editor_api, session):
    before = state(session)
    response = put(editor_api, {"name": "Renamed", "theme": "New theme", "number": "7"})
    assert response.status_code == 400 and "number" in response.json()
    assert state(session) == before


def test_values_of_the_right_type_are_still_taken(editor_api, session):
    values = {"start_date": "2031-05-12", "end_date": "2031-05-13", "number": 7, "notes": "moved"}
    response = put(editor_api, values)
    assert response.status_code == 200, response.content
    if session.is_published:  # kept in the draft until published
        assert response.json()["values"]["start_date"] == "2031-05-12"
    else:  # applied at once
        assert Session.objects.get(pk=session.pk).start_date == dt.date(2031, 5, 12)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)  # JSON has neither
    | st.text(max_size=30)
    | st.dates().map(dt.date.isoformat),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(values=st.dictionaries(st.sampled_from(FIELDS), json_values, min_size=1, max_size=3))
def test_any_json_values_give_a_200_or_a_400_that_changes_nothing(editor_api, session, values):
    before = state(session)
    response = put(editor_api, values)
    assert response.status_code in (200, 400), (values, response.status_code)
    if response.status_code == 400:
        assert state(session) == before, values
