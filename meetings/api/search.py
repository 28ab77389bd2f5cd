"""GET /api/v1/search/?q=: the search page's search (meetings/selectors/search.py) as JSON.

The same query, filters, limits and audience as the page (meetings/selectors/search_readers.py);
pages of 20 hits by number (`page`), since hits are ranked rather than listed in a stored order.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from governance.enums import Language, SearchKind
from meetings.selectors import search_readers as readers
from meetings.selectors.search import search


class SearchParametersSerializer(serializers.Serializer):
    """The query string of a search (description and validation)."""

    # A pattern (not only a minimum length): a query of spaces alone is refused, and says so.
    q = serializers.RegexField(
        r"\S",
        max_length=readers.QUERY_MAX_LENGTH,
        help_text="Words, a name or a document symbol as delegates type it (`mc 2216 corr 1`).",
        error_messages={
            "max_length": _("The search is too long: at most {max_length} characters."),
            "invalid": _("Type what you are looking for: words, a name or a document symbol."),
            "blank": _("Type what you are looking for: words, a name or a document symbol."),
            "required": _("Type what you are looking for: words, a name or a document symbol."),
        },
    )
    kind = serializers.ChoiceField(
        choices=SearchKind.choices, required=False, help_text="Only hits of this kind."
    )
    body = serializers.RegexField(
        readers.BODY_PATTERN,
        required=False,
        help_text="Only hits of this body (a `body` facet's value: the body's key, `scpf`).",
        error_messages={"invalid": _("This is not a body of the calendar.")},
    )
    year = serializers.IntegerField(
        min_value=readers.YEAR_MIN, max_value=readers.YEAR_MAX, required=False
    )
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text="Only hits in this language (of a document's versions, a title's translations).",
    )
    page = serializers.IntegerField(
        min_value=1, max_value=readers.PAGE_MAX, default=1, help_text="A page of 20 hits."
    )

    def validate_q(self, value: str) -> str:
        # Line breaks and tabs from a pasted text are spaces to a search.
        return " ".join(value.split())


class SearchChildSerializer(serializers.Serializer):
    """A corrigendum, revision or addendum under the document it amends."""

    kind = serializers.ChoiceField(choices=SearchKind.choices)
    key = serializers.CharField(help_text="The record's key in its own endpoint and page.")
    path = serializers.CharField(help_text="The public page of the record (a path on this site).")
    title = serializers.CharField()
    snippet = serializers.CharField(
        help_text="HTML: the matching words in <mark>, everything else escaped."
    )
    language = serializers.CharField(help_text="The language of the title and snippet.")
    symbol = serializers.CharField(help_text="A document's or resolution's symbol, else \"\".")
    body_acronym = serializers.CharField(help_text='The body\'s acronym, as shown ("SCPF").')
    year = serializers.IntegerField(allow_null=True)
    page = serializers.IntegerField(
        allow_null=True, help_text="The page of the PDF the snippet is from."
    )
    body = serializers.CharField(help_text='The body\'s key (what `body=` takes), else "".')


class SearchHitSerializer(SearchChildSerializer):
    children = SearchChildSerializer(
        many=True, help_text="A document's Corr./Rev./Add. chain, in order."
    )


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="The filter's value: pass it as that parameter.")
    # DRF's metaclass takes declared fields out of the class, so this shadows no Field.label.
    label = serializers.CharField(help_text="In the request's language.")  # type: ignore[assignment]
    count = serializers.IntegerField(help_text="Hits with this value, under the other filters.")


class FacetsSerializer(serializers.Serializer):
    kind = FacetValueSerializer(many=True)
    body = FacetValueSerializer(many=True)
    year = FacetValueSerializer(many=True)
    language = FacetValueSerializer(many=True)


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="The query as searched (spaces collapsed).")
    total = serializers.IntegerField(help_text="Hits on all pages.")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchHitSerializer(many=True, source="hits")
    facets = FacetsSerializer()
    suggestions = serializers.ListField(
        child=serializers.CharField(),
        help_text="When nothing is found: the closest names, to search instead.",
    )


class SearchView(APIView):
    """Search sessions, meetings, agenda items, documents (symbol, title, text), resolutions and
    decisions, bodies, Members and Observers, and the bureaus' officers."""

    @extend_schema(
        operation_id="search",
        parameters=[SearchParametersSerializer],
        responses={200: SearchResultsSerializer},
    )
    def get(self, request: Request) -> Response:
        """Ranked hits with snippets, facets with counts, and suggestions when nothing is found.

        Anonymous clients search what the public may open; a Member State's users signed in to
        the portal also what is restricted to Member States.
        """
        parameters = SearchParametersSerializer(data=request.query_params)
        parameters.is_valid(raise_exception=True)
        values = parameters.validated_data
        page = values["page"]
        results = search(
            query=values["q"],
            audience=readers.search_audience(request.user),
            language=get_language() or "en",
            kind=values.get("kind"),
            body=values.get("body"),
            year=values.get("year"),
            doc_language=values.get("language"),
            page=page,
            per_page=readers.PER_PAGE,
        )
        if page > 1 and page > results.pages:
            raise serializers.ValidationError(
                {
                    "page": [
                        _("There is no page %(page)d: the results fill %(pages)d.")
                        % {"page": page, "pages": results.pages}
                    ]
                }
            )
        url = request.build_absolute_uri()
        data = {
            "query": results.query,
            "total": results.total,
            "page": results.page,
            "pages": results.pages,
            "next": replace_query_param(url, "page", page + 1) if page < results.pages else None,
            "previous": (
                None
                if page == 1
                else remove_query_param(url, "page")
                if page == 2
                else replace_query_param(url, "page", page - 1)
            ),
            "hits": results.hits,
            "facets": {name: results.facets.get(name, []) for name in readers.FACETS},
            "suggestions": results.suggestions,
        }
        return Response(SearchResultsSerializer(data).data)
