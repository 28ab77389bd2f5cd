from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.domain.honorifics import HONORIFICS, honorific_in
from governance.domain.languages import in_language, language_code, place_label


@pytest.mark.parametrize(
    ("stored", "lang", "shown"),
    [
        ("Mr.", "fr", ("M.", "fr")),
        ("Mr.", "es", ("Sr.", "es")),
        ("Ms.", "fr", ("Mme", "fr")),
        ("H.E. Mrs.", "fr", ("S.E. Mme", "fr")),
        ("H.E. Mrs.", "es", ("S.E. Sra.", "es")),
        ("H.E. Mr.", "es-mx", ("S.E. Sr.", "es")),
        ("Mr.", "en", ("Mr.", "en")),
        ("Rt. Hon.", "fr", ("Rt. Hon.", "en")),
        ("H.E. Rt. Hon.", "es", ("H.E. Rt. Hon.", "en")),  # never half translated
        ("", "fr", ("", "en")),
    ],
)
def test_honorifics(stored, lang, shown):
    assert honorific_in(stored, lang) == shown


@given(st.lists(st.sampled_from(sorted(HONORIFICS)), min_size=1, max_size=3))
def test_known_honorifics_are_translated_word_by_word_in_french_and_spanish(words):
    for lang in ("fr", "es"):
        text, text_lang = honorific_in(" ".join(words), lang)
        assert text_lang == lang and len(text.split()) == len(words)


@given(st.text(max_size=30), st.text(max_size=30), st.sampled_from(["en", "fr", "es", "de", ""]))
def test_a_version_is_used_only_when_given_and_the_language_says_which(original, french, lang):
    record = SimpleNamespace(title=original, title_fr=french, title_es="")
    text, text_lang = in_language(record, "title", lang)
    if lang == "fr" and french:
        assert (text, text_lang) == (french, "fr")
    else:
        assert (text, text_lang) == (original, "en")


def test_language_codes_and_place_labels():
    assert [language_code(x) for x in ("fr-ch", "ES", None, "de")] == ["fr", "es", "en", "en"]
    assert place_label("Geneva", "Geneva") == "Geneva"
    assert place_label("United Nations Headquarters", "New York") == (
        "United Nations Headquarters, New York"
    )
    assert place_label("Botswana", "") == "Botswana"
