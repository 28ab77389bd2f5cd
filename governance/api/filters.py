"""Filter fields that refuse what the database cannot take (a 400, never a 500)."""

from django import forms
from django_filters import rest_framework as filters

PG_INT_MAX = 2_147_483_647


class IntegerFilter(filters.NumberFilter):
    """A whole number in range: '2009' passes, '0.5' or '99999999999' get a 400."""

    # The stubs allow a NumberFilter only a DecimalField; django-filter takes any form field.
    field_class = forms.IntegerField  # type: ignore[assignment]


def year_filter(field_name: str) -> IntegerFilter:
    return IntegerFilter(field_name=field_name, min_value=1, max_value=9999)


def number_filter(field_name: str) -> IntegerFilter:
    return IntegerFilter(field_name=field_name, min_value=0, max_value=PG_INT_MAX)
