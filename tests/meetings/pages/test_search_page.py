"""The search page, /search/?q=: the box on every page, hits with their chain, snippets and PDF
page numbers, facets that filter, pages, "Did you mean", refused input in the reader's language,
who searches (a Member State's users), a fixed query cost and the page cache."""

from __future__ import annotations

import datetime as dt
import re

import html5lib
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config.caching import data_version_bump
from governance.models import DocumentVersion
from governance.services import document_file_attach
from governance.services.search_index import search_index_rebuild
from meetings.selectors import search_readers
from tests.factories import BodyFactory, DocumentFactory, SessionFactory
from tests.factories.files import pdf_bytes, upload
from tests.meetings.portal.conftest import (  # noqa: F401 (fixtures, used by name)
    Missions,
    fast_passwords,
    missions,
    signed_in,
)

pytestmark = pytest.mark.django_db

LANGS = ("en", "fr", "es")


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def tree(response):
    return html5lib.parse(response.content.decode(), namespaceHTMLElements=False)


def hit_links(response) -> list[str]:
    """The href of each hit's title, in rank order."""
    return [a.get("href") for a in tree(response).iterfind(".//ol[@class='hits']/li/p/a")]


def chain_of(response, index: int = 0) -> list[str]:
    hit = tree(response).findall(".//ol[@class='hits']/li")[index]
    return [a.text for a in hit.iterfind(".//ul[@class='chain']/li/a")]


def facet_links(response) -> dict[str, list[tuple[str, int, str]]]:
    """Each facet's heading and its links: (label, count, href)."""
    nav = tree(response).find(".//nav[@class='facets']")
    facets: dict[str, list[tuple[str, int, str]]] = {}
    heading = ""
    for element in nav:
        if element.tag == "h3":
            heading = element.text
            facets[heading] = []
        elif element.tag == "ul":
            for item in element:
                link = item.find("a")
                count = item.find("span")
                if link is not None and count is not None:
                    number = int(count.text.strip("()"))
                    facets[heading].append((link.text, number, link.get("href")))
    return facets


@pytest.fixture
def chain():
    """MC/2216 with its corrigendum and the corrigendum's revision, a paper with a PDF whose
    third page holds a word, and a restricted paper."""
    BodyFactory.create()
    original = DocumentFactory.create(symbol="MC/2216", title="Budget revision for 2009")
    corr = DocumentFactory.create(symbol="MC/2216/Corr.1", title="Corrigendum to the budget")
    rev = DocumentFactory.create(symbol="MC/2216/Corr.1/Rev.1", title="Revised corrigendum")
    assert (corr.parent, rev.parent) == (original, corr)
    paper = DocumentFactory.create(symbol="MC/2300", title="Programme and budget")
    document_file_attach(
        version=DocumentVersion.objects.create(document=paper, language="en"),
        upload=upload("p.pdf", pdf_bytes("Introduction", "Staff costs", "Heliotrope reserve fund")),
    )
    DocumentFactory.create(
        symbol="MC/2301",
        title="Arrears of Member States with restricted quince",
        access="restricted",
    )
    search_index_rebuild()


# --- the box on every page ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "path", ["/", "/calendar/", "/documents/", "/bodies/", "/search/", "/portal/sign-in/"]
)
def test_every_page_has_the_search_box_with_its_label(client, lang, path):
    page = tree(client.get(path, HTTP_ACCEPT_LANGUAGE=lang))
    form = page.find(".//header/form[@class='site-search']")
    assert (form.get("action"), form.get("method"), form.get("role")) == (
        "/search/",
        "get",
        "search",
    )
    label, field, button = form.find("label"), form.find("input"), form.find("button")
    assert label.get("for") == field.get("id") == "site-search-q"
    assert (field.get("name"), field.get("type"), field.get("maxlength")) == ("q", "search", "200")
    assert (label.text, button.text) == {
        "en": ("Search the calendar", "Search"),
        "fr": ("Rechercher dans le calendrier", "Rechercher"),
        "es": ("Buscar en el calendario", "Buscar"),
    }[lang]


# --- hits -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["mc 2216 corr 1", "MC/2216/Corr.1", "MC 2216 Corr. 1"])
def test_a_symbol_as_delegates_type_it_finds_that_document_first(client, chain, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert hit_links(response)[0] == "/documents/MC/2216/Corr.1/"


def test_a_document_shows_its_corrigenda_and_revisions_under_it(client, chain):
    response = client.get("/search/", {"q": "MC/2216"})
    assert hit_links(response)[0] == "/documents/MC/2216/"
    assert chain_of(response) == ["MC/2216/Corr.1", "MC/2216/Corr.1/Rev.1"]


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "page 3"), ("fr", "page 3"), ("es", "página 3")]
)
def test_a_word_inside_a_pdf_gives_its_page(client, chain, lang, words):
    response = client.get("/search/", {"q": "heliotrope"}, HTTP_ACCEPT_LANGUAGE=lang)
    hit = tree(response).find(".//ol[@class='hits']/li")
    assert hit.find("p/a").get("href") == "/documents/MC/2300/"
    assert words in "".join(hit.find("p[@class='hit-meta']").itertext())
    snippet = hit.find("p[@class='snippet']")
    assert [m.text.lower() for m in snippet.iterfind("mark")] == ["heliotrope"]
    # The text is the English version's: marked so on a French or Spanish page.
    assert snippet.get("lang") == (None if lang == "en" else "en")


