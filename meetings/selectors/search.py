"""Search: one query over the index (governance.SearchEntry) for sessions, meetings, agenda
items, documents (their language versions and PDF pages), decisions, bodies, Members and
Observers and the people of the bureaus.

What is searched, in this order:
1. a document symbol as delegates type it ("mc 2216 corr 1"): an indexed equality on
   ``symbol``, with the Corr./Rev./Add. under it (a prefix on the same index) as the hit's
   children; then the symbols under it when the symbol itself is not recorded;
2. a resolution number ("1150", "Resolution No. 1150 (XCIII)"): the same equality;
3. words: on PostgreSQL the stored vector against the query in English, French and Spanish
   (each with unaccent), names also by trigram similarity ("Mundarain" finds "Mundaraín"); on
   SQLite every word in the accent-folded text.

A fixed number of queries whatever the size of the data: the facets and the total (one GROUP BY),
the ranked page (a top-N sort of the best rows), the page's rows with their snippets, and the
children of a symbol's hit or the suggestions of an empty result. A reading of the query that
matches nothing (a symbol not recorded) costs one facet query before the next is tried. Whole
results are kept in the cache under the data version, so a repeated search is one cache read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import html
import math
import re
import time
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.utils import translation

from config.caching import data_version
from governance.domain.symbols import resolution_number_of, symbol_normalise
from governance.enums import Language
from governance.models import SearchEntry, SearchKind
from governance.models.search import NAME_KINDS, SearchAudience
from governance.services.search_index import CONFIGS, ROW_CONFIG, fold

# Who sees what: a portal user of a Member State also the documents restricted to Member States
# (DocumentQuerySet.for_member_states); an observer's user what everyone sees.
AUDIENCES: dict[str, tuple[str, ...]] = {
    "public": (SearchAudience.PUBLIC,),
    "observers": (SearchAudience.PUBLIC,),
    "member_states": (SearchAudience.PUBLIC, SearchAudience.MEMBER_STATES),
    "secretariat": (
        SearchAudience.PUBLIC,
        SearchAudience.MEMBER_STATES,
        SearchAudience.SECRETARIAT,
    ),
}
MAX_QUERY = 200
MAX_PER_PAGE = 100
MAX_PAGE = 500
SUGGESTIONS = 5
# Results are keyed on the data version (a change makes them unreachable at once): kept an hour.
CACHE_SECONDS = 3600
# Another process computing the same search: wait for its result at most WAIT_SECONDS.
# Short: a waiting request holds one of few workers (search_bench: 1.5 s turned a herd into a queue).
LOCK_SECONDS, WAIT_SECONDS, POLL_SECONDS = 10, 0.3, 0.02
# Title and symbol (A) far above the text (B): D, C, B, A.
WEIGHTS = [0.05, 0.1, 0.3, 1.0]
# Markers ts_headline puts around a match; the text is escaped, then they become <mark>.
START, STOP = "\x02", "\x03"
MAX_WORDS, MIN_WORDS = 30, 12
LANGUAGE_CODES = ("en", "fr", "es")
# Rows read per record wanted on a page (its three languages, and some pages of text).
ROWS_A_RECORD = 4


HIT_FIELDS: tuple[str, ...] = (
    "record",
    "kind",
    "key",
    "path",
    "title",
    "language",
    "symbol",
    "body",
)
HIT_FIELDS += ("body_acronym", "year", "page")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    key: str
    path: str
    title: str
    snippet: str  # safe HTML: the text escaped, the matches in <mark>
    language: str
    symbol: str
    body_acronym: str
    year: int | None
    page: int | None
    children: list[SearchHit] = field(default_factory=list)
    body: str = ""  # the body's key (what ?body= takes); body_acronym is what is shown


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]]
    suggestions: list[str]
    # How the query was read: "symbol", "resolution", "words" (or "" for an empty query).
    mode: str = ""


def _empty(query: str, page: int = 1) -> SearchResults:
    facets: dict[str, list[FacetValue]] = {"kind": [], "body": [], "year": [], "language": []}
    return SearchResults(query, [], 0, page, 0, facets, [])


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _tsquery(query: str) -> SearchQuery:
    combined: SearchQuery | None = None
    for config in CONFIGS.values():
        part = SearchQuery(query, config=config, search_type="websearch")
        combined = part if combined is None else combined | part
    assert combined is not None
    return combined


def _words(query: str) -> list[str]:
    return [word for word in re.findall(r"\w+", fold(query)) if word][:12]


@dataclass
class _Plan:
    """The rows that match, how to rank them, and how to say why they matched."""

    matches: QuerySet[SearchEntry]
    mode: str
    rank: Any
    tsquery: SearchQuery | None = None
    words: tuple[str, ...] = ()
    symbol: str = ""


def _base(
    audience: str,
    kind: str | None,
    body: str | None,
    year: int | None,
    doc_language: str | None,
) -> QuerySet[SearchEntry]:
    rows = SearchEntry.objects.filter(audience__in=AUDIENCES.get(audience, AUDIENCES["public"]))
    if kind:
        rows = rows.filter(kind=kind)
    if body:
        rows = rows.filter(body=body)
    if year:
        rows = rows.filter(year=year)
    if doc_language:
        rows = rows.filter(language=doc_language)
    return rows


def _words_plan(query: str, rows: QuerySet[SearchEntry]) -> _Plan | None:
    words = tuple(_words(query))
    if not words:
        return None
    if _is_postgresql():
        tsquery = _tsquery(query)
        folded = " ".join(words)
        names = Q(kind__in=NAME_KINDS, folded__trigram_similar=folded)
        rank: Any = SearchRank(F("vector"), tsquery, weights=WEIGHTS) + Case(
            When(kind__in=NAME_KINDS, then=TrigramSimilarity("folded", folded)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        return _Plan(rows.filter(Q(vector=tsquery) | names), "words", rank, tsquery, words)
    condition = Q()
    for word in words:
        condition &= Q(folded__contains=word)
    # The title's rows (no page) above the pages' text.
    rank = Case(When(page__isnull=True, then=Value(1.0)), default=Value(0.5))
    return _Plan(rows.filter(condition), "words", rank, None, words)


def _facets(
    matches: QuerySet[SearchEntry], language: str
) -> tuple[int, dict[str, list[FacetValue]]]:
    """The counts of distinct records by kind, body, year and language, in one GROUP BY: each
    record has one kind, body and year, so those groups add up to the total, and its languages
    are counted within its group. Labels in the reader's ``language`` (a body by its acronym)."""
    kinds: dict[str, int] = {}
    bodies: dict[str, int] = {}
    acronyms: dict[str, str] = {}
    years: dict[int, int] = {}
    total = 0
    languages: dict[str, int] = {}
    per_language = {
        code: Count("record", distinct=True, filter=Q(language=code)) for code in LANGUAGE_CODES
    }
    groups = (
        matches.order_by()
        .values("kind", "body", "body_acronym", "year")
        .annotate(n=Count("record", distinct=True), **per_language)
    )
    for group in groups:
        kind, body, acronym, year, n = (
            group["kind"],
            group["body"],
            group["body_acronym"],
            group["year"],
            group["n"],
        )
        total += n
        for code in LANGUAGE_CODES:
            if group[code]:
                languages[code] = languages.get(code, 0) + group[code]
        kinds[kind] = kinds.get(kind, 0) + n
        if body:
            bodies[body] = bodies.get(body, 0) + n
            acronyms[body] = acronym or body
        if year:
            years[year] = years.get(year, 0) + n
    with translation.override(language):
        labels = {value: str(label) for value, label in SearchKind.choices}
        language_labels = {value: str(label) for value, label in Language.choices}
    facets = {
        "kind": [
            FacetValue(value, labels.get(value, value), n)
            for value, n in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
        ],
        "body": [
            FacetValue(value, acronyms[value], n)
            for value, n in sorted(bodies.items(), key=lambda item: (-item[1], item[0]))
        ],
        "year": [
            FacetValue(str(value), str(value), n)
            for value, n in sorted(years.items(), reverse=True)
        ],
        "language": [
            FacetValue(value, language_labels.get(value, value), n)
            for value, n in sorted(languages.items(), key=lambda item: (-item[1], item[0]))
        ],
    }
    return total, facets


