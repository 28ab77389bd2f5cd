"""Templates compiled once per language with constant translations done and variables compiled to
write plain strings directly (config/template_loader.py) render exactly what Django's own cached
loader renders, in every language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context, Engine
from django.template.base import TextNode, VariableNode
from django.template.loader import get_template
from django.templatetags.i18n import TranslateNode
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from config.template_loader import StringVariableNode, translate_constants

LANGUAGES = ("en", "fr", "es")
CSRF_TOKEN = re.compile(rb'(?<=name="csrfmiddlewaretoken") value="[^"]*"')


def engines(templates: dict[str, str]) -> tuple[Engine, Engine]:
    """(Django's cached loader, ours) over the same in-memory templates."""
    source = [("django.template.loaders.locmem.Loader", templates)]
    libraries = {"i18n": "django.templatetags.i18n"}
    stock = Engine(loaders=[("django.template.loaders.cached.Loader", source)], libraries=libraries)
    ours = Engine(loaders=[("config.template_loader.Loader", source)], libraries=libraries)
    return stock, ours


def nodes(nodelist, kind: type) -> list:
    found = []
    for node in nodelist:
        if isinstance(node, kind):
            found.append(node)
        for name in node.child_nodelists:
            found += nodes(getattr(node, name, None) or [], kind)
        for _condition, branch in getattr(node, "conditions_nodelists", ()):
            found += nodes(branch, kind)
    return found


# Pieces of template: constant translations (found in the catalogue or not, with HTML and percent
# signs, `as`, `noop`), and everything that must stay as it is (a variable, a filter, a message
# context, blocktranslate, another language), inside the tags that hold node lists.
LEAVES = [
    '{% translate "Calendar" %}',
    '{% translate "Bodies" %}',
    '{% translate "Not in any catalogue <b>&</b>" %}',
    '{% translate "50% off" %}',
    "{% translate 'Dates' %}",
    '{% translate "Calendar" as label %}[{{ label }}]',
    '{% translate "Calendar" noop %}',
    "{% translate word %}",
    '{% translate "Calendar"|upper %}',
    '{% translate "May" context "month name" %}',
    "{% blocktranslate %}Calendar{% endblocktranslate %}",
    "{% blocktranslate with n=word %}See {{ n }}{% endblocktranslate %}",
    "<p>text & {{ word }}</p>",
    # Variables of every kind a page shows: strings with markup, safe and lazy strings, numbers,
    # dates and moments (localized, in the current time zone), missing ones, filtered ones.
    "{{ markup }}",
    "{{ safe }}",
    "{{ lazy }}",
    "{{ number }}",
    "{{ day }}",
    "{{ moment }}",
    "{{ missing }}",
    "{{ markup|upper }}",
    " ",
]
WRAPPERS = [
    "{% if flag %}X{% else %}Y{% endif %}",
    "{% if not flag %}X{% elif word %}Y{% endif %}",
    "{% for item in items %}{{ item }}X{% empty %}Y{% endfor %}",
    "{% autoescape off %}X{% endautoescape %}",
    "{% filter lower %}X{% endfilter %}",
    '{% language "fr" %}X{% endlanguage %}',
    "{% with word=word %}X{% endwith %}",
    "{% spaceless %}X{% endspaceless %}",
]
fragments = st.recursive(
    st.lists(st.sampled_from(LEAVES), min_size=1, max_size=4).map("".join),
    lambda inner: (
        st.tuples(st.sampled_from(WRAPPERS), inner, inner).map(
            lambda parts: parts[0].replace("X", parts[1]).replace("Y", parts[2])
        )
        | st.lists(inner, min_size=1, max_size=3).map("".join)
    ),
    max_leaves=12,
)


VALUES = {
    "markup": '<b>Fish & "chips"</b> l\'été',
    "safe": mark_safe("<i>safe</i>"),
    "lazy": gettext_lazy("Calendar"),
    "number": 1234567.5,
    "day": dt.date(2025, 11, 20),
    "moment": dt.datetime(2025, 11, 20, 9, 30, tzinfo=dt.UTC),
}


@examples(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=fragments, flag=st.booleans(), items=st.lists(st.sampled_from(["a", "<b>"]), max_size=2)
)
def test_any_template_renders_as_with_djangos_loader_in_every_language(body, flag, items):
    templates = {
        "base.html": '{% load i18n %}<h1>{% translate "Bodies" %}</h1>{% block main %}{% endblock %}',
        "page.html": '{% extends "base.html" %}{% load i18n %}{% block main %}'
        + body
        + '{% include "part.html" %}{% endblock %}',
        "part.html": '{% load i18n %}<i>{% translate "Documents" %}</i>' + body,
    }
    stock, ours = engines(templates)
    context = {"word": "Bodies", "flag": flag, "items": items, **VALUES}
    # Each language twice, in turns: a copy compiled for one language never serves another.
    for language in (*LANGUAGES, *LANGUAGES):
        with translation.override(language):
            expected = stock.get_template("page.html").render(Context(context))
            assert ours.get_template("page.html").render(Context(context)) == expected


def test_constant_translations_leave_no_translate_node_and_merge_with_their_text():
    _stock, ours = engines({"t.html": '{% load i18n %}<a>{% translate "Calendar" %}</a> {{ x }}'})
    with translation.override("fr"):
        template = ours.get_template("t.html")
        assert nodes(template.nodelist, TranslateNode) == []
        assert any(
            node.s.endswith("<a>Calendrier</a> ") for node in nodes(template.nodelist, TextNode)
        )
        assert template.render(Context({"x": "<y>"})) == "<a>Calendrier</a> &lt;y&gt;"


def test_variables_are_compiled_to_write_plain_strings_directly():
    source = "{% if a %}{{ markup }}{% endif %}{% for x in xs %}{{ x }}{% endfor %}{{ number }}"
    stock, ours = engines(
        {"t.html": source + "{% autoescape off %}{{ markup }}{% endautoescape %}"}
    )
    template = ours.get_template("t.html")
    assert nodes(template.nodelist, VariableNode) == nodes(template.nodelist, StringVariableNode)
    assert len({id(node) for node in nodes(template.nodelist, StringVariableNode)}) == 4
    context = {"a": True, "xs": ["<x>", mark_safe("<y>"), 3], **VALUES}
    with translation.override("fr"):
        rendered = template.render(Context(context))
        assert rendered == stock.get_template("t.html").render(Context(context))
    assert "&lt;b&gt;Fish &amp; &quot;chips&quot;&lt;/b&gt; l&#x27;été" in rendered
    assert rendered.endswith('1234567,5<b>Fish & "chips"</b> l\'été')


def test_each_language_has_its_own_compiled_copy_reused_from_then_on():
    _stock, ours = engines({"t.html": '{% load i18n %}{% translate "Calendar" %}'})
    with translation.override("fr"):
        french = ours.get_template("t.html")
    with translation.override("es"):
        spanish = ours.get_template("t.html")
        assert spanish.render(Context()) == "Calendario"
    with translation.override("fr"):
        assert ours.get_template("t.html") is french
        assert french.render(Context()) == "Calendrier"
    assert french is not spanish


def test_what_reads_the_context_or_another_language_is_left_to_render():
    source = (
        "{% load i18n %}{% translate word %}"
        '{% translate "May" context "month name" %}'
        '{% language "es" %}{% translate "Calendar" %}{% endlanguage %}'
    )
    _stock, ours = engines({"t.html": source})
    with translation.override("fr"):
        template = ours.get_template("t.html")
        assert len(nodes(template.nodelist, TranslateNode)) == 3
        assert template.render(Context({"word": "Bodies"})).endswith("MayCalendario")


def test_translating_twice_changes_nothing():
    _stock, ours = engines(
        {"t.html": '{% load i18n %}{% if a %}{% translate "Calendar" %}{% endif %}'}
    )
    with translation.override("fr"):
        template = ours.get_template("t.html")
        before = template.render(Context({"a": True}))
        translate_constants(template.nodelist)
        assert template.render(Context({"a": True})) == before == "Calendrier"


STOCK_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]