def test_a_snippet_escapes_what_the_record_holds(client):
    DocumentFactory.create(symbol="MC/2400", title="Budget <script>alert(1)</script> overview")
    search_index_rebuild()
    body = client.get("/search/", {"q": "overview"}).content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_reads_in_the_readers_language(client, chain, lang):
    response = client.get("/search/", {"q": "budget"}, HTTP_ACCEPT_LANGUAGE=lang)
    page = tree(response)
    assert page.find(".").get("lang") == lang
    title = page.find(".//title").text.replace("\xa0", " ")
    words = {
        "en": ("Search: budget", "Refine", "Kind", "Document"),
        "fr": ("Recherche : budget", "Affiner", "Type", "Document"),
        "es": ("Búsqueda: budget", "Refinar", "Tipo", "Documento"),
    }[lang]
    assert title.startswith(words[0] + " · ")
    facets = page.find(".//nav[@class='facets']")
    assert facets.find("h2").text == words[1]
    assert facets.find("h3").text == words[2]
    meta = page.find(".//ol[@class='hits']/li/p[@class='hit-meta']")
    assert "".join(meta.itertext()).startswith(words[3])


# --- facets and pages -------------------------------------------------------------------------


@pytest.fixture
def many():
    """45 budget papers of the Council (2008) and 5 of the SCPF (2009)."""
    council = BodyFactory.create(acronym="MC")
    scpf = BodyFactory.create(
        key="scpf", name="Standing Committee", acronym="SCPF", document_series="SCPF"
    )
    for n in range(45):
        DocumentFactory.create(symbol=f"MC/{3100 + n}", title=f"Budget paper {n}")
    session = SessionFactory.create(body=scpf, start_date=dt.date(2009, 5, 5))
    for n in range(5):
        document = DocumentFactory.create(
            symbol=f"SCPF/{40 + n}", title=f"Budget note {n}", issued_on=session.start_date
        )
        session.session_documents.create(document=document)
    assert council.key == "council"
    search_index_rebuild()


def test_facets_are_links_that_filter_and_their_counts_are_the_filtered_totals(client, many):
    response = client.get("/search/", {"q": "budget"})
    facets = facet_links(response)
    assert set(facets) == {"Kind", "Body", "Year", "Language"}
    total = int(re.search(r"(\d+) results", text(response)).group(1))
    for name, links in facets.items():
        assert links, name
        if name != "Language":  # one hit may be in several languages
            assert sum(count for _label, count, _url in links) == total, name
        for _label, count, url in links:
            filtered = client.get(url)
            assert filtered.status_code == 200
            assert f"{count} result" in text(filtered), url
            assert "page=" not in url
    # A chosen value is shown as chosen, with a link back to any value.
    year = dict((label, url) for label, _count, url in facets["Year"])["2009"]
    chosen = tree(client.get(year)).find(".//nav[@class='facets']//strong[@aria-current='true']")
    assert chosen.text == "2009"


def test_pages_of_twenty_with_previous_and_next(client, many):
    first = client.get("/search/", {"q": "budget"})
    assert len(hit_links(first)) == search_readers.PER_PAGE
    pages = tree(first).find(".//nav[@class='pages']")
    assert [a.get("rel") for a in pages.iterfind(".//a")] == ["next"]
    assert "Page 1 of 3" in text(first)
    second = client.get(pages.find(".//a").get("href"))
    assert "Page 2 of 3" in text(second)
    rels = {a.get("rel"): a.get("href") for a in tree(second).iterfind(".//nav[@class='pages']//a")}
    assert rels["prev"] == "/search/?q=budget"
    last = client.get(rels["next"])
    assert len(hit_links(last)) == 50 - 2 * search_readers.PER_PAGE
    assert not set(hit_links(last)) & set(hit_links(first)) | set(hit_links(second)) & set(
        hit_links(last)
    )


def test_nothing_found_suggests_the_closest_names(client, many):
    # Nothing of that kind matches: the names closest to the words are offered, without the filter.
    response = client.get("/search/", {"q": "Standing Comittee", "kind": "meeting"})
    assert hit_links(response) == []
    suggestions = tree(response).find(".//p[@class='suggestions']")
    assert [a.text for a in suggestions.iterfind("a")] == ["Standing Committee (SCPF)"]
    link = suggestions.find("a").get("href")
    assert link == "/search/?q=Standing+Committee+%28SCPF%29"
    assert "/bodies/scpf/" in hit_links(client.get(link))


# --- refused input ----------------------------------------------------------------------------


