"""Export the whole database to one file and import it into an empty database: nothing lost."""

from __future__ import annotations

import gzip
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from governance.backup import export_database, import_database
from meetings.models import Session
from meetings.reminders.subscriptions import subscriber_subscribe
from meetings.services import publishing

pytestmark = pytest.mark.django_db(transaction=True)


def canonical(path) -> list:
    with gzip.open(path, "rt") as handle:
        rows = json.load(handle)
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


def test_export_then_import_into_an_empty_database_round_trips(tmp_path, editor):
    call_command("load_seeds", verbosity=0)
    from governance.models import Body

    subscriber_subscribe(
        email="d@example.org",
        language="fr",
        timezone_name="Asia/Bangkok",
        bodies=[Body.objects.get(key="scpf")],
    )
    session = Session.objects.get(key="council-96")
    publishing.session_edit(session=session, fields={"notes": "Room XVIII"})
    first = tmp_path / "one.json.gz"
    count = export_database(first)
    assert count > 1000
    call_command("flush", "--no-input")  # an empty, migrated database (groups re-created)
    assert import_database(first) == count
    second = tmp_path / "two.json.gz"
    export_database(second)
    assert canonical(first) == canonical(second)
    assert Session.objects.get(key="council-96").draft.fields == {"notes": "Room XVIII"}


def test_import_refuses_a_database_that_holds_data(tmp_path):
    call_command("load_seeds", verbosity=0)
    path = tmp_path / "x.json.gz"
    export_database(path)
    with pytest.raises(CommandError, match="not empty"):
        import_database(path)


def test_import_refuses_an_unreadable_file(tmp_path):
    path = tmp_path / "bad.json.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(CommandError, match="not a readable export"):
        import_database(path)
