"""One list of session fields per concern (README, "Adding a session field"): what SESSION_FIELDS
names is written and read by the API, exported and imported by the CSV, and kept by drafts; what
ical.SESSION_DETAILS names is in every feed's events, at no extra query. A new field is these
two edits (and its migration), or it fails the first test here."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_lazy
from icalendar import Calendar
from rest_framework.test import APIClient

from governance.models import DocumentReference
from meetings.domain import ical
from meetings.models import Session, SessionDraft, Venue
from meetings.models.sessions import (
    SESSION_EDITABLE,
    SESSION_FIELDS,
    SESSION_MANAGED,
)
from meetings.selectors.csv_export import csv_export
from meetings.services import publishing
from meetings.services.csv_import import csv_import
from tests.factories import DocumentFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

START = dt.date(2030, 12, 3)  # within the factory's 2-5 December 2030, so dates move one by one


def test_every_session_field_is_in_one_list():
    names = {field.name for field in Session._meta.concrete_fields} - {"id"}
    unlisted = names - set(SESSION_EDITABLE) - set(SESSION_MANAGED)
    assert not unlisted, (
        f"{sorted(unlisted)}: add it to SESSION_FIELDS (meetings/models/sessions.py) for the API, "
        "the CSV and drafts, and to ical.SESSION_DETAILS if feeds show it; or to SESSION_MANAGED"
    )
    assert not set(SESSION_EDITABLE) & set(SESSION_MANAGED)


def _sample(field: models.Field):
    """A value unlike the factory's, for any kind of field."""
    if field.related_model is Venue:
        return VenueFactory(key="new-york", name="New York", timezone="America/New_York")
    if field.related_model is DocumentReference:
        return DocumentFactory(symbol="MC/2301")
    if field.choices:
        return field.choices[1][0]
    if isinstance(field, models.DateField):
        return START
    if isinstance(field, models.IntegerField):
        return 7
    return f"New {field.name}"


def _as_json(value):
    if isinstance(value, models.Model):
        return value.key
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def test_each_listed_field_is_written_by_the_api_and_read_by_the_api_and_the_csv(editor_api):
    session = SessionFactory(key="council-99", number=99, is_published=False)
    written = {}
    for name in SESSION_FIELDS:
        if name == "body":  # a session stays with its body
            continue
        value = _sample(Session._meta.get_field(name))
        answer = editor_api.patch(
            f"/api/v1/sessions/{session.key}/", {name: _as_json(value)}, format="json"
        )
        assert answer.status_code == 200, (name, answer.json())
        written[name] = _as_json(value)
    read = editor_api.get(f"/api/v1/sessions/{session.key}/").json()
    assert {n: read[n]["key"] if n == "venue" else read[n] for n in written} == written
    (row,) = csv.DictReader(io.StringIO(csv_export("sessions"), newline=""))
    assert list(row) == ["key", *SESSION_FIELDS]
    assert {n: row[n] for n in written} == {n: str(v) for n, v in written.items()}
    report = csv_import("sessions", csv_export("sessions"), commit=False)
    assert [r.action for r in report.rows] == ["unchanged"]


def test_each_listed_field_is_kept_by_a_draft_until_published():
    session = SessionFactory(key="council-99", number=99)
    fields = {
        name: _sample(Session._meta.get_field(name)) for name in SESSION_FIELDS if name != "body"
    }
    draft = publishing.session_edit(session=session, fields=fields)
    assert set(draft.fields) == set(fields)
    publishing.session_publish(session=session)
    session.refresh_from_db()
    assert {n: getattr(session, n) for n in fields} == fields
    assert not SessionDraft.objects.exists()


def _feed(client, lang: str = "en"):
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"/feeds/sessions.ics?lang={lang}").content
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    return str(event.get("DESCRIPTION", "")), len(queries)


def test_a_field_in_the_feeds_list_is_in_every_event_in_each_language_at_no_extra_query(
    client, monkeypatch
):
    today = dt.date.today()
    start = today + dt.timedelta(days=30)
    SessionFactory(start_date=start, end_date=start, theme="Migration and climate")
    plain, plain_queries = _feed(client)
    assert "Migration and climate" not in plain
    monkeypatch.setattr(ical, "SESSION_DETAILS", {"theme": gettext_lazy("Theme")})
    detailed, detailed_queries = _feed(client, "fr")
    assert detailed.splitlines()[-1] == "Thème: Migration and climate"
    assert detailed_queries == plain_queries
    spanish, _queries = _feed(client, "es")
    assert spanish.splitlines()[-1] == "Tema: Migration and climate"
