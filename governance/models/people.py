"""People: those who hold offices and are elected."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models.base import Sourced, TimeStamped
from governance.validators import validate_single_line


class Person(Sourced, TimeStamped):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    honorific = models.CharField(
        _("honorific"), max_length=40, blank=True, validators=[validate_single_line]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.honorific} {self.name}".strip()
