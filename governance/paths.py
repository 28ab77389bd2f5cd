"""URL paths, reversed once per process."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def path_for(viewname: str, **kwargs: str) -> str:
    """reverse(), remembered: pages link the same paths over and over, and reversing cost ~40 µs
    a link (a session page has two dozen). Keyed by the script prefix and URLconf too."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, tuple(sorted(kwargs.items())), get_script_prefix(), urlconf)


@lru_cache(maxsize=8192)
def _reverse(viewname: str, kwargs: tuple, prefix: str, urlconf: str) -> str:  # noqa: ARG001
    # `prefix` is there for the cache key: reverse() reads the script prefix itself.
    return reverse(viewname, kwargs=dict(kwargs), urlconf=urlconf)
