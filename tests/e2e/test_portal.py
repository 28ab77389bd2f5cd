"""A Member State's focal point and the secretariat in real browsers: the invitation, the second
factor, a delegate invited, a delegation registered with its letter, returned, fixed, found in
order and on the list of participants; the credentials report and the list's PDF. The focal
point's pages on a phone (390 px). Screenshots in artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from governance.models import Mission
from meetings.models import Registration, RegistrationPeriod
from meetings.reminders.delivery import deliveries_claim, delivery_send
from tests.factories import EntityFactory, MembershipFactory, SessionFactory
from tests.factories.files import pdf_bytes
from tests.factories.otp import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
PASSWORD = "Arcadia-portal-2031"


@pytest.fixture
def arcadia():
    entity = EntityFactory(key="arcadia", short_name="Arcadia", official_name="Republic of Arcadia")
    MembershipFactory(entity=entity, status="member")
    return Mission.objects.create(entity=entity, language="fr")


@pytest.fixture
def session():
    session = SessionFactory(key="council-170", number=170, start_date=dt.date(2031, 11, 25))
    now = timezone.now()
    RegistrationPeriod.objects.create(
        session=session, opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=5)
    )
    return session


def link_in(message, pattern: str) -> str:
    found = re.search(pattern, message.body)
    assert found is not None, message.body
    return found.group(0)


def deliver() -> None:
    now = timezone.now() + dt.timedelta(seconds=1)
    for pk in deliveries_claim(claim="e2e", now=now):
        delivery_send(delivery_id=pk, claim="e2e", now=now)


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a phone"


def test_a_focal_point_registers_its_delegation_and_the_secretariat_checks_it(
    officer, browser, live_server, screenshots, arcadia, session, tmp_path
):
    base = live_server.url
    # The secretariat invites Arcadia's first focal point.
    officer.goto(f"{base}/admin/governance/mission/{arcadia.pk}/invite/")
    officer.fill("#id_email", "ana@arcadia.example")
    officer.click("input[type=submit]")
    assert "An invitation is on its way" in officer.locator(".messagelist").inner_text()
    invitation = link_in(mail.outbox[-1], r"https?://\S+/portal/invitations/[\w-]+/")

    # She accepts it on her phone, in French, and sets up her authenticator app.
    focal = browser.new_page(
        viewport=PHONE, locale="fr-FR", extra_http_headers={"Accept-Language": "fr"}
    )
    focal.goto(base + invitation[invitation.index("/portal/") :])
    assert "Rejoignez votre mission" in focal.locator("h1").inner_text()
    focal.fill("#id_name", "Ana Arcadian")
    focal.fill("#id_password", PASSWORD)
    focal.fill("#id_password_again", PASSWORD)
    focal.click("main button[type=submit]")
    focal.wait_for_selector("figure.qr svg")
    focal.screenshot(path=str(screenshots / "portal-two-factor-setup-phone.png"), full_page=True)
    device = TOTPDevice.objects.get(user__email="ana@arcadia.example")
    focal.fill("#id_code", current_code(device))
    focal.click("main button[type=submit]")
    assert "Arcadia" in focal.locator("h1").inner_text()
    no_horizontal_scroll(focal)

    # She invites a delegate.
    focal.click("nav.portal >> text=Nos utilisateurs")
    focal.fill("#id_email", "bo@arcadia.example")
    focal.select_option("#id_role", "delegate")
    focal.click("main form:not(.inline) >> button:has-text('Envoyer')")
    assert "bo@arcadia.example" in focal.locator("main").inner_text()
    assert mail.outbox[-1].to == ["bo@arcadia.example"]
    no_horizontal_scroll(focal)

    # She registers the delegation with its credentials letter.
    focal.click("nav.portal >> text=Nos inscriptions")
    focal.click(f"a[href='/portal/registrations/{session.key}/']")
    for position, name, email in (
        ("head", "S.E. Mme Ana Arcadian", "ana@arcadia.example"),
        ("adviser", "M. Cy Arcadian", "cy@arcadia.example"),
    ):
        focal.select_option("#id_position", position)
        focal.fill("#id_name", name)
        focal.fill("#id_email", email)
        focal.click("form[action$='/delegates/'] button")
    letter = tmp_path / "lettre-de-creance.pdf"
    letter.write_bytes(pdf_bytes("Credentials of Arcadia"))
    focal.set_input_files("#id_letter", str(letter))
    focal.click("form[action$='/letter/upload/'] button")
    focal.click("form[action$='/submit/'] button")
    assert "Soumise" in focal.locator("main").inner_text()
    focal.screenshot(
        path=str(screenshots / "portal-registration-submitted-phone.png"), full_page=True
    )
    no_horizontal_scroll(focal)

    # The secretariat returns it: the letter is not signed.
    registration = Registration.objects.get(session=session, mission=arcadia)
    officer.goto(f"{base}/admin/meetings/registration/{registration.pk}/change/")
    officer.screenshot(path=str(screenshots / "admin-registration.png"), full_page=True)
    officer.click("text=Return with a reason")
    officer.fill("#id_reason", "La lettre n'est pas signée.")
    officer.click("input[type=submit]")
    deliver()
    notice = mail.outbox[-1]
    assert notice.to == ["ana@arcadia.example"] and "La lettre n'est pas signée." in notice.body
    assert "Votre inscription a été renvoyée" in notice.body

    # She reads why, uploads the signed letter and submits again.
    focal.reload()
    assert "La lettre n'est pas signée." in focal.locator("[role=alert]").inner_text()
    letter.write_bytes(pdf_bytes("Signed credentials of Arcadia"))
    focal.set_input_files("#id_letter", str(letter))
    focal.click("form[action$='/letter/upload/'] button")
    focal.click("form[action$='/submit/'] button")
    assert "Soumise" in focal.locator("main").inner_text()

    # The secretariat finds it amended and in order.
    officer.goto(f"{base}/admin/meetings/registration/?session={session.pk}")
    officer.check(f"input[name=_selected_action][value='{registration.pk}']")
    officer.select_option("select[name=action]", label="Credentials in order")
    officer.click("button[name=index]")
    assert "credentials in order" in officer.locator(".messagelist").inner_text().lower()
    officer.goto(f"{base}/admin/meetings/registration/credentials/{session.pk}/")
    assert "Arcadia" in officer.locator("#credentials td").first.inner_text()
    officer.screenshot(path=str(screenshots / "admin-credentials-report.png"), full_page=True)
    deliver()
    assert "en règle" in mail.outbox[-1].body

    # Arcadia is on the public list of participants, and in its PDF.
    public = browser.new_page(viewport={"width": 1280, "height": 900})
    public.goto(f"{base}/sessions/{session.key}/participants/")
    listing = public.locator("main").inner_text()
    assert "Arcadia" in listing and "S.E. Mme Ana Arcadian" in listing
    assert "@" not in listing
    public.screenshot(path=str(screenshots / "participants.png"), full_page=True)
    pdf = public.request.get(f"{base}/sessions/{session.key}/participants.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    for page in (focal, public):
        page.close()
