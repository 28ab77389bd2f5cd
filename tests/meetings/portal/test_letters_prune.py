"""A letter left in the store by a rolled-back upload is deleted once old; the letters that
registrations name stay."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.meetings.portal.test_registrations import registered
from tests.meetings.portal.test_registrations import session as session  # the fixture

pytestmark = pytest.mark.django_db


def stored(store) -> list[str]:
    root = Path(store.location)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_pruning_deletes_only_old_letters_no_registration_names(missions, session, document_store):
    kept = registered(missions, session).letter.name
    orphan = document_store.save(f"letters/{session.pk}/orphan.pdf", io.BytesIO(b"%PDF-left"))
    young = document_store.save(f"letters/{session.pk}/young.pdf", io.BytesIO(b"%PDF-young"))
    two_days_ago = time.time() - 2 * 24 * 3600
    for name in (orphan, kept):
        os.utime(document_store.path(name), (two_days_ago, two_days_ago))
    out = io.StringIO()
    call_command("prune_registration_letters", stdout=out)
    assert out.getvalue() == "Deleted 1 stored letters no registration names.\n"
    assert stored(document_store) == sorted([kept, young])
