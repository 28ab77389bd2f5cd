"""The project's URLs plus bare anchor views, used only by benchmarks (ROOT_URLCONF=benchmarks.bare_urls)."""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import condition

from config.urls import urlpatterns as project_urlpatterns

_BODY = (
    Path(os.environ["BENCH_BODY_FILE"]).read_bytes()
    if os.environ.get("BENCH_BODY_FILE")
    else b"x" * int(os.environ.get("BENCH_BARE_BYTES", "100000"))
)


def bare(request):
    """A pre-built byte string through the full middleware stack: the ceiling for a cached feed."""
    return HttpResponse(_BODY, content_type="text/calendar; charset=utf-8")


@condition(etag_func=lambda _request: '"bench"')
def bare_conditional(request):
    return HttpResponse(_BODY, content_type="text/calendar; charset=utf-8")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare304/", bare_conditional),
    *project_urlpatterns,
]
