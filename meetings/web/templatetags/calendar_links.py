"""Subscribe links for a feed path: Apple (webcal), Google's add-by-URL, Outlook, plain .ics."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def subscribe_links(context, path: str, **query: object) -> dict[str, str]:
    """The links for ``path`` with ``query`` (e.g. year=2009) as its parameters."""
    request = context["request"]
    lang = get_language() or settings.LANGUAGE_CODE
    if lang != settings.LANGUAGE_CODE:
        # A French page subscribes to the French feed (titles, descriptions).
        query["lang"] = lang
    if query:
        path = f"{path}{'&' if '?' in path else '?'}{urlencode(query)}"
    https = request.build_absolute_uri(path)
    webcal = "webcal://" + https.split("://", 1)[1]
    return {
        "plain": https,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.office.com/calendar/0/addfromweb?url=" + quote(https, safe=""),
    }
