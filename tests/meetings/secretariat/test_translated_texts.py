"""The secretariat enters French and Spanish titles beside the original: in the admin, in a
published session's draft (published with the rest), in CSV files, and through the API, which
gives them to readers."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from meetings.admin.secretariat_forms import agenda_from_text, agenda_to_text
from meetings.models import AgendaItem, SessionDraft
from meetings.selectors.csv_export import csv_export
from meetings.services import publishing
from meetings.services.csv_import import csv_import
from tests.factories import (
    AgendaItemFactory,
    DecisionFactory,
    DocumentFactory,
    SessionFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw-boss-123")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("model", "factory", "fields"),
    [
        ("meetings/agendaitem", AgendaItemFactory, ("title", "title_fr", "title_es")),
        ("meetings/decision", DecisionFactory, ("title", "title_fr", "title_es")),
        ("governance/documentreference", DocumentFactory, ("title", "title_fr", "title_es")),
        ("meetings/venue", VenueFactory, ("name", "name_fr", "name_es", "city_fr", "city_es")),
    ],
)
def test_the_admin_forms_have_the_french_and_spanish_fields(
    superuser_client, model, factory, fields
):
    app, name = model.split("/")
    html = superuser_client.get(
        reverse(f"admin:{app}_{name}_change", args=[factory().pk])
    ).content.decode()
    for field in fields:
        assert f'name="{field}"' in html, field
    # Next to the original, in this order.
    positions = [html.index(f'name="{field}"') for field in fields]
    assert positions == sorted(positions)


def test_the_session_pages_agenda_inline_has_them_too(superuser_client):
    session = SessionFactory(is_published=False)
    AgendaItemFactory(session=session)
    html = superuser_client.get(
        reverse("admin:meetings_session_change", args=[session.pk])
    ).content.decode()
    assert 'name="agenda_items-0-title_fr"' in html and 'name="agenda_items-0-title_es"' in html
    assert 'name="decisions-__prefix__-title_fr"' in html


def test_a_published_sessions_translated_titles_wait_in_its_draft_until_published():
    session = SessionFactory()
    AgendaItemFactory(session=session, label="1", title="Opening")
    agenda = [{"label": "1", "title": "Opening", "title_fr": "Ouverture", "title_es": "Apertura"}]
    draft = publishing.session_edit(session=session, agenda=agenda)
    assert draft is not None and draft.agenda[0]["title_fr"] == "Ouverture"
    assert AgendaItem.objects.get().title_fr == ""  # not yet public
    publishing.session_publish(session=session)
    item = AgendaItem.objects.get()
    assert (item.title, item.title_fr, item.title_es) == ("Opening", "Ouverture", "Apertura")
    assert not SessionDraft.objects.exists()


def test_a_draft_kept_before_translated_titles_existed_still_publishes():
    session = SessionFactory()
    AgendaItemFactory(session=session, label="1", title="Opening", title_fr="Ouverture")
    SessionDraft.objects.create(
        session=session, agenda=[{"label": "1", "title": "Opening!", "kind": "other", "parent": ""}]
    )
    publishing.session_publish(session=session)
    assert AgendaItem.objects.values_list("title", "title_fr").get() == ("Opening!", "")


def test_the_admins_agenda_box_reads_and_writes_the_translated_titles():
    agenda = agenda_from_text("1 | Opening | other |  | Ouverture | Apertura\n2 | Budget")
    assert agenda[0] == {
        "label": "1",
        "title": "Opening",
        "title_fr": "Ouverture",
        "title_es": "Apertura",
        "kind": "other",
        "parent": "",
    }
    assert agenda[1]["title_fr"] == "" and agenda[1]["kind"] == "other"
    assert (
        agenda_to_text(agenda)
        == "1 | Opening | other |  | Ouverture | Apertura\n2 | Budget | other"
    )


def test_csv_carries_the_translated_titles_both_ways():
    session = SessionFactory(key="council-99", number=99, is_published=False)
    AgendaItemFactory(session=session, label="1", title="Opening", title_es="Apertura")
    DocumentFactory(symbol="MC/2300", title="Budget", title_fr="Budget (fr)")
    agenda = csv_export("agenda_items").splitlines()
    assert agenda == [
        "session,label,title,title_fr,title_es,kind,parent",
        "council-99,1,Opening,,Apertura,other,",
    ]
    assert "MC/2300,Budget,Budget (fr),," in csv_export("documents")
    (row,) = csv_import(
        "agenda_items",
        "session,label,title,title_fr\ncouncil-99,1,Opening,Ouverture\n",
        commit=True,
    ).rows
    assert row.action == "change" and row.changes == {"title_fr": ("", "Ouverture")}
    assert AgendaItem.objects.values_list("title", "title_fr", "title_es").get() == (
        "Opening",
        "Ouverture",
        "Apertura",
    )
    (row,) = csv_import("documents", "symbol,title_es\nMC/2300,Presupuesto\n", commit=True).rows
    assert row.changes == {"title_es": ("", "Presupuesto")}


def test_a_csv_row_for_a_published_session_with_an_old_draft_keeps_its_items():
    session = SessionFactory(key="council-98", number=98)
    AgendaItemFactory(session=session, label="1", title="Opening")
    SessionDraft.objects.create(
        session=session, agenda=[{"label": "1", "title": "Opening", "kind": "other", "parent": ""}]
    )
    (row,) = csv_import(
        "agenda_items",
        "session,label,title,title_fr\ncouncil-98,1,Opening,Ouverture\n",
        commit=True,
    ).rows
    assert row.action == "change"
    assert SessionDraft.objects.get().agenda[0]["title_fr"] == "Ouverture"


def test_the_api_gives_every_language_version():
    session = SessionFactory(venue=VenueFactory())
    item = AgendaItemFactory(session=session, title="Opening", title_fr="Ouverture")
    document = DocumentFactory(symbol="MC/2301", title="Budget", title_es="Presupuesto")
    item.documents.add(document)
    session.session_documents.create(document=document)
    DecisionFactory(session=session, title="Strategy", title_fr="Stratégie")
    data = APIClient().get(f"/api/v1/sessions/{session.key}/").json()
    assert (data["agenda"][0]["title_fr"], data["agenda"][0]["title_es"]) == ("Ouverture", "")
    assert data["decisions"][0]["title_fr"] == "Stratégie"
    assert data["documents"][0]["title_es"] == "Presupuesto"
    assert (data["venue"]["name_fr"], data["venue"]["city_es"]) == ("Genève", "Ginebra")
    assert data["venue"]["country_code"] == "CH"
    listed = APIClient().get("/api/v1/documents/MC/2301/").json()
    assert (listed["title"], listed["title_fr"], listed["title_es"]) == (
        "Budget",
        "",
        "Presupuesto",
    )
    body = APIClient().get(f"/api/v1/bodies/{session.body.key}/").json()
    assert (body["name_fr"], body["name_es"]) == ("le Conseil", "el Consejo")


def test_editors_give_the_translated_titles_through_the_api(editor):
    session = SessionFactory(is_published=False)
    client = APIClient()
    client.force_authenticate(editor)
    answer = client.post(
        f"/api/v1/sessions/{session.key}/agenda-items/",
        {"title": "Opening", "title_fr": "Ouverture"},
        format="json",
    )
    assert answer.status_code == 201 and answer.json()["title_fr"] == "Ouverture"
    answer = client.post(
        "/api/v1/documents/",
        {"symbol": "MC/2302", "title": "Budget", "title_es": "Presupuesto"},
        format="json",
    )
    assert answer.status_code == 201 and answer.json()["title_es"] == "Presupuesto"
    published = SessionFactory()
    answer = client.put(
        f"/api/v1/sessions/{published.key}/draft/",
        {"agenda": [{"label": "1", "title": "Opening", "title_es": "Apertura"}]},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["agenda"][0]["title_es"] == "Apertura"