@pytest.mark.django_db
def test_the_sites_pages_are_byte_for_byte_those_of_djangos_loader(client, settings, seeded):
    settings.PAGE_STORE = False
    urls = ["/", "/calendar/", "/bodies/", "/bodies/council/", "/members/", "/documents/"]
    urls += ["/resolutions/", "/subscribe/", "/sessions/council-96/", "/sessions/scpf-4/"]
    urls += ["/no-such-page/", "/sessions/no-such-session/"]

    def pages() -> dict[tuple[str, str], tuple[int, bytes]]:
        got = {}
        for language in LANGUAGES:
            for url in urls:
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                # A form's CSRF token differs on every response: the rest must not.
                content = CSRF_TOKEN.sub(b' value=""', response.content)
                got[language, url] = (response.status_code, content)
        return got

    ours = pages()
    assert "config.template_loader.Loader" in str(get_template("base.html").backend.engine.loaders)
    with override_settings(
        TEMPLATES=[{**STOCK_TEMPLATES[0], "DIRS": settings.TEMPLATES[0]["DIRS"]}]
    ):
        assert "config.template_loader" not in str(get_template("base.html").backend.engine.loaders)
        stock = pages()
    assert ours == stock
    assert "Calendrier" in ours["fr", "/"][1].decode()
    assert {status for status, _ in ours.values()} == {200, 404}
    assert b'name="csrfmiddlewaretoken" value=""' in ours["es", "/subscribe/"][1]
