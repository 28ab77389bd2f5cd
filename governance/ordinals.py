# TEMP STUB: replaced by the real module (branch `pure`).
_WORDS = {
    "en": {
        96: "Ninety-sixth",
        95: "Ninety-fifth",
        105: "Hundred and fifth",
        2: "Second",
        4: "Fourth",
    },
    "fr": {96: "Quatre-vingt-seizième", 95: "Quatre-vingt-quinzième"},
    "es": {96: "Nonagésima sexta", 95: "Nonagésima quinta"},
}


def ordinal_words(n, lang="en", *, feminine=True):
    return _WORDS.get(lang, {}).get(n, f"N{n}")


def ordinal_number(n, lang="en", *, feminine=True):
    return f"{n}th"
