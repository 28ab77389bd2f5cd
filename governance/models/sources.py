"""Discrepancies between the source texts: kept as written, flagged here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models.base import TimeStamped


class SourceDiscrepancy(TimeStamped):
    """Texts that disagree with each other or themselves: kept as written, flagged here."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    description = models.TextField(_("description"))
    quotes = models.JSONField(_("sources"), default=list)

    class Meta:
        verbose_name = _("discrepancy in the sources")
        verbose_name_plural = _("discrepancies in the sources")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key
