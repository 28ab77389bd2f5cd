"""The search page, /search/?q=: one search over the record (meetings/selectors/search.py), with
facets that filter, pages, and "Did you mean" when nothing is found.

A query that cannot be run (too long, a filter or page that is not one) is answered 400 on the
same page, its form saying what is wrong in the reader's language; an empty one shows the form.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.validators import RegexValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from governance.enums import Language, SearchKind
from meetings.selectors import search_readers as readers
from meetings.selectors.search import SearchHit, SearchResults, search
from meetings.web.views import PAGE_CACHE

# What a body's filter value looks like (its key); anything else is refused before a search.
BODY_VALUE = RegexValidator(readers.BODY_PATTERN, _("This is not a body of the calendar."))


class SearchForm(forms.Form):
    """The query and its filters, as the page's links and its form send them."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=readers.QUERY_MAX_LENGTH,
        error_messages={
            "max_length": _(
                "The search is too long: at most %(limit_value)d characters (it has "
                "%(show_value)d)."
            )
        },
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=SearchKind.choices, required=False)
    body = forms.CharField(label=_("Body"), required=False, validators=[BODY_VALUE])
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=readers.YEAR_MIN, max_value=readers.YEAR_MAX
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, required=False)
    page = forms.IntegerField(
        label=_("Page"), required=False, min_value=1, max_value=readers.PAGE_MAX
    )

    def clean_q(self) -> str:
        # Line breaks and tabs from a pasted text are spaces to a search.
        return " ".join(self.cleaned_data["q"].split())


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    links: list[FacetLink]
    clear_url: str | None  # "all kinds" when one is chosen


KIND_LABELS = dict(SearchKind.choices)
ALERT_KINDS = (SearchKind.DOCUMENT, SearchKind.SESSION, SearchKind.DECISION)
FACET_TITLES = {
    "kind": _("Kind"),
    "body": _("Body"),
    "year": _("Year"),
    "language": _("Language"),
}


def _url(path: str, params: dict[str, object]) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


def _facets(path: str, params: dict[str, object], results: SearchResults) -> list[Facet]:
    """Each facet with a link per value: that filter added (or changed), the page back to one."""
    facets = []
    for name in readers.FACETS:
        chosen = "" if params.get(name) is None else str(params[name])
        links = [
            FacetLink(
                label=value.label,
                count=value.count,
                url=_url(path, {**params, name: value.value, "page": None}),
                selected=value.value == chosen,
            )
            for value in results.facets.get(name, [])
        ]
        clear = _url(path, {**params, name: None, "page": None}) if chosen else None
        if links or clear:
            facets.append(Facet(name, str(FACET_TITLES[name]), links, clear))
    return facets


@dataclass(frozen=True)
class Row:
    """A hit as the page shows it: its title (highlighted when the match is in the title), and
    its snippet only when it is more than the title again."""

    hit: SearchHit
    kind_label: str
    title: str | SafeString
    snippet: SafeString | None


def _row(hit: SearchHit) -> Row:
    # The selector's snippet is safe HTML: the record's text escaped, the matches in <mark>.
    snippet = mark_safe(hit.snippet)
    of_title = html.unescape(strip_tags(hit.snippet)) == hit.title
    return Row(
        hit=hit,
        kind_label=str(KIND_LABELS.get(hit.kind, hit.kind)),
        title=snippet if of_title and hit.snippet else hit.title,
        snippet=None if of_title or not hit.snippet else snippet,
    )


@require_safe
@PAGE_CACHE
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context: dict[str, object] = {"form": form, "query": request.GET.get("q", "")[:300]}
    if not form.is_valid():
        return render(request, "meetings/search.html", context, status=400)
    data = form.cleaned_data
    query = data["q"]
    context["query"] = query
    if not query:
        context["empty"] = "q" in request.GET
        return render(request, "meetings/search.html", context)
    page = data["page"] or 1
    language = get_language() or "en"
    results = search(
        query=query,
        audience=readers.search_audience(request.user),
        language=language,
        kind=data["kind"] or None,
        body=data["body"] or None,
        year=data["year"],
        doc_language=data["language"] or None,
        page=page,
        per_page=readers.PER_PAGE,
    )
    if page > 1 and page > results.pages:
        form.add_error(
            None,
            _("There is no page %(page)d: the results fill %(pages)d.")
            % {"page": page, "pages": results.pages},
        )
        return render(request, "meetings/search.html", context, status=400)
    params: dict[str, object] = {
        "q": query,
        "kind": data["kind"],
        "body": data["body"],
        "year": data["year"],
        "language": data["language"],
    }
    path = request.path
    context.update(
        results=results,
        facets=_facets(path, params, results),
        filtered=any(params[name] not in (None, "") for name in readers.FACETS),
        unfiltered_url=_url(path, {"q": query}),
        previous_url=_url(path, {**params, "page": page - 1 if page > 2 else None})
        if page > 1
        else None,
        next_url=_url(path, {**params, "page": page + 1}) if page < results.pages else None,
        suggestions=[(s, _url(path, {"q": s})) for s in results.suggestions],
        # The saved-search alerts (meetings/reminders) take a query, and a kind and a body of
        # those they watch.
        alert_url=_url(
            reverse("meetings:search-alert"),
            {
                "q": query,
                "kind": data["kind"] if data["kind"] in ALERT_KINDS else None,
                "body": data["body"],
            },
        ),
        rows=[_row(hit) for hit in results.hits],
        first=(page - 1) * readers.PER_PAGE + 1,
        last=(page - 1) * readers.PER_PAGE + len(results.hits),
    )
    return render(request, "meetings/search.html", context)
