"""Forms of the secretariat's year in the admin: planning, special sessions, agenda, drafts, CSV."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Body, DocumentReference
from meetings.admin.forms import clean_span
from meetings.models.secretariat import AgendaState
from meetings.services.csv_import import KINDS

DATE = forms.DateInput(attrs={"type": "date"})


class PlanYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1901, max_value=2199)
    bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies"),
        queryset=Body.objects.filter(abolished_on__isnull=True, is_external=False)
        .exclude(usual_months=[])
        .order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every body with a usual rhythm."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


class SpecialSessionForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.filter(abolished_on__isnull=True, is_external=False).order_by("name"),
    )
    requested_on = forms.DateField(
        label=_("Requested on"), widget=DATE, help_text=_("Starts the notice clock.")
    )
    start_date = forms.DateField(label=_("First day"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("Last day"), required=False, widget=DATE)
    name = forms.CharField(
        label=_("Name (if the body does not number its sessions)"), required=False
    )

    def clean(self):
        return clean_span(self, super().clean())


class AgendaStateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=AgendaState.choices)
    on = forms.DateField(label=_("Date"), widget=DATE, initial=dt.date.today)
    document = forms.ModelChoiceField(
        label=_("Document"),
        queryset=DocumentReference.objects.filter(symbol__isnull=False).order_by("symbol"),
        required=False,
        to_field_name="symbol",
        widget=forms.TextInput(attrs={"placeholder": "MC/2300"}),
        error_messages={"invalid_choice": _("No document with this symbol.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


# An item's line in the admin's agenda box, after "label | title": trailing ones may be left out.
AGENDA_TEXT_COLUMNS = ("kind", "parent", "title_fr", "title_es")


def agenda_to_text(agenda: list[dict[str, str]]) -> str:
    """One item per line, "label | title | kind | parent | French title | Spanish title": what
    staff edit in a text box."""
    return "\n".join(
        " | ".join(
            [i["label"], i["title"], *(i.get(name) or "" for name in AGENDA_TEXT_COLUMNS)]
        ).rstrip(" |")
        for i in agenda
    )


def agenda_from_text(text: str) -> list[dict[str, str]]:
    agenda = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2:
            raise ValidationError(
                _(
                    "Write each agenda item as “label | title”, optionally “| kind | parent | "
                    "French title | Spanish title”: %(line)s"
                )
                % {"line": line}
            )
        label, title, kind, parent, title_fr, title_es = [*parts, "", "", "", ""][:6]
        agenda.append(
            {
                "label": label,
                "title": title,
                "title_fr": title_fr,
                "title_es": title_es,
                "kind": kind or "other",
                "parent": parent,
            }
        )
    return agenda


def documents_to_text(documents: list[dict[str, str]]) -> str:
    return "\n".join(f"{d['symbol']} | {d['role']}" for d in documents)


def documents_from_text(text: str) -> list[dict[str, str]]:
    documents = []
    for line in text.splitlines():
        if not line.strip():
            continue
        symbol, _sep, role = (p.strip() for p in line.partition("|"))
        documents.append({"symbol": symbol, "role": role or "prepared_for"})
    return documents


class DraftForm(forms.Form):
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100}),
        help_text=_(
            "One item per line: label | title | kind | parent label | French title | Spanish title."
        ),
    )
    documents = forms.CharField(
        label=_("Documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 100}),
        help_text=_("One per line: symbol | role (prepared_for, report, reference)."),
    )

    def clean_agenda(self):
        return agenda_from_text(self.cleaned_data["agenda"])

    def clean_documents(self):
        return documents_from_text(self.cleaned_data["documents"])


class CsvImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[(k, k.replace("_", " ").capitalize()) for k in KINDS],
    )
    file = forms.FileField(label=_("CSV file"), required=False)
    text = forms.CharField(
        label=_("or paste it here"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 100}),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            data["data"] = upload.read()
        elif data.get("text"):
            data["data"] = data["text"]
        else:
            raise ValidationError(_("Choose a file or paste the CSV."))
        return data
