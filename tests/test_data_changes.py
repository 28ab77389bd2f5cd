"""Every write path marks the public data changed (config.changes.data_changed), so the next
anonymous read of a page, the API or a feed shows the change, though the one before came from
memory: the services (one whose only write to the session is a queryset.update() too), the
admin's saves, inlines, deletes and delete action, History's revert and restore, the CSV import,
the seed loader and the governance service behind the API's document writes."""

import datetime as dt
import json
import textwrap

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from governance.models import Body, DocumentReference, Person
from meetings.models import Decision
from meetings.seeding import load_seeds
from meetings.services import agenda
from meetings.services import sessions as services
from meetings.services.csv_import import csv_import
from tests.factories import (
    BodyFactory,
    DecisionFactory,
    DocumentFactory,
    PersonFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

SOON = dt.date.today() + dt.timedelta(days=60)


@pytest.fixture(autouse=True)
def store_on(settings):
    settings.PAGE_STORE = True


def kept(path: str) -> str:
    """The anonymous answer, read twice: the second comes from memory (no query)."""
    first = Client().get(path)
    with CaptureQueriesContext(connection) as queries:
        again = Client().get(path)
    assert first.status_code == 200 and len(queries) == 0, path
    assert again.content == first.content
    return first.content.decode()


def now(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def form_data(page) -> dict:
    """What an admin change page posts back unchanged, inline management forms included."""
    form = page.context["adminform"].form
    data = {n: ("" if form[n].value() is None else form[n].value()) for n in form.fields}
    for inline in page.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.total_form_count()
        data[f"{formset.prefix}-INITIAL_FORMS"] = formset.initial_form_count()
        for subform in formset.forms:
            for name in subform.fields:
                value = subform[name].value()
                data[subform.add_prefix(name)] = "" if value is None else value
    return data


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "pw"))
    return client


def test_a_reschedule_is_seen_by_the_page_the_api_and_the_feed():
    session = SessionFactory(key="council-99", number=99, start_date=SOON, end_date=SOON)
    paths = ["/sessions/council-99/", "/api/v1/sessions/council-99/", "/feeds/sessions.ics"]
    before = [kept(path) for path in paths]
    moved = SOON + dt.timedelta(days=7)
    services.session_reschedule(session=session, start=moved, end=moved)
    after = [now(path) for path in paths]
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert json.loads(after[1])["start_date"] == moved.isoformat()
    assert f"DTSTART;VALUE=DATE:{moved:%Y%m%d}" in after[2]


def test_a_service_whose_only_write_to_the_session_is_a_queryset_update_is_seen():
    session = SessionFactory(key="council-99", number=99, start_date=SOON, end_date=SOON)
    path = "/api/v1/sessions/council-99/"
    before = json.loads(kept(path))
    agenda.agenda_record(session=session, state="provisional", on=SOON - dt.timedelta(days=30))
    after = json.loads(now(path))
    assert (before["agenda_state"], after["agenda_state"]) == (None, "provisional")
    assert after["updated_at"] > before["updated_at"]  # written by .update(updated_at=...)


def test_an_admin_save_is_seen(admin_client):
    body = BodyFactory(key="scpf", name="Standing Committee")
    kept("/api/v1/bodies/")
    url = reverse("admin:governance_body_change", args=[body.pk])
    data = form_data(admin_client.get(url))
    data["name"] = "Standing Committee on Programmes and Finance"
    assert admin_client.post(url, data).status_code == 302
    assert "Standing Committee on Programmes and Finance" in now("/api/v1/bodies/")


def test_an_admin_inline_is_seen(admin_client):
    document = DocumentFactory(symbol="MC/2216")
    path = "/api/v1/documents/MC/2216/"
    assert json.loads(kept(path))["versions"] == []
    url = reverse("admin:governance_documentreference_change", args=[document.pk])
    data = form_data(admin_client.get(url))
    data.update(
        {
            "versions-TOTAL_FORMS": 1,
            "versions-0-language": "fr",
            "versions-0-url": "https://example.org/MC-2216-fr.pdf",
            "versions-0-is_available": "on",
        }
    )
    assert admin_client.post(url, data).status_code == 302
    assert [v["language"] for v in json.loads(now(path))["versions"]] == ["fr"]


