"""Forms used by the secretariat's admin actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def clean_span(form: forms.Form, data: dict) -> dict:
    """A first and last day: the last needs the first and cannot come before it."""
    start, end = data.get("start_date"), data.get("end_date")
    if end and not start:
        form.add_error("start_date", _("Give the first day as well."))
    if start and end and end < start:
        form.add_error("end_date", _("The last day cannot be before the first day."))
    return data


class PostponeForm(forms.Form):
    start_date = forms.DateField(
        label=_("New first day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("New last day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        return clean_span(self, super().clean())


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
