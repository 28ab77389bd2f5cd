"""One-line text: which characters a name or title refuses, and how a subject is made one line."""

import sys
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from governance.validators import (
    CONTROL_CHARACTERS,
    REFUSED_CATEGORIES,
    single_line,
    validate_single_line,
)


def test_the_refused_characters_are_exactly_unicode_categories_cc_cs_zl_and_zp():
    refused = {c for c in range(sys.maxunicode + 1) if CONTROL_CHARACTERS.match(chr(c))}
    by_category = {
        c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in REFUSED_CATEGORIES
    }
    assert refused == by_category
    assert {0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x85, 0x2028, 0x2029} <= refused


@pytest.mark.parametrize(
    "text",
    ["Session\r\nBcc: x@example.org", "Tab\tin a title", "NUL\x00", "Line\u2028separator", "\x85"],
)
def test_a_line_break_tab_or_other_control_character_is_refused_with_where_it_is(text):
    with pytest.raises(ValidationError) as raised:
        validate_single_line(text)
    (error,) = raised.value.error_list
    assert error.code == "control_character"
    found = CONTROL_CHARACTERS.search(text)
    assert error.params == {
        "character": f"U+{ord(found.group()):04X}",
        "position": found.start() + 1,
    }


@pytest.mark.parametrize(
    "text",
    [
        "Conseil d'administration",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian with a zero-width non-joiner (Cf)
        "\u200f\u05e9\u05dc\u05d5\u05dd",  # a right-to-left mark before a Hebrew name (Cf)
        "Inter\u00adgovernmental",  # soft hyphen (Cf)
        "Ministerial Conference 👩\u200d💼",  # emoji with a zero-width joiner (Cf)
        "\ue000 private use",  # Co
    ],
)
def test_format_characters_that_scripts_need_are_accepted(text):
    validate_single_line(text)


def test_the_message_says_which_character_in_english_french_and_spanish():
    messages = {}
    for lang in ("en", "fr", "es"):
        with translation.override(lang):
            with pytest.raises(ValidationError) as raised:
                validate_single_line("A\nB")
            messages[lang] = raised.value.messages[0]
    assert messages == {
        "en": "Names and titles are one line of plain text: remove the control character "
        "U+000A at position 2.",
        "fr": "Les noms et les titres tiennent sur une ligne de texte simple : retirez le "
        "caractère de contrôle U+000A en position 2.",
        "es": "Los nombres y los títulos son una línea de texto simple: quite el carácter de "
        "control U+000A en la posición 2.",
    }


def test_single_line_makes_each_run_of_control_characters_one_space():
    assert single_line("Retreat\r\n  Bcc: x@example.org\t\x00") == "Retreat Bcc: x@example.org"
    assert single_line("Plain title") == "Plain title"


@given(st.text())
def test_single_line_always_gives_text_the_validator_accepts(text):
    validate_single_line(single_line(text))
