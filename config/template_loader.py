"""Django's cached template loader, with one compiled copy of each template per language in which
constant translations are already done.

A page's chrome and headings are dozens of `{% translate "..." %}` tags, and Django looks each one
up again on every render (a lazy string, the active translation from a context-local, two catalog
lookups): about a quarter of a session page's template time. Their text depends on nothing but
the language, so each language's copy holds the translated text instead, merged with the text
around it. Anything that reads the context (variables, filters, `as`, a message context given by
a variable, `{% blocktranslate %}`) is left to render as usual, and so is everything under
`{% language %}`, which renders in a language of its own.

Each `{{ variable }}` is also compiled to a node that writes a plain string (what most variables
give) escaped directly: Django sends every value through localtime, localize and a lazy-aware
escape whose checks leave a plain string unchanged but cost ~8% of a session page's template.
"""

from __future__ import annotations

from html import escape

from django.template import Context, Node, NodeList, Origin, Template
from django.template.base import TextNode, Variable, VariableNode, render_value_in_context
from django.template.defaulttags import IfNode
from django.template.loaders import cached
from django.templatetags.i18n import LanguageNode, TranslateNode
from django.utils.safestring import SafeString
from django.utils.translation import get_language


class Loader(cached.Loader):
    def cache_key(self, template_name: str | Origin, skip: list[Origin] | None = None) -> str:
        return f"{super().cache_key(template_name, skip)}|{get_language()}"

    def get_template(self, template_name: str, skip: list[Origin] | None = None) -> Template:
        template = super().get_template(template_name, skip)
        if not getattr(template, "translated", False):  # compiled just now, for this language
            translate_constants(template.nodelist)
            escape_strings_directly(template.nodelist)
            template.translated = True
        return template


class TranslatedText(Node):
    """What a constant `{% translate "..." as name %}` leaves in the context."""

    child_nodelists = ()

    def __init__(self, text: str, asvar: str, token) -> None:
        self.text, self.asvar, self.token = text, asvar, token

    def render(self, context: Context) -> str:
        context[self.asvar] = self.text
        return ""


def translate_constants(nodelist: NodeList) -> None:
    """Replace constant translations in `nodelist`, in place, by their text in the active
    language. Each node is replaced whole, so a render running meanwhile sees either form, and
    both give the same output."""
    done: list[Node] = []
    for node in nodelist:
        if isinstance(node, LanguageNode):
            done.append(node)
            continue
        if _is_constant(node):
            node = _translated(node)
        else:
            for child in _child_nodelists(node):
                translate_constants(child)
        if isinstance(node, TextNode) and done and isinstance(done[-1], TextNode):
            merged = TextNode(done[-1].s + node.s)
            merged.token, merged.origin = done[-1].token, done[-1].origin
            done[-1] = merged
        else:
            done.append(node)
    nodelist[:] = done


class StringVariableNode(VariableNode):
    """`{{ variable }}` as Django renders it, with a plain string's way shortened."""

    def render(self, context: Context) -> str:
        try:
            output = self.filter_expression.resolve(context)
        except UnicodeDecodeError:
            return ""
        if type(output) is str:  # not safe, lazy, a date or a number: nothing to localize
            return SafeString(escape(output)) if context.autoescape else output
        return render_value_in_context(output, context)


def escape_strings_directly(nodelist: NodeList) -> None:
    """Replace, in place, each VariableNode in `nodelist` by a StringVariableNode."""
    for index, node in enumerate(nodelist):
        if type(node) is VariableNode:
            faster = StringVariableNode(node.filter_expression)
            faster.token, faster.origin = node.token, node.origin
            nodelist[index] = faster
        else:
            for child in _child_nodelists(node):
                escape_strings_directly(child)


def _is_constant(node: Node) -> bool:
    if type(node) is not TranslateNode:
        return False
    expression = node.filter_expression
    return (
        not expression.filters
        and isinstance(expression.var, Variable)
        and isinstance(expression.var.literal, str)
        and node.message_context is None
    )


def _translated(node: TranslateNode) -> Node:
    # Django's own rendering of the node gives the text, so nothing about it is reimplemented.
    context = Context()
    text = node.render(context)
    if node.asvar:
        replacement: Node = TranslatedText(context[node.asvar], node.asvar, node.token)
    else:
        replacement = TextNode(text)
        replacement.token = node.token
    replacement.origin = node.origin
    return replacement


def _child_nodelists(node: Node) -> list[NodeList]:
    if isinstance(node, IfNode):  # its `nodelist` is built afresh on each access
        return [nodelist for _condition, nodelist in node.conditions_nodelists]
    return [
        child
        for name in node.child_nodelists
        if isinstance(child := getattr(node, name, None), NodeList)
    ]
