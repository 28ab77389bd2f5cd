"""Forms used by the secretariat's admin actions and the per-session reschedule page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import DocumentReference

DATE = forms.DateInput(attrs={"type": "date"})
SOURCE_FIELDS = ("source_document", "source_reference", "source_text")


def clean_span(form: forms.Form, data: dict) -> dict:
    """A first and last day: the last needs the first and cannot come before it."""
    start, end = data.get("start_date"), data.get("end_date")
    if end and not start:
        form.add_error("start_date", _("Give the first day as well."))
    if start and end and end < start:
        form.add_error("end_date", _("The last day cannot be before the first day."))
    return data


class ReasonSourceForm(forms.Form):
    """Why the dates change and where it was announced, shown publicly in the session's history:
    a reason, and a document (by symbol), a note verbale's reference or free text (one at least)."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the public page, as written."),
    )
    source_document = forms.ModelChoiceField(
        label=_("Announcing document (symbol)"),
        queryset=DocumentReference.objects.filter(symbol__isnull=False),
        required=False,
        to_field_name="symbol",
        widget=forms.TextInput(attrs={"placeholder": "MC/2300"}),
        error_messages={"invalid_choice": _("No document with this symbol.")},
    )
    source_reference = forms.CharField(
        label=_("Note verbale reference"), required=False, max_length=120
    )
    source_text = forms.CharField(label=_("Other source"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [name for name in SOURCE_FIELDS if data.get(name)]
        # A wrong symbol is reported on its own field; do not also say that no source was given.
        if not given and "source_document" not in self.errors:
            self.add_error(
                None,
                _(
                    "Give the source: the announcing document's symbol, a note verbale "
                    "reference or a few words saying where it was announced."
                ),
            )
        return data

    def source(self) -> dict[str, Any]:
        """The cleaned source as the services take it (meetings.services.sessions.Source)."""
        data = self.cleaned_data
        return {
            "document": data.get("source_document"),
            "reference": data.get("source_reference", ""),
            "text": data.get("source_text", ""),
        }


class RescheduleForm(ReasonSourceForm):
    start_date = forms.DateField(label=_("New first day"), widget=DATE)
    end_date = forms.DateField(label=_("New last day"), required=False, widget=DATE)
    field_order = ["start_date", "end_date", "reason", *SOURCE_FIELDS]

    def clean(self) -> dict[str, Any]:
        return clean_span(self, super().clean())


class PostponeForm(ReasonSourceForm):
    start_date = forms.DateField(label=_("New first day"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("New last day"), required=False, widget=DATE)
    field_order = ["start_date", "end_date", "reason", *SOURCE_FIELDS]

    def clean(self) -> dict[str, Any]:
        return clean_span(self, super().clean())


class CancelForm(ReasonSourceForm):
    pass