def test_an_empty_query_shows_the_form_and_says_what_to_type(client):
    assert "One search finds sessions" in text(client.get("/search/"))
    for query in ("", "   "):
        response = client.get("/search/", {"q": query}, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        assert "Tapez ce que vous cherchez" in text(response)


@pytest.mark.parametrize(
    ("params", "lang", "message"),
    [
        ({"q": "x" * 201}, "en", "The search is too long: at most 200 characters (it has 201)."),
        (
            {"q": "x" * 201},
            "fr",
            "La recherche est trop longue : 200 caractères au plus (elle en a 201).",
        ),
        (
            {"q": "x" * 201},
            "es",
            "La búsqueda es demasiado larga: 200 caracteres como máximo (tiene 201).",
        ),
        (
            {"q": "budget", "page": "0"},
            "en",
            "Page: Ensure this value is greater than or equal to 1.",
        ),
        ({"q": "budget", "page": "two"}, "fr", "Page : Saisissez un nombre entier."),
        (
            {"q": "budget", "page": "51"},
            "en",
            "Page: Ensure this value is less than or equal to 50.",
        ),
        ({"q": "budget", "page": "3"}, "es", "No hay página 3: los resultados ocupan 1."),
        (
            {"q": "budget", "kind": "spaceship"},
            "en",
            "Kind: Select a valid choice. spaceship is not one of the available choices.",
        ),
        (
            {"q": "budget", "year": "1800"},
            "fr",
            "Année : Assurez-vous que cette valeur est supérieure ou égale à 1950.",
        ),
        ({"q": "budget", "year": "20x9"}, "en", "Year: Enter a whole number."),
        (
            {"q": "budget", "body": "<council>"},
            "es",
            "Órgano: Este no es un órgano del calendario.",
        ),
        (
            {"q": "budget", "language": "de"},
            "en",
            "Language: Select a valid choice. de is not one of the available choices.",
        ),
        ({"q": "budget\x00"}, "en", "Null characters are not allowed."),
    ],
)
def test_refused_input_is_a_400_saying_why_in_the_readers_language(
    client, chain, params, lang, message
):
    response = client.get("/search/", params, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 400
    errors = tree(response).findall(".//div[@class='errors']/ul/li")
    shown = [" ".join("".join(li.itertext()).replace("\xa0", " ").split()) for li in errors]
    assert shown == [message]
    assert not hit_links(response)


# --- who searches -----------------------------------------------------------------------------


def test_a_member_states_user_also_finds_what_is_restricted_to_member_states(
    chain,
    missions,  # noqa: F811 (the fixture imported above)
):
    query = {"q": "quince"}
    assert hit_links(Client().get("/search/", query)) == []
    assert hit_links(signed_in(missions.a_delegate).get("/search/", query)) == [
        "/documents/MC/2301/"
    ]
    # An observer's users, and a focal point short of the second factor, see what the public sees.
    assert hit_links(signed_in(missions.observer_focal).get("/search/", query)) == []
    unverified = Client()
    unverified.force_login(missions.a_focal.user)
    assert hit_links(unverified.get("/search/", query)) == []


def test_a_signed_in_readers_page_is_private_and_never_kept(
    chain,
    missions,  # noqa: F811
):
    member = signed_in(missions.a_delegate)
    response = member.get("/search/", {"q": "quince"})
    assert "private" in response["Cache-Control"]
    # The anonymous reader after them gets the public page, not the member's.
    assert hit_links(Client().get("/search/", {"q": "quince"})) == []


# --- cost and cache -----------------------------------------------------------------------------


# Exactly the selector's queries (facets, the page, its rows): nothing more for the page.
PAGE_QUERIES = 3
# A symbol: its facets, its page, its rows, and its chain.
PAGE_QUERIES_SYMBOL = 4


def test_the_page_costs_a_fixed_number_of_queries(client, settings):
    settings.PAGE_CACHE = False
    BodyFactory.create()
    counts = []
    for more in (25, 60):
        start = len(DocumentFactory._meta.model.objects.all())
        for n in range(start, start + more):
            original = DocumentFactory.create(symbol=f"MC/{5000 + n}", title=f"Budget item {n}")
            DocumentFactory.create(symbol=f"{original.symbol}/Corr.1", title=f"Budget fix {n}")
        search_index_rebuild()
        data_version_bump()  # the selector keeps whole results under the data version
        for params in (
            {"q": "budget"},
            {"q": "budget", "kind": "document", "page": "2"},
            {"q": "mc 5000"},
        ):
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/search/", params)
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts == [PAGE_QUERIES, PAGE_QUERIES, PAGE_QUERIES_SYMBOL] * 2, counts


def test_a_search_is_kept_in_the_page_cache_until_the_data_changes(client, chain):
    client.get("/search/", {"q": "budget"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/search/", {"q": "budget"})
    assert (again.status_code, len(queries)) == (200, 0)
    assert "public" in again["Cache-Control"] and "max-age=300" in again["Cache-Control"]
    data_version_bump()
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "budget"})
    assert len(queries) > 0
