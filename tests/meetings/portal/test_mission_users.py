"""A mission's users: the secretariat invites the first focal point, focal points invite and
remove their own mission's users; every refusal says why and changes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.models import Mission, MissionInvitation, MissionMember
from governance.services import missions as service
from tests.factories import EntityFactory, MembershipFactory
from tests.meetings.portal.conftest import PASSWORD, signed_in

pytestmark = pytest.mark.django_db


def link_token(message) -> str:
    found = re.search(r"/portal/invitations/([\w-]+)/", message.body)
    assert found is not None, message.body
    return found.group(1)


def test_the_secretariat_invites_a_first_focal_point_who_sets_a_password(
    missions, editor, client, django_capture_on_commit_callbacks
):
    fresh = Mission.objects.create(entity=EntityFactory(short_name="Carpania"))
    with django_capture_on_commit_callbacks(execute=True):
        service.mission_invite(
            mission=fresh, email="First@Carpania.example", role="focal_point", by=editor
        )
    (message,) = mail.outbox
    assert message.to == ["first@carpania.example"] and "Carpania" in message.body

    page = client.get(reverse("portal:invitation-accept", args=[link_token(message)]))
    assert "You are invited to act for Carpania as Focal point" in page.content.decode()
    done = client.post(
        reverse("portal:invitation-accept", args=[link_token(message)]),
        {"name": "Ana", "password": PASSWORD, "password_again": PASSWORD},
    )
    # Signed in, and a focal point must set up its second factor before anything else.
    assert done.status_code == 302 and done["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:two-factor-setup")
    member = MissionMember.objects.get(user__email="first@carpania.example")
    assert (member.mission, member.role) == (fresh, "focal_point")


def test_an_invitation_in_the_missions_language(missions, django_capture_on_commit_callbacks):
    missions.a.language = "fr"
    missions.a.save()
    with django_capture_on_commit_callbacks(execute=True):
        service.mission_invite(
            mission=missions.a,
            email="new@arcadia.example",
            role="delegate",
            by=missions.a_focal.user,
        )
    assert "Ouvrez ce lien" in mail.outbox[0].body or "invité" in mail.outbox[0].body


def test_an_invitation_link_works_once(missions, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        service.mission_invite(
            mission=missions.a,
            email="new@arcadia.example",
            role="delegate",
            by=missions.a_focal.user,
        )
    url = reverse("portal:invitation-accept", args=[link_token(mail.outbox[0])])
    data = {"name": "Bo", "password": PASSWORD, "password_again": PASSWORD}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert MissionMember.objects.filter(user__email="new@arcadia.example").count() == 1


def test_an_expired_invitation_link_says_so_and_makes_no_account(missions, client):
    invitation = service.mission_invite(
        mission=missions.a, email="late@arcadia.example", role="delegate", by=missions.a_focal.user
    )
    MissionInvitation.objects.filter(pk=invitation.invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    url = reverse("portal:invitation-accept", args=[invitation.token])
    response = client.post(url, {"name": "Cy", "password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 410 and "has expired" in response.content.decode()
    assert not MissionMember.objects.filter(user__email="late@arcadia.example").exists()


def test_a_weak_password_is_refused_with_the_reason(missions, client):
    invitation = service.mission_invite(
        mission=missions.a, email="weak@arcadia.example", role="delegate", by=missions.a_focal.user
    )
    url = reverse("portal:invitation-accept", args=[invitation.token])
    response = client.post(url, {"name": "Di", "password": "1234", "password_again": "1234"})
    assert response.status_code == 200 and "too short" in response.content.decode()
    assert not MissionInvitation.objects.get(pk=invitation.invitation.pk).accepted_at


def test_a_second_open_invitation_or_an_existing_account_is_refused(missions):
    by = missions.a_focal.user
    service.mission_invite(
        mission=missions.a, email="twice@arcadia.example", role="delegate", by=by
    )
    with pytest.raises(ValidationError, match="already has an open invitation"):
        service.mission_invite(
            mission=missions.a, email="twice@arcadia.example", role="delegate", by=by
        )
    with pytest.raises(ValidationError, match="belongs to one mission"):
        service.mission_invite(
            mission=missions.a, email="focal@borduria.example", role="delegate", by=by
        )
    assert MissionInvitation.objects.count() == 1


def test_only_the_missions_focal_points_and_the_secretariats_editors_manage_its_users(
    missions, viewer
):
    for outsider in (missions.a_delegate.user, missions.b_focal.user, viewer):
        with pytest.raises(PermissionDenied):
            service.mission_invite(
                mission=missions.a, email="x@arcadia.example", role="delegate", by=outsider
            )
        with pytest.raises(PermissionDenied):
            service.mission_member_remove(member=missions.a_delegate, by=outsider)
    assert MissionInvitation.objects.count() == 0
    assert MissionMember.objects.filter(mission=missions.a).count() == 2


def test_the_last_focal_point_cannot_be_removed_or_made_a_delegate(missions):
    focal = missions.a_focal
    with pytest.raises(ValidationError, match="needs a focal point"):
        service.mission_member_remove(member=focal, by=focal.user)
    with pytest.raises(ValidationError, match="needs a focal point"):
        service.mission_member_set_role(member=focal, role="delegate", by=focal.user)
    focal.refresh_from_db()
    assert focal.role == "focal_point"
    # With a second focal point, the first may step down.
    service.mission_member_set_role(member=missions.a_delegate, role="focal_point", by=focal.user)
    service.mission_member_set_role(member=focal, role="delegate", by=focal.user)
    focal.refresh_from_db()
    assert focal.role == "delegate"


def test_a_removed_user_can_no_longer_sign_in(missions, client):
    user = missions.a_delegate.user
    service.mission_member_remove(member=missions.a_delegate, by=missions.a_focal.user)
    user.refresh_from_db()
    assert not user.is_active and not MissionMember.objects.filter(user=user).exists()
    response = client.post(reverse("portal:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated


def test_every_state_or_organization_with_a_status_has_one_mission(db):
    member = MembershipFactory().entity
    EntityFactory()  # holds no status: no mission
    assert service.missions_ensure() == 1
    assert service.missions_ensure() == 0
    assert Mission.objects.get().entity == member


def test_the_users_page_lets_a_focal_point_invite_and_remove(
    missions, django_capture_on_commit_callbacks
):
    client = signed_in(missions.a_focal)
    page = client.get(reverse("portal:users"))
    html = page.content.decode()
    assert "delegate@arcadia.example" in html and "focal@borduria.example" not in html
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            reverse("portal:users"), {"email": "c@arcadia.example", "role": "delegate"}
        )
    assert sent.status_code == 302 and mail.outbox[0].to == ["c@arcadia.example"]
    bad = client.post(reverse("portal:users"), {"email": "not-an-address", "role": "delegate"})
    assert bad.status_code == 400 and "Enter a valid email address" in bad.content.decode()
    removed = client.post(reverse("portal:user-remove", args=[missions.a_delegate.pk]))
    assert removed.status_code == 302
    assert not MissionMember.objects.filter(pk=missions.a_delegate.pk).exists()
    last = client.post(reverse("portal:user-remove", args=[missions.a_focal.pk]), follow=True)
    assert "needs a focal point" in last.content.decode()


def test_a_delegate_reads_the_users_page_without_the_forms(missions):
    client = signed_in(missions.a_delegate)
    html = client.get(reverse("portal:users")).content.decode()
    assert "focal@arcadia.example" in html and "Send the invitation" not in html
    refused = client.post(
        reverse("portal:users"), {"email": "d@arcadia.example", "role": "delegate"}
    )
    assert refused.status_code == 403 and MissionInvitation.objects.count() == 0


def test_another_missions_user_answers_as_one_that_does_not_exist(missions):
    client = signed_in(missions.b_focal)
    response = client.post(reverse("portal:user-remove", args=[missions.a_delegate.pk]))
    assert response.status_code == 404
    assert MissionMember.objects.filter(pk=missions.a_delegate.pk).exists()
