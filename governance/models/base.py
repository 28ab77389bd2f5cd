"""What every table of the standing structure (and of the calendar) shares: when a row was
made and changed (TimeStamped), and where its facts come from (Sourced)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.validators import validate_single_line


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Sourced(models.Model):
    """Where a fact comes from: the seed text, the line, the place in the document and the words."""

    source_file = models.CharField(
        _("source file"), max_length=100, blank=True, validators=[validate_single_line]
    )
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)
    source_place = models.CharField(
        _("source place"), max_length=200, blank=True, validators=[validate_single_line]
    )
    source_quote = models.TextField(_("quoted words"), blank=True)

    class Meta:
        abstract = True

    @property
    def citation(self) -> str:
        """'MC/2278, paragraph 25' (or the file and line when no place is known)."""
        if self.source_place:
            return self.source_place
        if self.source_file:
            return (
                f"{self.source_file}:{self.source_line}" if self.source_line else self.source_file
            )
        return ""