def _page_records(plan: _Plan, offset: int, limit: int) -> list[str]:
    """The records of the page, best first (ties: newest year, then the record's name).

    The best rows first, as a top-N sort (no sort of every match by record): a record has a row
    per language and per page of text, so (offset + limit) x ROWS_A_RECORD rows nearly always
    hold the page's records; when they do not (many pages of PDF text), a GROUP BY says."""
    wanted = offset + limit
    fetch = wanted * ROWS_A_RECORD
    rows = list(
        plan.matches.order_by()
        .annotate(score=plan.rank)
        .order_by(F("score").desc(), F("year").desc(nulls_last=True), "record")
        .values_list("record", flat=True)[:fetch]
    )
    records = list(dict.fromkeys(rows))
    if len(records) >= wanted or len(rows) < fetch:
        return records[offset:wanted]
    return _page_records_grouped(plan, offset, limit)


def _page_records_grouped(plan: _Plan, offset: int, limit: int) -> list[str]:
    rows = (
        plan.matches.order_by()
        .values("record")
        .annotate(best=Max(plan.rank), newest=Max("year"))
        .order_by(F("best").desc(), F("newest").desc(nulls_last=True), "record")
    )
    return [row["record"] for row in rows[offset : offset + limit]]


def _mark(text: str) -> str:
    """ts_headline's output made safe: escaped, with the markers as <mark>."""
    escaped = html.escape(text, quote=False)
    return escaped.replace(START, "<mark>").replace(STOP, "</mark>")


