"""Signing in to the portal: password, then the second factor (required of focal points, optional
for delegates), in English, French and Spanish."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.otp import current_code
from tests.meetings.portal.conftest import PASSWORD, signed_in

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("portal:login"), {"username": email, "password": password})


def test_a_focal_point_enters_its_code_after_its_password(missions, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wait after a wrong code: the next test
    client = Client()
    assert sign_in(client, "FOCAL@arcadia.example")["Location"] == reverse("portal:home")
    # Not past the second factor yet: every page sends it to the code.
    assert client.get(reverse("portal:users"))["Location"] == reverse("portal:two-factor")
    wrong = client.post(reverse("portal:two-factor"), {"code": "000000"})
    assert "This code is not right" in wrong.content.decode()
    device = TOTPDevice.objects.get(user=missions.a_focal.user)
    right = client.post(reverse("portal:two-factor"), {"code": current_code(device)})
    assert right["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:users")).status_code == 200


def test_after_a_wrong_code_the_next_one_waits(missions):
    client = Client()
    sign_in(client, "focal@arcadia.example")
    client.post(reverse("portal:two-factor"), {"code": "000000"})
    device = TOTPDevice.objects.get(user=missions.a_focal.user)
    refused = client.post(reverse("portal:two-factor"), {"code": current_code(device)})
    assert "Too many wrong codes: wait 1 second" in refused.content.decode()
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:two-factor")


def test_a_focal_point_without_a_second_factor_sets_one_up_first(missions):
    TOTPDevice.objects.filter(user=missions.a_focal.user).delete()
    client = Client()
    sign_in(client, "focal@arcadia.example")
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:two-factor-setup")
    setup = client.get(reverse("portal:two-factor-setup"))
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=missions.a_focal.user, confirmed=False)
    assert client.post(reverse("portal:two-factor-setup"), {"code": "12345"}).status_code == 200
    done = client.post(reverse("portal:two-factor-setup"), {"code": current_code(device)})
    assert done["Location"] == reverse("portal:home")
    device.refresh_from_db()
    assert device.confirmed and client.get(reverse("portal:home")).status_code == 200


def test_a_delegate_may_go_without_a_second_factor(missions):
    client = Client()
    sign_in(client, "delegate@arcadia.example")
    page = client.get(reverse("portal:home"))
    assert page.status_code == 200 and "Not set up" in page.content.decode()


def test_a_wrong_password_is_refused_and_too_many_lock_the_account(missions, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    client = Client()
    assert "correct" in sign_in(client, "focal@arcadia.example", "wrong").content.decode()
    sign_in(client, "focal@arcadia.example", "wrong")
    locked = sign_in(client, "focal@arcadia.example")
    assert "Too many failed sign-ins" in locked.content.decode()
    assert not locked.wsgi_request.user.is_authenticated


def test_a_secretariat_account_is_not_a_missions(missions, editor):
    client = Client()
    client.force_login(editor)
    assert client.get(reverse("portal:home")).status_code == 403


def test_the_password_is_reset_by_e_mail(missions):
    client = Client()
    sent = client.post(reverse("portal:password-reset"), {"email": "delegate@arcadia.example"})
    assert sent["Location"] == reverse("portal:password-reset-sent")
    link = re.search(r"https?://[^/]+(/portal/password/[^\s]+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = "Another-pass-2032"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("portal:login")
    assert sign_in(Client(), "delegate@arcadia.example", new).status_code == 302


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Sign in to the Member States' portal"),
        ("fr", "Se connecter au portail des États Membres"),
        ("es", "Iniciar sesión en el portal de los Estados Miembros"),
    ],
)
def test_the_sign_in_page_is_in_the_readers_language(language, heading):
    page = Client(headers={"accept-language": language}).get(reverse("portal:login"))
    assert heading in page.content.decode()


def test_pages_of_the_portal_are_never_cached(missions):
    response = signed_in(missions.a_delegate).get(reverse("portal:home"))
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
