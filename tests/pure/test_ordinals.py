import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.domain.ordinals import ordinal_number, ordinal_words, parse_ordinal

N = st.integers(min_value=1, max_value=200)


@pytest.mark.parametrize(
    ("n", "en", "fr", "es"),
    [
        (1, "First", "Première", "Primera"),
        (2, "Second", "Deuxième", "Segunda"),
        (21, "Twenty-first", "Vingt et unième", "Vigésima primera"),
        (71, "Seventy-first", "Soixante et onzième", "Septuagésima primera"),
        (80, "Eightieth", "Quatre-vingtième", "Octogésima"),
        (96, "Ninety-sixth", "Quatre-vingt-seizième", "Nonagésima sexta"),
        (99, "Ninety-ninth", "Quatre-vingt-dix-neuvième", "Nonagésima novena"),
        (100, "Hundredth", "Centième", "Centésima"),
        (105, "Hundred and fifth", "Cent cinquième", "Centésima quinta"),
        (120, "Hundred and twentieth", "Cent vingtième", "Centésima vigésima"),
        (121, "Hundred and twenty-first", "Cent vingt et unième", "Centésima vigésima primera"),
        (200, "Two hundredth", "Deux centième", "Ducentésima"),
        (201, "Two hundred and first", "Deux cent unième", "Ducentésima primera"),
    ],
)
def test_ordinal_words_in_three_languages(n, en, fr, es):
    assert (ordinal_words(n), ordinal_words(n, "fr"), ordinal_words(n, "es")) == (en, fr, es)


def test_masculine_forms():
    assert (ordinal_words(1, "fr", feminine=False), ordinal_words(1, "es", feminine=False)) == (
        "Premier",
        "Primero",
    )


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Ninety-sixth", 96),
        ("ninety sixth", 96),
        ("NINETY-NINTH", 99),
        ("Ninety Seventh", 97),
        ("Hundred and fifth", 105),
        ("Hundred and Sixth", 106),
        ("One hundred and fifth", 105),
        ("Hundredth", 100),
        ("100th", 100),
        ("96th", 96),
        ("Twenty First", 21),
        ("Second", 2),
    ],
)
def test_parse_the_forms_the_texts_use(text, n):
    assert parse_ordinal(text) == n


@pytest.mark.parametrize("bad", ["", "Ninety", "sixth-ninety", "96", "Hundred and", "first second"])
def test_parse_refuses_what_is_not_an_ordinal(bad):
    with pytest.raises(ValueError, match="is not an English ordinal"):
        parse_ordinal(bad)


@given(N)
def test_words_round_trip_in_every_written_variant(n):
    words = ordinal_words(n)
    assert parse_ordinal(words) == n
    assert parse_ordinal(words.upper()) == n
    assert parse_ordinal(words.replace("-", " ")) == n


@given(N)
def test_numbers_round_trip(n):
    assert parse_ordinal(ordinal_number(n)) == n


@given(N, st.sampled_from(["en", "fr", "es"]))
def test_words_start_with_a_capital_and_never_say_one_hundred(n, lang):
    words = ordinal_words(n, lang)
    assert words[0].isupper()
    assert not words.lower().startswith(("one hundred", "un cent"))


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_words_are_unique_per_number(lang):
    words = [ordinal_words(n, lang) for n in range(1, 201)]
    assert len(set(words)) == 200


def test_ordinal_numbers():
    assert [ordinal_number(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 96, 101, 111, 112)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "96th",
        "101st",
        "111th",
        "112th",
    ]
    assert (ordinal_number(1, "fr"), ordinal_number(96, "fr"), ordinal_number(96, "es")) == (
        "1re",
        "96e",
        "96.ª",
    )


@pytest.mark.parametrize("bad", [0, -1, 1000])
def test_out_of_range(bad):
    with pytest.raises(ValueError):
        ordinal_words(bad)


def test_unknown_language():
    with pytest.raises(ValueError, match="No ordinals for language 'de'"):
        ordinal_words(3, "de")
