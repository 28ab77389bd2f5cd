"""A record's History page reads like a change log: field, old and new value, who, when, why."""

import pytest
from django.urls import reverse

from meetings.models import Session
from meetings.services import sessions
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_history_of_a_session_says_what_changed_from_what_to_what_and_by_whom(client, editor):
    session = SessionFactory(name="Old Name of the Retreat")
    sessions.session_update(session=session, fields={"name": "New Name of the Retreat"}, by=editor)
    Session.objects.get(pk=session.pk).save()  # a save that changes no field
    client.force_login(editor)

    page = client.get(reverse("admin:meetings_session_history", args=[session.pk]))
    html = page.content.decode()
    log = html.split('id="change-history"')[1].split("</table>")[0]

    rows = log.count("<tr>") - 1  # the header's row aside
    assert rows == 2, log  # created, then the name; the empty save is left out
    assert "<strong>Name</strong>: Old Name of the Retreat &rarr; New Name of the Retreat" in log
    assert "editor" in log and "Created" in log
    assert "None" not in log and "Change reason" not in log
