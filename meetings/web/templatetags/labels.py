"""Labels for pages: {{ member|label:"role" }} (what get_role_display() shows, translating only the
label shown) and {% language_menu %} (each language named in itself, worked out once).

Django's get_FOO_display() builds its map with make_hashable(), which hashes, and so translates,
every choice's label on each call: a session page paid forty translations for its few labels.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from django import template
from django.db.models import Field, Model
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext

from governance.domain.countries import country_name
from governance.domain.honorifics import honorific_in
from governance.domain.languages import in_language, language_code
from governance.domain.ordinals import ordinal_number
from meetings.domain.titles import title_language

if TYPE_CHECKING:
    from governance.models import Body, DocumentReference, Entity, Person
    from meetings.models import Meeting, Session, Venue

register = template.Library()


@cache
def _choices(field: Field) -> dict:
    # Labels stay lazy here: each is translated when shown, in the language of that request.
    return dict(field.flatchoices)


@register.filter
def label(obj: Model, field_name: str) -> str:
    field = obj._meta.get_field(field_name)
    if not isinstance(field, Field):
        raise TypeError(f"{field_name} is not a field with choices")
    value = getattr(obj, field.attname)
    return str(_choices(field).get(value, value))


@register.simple_tag
def language_menu() -> tuple[dict[str, str], ...]:
    """The site's languages, each named in itself; the same for every page and request."""
    return _language_menu()


@cache
def _language_menu() -> tuple[dict[str, str], ...]:
    from django.conf import settings
    from django.utils.translation import get_language_info

    return tuple(
        {"code": code, "name_local": get_language_info(code)["name_local"]}
        for code, _name in settings.LANGUAGES
    )


@register.filter
def meeting_name(meeting: Meeting) -> str:
    """ "407th meeting", "407e séance", "407.ª sesión"; a meeting's own title as it is."""
    if meeting.title:
        return meeting.title
    if meeting.number:
        ordinal = ordinal_number(meeting.number, get_language() or "en")
        return pgettext("the 407th meeting", "%(ordinal)s meeting") % {"ordinal": ordinal}
    return pgettext("a meeting without a number", "Meeting")


@register.filter
def local_name(body: Body) -> str | SafeString:
    """A body's name in the page's language; where it has none, the English one marked
    ``lang="en"`` (so a screen reader says it in English)."""
    name = body.name_in(get_language() or "en")
    return marked(name, "en") if name == body.name else name


@register.filter
def local_text(body: Body) -> str:
    """The same name as plain text, for attributes and menu options (which hold no markup)."""
    return body.name_in(get_language() or "en")


@register.filter
def local_title(session: Session) -> str | SafeString:
    """A session's title in the page's language, or whole in English marked ``lang="en"``."""
    lang = get_language() or "en"
    return marked(session.title_in(lang), title_language(session, lang))


@register.filter
def local_entity(entity: Entity, official: bool = False) -> str | SafeString:
    """A State's name in the page's language (CLDR, by its country code); in English, its
    short or (``official``) official name. An organization's name, or a State without a code,
    stays English, marked ``lang="en"`` on a French or Spanish page."""
    lang = get_language() or "en"
    english = entity.official_name if official else entity.short_name
    if lang[:2] == "en":
        return english
    localized = country_name(entity.country_code, lang[:2])
    return localized or marked(english, "en")


def marked(text: str, text_lang: str) -> str | SafeString:
    """``text``, inside ``<span lang>`` when it is not in the page's language."""
    if text and text_lang != language_code(get_language()):
        return format_html('<span lang="{}">{}</span>', text_lang, text)
    return text


@register.filter
def local(record: Model, field: str = "title") -> str | SafeString:
    """Text the secretariat keeps in three languages (an agenda item's, a decision's or a
    document's title): its version in the page's language, else the original, marked with its
    ``lang`` (governance.domain.languages)."""
    return marked(*in_language(record, field, get_language()))


@register.filter
def local_plain(record: Model, field: str = "title") -> str:
    """The same as plain text, for the page's title and attributes (which hold no markup)."""
    return in_language(record, field, get_language())[0]


@register.filter
def document_name(document: DocumentReference) -> str | SafeString:
    """A document by its symbol (the same in every language), else by its title."""
    return document.symbol or local(document, "title")


@register.filter
def document_text(document: DocumentReference) -> str:
    return document.symbol or local_plain(document, "title")


@register.filter
def venue_name(venue: Venue) -> str | SafeString:
    """ "Genève", "Ginebra"; a venue without a name in the page's language whole in English,
    marked ``lang="en"``."""
    return marked(*venue.label_in(get_language() or "en"))


@register.filter
def person_name(person: Person) -> str | SafeString:
    """ "M. Juan Antonio March", "S.E. Sra. Najat Al-Hajjaji": the honorific in the page's
    language (an unknown one as stored, marked ``lang="en"``); the name as it is."""
    honorific = marked(*honorific_in(person.honorific, get_language()))
    return format_html("{} {}", honorific, person.name) if honorific else person.name
