"""Citations in the reader's language: each place a document gives has its words in French and
Spanish; a citation with any other part stays whole, in English."""

import pytest
from django.utils import translation

from governance.domain.citations import localized_citation, resolution_name


@pytest.mark.parametrize(
    ("citation", "fr", "es"),
    [
        ("MC/2278, paragraph 25", "MC/2278, paragraphe 25", "MC/2278, párrafo 25"),
        (
            "MC/2278, paragraph 30, footnote 2",
            "MC/2278, paragraphe 30, note 2",
            "MC/2278, párrafo 30, nota 2",
        ),
        ("MC/2278, paragraphs 25-30", "MC/2278, paragraphes 25 à 30", "MC/2278, párrafos 25 a 30"),
        (
            "MC/INF/302, Annex: Resolution No. 1150 (XCIII), operative paragraph 2",
            "MC/INF/302, Annexe: Résolution n° 1150 (XCIII), paragraphe 2 du dispositif",
            "MC/INF/302, Anexo: Resolución n.º 1150 (XCIII), párrafo 2 de la parte dispositiva",
        ),
        (
            "MC/INF/262, Annex I (MC/1842), paragraph 13",
            "MC/INF/262, Annexe I (MC/1842), paragraphe 13",
            "MC/INF/262, Anexo I (MC/1842), párrafo 13",
        ),
        (
            "MC/1842, paragraph 33 (annexed to MC/INF/262)",
            "MC/1842, paragraphe 33 (annexé au MC/INF/262)",
            "MC/1842, párrafo 33 (anexo al MC/INF/262)",
        ),
        ("MC/2278, page headers", "MC/2278, en-têtes de page", "MC/2278, encabezados de página"),
        (
            "MC/INF/302, Annex, Part II",
            "MC/INF/302, Annexe, Partie II",
            "MC/INF/302, Anexo, Parte II",
        ),
    ],
)
def test_a_citation_of_known_places_reads_in_french_and_spanish(citation, fr, es):
    for language, expected in (("fr", fr), ("es", es)):
        with translation.override(language):
            assert localized_citation(citation) == expected


@pytest.mark.parametrize(
    "citation",
    [
        "DG slides, 5 Dec 2008, Looking Ahead",
        "IOM input, 10th UN Coordination Meeting",
        'MC/2278, staff table "Observers and non-Members", 31 December 2008',
    ],
)
def test_a_citation_with_an_untranslatable_part_is_not_translated_at_all(citation):
    with translation.override("fr"):
        assert localized_citation(citation) is None


def test_in_english_a_citation_reads_as_written():
    with translation.override("en"):
        assert localized_citation("MC/2278, paragraph 30, footnote 2") == (
            "MC/2278, paragraph 30, footnote 2"
        )
        assert resolution_name(1150, "XCIII") == "Resolution No. 1150 (XCIII)"
