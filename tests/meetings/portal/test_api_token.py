"""A focal point creates an API token for the mission's own system on the portal: shown once,
kept as its SHA-256 with a prefix to recognise it by; revoked, it works no more."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from governance.models import MissionToken
from governance.services import missions as service
from tests.meetings.portal.conftest import signed_in

pytestmark = pytest.mark.django_db
PAGE = reverse("portal:api-token")


def created_secret(response) -> str:
    (secret,) = re.findall(r'<code id="new-token">([^<]+)</code>', response.content.decode())
    return secret


def test_a_focal_point_creates_a_token_shown_once_and_stored_hashed(missions):
    client = signed_in(missions.a_focal)
    response = client.post(PAGE, {"label": "Ministry system"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = created_secret(response)
    token = MissionToken.objects.get()
    assert (token.mission, token.label, token.created_by) == (
        missions.a,
        "Ministry system",
        missions.a_focal.user,
    )
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith("gcm_") and token.prefix == secret[:12]
    # Never again: the page lists it by its prefix only.
    again = client.get(PAGE).content.decode()
    assert secret not in again and f"{token.prefix}…" in again
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/registrations/").status_code == 200


def test_revoked_it_works_no_more(missions):
    client = signed_in(missions.a_focal)
    secret = created_secret(client.post(PAGE, {"label": ""}))
    token = MissionToken.objects.get()
    response = client.post(reverse("portal:api-token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert f"<code>{token.prefix}…</code>" not in client.get(PAGE).content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/registrations/").status_code == 401


def test_delegates_see_the_tokens_but_neither_create_nor_revoke(missions):
    issued = service.mission_token_create(mission=missions.a, label="", by=missions.a_focal.user)
    client = signed_in(missions.a_delegate)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert f"{issued.token.prefix}…" in page.content.decode()
    assert "Create the token" not in page.content.decode()
    assert client.post(PAGE, {"label": "mine"}).status_code == 403
    revoke = reverse("portal:api-token-revoke", args=[issued.token.pk])
    assert client.post(revoke).status_code == 403
    assert MissionToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_another_missions_token_is_not_found(missions):
    issued = service.mission_token_create(mission=missions.a, label="", by=missions.a_focal.user)
    client = signed_in(missions.b_focal)
    assert (
        client.post(reverse("portal:api-token-revoke", args=[issued.token.pk])).status_code == 404
    )
    assert issued.token.prefix not in client.get(PAGE).content.decode()
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_at_most_five_tokens_a_mission_with_a_message_in_spanish(missions):
    for _ in range(service.TOKENS_PER_MISSION):
        service.mission_token_create(mission=missions.a, label="", by=missions.a_focal.user)
    client = signed_in(missions.a_focal)
    response = client.post(PAGE, {"label": ""}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    assert "Una misión tiene como máximo 5 tokens de API" in response.content.decode()
    assert MissionToken.objects.count() == service.TOKENS_PER_MISSION


def test_only_a_missions_own_focal_points_hold_tokens(missions, editor):
    with pytest.raises(PermissionDenied):
        service.mission_token_create(mission=missions.a, label="", by=missions.a_delegate.user)
    with pytest.raises(PermissionDenied):
        service.mission_token_create(mission=missions.a, label="", by=missions.b_focal.user)
    with pytest.raises(PermissionDenied):
        service.mission_token_create(mission=missions.a, label="", by=editor)
    issued = service.mission_token_create(mission=missions.a, label="", by=missions.a_focal.user)
    with pytest.raises(PermissionDenied):
        service.mission_token_revoke(token=issued.token, by=missions.b_focal.user)


def test_an_unknown_secret_is_refused(missions):
    with pytest.raises(ValidationError):
        service.mission_token_authenticate(secret="gcm_nothing")


# The session, its user, the second factor's device, the mission member (with its mission), the
# focal point's check (member_of again), the tokens with their creators.
PAGE_QUERIES = 6


def test_the_page_costs_a_fixed_number_of_queries(missions, django_assert_num_queries):
    client = signed_in(missions.a_focal)
    for _size in (1, 4):
        for _ in range(_size):
            service.mission_token_create(mission=missions.a, label="", by=missions.a_focal.user)
        with django_assert_num_queries(PAGE_QUERIES):
            assert client.get(PAGE).status_code == 200
        MissionToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
