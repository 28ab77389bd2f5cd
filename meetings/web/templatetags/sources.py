"""Where the record comes from, in the reader's language: {{ record.citation|citation }},
{{ record.source_quote|english }} (the texts are English), {{ decision|decision_label }}."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from governance.domain.citations import localized_citation, resolution_name
from meetings.web.templatetags.labels import local, marked

if TYPE_CHECKING:
    from meetings.models import Decision

register = template.Library()


def _english_page() -> bool:
    return (get_language() or "en")[:2] == "en"


@register.filter
def english(text: str) -> str | SafeString:
    """Text that exists only in English (the source texts' words), marked ``lang="en"`` on a
    French or Spanish page so that a screen reader says it in English."""
    return marked(text, "en")


@register.filter
def citation(text: str) -> str | SafeString:
    """ "MC/2278, paragraph 30" as "MC/2278, paragraphe 30"; a citation with a part that has no
    translation (a slide's title) stays whole in English, marked."""
    if not text or _english_page():
        return text
    localized = localized_citation(text)
    return localized if localized is not None else english(text)


@register.filter
def decision_label(decision: Decision) -> str | SafeString:
    """ "Résolution n° 923 (LXXI)"; a decision without a number by its title in the page's
    language where given (else the original, marked), or by its key."""
    if decision.resolution_number:
        return resolution_name(decision.resolution_number, decision.numeral or None)
    return local(decision, "title") if decision.title else english(decision.key)
