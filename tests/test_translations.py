"""The French and Spanish catalogues (locale/*/LC_MESSAGES/django.po, the source of the translations)
hold every string the code marks, each one translated with the same placeholders, and the compiled
.mo that Django reads says the same as the .po."""

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["fr", "es"]
# What `make messages` need not see: version control, the virtualenv, caches and generated output.
NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "var",
    "staticfiles",
    "artifacts",
    "__pycache__",
    "*.pyc",
    ".*_cache",
    ".hypothesis",
)
# %(name)s, %s, %d...; {name} and {} for str.format. "%%" is a literal percent sign.
PERCENT = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa])")
BRACE = re.compile(r"\{(\w*)[^{}]*\}")


def catalogue(lang: str, root: Path = ROOT) -> polib.POFile:
    return polib.pofile(str(root / "locale" / lang / "LC_MESSAGES" / "django.po"))


def translations(entries) -> dict:
    """(context, msgid) -> what it is translated to, for comparing catalogues (locations left out)."""
    return {
        (entry.msgctxt, entry.msgid): (
            entry.msgid_plural,
            entry.msgstr,
            dict(sorted(entry.msgstr_plural.items())),
            sorted(getattr(entry, "flags", [])),
        )
        for entry in entries
        if entry.msgid
    }


def placeholders(text: str, brace: bool) -> Counter:
    text = text.replace("%%", "")
    found = Counter(
        f"%({name}){kind}" if name else f"%{kind}" for name, kind in PERCENT.findall(text)
    )
    if brace:
        found.update(f"{{{name}}}" for name in BRACE.findall(text))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_interface_string_is_translated_and_none_is_fuzzy(lang):
    po = catalogue(lang)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    assert len(po) > 200


@pytest.mark.parametrize("lang", LANGS)
def test_every_plural_has_each_form_the_language_counts(lang):
    """Django's Spanish has three plural forms (1, millions, the rest): a plural translated in
    only two shows its English for 30 days."""
    po = catalogue(lang)
    forms = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"])[1])
    short = [
        entry.msgid
        for entry in po
        if entry.msgid_plural
        and sorted(k for k, v in entry.msgstr_plural.items() if v) != list(range(forms))
    ]
    assert short == []


def test_the_catalogues_hold_every_string_the_code_marks_and_nothing_else(tmp_path):
    """`make messages` run on a copy of the tree changes no entry: no string the code marks is
    missing (it would come in untranslated) and none the code dropped is left over."""
    for tool in ("make", "xgettext", "msgmerge", "msgfmt"):
        if shutil.which(tool) is None:
            require_service(tool, "makemessages needs GNU gettext (apt-get install gettext make)")
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCE)
    # -o install: the virtualenv this test runs in is the one to use, as it is.
    result = subprocess.run(
        ["make", "-s", "-o", "install", "messages", f"BIN={Path(sys.executable).parent}"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in LANGS:
        assert translations(catalogue(lang, copy)) == translations(catalogue(lang)), (
            f"locale/{lang}: the catalogue is not what `make messages` makes of the code; run it "
            "and translate the new entries (or drop the stale ones)"
        )


@pytest.mark.parametrize("lang", LANGS)
def test_a_translation_has_the_placeholders_of_its_source(lang):
    wrong = []
    for entry in catalogue(lang):
        brace = "python-brace-format" in entry.flags
        if entry.msgid_plural:
            expected = placeholders(entry.msgid_plural, brace)
            forms = entry.msgstr_plural.values()
        else:
            expected = placeholders(entry.msgid, brace)
            forms = [entry.msgstr]
        wrong += [(entry.msgid, form) for form in forms if placeholders(form, brace) != expected]
    assert wrong == []


def test_placeholders_are_counted_by_name_and_kind():
    assert placeholders("%(count)d updates, 100%% sure, %s", brace=False) == Counter(
        {"%(count)d": 1, "%s": 1}
    )
    assert placeholders("{name} and {}", brace=True) == Counter({"{name}": 1, "{}": 1})
    assert placeholders("%(days)s jours", brace=False) != placeholders("%(day)s days", brace=False)


@pytest.mark.parametrize("lang", LANGS)
def test_the_compiled_catalogue_matches_the_source(lang):
    folder = ROOT / "locale" / lang / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    mo = polib.mofile(str(folder / "django.mo"))
    # The .mo keeps no flags; a fuzzy entry is left out of it (and fails the test above).
    source = {key: value[:3] for key, value in translations(po.translated_entries()).items()}
    compiled = {key: value[:3] for key, value in translations(mo).items()}
    assert compiled == source, f"locale/{lang}: the .mo is stale; run `make messages`"
    assert any(e.msgid_plural for e in mo)


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "Server error"), ("fr", "Erreur du serveur"), ("es", "Error del servidor")],
)
def test_the_server_error_page_is_in_the_readers_language(lang, title):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(lang):
        page = render_to_string("500.html")
    assert f'<html lang="{lang}">' in page
    assert f"<title>{title}</title>" in page
