"""Missions of the portal's tests: two Member States (A, B) and an observer organization, with
their focal points (second factor set up) and a delegate of A."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from governance.models import Mission, MissionMember
from tests.factories import EntityFactory, MembershipFactory
from tests.factories.otp import past_the_code

PASSWORD = "Portal-pass-2031"


def mission_of(key: str, name: str, *, status: str = "member", kind: str = "state") -> Mission:
    entity = EntityFactory.create(key=key, short_name=name, kind=kind)
    MembershipFactory.create(entity=entity, status=status)
    return Mission.objects.create(entity=entity)


def add_user(mission: Mission, email: str, role: str, *, device: bool) -> MissionMember:
    user = get_user_model().objects.create_user(email, email, PASSWORD, first_name=email[:5])
    if device:
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return MissionMember.objects.create(mission=mission, user=user, role=role)


def signed_in(member: MissionMember) -> Client:
    """A client past the password and, when the user has one, its second factor."""
    client = Client()
    client.force_login(member.user)
    device = TOTPDevice.objects.filter(user=member.user, confirmed=True).first()
    if device is not None:
        past_the_code(client, device)
    return client


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Every mission user has a password: the default hasher would make these tests slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Missions:
    a: Mission
    b: Mission
    observer: Mission
    a_focal: MissionMember
    a_delegate: MissionMember
    b_focal: MissionMember
    observer_focal: MissionMember


@pytest.fixture
def missions(db) -> Missions:
    a = mission_of("arcadia", "Arcadia")
    b = mission_of("borduria", "Borduria")
    observer = mission_of("ocean-league", "Ocean League", status="observer", kind="organization")
    return Missions(
        a=a,
        b=b,
        observer=observer,
        a_focal=add_user(a, "focal@arcadia.example", "focal_point", device=True),
        a_delegate=add_user(a, "delegate@arcadia.example", "delegate", device=False),
        b_focal=add_user(b, "focal@borduria.example", "focal_point", device=True),
        observer_focal=add_user(observer, "focal@ocean.example", "focal_point", device=True),
    )
