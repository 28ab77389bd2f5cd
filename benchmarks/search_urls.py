"""The benchmark's URLs (ROOT_URLCONF=benchmarks.search_urls): the project's, the bare views, and
the search selector behind a tiny JSON view, measured when the project has no search API yet."""

from django.http import JsonResponse
from django.urls import path

from benchmarks.bare_urls import urlpatterns as bare_urlpatterns


def selector_search(request):
    """meetings.selectors.search.search() for an anonymous reader, its first page as JSON."""
    from meetings.selectors.search import search

    results = search(query=request.GET.get("q", ""))
    return JsonResponse(
        {
            "total": results.total,
            "hits": [
                {"kind": hit.kind, "key": hit.key, "title": hit.title, "snippet": hit.snippet}
                for hit in results.hits
            ],
            "suggestions": results.suggestions,
        }
    )


urlpatterns = [path("bench/search/", selector_search), *bare_urlpatterns]