def test_an_admin_delete_and_the_delete_action_are_seen(admin_client):
    decision = DecisionFactory(key="decision-admission-x", title="Admission of a Member")
    PersonFactory(key="delegate-ms-xyz", name="Ms Xyz")
    assert "decision-admission-x" in kept("/api/v1/decisions/") and "delegate-ms-xyz" in kept(
        "/api/v1/people/"
    )
    url = reverse("admin:meetings_decision_delete", args=[decision.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Decision.objects.exists() and "decision-admission-x" not in now("/api/v1/decisions/")
    changelist = reverse("admin:governance_person_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [Person.objects.get().pk]}
    assert admin_client.post(changelist, {**chosen, "post": "yes"}).status_code == 302
    assert not Person.objects.exists() and "delegate-ms-xyz" not in now("/api/v1/people/")


def test_a_revert_from_history_and_a_restore_are_seen(admin_client):
    document = DocumentFactory(symbol="MC/2216", title="First title")
    document.title = "Second title"
    document.save()
    path = "/api/v1/documents/MC/2216/"
    assert json.loads(kept(path))["title"] == "Second title"
    url = reverse(
        "admin:governance_documentreference_simple_history",
        args=[document.pk, document.history.earliest().history_id],
    )
    assert admin_client.post(url, form_data(admin_client.get(url))).status_code == 302
    assert json.loads(now(path))["title"] == "First title"

    BodyFactory(key="sbf", name="Subcommittee on Budget and Finance").delete()
    assert "sbf" not in kept("/api/v1/bodies/")
    deleted = Body.history.filter(history_type="-").get()
    restore = {"model": "governance.body", "history_id": deleted.history_id}
    assert admin_client.post("/admin/deleted-records/", restore).status_code == 302
    assert "Subcommittee on Budget and Finance" in now("/api/v1/bodies/")


def test_a_csv_import_is_seen_and_its_preview_changes_nothing():
    BodyFactory()
    assert "SCPF/40" not in kept("/api/v1/documents/")
    text = "symbol,title,kind\nSCPF/40,Programme and Budget for 2028,programme_budget\n"
    csv_import("documents", text, commit=False)
    assert "SCPF/40" not in now("/api/v1/documents/")
    csv_import("documents", text, commit=True)
    assert "SCPF/40" in now("/api/v1/documents/")


def test_loading_the_seeds_is_seen(tmp_path):
    def seeds(name: str) -> None:
        (tmp_path / "bodies.yaml").write_text(
            textwrap.dedent(
                f"""
                - key: scpf
                  name: {name}
                  kind: standing_committee
                  source: {{file: seeds.txt, line: 1}}
                """
            ),
            encoding="utf-8",
        )

    seeds("Standing Committee")
    load_seeds(tmp_path)
    assert "Standing Committee" in kept("/api/v1/bodies/")
    seeds("Standing Committee on Programmes and Finance")
    load_seeds(tmp_path)
    assert "Standing Committee on Programmes and Finance" in now("/api/v1/bodies/")


def test_a_document_written_through_the_api_is_seen_by_anonymous_readers(editor):
    assert "MC/2300" not in kept("/api/v1/documents/")
    token = Token.objects.create(user=editor).key
    written = Client().post(
        "/api/v1/documents/",
        {"symbol": "MC/2300", "title": "Programme and Budget for 2031"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert written.status_code == 201
    assert "MC/2300" in now("/api/v1/documents/")
    # The token's user, whom the history middleware cannot know, is passed to the service.
    assert DocumentReference.history.get(symbol="MC/2300").history_user == editor
