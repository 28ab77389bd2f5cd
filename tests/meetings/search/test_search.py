"""Search (meetings/selectors/search.py) over the index the services keep
(governance/services/search_index.py, meetings/services/search_index.py), on PostgreSQL: the
seeded record where it helps, small made-up records where a behaviour needs its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from config.changes import data_changed
from governance.models import DocumentReference, DocumentVersion, SearchEntry
from governance.services import document_create, document_file_attach, document_file_remove
from governance.services.search_index import (
    search_index_follow,
    search_index_forget,
    search_index_rebuild,
)
from meetings.models import Session
from meetings.selectors.search import search, search_new_matches
from meetings.services.demonstration import demo_year_remove
from meetings.services.publishing import session_edit, session_publish
from meetings.services.sessions import session_create, session_update
from tests.factories import BodyFactory, DocumentFactory, SessionFactory
from tests.factories.files import pdf_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_only")]


def keys(results) -> list[str]:
    return [hit.key for hit in results.hits]


def facet(results, name: str) -> dict[str, int]:
    return {value.value: value.count for value in results.facets[name]}


def new_document(symbol: str | None = None, **fields) -> DocumentReference:
    """A document made by the service, with versions in the languages given (default English)."""
    languages = fields.pop("languages", ("en",))
    if symbol is None:
        fields.setdefault("key", fields.get("title", "doc").lower().replace(" ", "-")[:60])
    document = document_create(symbol=symbol, **fields)
    for language in languages:
        DocumentVersion.objects.create(document=document, language=language)
    search_index_follow(record=document)  # the versions were written past the services
    data_changed()
    return document


def new_session(name: str, *, published: bool, body=None) -> Session:
    session = SessionFactory.build(
        body=body or BodyFactory.create(), number=None, name=name, is_published=published
    )
    return session_create(session=session)


# --- Symbols, resolutions and names, on the seeded record ----------------------------------


@pytest.mark.usefixtures("seeded")
def test_a_symbol_finds_the_document_with_its_corrigenda_and_revisions_under_it():
    results = search(query="MC/2216")
    assert (results.mode, results.total, keys(results)) == ("symbol", 1, ["MC/2216"])
    assert [child.symbol for child in results.hits[0].children] == ["MC/2216/Corr.1/Rev.1"]
    assert results.hits[0].path == "/documents/MC/2216/"


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("mc 2216 corr 1", "MC/2216/Corr.1/Rev.1"),  # only its revision is recorded
        ("MC/2216/Corr.1/Rev.1", "MC/2216/Corr.1/Rev.1"),
        ("mc/2216", "MC/2216"),
        ("SCPF/18", "SCPF/18"),
        ("scpf 18", "SCPF/18"),
    ],
)
def test_symbols_as_delegates_type_them(typed, found):
    results = search(query=typed)
    assert (results.mode, keys(results)) == ("symbol", [found])


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("typed", ["1150", "Resolution No. 1150 (XCIII)", "résolution n° 1150"])
def test_a_resolution_by_its_number(typed):
    results = search(query=typed)
    assert (results.mode, keys(results)) == ("resolution", ["resolution-1150"])
    assert results.hits[0].title == "Resolution No. 1150 (XCIII): IOM Strategy"


@pytest.mark.usefixtures("seeded")
def test_a_resolution_title_in_french_for_a_french_reader():
    results = search(query="1150", language="fr")
    assert results.hits[0].title.startswith("Résolution n° 1150 (XCIII)")


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("typed", ["Mundarain", "mundaraín", "Germán Mundaraín"])
def test_a_name_without_its_accent_finds_the_person(typed):
    results = search(query=typed)
    assert keys(results)[0] == "german-mundarain-hernandez"
    assert results.hits[0].kind == "person"
    assert "<mark>Mundaraín</mark>" in results.hits[0].snippet


@pytest.mark.usefixtures("seeded")
def test_no_result_suggests_the_closest_names():
    results = search(query="Mundaran")
    assert (results.total, results.hits) == (0, [])
    assert results.suggestions[0] == "Mr. Germán Mundaraín Hernández"


@pytest.mark.usefixtures("seeded")
def test_words_in_spanish_with_and_without_accents():
    accented, plain = search(query="migración"), search(query="migracion")
    assert accented.total == plain.total > 0
    assert keys(accented) == keys(plain)
    assert "gmg" in keys(accented)  # el Grupo Mundial sobre Migración
    assert search(query="presupuesto").hits[0].key == "sbf"  # el Subcomité de Presupuesto


@pytest.mark.usefixtures("seeded")
def test_words_in_french_with_and_without_accents():
    accented, plain = search(query="Sous-Comité finances"), search(query="sous comite finances")
    assert keys(accented)[0] == keys(plain)[0] == "sbf"
    assert set(facet(accented, "language")) == {"fr"}


@pytest.mark.usefixtures("seeded")
def test_facets_count_records_by_kind_body_year_and_language():
    results = search(query="budget")
    kinds = facet(results, "kind")
    assert sum(kinds.values()) == results.total
    assert sum(facet(results, "body").values()) <= results.total
    assert set(facet(results, "language")) <= {"en", "fr", "es"}
    only_documents = search(query="budget", kind="document")
    assert only_documents.total == kinds["document"]
    assert {hit.kind for hit in only_documents.hits} == {"document"}
    body, count = next(iter(facet(results, "body").items()))
    assert search(query="budget", body=body).total == count


# --- Ranking, snippets, PDF pages, pagination ----------------------------------------------


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_text(document_store):
    in_text = new_document("MC/3001", title="Annual overview")
    document_file_attach(
        version=in_text.versions.get(),
        upload=upload("a.pdf", pdf_bytes("Opening", "Remittances and diaspora bonds")),
    )
    in_title = new_document("MC/3002", title="Remittances of migrants")
    data_changed()
    results = search(query="remittances")
    assert keys(results) == [in_title.key, in_text.key]
    assert results.hits[0].page is None
    assert results.hits[0].snippet == "<mark>Remittances</mark> of migrants"


def test_the_text_of_a_pdf_page_is_found_with_its_page_number(document_store):
    document = new_document("MC/3003", title="Programme and budget")
    version = document.versions.get()
    document_file_attach(
        version=version,
        upload=upload(
            "b.pdf", pdf_bytes("Foreword", "Contributions", "The Zanzibar office & annex")
        ),
    )
    data_changed()
    hit = search(query="zanzibar").hits[0]
    assert (hit.key, hit.page, hit.title) == ("MC/3003", 3, "Programme and budget")
    assert hit.snippet == "The <mark>Zanzibar</mark> office &amp; annex"  # escaped, marked
    document_file_remove(version=version)
    data_changed()
    assert search(query="zanzibar").total == 0


def test_pages_of_results_and_the_count(document_store):
    for n in range(25):
        new_document(f"MC/{4000 + n}", title=f"Rapporteur note {n}")
    first, second = search(query="rapporteur"), search(query="rapporteur", page=2)
    assert (first.total, first.pages, len(first.hits), len(second.hits)) == (25, 2, 20, 5)
    assert not set(keys(first)) & set(keys(second))
    past = search(query="rapporteur", page=3)
    assert (past.hits, past.page, past.pages, past.total) == ([], 3, 2, 25)


def test_every_language_version_is_searched_and_shown_in_the_readers_language():
    new_document(
        "MC/3004",
        title="Migration health",
        title_fr="Santé des migrants",
        title_es="Salud de los migrantes",
        languages=("en", "fr", "es"),
    )
    data_changed()
    assert search(query="santé", language="fr").hits[0].title == "Santé des migrants"
    assert search(query="salud", language="es").hits[0].language == "es"
    results = search(query="migration health", language="fr")
    assert results.total == 1
    assert facet(search(query="MC/3004"), "language") == {"en": 1, "fr": 1, "es": 1}
    assert search(query="santé", doc_language="es").total == 0


# --- Visibility ----------------------------------------------------------------------------


def test_a_restricted_document_is_never_a_public_hit_count_or_facet():
    body = BodyFactory.create(acronym="SECRETX", document_series="MC")
    new_document("MC/3005", title="Confidential arrears", access="restricted")
    new_document("MC/3006", title="Unpublished arrears", is_published=False)
    public = search(query="arrears")
    assert (public.total, public.hits, public.facets["body"], public.facets["kind"]) == (
        0,
        [],
        [],
        [],
    )
    assert search(query="MC/3005").total == 0
    members = search(query="arrears", audience="member_states")
    assert keys(members) == ["MC/3005"]
    assert facet(members, "body") == {body.key: 1}
    assert sorted(keys(search(query="arrears", audience="secretariat"))) == ["MC/3005", "MC/3006"]


def test_an_unpublished_session_and_its_documents_appear_only_once_it_is_published():
    session = new_session("Zanzibar retreat", published=False)
    new_document("MC/3012", title="Zanzibar paper")
    session_edit(session=session, documents=[{"symbol": "MC/3012"}])
    data_changed()
    assert search(query="zanzibar").total == 0
    assert search(query="zanzibar").facets["kind"] == []
    assert search(query="zanzibar", audience="secretariat").total == 2
    session_publish(session=session)
    data_changed()
    assert sorted(hit.kind for hit in search(query="zanzibar").hits) == ["document", "session"]
    assert search(query="zanzibar").hits[0].path.startswith("/")


def test_a_published_sessions_draft_is_not_searched_until_published():
    session = new_session("Kilimanjaro forum", published=True)
    session_edit(session=session, fields={"name": "Serengeti forum"})
    data_changed()
    assert (search(query="serengeti").total, search(query="kilimanjaro").total) == (0, 1)
    session_publish(session=session)
    data_changed()
    assert (search(query="serengeti").total, search(query="kilimanjaro").total) == (1, 0)


# --- The index follows the services --------------------------------------------------------


def test_the_index_follows_an_edit_an_unpublishing_and_a_deletion():
    session = new_session("Atacama dialogue", published=True)
    assert keys(search(query="atacama")) == [session.key]
    session_update(session=session, fields={"name": "Patagonia dialogue"})
    data_changed()
    assert (search(query="atacama").total, search(query="patagonia").total) == (0, 1)
    from meetings.services.sessions import session_unpublish

    session_unpublish(session=session)
    data_changed()
    assert search(query="patagonia").total == 0
    assert search(query="patagonia", audience="secretariat").total == 1
    search_index_forget(record=session)
    session.delete()
    data_changed()
    assert search(query="patagonia", audience="secretariat").total == 0


def test_removing_the_demonstration_year_removes_its_sessions_from_the_index():
    session = new_session("Demonstration oasis", published=True)
    Session.objects.filter(pk=session.pk).update(is_demonstration=True)
    assert search(query="oasis").total == 1
    demo_year_remove()
    data_changed()
    assert search(query="oasis").total == 0
    assert not SearchEntry.objects.filter(record=f"session:{session.key}").exists()


def test_the_rebuild_keeps_when_each_record_was_first_public():
    document = new_document("MC/3007", title="Old paper")
    first = timezone.now() - dt.timedelta(days=400)
    SearchEntry.objects.filter(record="document:MC/3007").update(public_since=first)
    DocumentFactory.create(symbol="MC/3008", title="New paper")  # past the services: not indexed
    before = timezone.now()
    written = search_index_rebuild()
    assert written == SearchEntry.objects.count()
    assert set(
        SearchEntry.objects.filter(record="document:MC/3007").values_list("public_since", flat=True)
    ) == {first}
    (since,) = set(
        SearchEntry.objects.filter(record="document:MC/3008").values_list("public_since", flat=True)
    )
    assert since >= before
    assert document.key == "MC/3007"


def test_an_edit_keeps_when_the_record_was_first_public():
    document = new_document("MC/3009", title="Kept paper")
    since = SearchEntry.objects.filter(record="document:MC/3009").first().public_since
    document.title = "Kept paper, revised"
    document.save()
    search_index_follow(record=document)
    assert set(
        SearchEntry.objects.filter(record="document:MC/3009").values_list("public_since", flat=True)
    ) == {since}


def test_new_matches_are_the_records_first_public_in_the_window():
    new_document("MC/3010", title="Asylum statistics")
    old = timezone.now() - dt.timedelta(days=10)
    SearchEntry.objects.filter(record="document:MC/3010").update(public_since=old)
    new_document("MC/3010/Corr.1", title="Corrigendum to asylum statistics")
    new_document("MC/3011", title="Hidden asylum note", access="restricted")
    now = timezone.now()
    found = search_new_matches(query="asylum", since=now - dt.timedelta(days=1), until=now)
    assert [hit.key for hit in found] == ["MC/3010/Corr.1"]
    by_symbol = search_new_matches(query="MC/3010", since=old, until=now)
    assert sorted(hit.key for hit in by_symbol) == ["MC/3010", "MC/3010/Corr.1"]
    assert search_new_matches(query="asylum", since=now, until=now + dt.timedelta(1)) == []


# --- Queries: a fixed number whatever the size, and one cache read for a repeat ------------


def _grow(n: int) -> None:
    body = BodyFactory.create()
    for i in range(n):
        new_document(f"MC/{5000 + i}", title=f"Resettlement report {i}", languages=("en", "fr"))
        new_session(f"Resettlement forum {i}", published=True, body=body)
    data_changed()


@pytest.mark.parametrize("size", [2, 25])
def test_a_word_search_costs_three_queries_whatever_the_size(size, django_assert_num_queries):
    _grow(size)
    with django_assert_num_queries(3):  # the facets and total, the ranked page, the page's rows
        results = search(query="resettlement")
    assert results.total == 2 * size
    with django_assert_num_queries(0):  # the same search again: from the cache
        assert search(query="resettlement") == results


@pytest.mark.parametrize("size", [2, 25])
def test_a_symbol_search_costs_four_queries_whatever_the_size(size, django_assert_num_queries):
    _grow(size)
    new_document("MC/5000/Corr.1", title="Corrigendum")
    data_changed()
    # the facets and total, the page, its rows, the children
    with django_assert_num_queries(4):
        results = search(query="mc 5000")
    assert [child.key for child in results.hits[0].children] == ["MC/5000/Corr.1"]


@pytest.mark.parametrize("size", [2, 25])
def test_a_symbol_not_recorded_costs_one_facet_query_more(size, django_assert_num_queries):
    _grow(size)
    # the symbol (nothing), the symbols under it (nothing), the words (nothing), suggestions
    with django_assert_num_queries(4):
        assert search(query="MC/9999").total == 0


@pytest.mark.parametrize("size", [2, 25])
def test_an_empty_result_costs_two_queries_whatever_the_size(size, django_assert_num_queries):
    _grow(size)
    with django_assert_num_queries(2):  # the facets (nothing), the suggestions
        assert search(query="xylophone").total == 0


def test_the_index_rows_of_a_search_are_the_only_table_read(django_assert_num_queries):
    _grow(2)
    with django_assert_num_queries(3) as context:
        search(query="resettlement")
    tables = {query["sql"].split(" FROM ")[1].split()[0] for query in context.captured_queries}
    assert tables == {'"governance_searchentry"'}
    assert connection.vendor == "postgresql"