def highlight(text: str, words: tuple[str, ...], *, width: int = 200) -> str:
    """A snippet of ``text`` around the first of ``words`` (accent-folded, case-insensitive),
    escaped, with every occurrence in <mark> (SQLite, and names matched by similarity)."""
    if not text:
        return ""
    folded_chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in fold(char):
            folded_chars.append(piece)
            origin.append(index)
    folded = "".join(folded_chars)
    spans: list[tuple[int, int]] = []
    for word in words:
        for found in re.finditer(re.escape(word), folded):
            spans.append((origin[found.start()], origin[found.end() - 1] + 1))
    spans.sort()
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(text), start + width)
    out, cursor = [], start
    for left, right in spans:
        if left < cursor or right > end:
            continue
        out.append(html.escape(text[cursor:left], quote=False))
        out.append(f"<mark>{html.escape(text[left:right], quote=False)}</mark>")
        cursor = right
    out.append(html.escape(text[cursor:end], quote=False))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out) + suffix


def _best_rows(plan: _Plan, records: list[str], language: str) -> dict[str, SearchEntry]:
    """Each record's row to show: in the reader's language when one matches, else its best
    ranked; with the snippets of those rows only."""
    rows = plan.matches.filter(record__in=records).annotate(
        score=plan.rank,
        mine=Case(When(language=language, then=Value(1)), default=Value(0)),
    )
    fields = HIT_FIELDS
    if _is_postgresql():
        chosen = rows.order_by("record", "-mine", "-score", "page", "pk").distinct("record")
        shown = SearchEntry.objects.filter(pk__in=chosen.values("pk"))
        if plan.tsquery is not None:
            shown = shown.annotate(
                title_headline=SearchHeadline(
                    "title",
                    plan.tsquery,
                    config=ROW_CONFIG,
                    highlight_all=True,
                    start_sel=START,
                    stop_sel=STOP,
                ),
                text_headline=SearchHeadline(
                    "text",
                    plan.tsquery,
                    config=ROW_CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=MAX_WORDS,
                    min_words=MIN_WORDS,
                ),
            )
            return {row.record: row for row in shown.only(*fields)}
        return {row.record: row for row in shown.only(*fields, "text")}
    best: dict[str, Any] = {}
    for row in rows.only(*fields, "text").order_by("-mine", "-score", "page", "pk"):
        best.setdefault(row.record, row)
    return best


def _hit(row: SearchEntry, plan: _Plan, children: list[SearchHit] | None = None) -> SearchHit:
    title_headline = getattr(row, "title_headline", None)
    text_headline = getattr(row, "text_headline", None)
    if text_headline is not None and START in text_headline:
        snippet = _mark(text_headline)
    elif title_headline is not None and START in title_headline:
        snippet = _mark(title_headline)
    elif plan.words and "text" not in row.get_deferred_fields():
        snippet = highlight(row.text, plan.words) if row.text else ""
        if "<mark>" not in snippet:
            snippet = highlight(row.title, plan.words)
    else:
        snippet = html.escape(row.title, quote=False)
    return SearchHit(
        kind=row.kind,
        key=row.key,
        path=row.path,
        title=row.title,
        snippet=snippet,
        language=row.language,
        symbol=row.symbol,
        body_acronym=row.body_acronym,
        year=row.year,
        page=row.page,
        children=children or [],
        body=row.body,
    )


