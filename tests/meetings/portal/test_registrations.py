"""Registering a delegation: the focal point names it and uploads its letter while registration
is open, the secretariat checks it, the mission hears of each decision once, in its language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.models import Delegate, Delivery, Registration, RegistrationEvent
from meetings.reminders.delivery import deliveries_claim, delivery_send
from meetings.reminders.registration_notices import registration_closing_plan
from meetings.services import registrations as service
from tests.factories import SessionFactory
from tests.factories.files import pdf_bytes, upload
from tests.meetings.portal.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(editor):
    session = SessionFactory(key="council-140", start_date=dt.date(2031, 11, 25))
    now = timezone.now()
    service.registration_period_open(
        session=session,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=3),
        letter_max_bytes=50_000,
        by=editor,
    )
    return session


HEAD = {
    "position": "head",
    "honorific": "H.E. Ms.",
    "name": "Ana Arcadian",
    "functional_title": "Ambassador",
    "email": "ana@arcadia.example",
}


def registered(missions, session, *, submit: bool = True) -> Registration:
    by = missions.a_focal.user
    registration = service.registration_of(session=session, mission=missions.a, by=by)
    service.delegate_add(registration=registration, by=by, **HEAD)
    letter = upload("credentials.pdf", pdf_bytes("Credentials of Arcadia"))
    service.registration_letter_attach(
        registration=registration,
        name=str(letter.name),
        content=letter,
        size=letter.size or 0,
        by=by,
    )
    if submit:
        service.registration_submit(registration=registration, by=by)
    registration.refresh_from_db()
    return registration


def send_due() -> list[str]:
    now = timezone.now() + dt.timedelta(seconds=1)
    return [
        delivery_send(delivery_id=pk, claim="w", now=now)
        for pk in deliveries_claim(claim="w", now=now)
    ]


def test_a_focal_point_registers_a_delegation_on_the_portal(missions, session, document_store):
    client = signed_in(missions.a_focal)
    base = reverse("portal:registration", args=[session.key])
    assert client.get(base).status_code == 200
    added = client.post(reverse("portal:delegate-add", args=[session.key]), HEAD)
    assert added.status_code == 302
    client.post(
        reverse("portal:delegate-add", args=[session.key]),
        {**HEAD, "position": "alternate", "name": "Bo Arcadian", "email": "bo@arcadia.example"},
    )
    stored = client.post(
        reverse("portal:letter-upload", args=[session.key]),
        {"letter": upload("credentials.pdf", pdf_bytes("Credentials"))},
    )
    assert stored.status_code == 302
    client.post(reverse("portal:registration-submit", args=[session.key]))
    registration = Registration.objects.get(mission=missions.a, session=session)
    assert (
        registration.status == "submitted" and registration.letter_media_type == "application/pdf"
    )
    page = client.get(base).content.decode()
    assert "Ana Arcadian" in page and "Bo Arcadian" in page and "Submitted" in page
    letter = client.get(reverse("portal:letter", args=[session.key]))
    assert letter.status_code == 200 and b"".join(letter.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("letter.pdf", b"plain text, not a PDF", "is not a PDF or an image"),
        ("letter.png", pdf_bytes("A PDF named as an image"), "is not what its name says"),
        ("../letter.pdf", pdf_bytes("x"), "without folders"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * 60_000, "files of at most"),
        ("broken.pdf", b"%PDF-1.4\nnot really", "damaged"),
    ],
)
def test_a_bad_letter_is_refused_with_its_reason_and_nothing_is_stored(
    missions, session, document_store, name, content, message
):
    registration = service.registration_of(
        session=session, mission=missions.a, by=missions.a_focal.user
    )
    with pytest.raises(ValidationError, match=message):
        service.registration_letter_attach(
            registration=registration,
            name=name,
            content=upload(name, content),
            size=len(content),
            by=missions.a_focal.user,
        )
    registration.refresh_from_db()
    assert not registration.letter and not list(document_store.listdir("")[1])


def test_an_image_of_the_letter_is_accepted(missions, session, document_store):
    registration = service.registration_of(
        session=session, mission=missions.a, by=missions.a_focal.user
    )
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    service.registration_letter_attach(
        registration=registration,
        name="scan.png",
        content=upload("scan.png", png),
        size=len(png),
        by=missions.a_focal.user,
    )
    registration.refresh_from_db()
    assert registration.letter_media_type == "image/png" and registration.letter_size == 108


def test_one_person_is_in_one_delegation_per_session(missions, session):
    a = service.registration_of(session=session, mission=missions.a, by=missions.a_focal.user)
    b = service.registration_of(session=session, mission=missions.b, by=missions.b_focal.user)
    service.delegate_add(registration=a, by=missions.a_focal.user, **HEAD)
    with pytest.raises(ValidationError, match="in the delegation already"):
        service.delegate_add(
            registration=a, by=missions.a_focal.user, **{**HEAD, "position": "adviser"}
        )
    with pytest.raises(ValidationError, match="in another delegation to this session"):
        service.delegate_add(registration=b, by=missions.b_focal.user, **HEAD)
    with pytest.raises(ValidationError, match="has a head already"):
        service.delegate_add(
            registration=a, by=missions.a_focal.user, **{**HEAD, "email": "c@arcadia.example"}
        )
    assert Delegate.objects.count() == 1


def test_after_closing_nothing_changes_and_the_reason_is_given(missions, session):
    registration = registered(missions, session, submit=False)
    session.registration_period.closes_at = timezone.now() - dt.timedelta(minutes=1)
    session.registration_period.save()
    with pytest.raises(ValidationError, match="closed on"):
        service.delegate_add(
            registration=registration,
            by=missions.a_focal.user,
            **{**HEAD, "position": "adviser", "email": "late@arcadia.example"},
        )
    with pytest.raises(ValidationError, match="closed on"):
        service.registration_submit(registration=registration, by=missions.a_focal.user)
    assert Delegate.objects.count() == 1


def test_submitting_needs_a_head_and_a_letter(missions, session):
    registration = service.registration_of(
        session=session, mission=missions.a, by=missions.a_focal.user
    )
    with pytest.raises(ValidationError, match="head of delegation"):
        service.registration_submit(registration=registration, by=missions.a_focal.user)
    service.delegate_add(registration=registration, by=missions.a_focal.user, **HEAD)
    with pytest.raises(ValidationError, match="letter"):
        service.registration_submit(registration=registration, by=missions.a_focal.user)


def test_a_delegate_reads_the_registration_and_changes_nothing(missions, session):
    registered(missions, session)
    client = signed_in(missions.a_delegate)
    page = client.get(reverse("portal:registration", args=[session.key])).content.decode()
    assert "Ana Arcadian" in page and "Submit the registration" not in page
    refused = client.post(
        reverse("portal:delegate-add", args=[session.key]), {**HEAD, "email": "x@arcadia.example"}
    )
    assert refused.status_code == 403 and Delegate.objects.count() == 1
    with pytest.raises(PermissionDenied):
        service.registration_withdraw(
            registration=Registration.objects.get(), by=missions.a_delegate.user
        )


def test_changes_after_submission_are_kept_as_amendments(missions, session, editor):
    registration = registered(missions, session)
    service.registration_accept(registration=registration, credentials="in_order", by=editor)
    service.delegate_add(
        registration=registration,
        by=missions.a_focal.user,
        **{**HEAD, "position": "adviser", "name": "Cy", "email": "cy@arcadia.example"},
    )
    registration.refresh_from_db()
    assert registration.status == "submitted"  # checked again
    amendments = RegistrationEvent.objects.filter(registration=registration, is_amendment=True)
    # The mission's change after submitting; neither its first submission nor the
    # secretariat's decision is one.
    assert [(e.kind, e.text) for e in amendments] == [
        ("delegate added", "Adviser: H.E. Ms. Cy <cy@arcadia.example>"),
    ]


def test_a_returned_registration_tells_the_mission_once_in_its_language(missions, session, editor):
    missions.a.language = "es"
    missions.a.save()
    registration = registered(missions, session)
    service.registration_return(
        registration=registration, reason="La carta no está firmada.", by=editor
    )
    assert send_due() == ["sent"]
    (message,) = mail.outbox
    assert message.to == ["focal@arcadia.example"]
    assert "La carta no está firmada." in message.body and "Su inscripción" in message.body
    assert f"/portal/registrations/{session.key}/" in message.body
    assert send_due() == []  # once
    page = signed_in(missions.a_focal).get(reverse("portal:registration", args=[session.key]))
    assert "La carta no está firmada." in page.content.decode()


def test_returning_needs_a_reason_and_only_the_secretariat_checks(
    missions, session, editor, viewer
):
    registration = registered(missions, session)
    with pytest.raises(ValidationError, match="Say why"):
        service.registration_return(registration=registration, reason=" ", by=editor)
    for outsider in (viewer, missions.a_focal.user):
        with pytest.raises(PermissionDenied):
            service.registration_accept(
                registration=registration, credentials="in_order", by=outsider
            )
    registration.refresh_from_db()
    assert registration.status == "submitted" and not Delivery.objects.exists()


def test_missions_that_have_not_submitted_are_reminded_before_closing(missions, session):
    registered(missions, session)  # A has submitted
    planned = registration_closing_plan()
    assert planned == 2  # B's and the observer's focal points, not A's
    assert registration_closing_plan() == 0
    emails = set(Delivery.objects.values_list("subscriber__email", flat=True))
    assert emails == {"focal@borduria.example", "focal@ocean.example"}


POSITIONS = ("representative", "alternate", "adviser")


def _delegation_of(missions, session, size: int) -> None:
    by = missions.a_focal.user
    registration = service.registration_of(session=session, mission=missions.a, by=by)
    service.delegate_add(registration=registration, by=by, **HEAD)
    for number in range(1, size):
        service.delegate_add(
            registration=registration,
            by=by,
            **{
                **HEAD,
                "position": POSITIONS[number % 3],
                "name": f"Delegate {number}",
                "email": f"delegate{number}@arcadia.example",
            },
        )


@pytest.mark.parametrize("size", [1, 9])
def test_a_focal_point_s_page_and_changes_cost_the_same_queries_for_any_delegation(
    missions, session, document_store, size, django_assert_num_queries
):
    """The 175 missions of the last hour (benchmarks/registrations_bench.py) each load these
    requests a dozen times: the sign-in's 3 (session, user, second factor) and the member's 1,
    then the session, the registration, what is new; never a query per delegate, and the
    member, the mission and the session read once."""
    _delegation_of(missions, session, size)
    client = signed_in(missions.a_focal)
    page = reverse("portal:registration", args=[session.key])
    client.get(page)  # the session's last_login write and the like: out of the counts
    # 4 + session, registration, the mission's status (its letter), the delegates
    with django_assert_num_queries(8):
        assert client.get(page).status_code == 200
    added = {**HEAD, "position": "adviser", "name": "Zed", "email": "zed@arcadia.example"}
    # 4 + session, registration; BEGIN, locked registration, member, period, the same e-mail,
    # savepoint, insert, release, event, COMMIT
    with django_assert_num_queries(16):
        assert (
            client.post(reverse("portal:delegate-add", args=[session.key]), added).status_code
            == 302
        )
    letter = {"letter": upload("credentials.pdf", pdf_bytes("Credentials"))}
    # 4 + session, registration; BEGIN, locked registration, period, update, event, COMMIT
    with django_assert_num_queries(12):
        assert (
            client.post(reverse("portal:letter-upload", args=[session.key]), letter).status_code
            == 302
        )
    # 4 + session, registration; BEGIN, locked registration, period, a head, update, event,
    # COMMIT
    with django_assert_num_queries(13):
        assert (
            client.post(reverse("portal:registration-submit", args=[session.key])).status_code
            == 302
        )
    assert Registration.objects.get(mission=missions.a).delegates.count() == size + 1
