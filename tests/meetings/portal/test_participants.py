"""The list of participants: from the registrations in order only, grouped as the organization
publishes it, as a page, a CSV and a PDF in the reader's language; and the credentials report."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings.models import Delegate, Registration
from meetings.selectors.participants import credentials_report, participant_list
from meetings.services import registrations as service
from tests.factories import SessionFactory
from tests.meetings.portal.conftest import add_user, mission_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(editor):
    session = SessionFactory(
        key="council-160", start_date=dt.date(2031, 11, 25), end_date=dt.date(2031, 11, 27)
    )
    now = timezone.now()
    service.registration_period_open(
        session=session,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=5),
        by=editor,
    )
    return session


def delegation(session, mission, people, *, status="in_order", credentials="in_order"):
    """A registration as the secretariat left it (its delegates written directly: the services
    that add them are tested on their own)."""
    registration = Registration.objects.create(
        session=session, mission=mission, status=status, credentials=credentials
    )
    for position, name in people:
        Delegate.objects.create(
            registration=registration,
            session=session,
            position=position,
            name=name,
            email=f"{name.split()[0].lower()}@{mission.entity.key}.example",
        )
    return registration


@pytest.fixture
def registrations(missions, session):
    delegation(session, missions.a, [("adviser", "Cy Arcadian"), ("head", "Ana Arcadian")])
    delegation(session, missions.b, [("head", "Boris Bordurian")], status="submitted")
    delegation(session, missions.observer, [("head", "Olga Ocean")], credentials="without_original")
    observer_state = mission_of("vatican-like", "Holy Sample", status="observer")
    delegation(session, observer_state, [("head", "Pia Sample")])


def test_only_registrations_in_order_are_listed_grouped_and_ordered(session, registrations):
    listing = participant_list(session, today=dt.date(2031, 11, 1))
    assert not listing.is_final
    assert [
        (g.kind, [d.mission.entity.short_name for d in g.delegations]) for g in listing.groups
    ] == [
        ("member_state", ["Arcadia"]),
        ("observer_state", ["Holy Sample"]),
        ("observer_organization", ["Ocean League"]),
    ]
    arcadia = listing.groups[0].delegations[0]
    assert [d.name for d in arcadia.delegates] == ["Ana Arcadian", "Cy Arcadian"]  # head first
    assert participant_list(session, today=dt.date(2031, 11, 28)).is_final


def test_the_list_costs_the_same_queries_for_a_few_and_for_many(
    session, missions, django_assert_num_queries
):
    delegation(session, missions.a, [("head", "Ana Arcadian")])
    with django_assert_num_queries(3):
        participant_list(session)
    for index in range(12):
        mission = mission_of(f"state-{index}", f"State {index:02}")
        delegation(session, mission, [("head", f"Head {index}"), ("adviser", f"Adviser {index}")])
    with django_assert_num_queries(3):
        assert len(participant_list(session).groups[0].delegations) == 13


@pytest.mark.parametrize(
    ("language", "heading", "group"),
    [
        ("en", "Provisional list of participants", "Member States"),
        ("fr", "Liste provisoire des participants", "États Membres"),
        ("es", "Lista provisional de participantes", "Estados Miembros"),
    ],
)
def test_the_page_is_in_the_readers_language(session, registrations, language, heading, group):
    page = Client(headers={"accept-language": language}).get(
        reverse("meetings:participants", args=[session.key])
    )
    html = page.content.decode()
    assert page.status_code == 200 and heading in html and group in html
    assert "Ana Arcadian" in html and "Boris" not in html
    assert "@" not in html.split("<main")[1]  # no one's e-mail address


def test_the_csv_and_the_pdf_hold_the_same_list(session, registrations):
    client = Client(headers={"accept-language": "fr"})
    response = client.get(reverse("meetings:participants-csv", args=[session.key]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Groupe", "Membre ou observateur"]
    assert ["États Membres", "Arcadia", "Chef de délégation", "", "Ana Arcadian", ""] in rows
    assert not any("Boris" in cell for row in rows for cell in row)
    assert "participants-council-160-fr.csv" in response["Content-Disposition"]
    pdf = client.get(reverse("meetings:participants-pdf", args=[session.key]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Liste provisoire des participants" in text and "Ana Arcadian" in text
    assert "Boris" not in text


def test_an_unpublished_session_has_no_list(editor):
    hidden = SessionFactory(key="hidden-160", is_published=False)
    now = timezone.now()
    service.registration_period_open(
        session=hidden, opens_at=now, closes_at=now + dt.timedelta(days=1), by=editor
    )
    for name in ("meetings:participants", "meetings:participants-csv", "meetings:participants-pdf"):
        assert Client().get(reverse(name, args=[hidden.key])).status_code == 404


def test_the_credentials_report_sorts_each_member_state(session, missions, registrations):
    late = mission_of("carpania", "Carpania")
    add_user(late, "focal@carpania.example", "focal_point", device=False)
    report = credentials_report(session)
    assert [m.entity.short_name for m in report.in_order] == ["Arcadia"]
    # Borduria's registration is submitted, not yet in order; Carpania sent none.
    assert [m.entity.short_name for m in report.not_received] == ["Borduria", "Carpania"]
    # Observers are not in it.
    assert report.without_original == []


def test_the_secretariat_returns_accepts_and_reads_the_report_in_the_admin(
    session, missions, registrations, editor
):
    client = Client()
    client.force_login(editor)
    submitted = Registration.objects.get(mission=missions.b)
    form = client.get(reverse("admin:meetings_registration_return", args=[submitted.pk]))
    assert form.status_code == 200
    empty = client.post(
        reverse("admin:meetings_registration_return", args=[submitted.pk]), {"reason": ""}
    )
    assert empty.status_code == 200
    done = client.post(
        reverse("admin:meetings_registration_return", args=[submitted.pk]),
        {"reason": "The letter is not signed."},
    )
    assert done.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_reason) == ("returned", "The letter is not signed.")
    report = client.get(reverse("admin:meetings_registration_credentials", args=[session.pk]))
    assert "1 in order" in report.content.decode()
    changelist = client.get(
        reverse("admin:meetings_registration_changelist"), {"kind": "observer_organization"}
    )
    assert (
        "Ocean League" in changelist.content.decode()
        and "Arcadia" not in changelist.content.decode()
    )