def _children(
    rows: QuerySet[SearchEntry], symbols: list[str], language: str
) -> dict[str, list[SearchHit]]:
    """The Corr./Rev./Add. recorded under each of these symbols, in symbol order: one query."""
    if not symbols:
        return {}
    under = Q()
    for symbol in symbols:
        under |= Q(symbol__startswith=symbol + "/")
    found: dict[str, Any] = {}
    ordered = (
        rows.filter(under, kind=SearchKind.DOCUMENT, page__isnull=True)
        .annotate(mine=Case(When(language=language, then=Value(1)), default=Value(0)))
        .order_by("symbol", "-mine", "pk")
        .only(*HIT_FIELDS)
    )
    for row in ordered:
        found.setdefault(row.record, row)
    children: dict[str, list[SearchHit]] = {symbol: [] for symbol in symbols}
    for row in found.values():
        for symbol in symbols:
            if row.symbol.startswith(symbol + "/"):
                children[symbol].append(
                    SearchHit(
                        kind=row.kind,
                        key=row.key,
                        path=row.path,
                        title=row.title,
                        snippet=html.escape(row.title, quote=False),
                        language=row.language,
                        symbol=row.symbol,
                        body_acronym=row.body_acronym,
                        year=row.year,
                        page=None,
                        body=row.body,
                    )
                )
                break
    return children


def suggestions_for(query: str, audience: str, language: str) -> list[str]:
    """The names closest to the query (bodies, Members and Observers, people): one query."""
    folded = " ".join(_words(query))
    if not folded:
        return []
    names = SearchEntry.objects.filter(
        audience__in=AUDIENCES.get(audience, AUDIENCES["public"]), kind__in=NAME_KINDS
    )
    if _is_postgresql():
        similarity = Greatest(
            TrigramSimilarity("folded", folded), TrigramWordSimilarity(folded, "folded")
        )
        mine = Case(When(language=language, then=Value(1)), default=Value(0))
        titles = (
            names.annotate(similarity=similarity, mine=mine)
            .filter(similarity__gte=0.2)
            .order_by("-similarity", "-mine", "title")
            .values_list("title", flat=True)[: SUGGESTIONS * 3]
        )
        return list(dict.fromkeys(titles))[:SUGGESTIONS]
    names_seen = list(dict.fromkeys(names.order_by("-language").values_list("title", flat=True)))
    by_fold = {fold(title): title for title in names_seen}
    close = difflib.get_close_matches(folded, list(by_fold), n=SUGGESTIONS, cutoff=0.5)
    return [by_fold[name] for name in close]


def clean_query(query: str) -> str:
    """What was typed, on one line: control characters (a NUL, which PostgreSQL refuses; the
    snippets' markers) dropped, spaces collapsed, at most MAX_QUERY characters."""
    printable = "".join(char if char.isprintable() else " " for char in query or "")
    return " ".join(printable.split())[:MAX_QUERY]


def _cache_key(*parts: object) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"search:{data_version()}:{digest}"


def _plans(
    query: str, rows: QuerySet[SearchEntry], *, chain: bool = False
) -> list[tuple[_Plan, list[str]]]:
    """How to read the query, in order, each with the symbols whose chains are its hits'
    children: the symbol (then the symbols under it when it is not recorded), the resolution
    number, the words. The first that matches anything is the answer; building them costs no
    query. With ``chain`` a symbol's Corr./Rev./Add. are hits of their own."""
    plans: list[tuple[_Plan, list[str]]] = []
    one = Value(1.0)
    symbol = symbol_normalise(query)
    documents = rows.filter(kind=SearchKind.DOCUMENT, page__isnull=True)
    if symbol and chain:
        family = documents.filter(Q(symbol=symbol) | Q(symbol__startswith=symbol + "/"))
        plans.append((_Plan(family, "symbol", one, symbol=symbol), []))
    elif symbol:
        exact = documents.filter(symbol=symbol)
        plans.append((_Plan(exact, "symbol", one, symbol=symbol), [symbol]))
        under = documents.filter(symbol__startswith=symbol + "/")
        plans.append((_Plan(under, "symbol", one, symbol=symbol), []))
    number = resolution_number_of(query)
    if number is not None:
        decisions = rows.filter(kind=SearchKind.DECISION, symbol=str(number))
        plans.append((_Plan(decisions, "resolution", one, symbol=str(number)), []))
    words = _words_plan(query, rows)
    if words is not None:
        plans.append((words, []))
    return plans


