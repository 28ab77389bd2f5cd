"""Documents restricted to Member States: a Member State's users read them, observers and the
public do not, by the one rule (DocumentQuerySet.visible_to)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from governance.models import DocumentReference
from tests.factories import DocumentFactory
from tests.meetings.portal.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(db):
    DocumentFactory(symbol="MC/7001", title="Restricted Pelican Paper", access="restricted")
    DocumentFactory(
        symbol="MC/7002", title="Unpublished Heron Paper", access="restricted", is_published=False
    )
    DocumentFactory(symbol="MC/7003", title="Public Swan Paper")


def test_a_member_states_users_read_the_restricted_documents(missions, documents):
    for member in (missions.a_focal, missions.a_delegate, missions.b_focal):
        html = signed_in(member).get(reverse("portal:documents")).content.decode()
        assert "Restricted Pelican Paper" in html
        assert "Unpublished Heron Paper" not in html and "Public Swan Paper" not in html


def test_an_observer_reads_none_of_them(missions, documents):
    html = signed_in(missions.observer_focal).get(reverse("portal:documents")).content.decode()
    assert "Pelican" not in html and "for the users of Member States' missions" in html


def test_the_rule_is_the_same_for_every_reader(missions, documents, editor):
    def visible(user):
        return set(DocumentReference.objects.visible_to(user).values_list("symbol", flat=True))

    assert visible(missions.a_delegate.user) == {"MC/7001", "MC/7003"}
    assert visible(missions.observer_focal.user) == {"MC/7003"}
    assert visible(None) == {"MC/7003"}
    assert visible(editor) == {"MC/7001", "MC/7002", "MC/7003"}


def test_anonymous_is_sent_to_sign_in(documents):
    response = Client().get(reverse("portal:documents"))
    assert response["Location"].startswith(reverse("portal:login") + "?next=")
