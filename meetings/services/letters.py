"""Delegations' letters left in the store that no registration names any more."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from governance.services.files import stored_files
from meetings.models import Registration


def registration_letters_prune(*, older_than: dt.timedelta) -> list[str]:
    """Delete the stored letters no registration names, stored more than ``older_than`` ago (a
    younger one may belong to an upload whose transaction has not committed yet); their names.

    A letter is left behind when the transaction around `registration_letter_attach` rolls back
    after the file was stored."""
    storage = Registration._meta.get_field("letter").storage
    named = set(Registration.objects.exclude(letter="").values_list("letter", flat=True))
    before = timezone.now() - older_than
    removed = []
    for name in stored_files(storage, "letters"):
        if name not in named and storage.get_modified_time(name) < before:
            storage.delete(name)
            removed.append(name)
    return removed