def search(
    *,
    query: str,
    audience: str = "public",
    language: str = "en",
    kind: str | None = None,
    body: str | None = None,
    year: int | None = None,
    doc_language: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """One page of hits for what a reader typed, for an audience (see AUDIENCES), with facets
    and, for an empty result, the closest names."""
    query = clean_query(query)
    page = min(max(1, int(page or 1)), MAX_PAGE)
    per_page = min(max(1, int(per_page or 20)), MAX_PER_PAGE)
    if audience not in AUDIENCES:
        audience = "public"
    if not query:
        return _empty(query, page)
    key = _cache_key(query, audience, language, kind, body, year, doc_language, page, per_page)
    cached = cache.get(key)
    if isinstance(cached, SearchResults):
        return cached
    # Many readers asking the same new search at once (a link shared, the first seconds after a
    # change): one process computes it, the others wait a moment for its result rather than all
    # computing it on the same two cores.
    computing = not cache.add(f"{key}:computing", 1, timeout=LOCK_SECONDS)
    if computing:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            cached = cache.get(key)
            if isinstance(cached, SearchResults):
                return cached
    results = _search(query, audience, language, kind, body, year, doc_language, page, per_page)
    cache.set(key, results, CACHE_SECONDS)
    if not computing:
        cache.delete(f"{key}:computing")
    return results


def _search(
    query: str,
    audience: str,
    language: str,
    kind: str | None,
    body: str | None,
    year: int | None,
    doc_language: str | None,
    page: int,
    per_page: int,
) -> SearchResults:
    rows = _base(audience, kind, body, year, doc_language)
    plans = _plans(query, rows)
    if not plans:
        return _empty(query, page)
    # The total and facets do not depend on the page: kept on their own, so that reading the next
    # pages of a broad search costs only its page (the facets read every match).
    counted_key = _cache_key("counts", query, audience, language, kind, body, year, doc_language)
    counted = cache.get(counted_key)
    if isinstance(counted, tuple) and len(counted) == 3 and counted[0] < len(plans):
        chosen, total, facets = counted
    else:
        chosen, total, facets = len(plans) - 1, 0, {}
        for index, (candidate, _its_parents) in enumerate(plans):  # a facet query each
            total, facets = _facets(candidate.matches, language)
            if total:
                chosen = index
                break
        cache.set(counted_key, (chosen, total, facets), CACHE_SECONDS)
    plan, parents = plans[chosen]
    if not total:
        return SearchResults(
            query, [], 0, page, 0, facets, suggestions_for(query, audience, language), plan.mode
        )
    pages = math.ceil(total / per_page)
    records = _page_records(plan, (page - 1) * per_page, per_page)
    best = _best_rows(plan, records, language) if records else {}
    children = _children(_base(audience, None, None, None, None), parents, language)
    hits = [
        _hit(best[record], plan, children.get(best[record].symbol))
        for record in records
        if record in best
    ]
    return SearchResults(query, hits, total, page, pages, facets, [], plan.mode)


def search_new_matches(
    *,
    query: str,
    since: dt.datetime,
    until: dt.datetime,
    audience: str = "public",
    language: str = "en",
    limit: int = 50,
) -> list[SearchHit]:
    """The records matching a saved search that became public in [since, until), best first (the
    saved-search alerts): at most ``limit``, a fixed number of queries."""
    query = clean_query(query)
    if not query:
        return []
    rows = _base(audience, None, None, None, None).filter(
        public_since__gte=since, public_since__lt=until
    )
    for plan, _parents in _plans(query, rows, chain=True):
        records = _page_records(plan, 0, limit)
        if records:
            best = _best_rows(plan, records, language)
            return [_hit(best[record], plan) for record in records if record in best]
    return []
