"""Django's autocomplete select with valid HTML (issue #20, the W3C checker on the session form).

Django writes the blank choice of an optional autocomplete as an empty ``<option>`` (invalid: an
option needs text or a label) and gives a required one no blank first option (invalid on a
``required`` select). This widget labels the blank choice and gives a required select one, which
select2 shows as its placeholder: the field's name, which also names an empty box for a screen reader.
"""

from typing import Any

from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.text import capfirst

BLANK_LABEL = "---------"  # Django's own BLANK_CHOICE_DASH label, the same in every language.


class LabelledAutocompleteSelect(AutocompleteSelect):
    def build_attrs(
        self, base_attrs: dict[str, Any], extra_attrs: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # select2 names its box after what it shows: an empty box in a tabular inline (no <label>)
        # would have no accessible name (axe: aria-input-field-name), so show the field's name.
        attrs["data-placeholder"] = capfirst(self.field.verbose_name)
        return attrs

    def optgroups(self, name: str, value: Any, attr: dict[str, Any] | None = None) -> list[Any]:
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]
        blank = [option for option in options if option["value"] == ""]
        if blank:
            for option in blank:
                option["label"] = BLANK_LABEL
        elif not self.allow_multiple_selected:
            options.insert(0, self.create_option(name, "", BLANK_LABEL, False, 0))
        return groups


class LabelledAutocompleteAdmin:
    """Mixin for a ModelAdmin or inline: its autocomplete foreign keys use the widget above."""

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field,
                self.admin_site,  # type: ignore[attr-defined]
                using=kwargs.get("using"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
