"""GET /api/v1/search/: the fields of a hit, facets, pages, suggestions, the API's validation
errors in the client's language, who searches, a fixed query cost, and its OpenAPI description."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from config.caching import data_version_bump
from governance.services.search_index import search_index_rebuild
from meetings.selectors import search_readers
from meetings.selectors.search import SearchHit
from tests.factories import BodyFactory, DocumentFactory
from tests.meetings.portal.conftest import (  # noqa: F401 (fixtures, used by name)
    Missions,
    fast_passwords,
    missions,
    signed_in,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"
HIT_FIELDS = [f.name for f in dataclasses.fields(SearchHit)]


@pytest.fixture
def papers():
    """MC/2216 with its chain, 44 more budget papers, and one restricted to Member States."""
    BodyFactory.create()
    DocumentFactory.create(symbol="MC/2216", title="Budget revision for 2009")
    DocumentFactory.create(symbol="MC/2216/Corr.1", title="Corrigendum to the budget")
    DocumentFactory.create(symbol="MC/2216/Corr.1/Rev.1", title="Revised corrigendum")
    for n in range(44):
        DocumentFactory.create(symbol=f"MC/{3100 + n}", title=f"Budget paper {n}")
    DocumentFactory.create(symbol="MC/2301", title="Restricted quince arrears", access="restricted")
    search_index_rebuild()


def test_a_hit_has_the_fields_of_a_search_hit_and_its_chain(papers):
    body = APIClient().get(URL, {"q": "mc 2216"}).json()
    assert list(body) == [
        "query",
        "total",
        "page",
        "pages",
        "next",
        "previous",
        "results",
        "facets",
        "suggestions",
    ]
    first = body["results"][0]
    assert sorted(first) == sorted(HIT_FIELDS)
    assert (first["kind"], first["key"], first["path"], first["symbol"]) == (
        "document",
        "MC/2216",
        "/documents/MC/2216/",
        "MC/2216",
    )
    assert [c["symbol"] for c in first["children"]] == ["MC/2216/Corr.1", "MC/2216/Corr.1/Rev.1"]
    assert sorted(first["children"][0]) == sorted(f for f in HIT_FIELDS if f != "children")
    assert list(body["facets"]) == ["kind", "body", "year", "language"]
    assert body["query"] == "mc 2216"


def test_facets_count_what_their_filter_returns(papers):
    api = APIClient()
    body = api.get(URL, {"q": "budget"}).json()
    for name in ("kind", "body", "year", "language"):
        for value in body["facets"][name]:
            assert set(value) == {"value", "label", "count"}
            filtered = api.get(URL, {"q": "budget", name: value["value"]})
            assert filtered.status_code == 200, (name, value)
            assert filtered.json()["total"] == value["count"], (name, value)


def test_facet_labels_follow_the_clients_language(papers):
    labels = {
        lang: [
            v["label"]
            for v in APIClient()
            .get(URL, {"q": "budget"}, HTTP_ACCEPT_LANGUAGE=lang)
            .json()["facets"]["kind"]
        ]
        for lang in ("en", "fr", "es")
    }
    assert labels == {"en": ["Document"], "fr": ["Document"], "es": ["Documento"]}


def test_pages_link_to_each_other_and_stop_at_the_last(papers):
    api = APIClient()
    first = api.get(URL, {"q": "budget"}).json()
    assert (first["page"], first["pages"], first["previous"]) == (1, 3, None)
    assert len(first["results"]) == search_readers.PER_PAGE
    assert first["next"] == "http://testserver/api/v1/search/?page=2&q=budget"
    second = api.get(first["next"]).json()
    assert second["previous"] == "http://testserver/api/v1/search/?q=budget"
    last = api.get(second["next"]).json()
    assert (last["page"], last["next"], len(last["results"])) == (3, None, first["total"] - 40)
    keys = [hit["key"] for page in (first, second, last) for hit in page["results"]]
    assert len(keys) == len(set(keys)) == first["total"]


@pytest.mark.parametrize(
    ("params", "lang", "errors"),
    [
        ({}, "en", {"q": ["Type what you are looking for: words, a name or a document symbol."]}),
        (
            {"q": "  "},
            "fr",
            {
                "q": [
                    "Tapez ce que vous cherchez\xa0: des mots, un nom ou la cote d\u2019un document."
                ]
            },
        ),
        ({"q": "x" * 201}, "en", {"q": ["The search is too long: at most 200 characters."]}),
        (
            {"q": "x" * 201},
            "es",
            {"q": ["La búsqueda es demasiado larga: 200 caracteres como máximo."]},
        ),
        (
            {"q": "budget", "page": "0"},
            "en",
            {"page": ["Ensure this value is greater than or equal to 1."]},
        ),
        (
            {"q": "budget", "page": "51"},
            "en",
            {"page": ["Ensure this value is less than or equal to 50."]},
        ),
        ({"q": "budget", "page": "4"}, "en", {"page": ["There is no page 4: the results fill 3."]}),
        ({"q": "budget", "page": "x"}, "en", {"page": ["A valid integer is required."]}),
        ({"q": "budget", "kind": "ship"}, "en", {"kind": ['"ship" is not a valid choice.']}),
        (
            {"q": "budget", "year": "1800"},
            "en",
            {"year": ["Ensure this value is greater than or equal to 1950."]},
        ),
        ({"q": "budget", "body": "a/b"}, "en", {"body": ["This is not a body of the calendar."]}),
        ({"q": "budget", "language": "de"}, "en", {"language": ['"de" is not a valid choice.']}),
        ({"q": "bud\x00get"}, "en", {"q": ["Null characters are not allowed."]}),
    ],
)
def test_refused_parameters_are_the_apis_400_by_field(papers, params, lang, errors):
    response = APIClient().get(URL, params, HTTP_ACCEPT_LANGUAGE=lang)
    assert (response.status_code, response.json()) == (400, errors)


def test_nothing_found_gives_suggestions_and_no_facet_values(papers):
    body = APIClient().get(URL, {"q": "Budgett revisoin"}).json()
    if body["total"]:
        pytest.skip("the words matched")
    assert body["results"] == [] and body["pages"] in (0, 1)
    assert all(values == [] for values in body["facets"].values())


def test_anonymous_clients_and_observers_never_see_what_is_restricted(
    papers,
    missions,  # noqa: F811 (the fixture imported above)
):
    def keys(client) -> list[str]:
        return [hit["key"] for hit in client.get(URL, {"q": "quince"}).json()["results"]]

    assert keys(APIClient()) == []
    assert keys(signed_in(missions.observer_focal)) == []
    # A Member State's user signed in to the portal (a session) searches as their mission.
    assert keys(signed_in(missions.a_delegate)) == ["MC/2301"]
    assert keys(signed_in(missions.a_focal)) == ["MC/2301"]
    short_of_the_code = Client()
    short_of_the_code.force_login(missions.a_focal.user)
    assert keys(short_of_the_code) == []


# The selector's queries (facets, the page, its rows), and nothing else.
API_QUERIES = 3
# A symbol: its facets, its page, its rows, and its chain.
API_QUERIES_SYMBOL = 4


def test_a_search_costs_a_fixed_number_of_queries(settings):
    settings.PAGE_CACHE = False
    BodyFactory.create()
    api = APIClient()
    counts = []
    for more in (25, 60):
        start = DocumentFactory._meta.model.objects.count()
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
                response = api.get(URL, params)
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts == [API_QUERIES, API_QUERIES, API_QUERIES_SYMBOL] * 2, counts


def test_an_anonymous_search_is_kept_until_the_data_changes(papers):
    api = APIClient()
    api.get(URL, {"q": "budget"})
    with CaptureQueriesContext(connection) as queries:
        again = api.get(URL, {"q": "budget"})
    assert (again.status_code, len(queries)) == (200, 0)
    assert sorted(again["Cache-Control"].split(", ")) == [
        "max-age=300",
        "must-revalidate",
        "public",
    ]
    data_version_bump()
    with CaptureQueriesContext(connection) as queries:
        api.get(URL, {"q": "budget"})
    assert len(queries) == API_QUERIES


def test_the_openapi_description_names_the_parameters_and_the_answer():
    schema = APIClient().get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    query = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}
    assert sorted(query) == ["body", "kind", "language", "page", "q", "year"]
    assert query["q"]["required"] is True and query["q"]["schema"]["maxLength"] == 200
    assert query["page"]["schema"] == {"type": "integer", "maximum": 50, "minimum": 1, "default": 1}
    assert {} in operation["security"]
    assert sorted(operation["responses"]) == ["200", "304", "400", "401", "429", "503"]
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    results = schema["components"]["schemas"][answer.rsplit("/", 1)[1]]
    assert sorted(results["properties"]) == sorted(
        ["query", "total", "page", "pages", "next", "previous", "results", "facets", "suggestions"]
    )
