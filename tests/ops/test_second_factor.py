"""The secretariat's admin asks staff for a second factor: the password alone leads to the code
(or to setting up the app), then back to the page asked for."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.otp import confirmed_device, current_code

pytestmark = pytest.mark.django_db


def password_only(editor) -> Client:
    client = Client()
    signed = client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": "pw-editor-123"}
    )
    assert signed.status_code == 302
    return client


def test_the_password_alone_leads_to_setting_up_the_app_then_back_to_the_admin(editor):
    client = password_only(editor)
    asked = client.get("/admin/meetings/session/")
    assert asked["Location"] == "/portal/two-factor/?next=%2Fadmin%2Fmeetings%2Fsession%2F"
    setup = client.get(asked["Location"], follow=True)
    assert setup.redirect_chain[-1][0].startswith("/portal/two-factor/setup/")
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    done = client.post(
        setup.redirect_chain[-1][0],
        {"code": current_code(device), "next": "/admin/meetings/session/"},
    )
    assert done["Location"] == "/admin/meetings/session/"
    assert client.get("/admin/meetings/session/").status_code == 200


def test_with_an_app_set_up_the_code_is_asked_and_a_wrong_one_refused(editor, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = confirmed_device(editor)
    client = password_only(editor)
    wrong = client.post("/portal/two-factor/", {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and "This code is not right" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    right = client.post("/portal/two-factor/", {"code": current_code(device), "next": "/admin/"})
    assert right["Location"] == "/admin/" and client.get("/admin/").status_code == 200


def test_an_unsafe_next_is_not_followed(editor):
    device = confirmed_device(editor)
    client = password_only(editor)
    answer = client.post(
        "/portal/two-factor/", {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert answer["Location"] == "/portal/"


def test_the_login_page_stays_open_and_the_setting_turns_the_code_off(editor, settings):
    client = password_only(editor)
    assert client.get("/admin/login/").status_code in (200, 302)
    settings.SECRETARIAT_SECOND_FACTOR = False
    assert client.get("/admin/").status_code == 200
