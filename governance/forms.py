"""Form fields over the standing structure, for the public pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language

from governance.models import Body


class BodiesField(forms.ModelMultipleChoiceField):
    """Tick boxes of the bodies delegates can follow, each named in the page's language."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Body.objects.filter(is_external=False).order_by("name"))
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Body) -> str:
        return obj.name_in(get_language() or "en")
