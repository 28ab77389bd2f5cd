"""{% path "meetings:calendar" %}: {% url %} for links every page repeats, reversed once."""

from django import template

from governance.paths import path_for

register = template.Library()


@register.simple_tag
def path(viewname: str, **kwargs: str) -> str:
    return path_for(viewname, **kwargs)
