"""French and Spanish catalogues are complete and compiled."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_interface_string_is_translated(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()] + [
        e.msgid for e in po.fuzzy_entries()
    ]
    assert untranslated == []
    assert len(po) > 200


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_compiled_catalogue_matches_the_source(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))
    assert {e.msgid: e.msgstr for e in po if not e.msgid_plural} == {
        e.msgid: e.msgstr for e in mo if not e.msgid_plural
    }
