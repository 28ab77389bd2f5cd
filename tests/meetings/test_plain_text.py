"""Names and titles are one line: refused with a line break by the models, the admin and the API;
and a line break already stored cannot break the mail that names it."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from governance.models import (
    AnnualTheme,
    Body,
    DocumentReference,
    DocumentVersion,
    Entity,
    MembershipFigure,
    Person,
)
from governance.validators import validate_single_line
from meetings.models import (
    AgendaItem,
    BureauMember,
    Decision,
    Delivery,
    Election,
    Meeting,
    ScheduleRevision,
    Session,
    Subscriber,
    Subscription,
    Venue,
)
from meetings.reminders.tasks import scan_task
from meetings.services import agenda
from meetings.services import sessions as services
from tests.factories import BodyFactory, SessionFactory

pytestmark = pytest.mark.django_db

BROKEN = "Retreat\r\nBcc: victim@example.org"

# The single-line text fields a delegate or the secretariat reads (not notes, quotes or
# descriptions, which are paragraphs).
ONE_LINE_FIELDS = [
    (Body, ["name", "name_fr", "name_es", "acronym", "established_label", "rhythm"]),
    (Body, ["document_series", "source_file", "source_place"]),
    (Entity, ["official_name", "short_name"]),
    (Person, ["name", "honorific"]),
    (DocumentReference, ["key", "symbol", "title", "prepared_for_label"]),
    (DocumentVersion, ["note"]),
    (MembershipFigure, ["label"]),
    (AnnualTheme, ["theme"]),
    (Venue, ["name", "city", "country"]),
    (Session, ["name", "date_label", "theme"]),
    (Meeting, ["title"]),
    (ScheduleRevision, ["date_label"]),
    (AgendaItem, ["label", "title"]),
    (BureauMember, ["presiding_note"]),
    (Decision, ["title"]),
    (Election, ["office", "majority"]),
]


@pytest.mark.parametrize(
    ("model", "name"),
    [(model, name) for model, names in ONE_LINE_FIELDS for name in names],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_every_name_and_title_field_refuses_a_line_break_in_full_clean(model, name):
    assert validate_single_line in model._meta.get_field(name).validators
    instance = model(**{name: "A\r\nB"})
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    # (A symbol's parser adds its own complaint after this one.)
    assert raised.value.message_dict[name][0] == (
        "Names and titles are one line of plain text: remove the control character "
        "U+000D at position 2."
    )


def test_the_services_refuse_a_session_name_or_agenda_title_with_a_line_break():
    body = BodyFactory()
    with pytest.raises(ValidationError) as raised:
        services.session_create(session=Session(body=body, name=BROKEN))
    assert set(raised.value.message_dict) == {"name"}
    session = SessionFactory(body=body, is_published=False)
    with pytest.raises(ValidationError) as raised:
        agenda.agenda_item_add(session=session, title="Opening\nof the session")
    assert set(raised.value.message_dict) == {"title"}
    assert not Session.objects.filter(name=BROKEN).exists() and not AgendaItem.objects.exists()


def test_the_admin_form_refuses_a_session_name_with_a_line_break(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "pw"))
    session = SessionFactory(number=None, name="Retreat", is_published=False)
    url = reverse("admin:meetings_session_change", args=[session.pk])
    form = client.get(url).context["adminform"].form
    data = {n: form[n].value() if form[n].value() is not None else "" for n in form.fields}
    data["name"] = BROKEN
    for prefix in (
        "revisions",
        "meetings",
        "agenda_items",
        "bureau_members",
        "session_documents",
        "decisions",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "Names and titles are one line of plain text: remove the control character "
        "U+000D at position 8."
    ]
    session.refresh_from_db()
    assert session.name == "Retreat"


def test_the_api_refuses_a_session_name_with_a_line_break_in_the_clients_language(editor):
    BodyFactory()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    response = api.post(
        "/api/v1/sessions/",
        {"body": "council", "name": BROKEN, "start_date": "2031-05-05"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    assert response.json()["name"] == [
        "Les noms et les titres tiennent sur une ligne de texte simple : retirez le caractère "
        "de contrôle U+000D en position 8."
    ]
    assert not Session.objects.exists()


def _follower(body):
    # Rows, not the subscribe service: the double opt-in is not what this test is about.
    subscriber = Subscriber.objects.create(
        email="delegate@example.org",
        token_hash="plain-text-test",
        confirmed_at=timezone.now(),
        lead_days=[3],
    )
    Subscription.objects.create(subscriber=subscriber, body=body)
    return subscriber


def test_a_session_whose_stored_name_has_a_line_break_still_gets_its_reminder_and_notice_once(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setattr(app.conf, "task_always_eager", True)
    settings.CHANGE_NOTICE_QUIET_SECONDS = 0
    body = BodyFactory()
    today = timezone.localdate()
    session = SessionFactory(
        body=body,
        number=None,
        name="Retreat",
        start_date=today + dt.timedelta(days=8),
        end_date=today + dt.timedelta(days=9),
    )
    _follower(body)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_reschedule(
            session=session,
            start=today + dt.timedelta(days=1),
            end=today + dt.timedelta(days=2),
        )
    # As a row written before the validator existed, or around it.
    Session.objects.filter(pk=session.pk).update(name=BROKEN)

    assert scan_task() == 2  # the change notice and the 3-day reminder, both due now
    assert scan_task() == 0

    assert sorted(m.subject for m in mail.outbox) == [
        "Changed: Retreat Bcc: victim@example.org",
        "Reminder: Retreat Bcc: victim@example.org",
    ]
    for message in mail.outbox:
        headers = message.message()
        assert headers["Bcc"] is None and message.recipients() == ["delegate@example.org"]
    assert sorted(Delivery.objects.values_list("kind", "state")) == [
        ("change", "sent"),
        ("reminder", "sent"),
    ]
