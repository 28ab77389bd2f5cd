"""Deletions, kept as tombstones so that mirrors can sync incrementally."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tombstone(models.Model):
    model = models.CharField(_("kind of record"), max_length=60, db_index=True)
    key = models.CharField(_("key"), max_length=200)
    deleted_at = models.DateTimeField(_("deleted"), auto_now_add=True, db_index=True)
    # Told to anonymous mirrors only if they could see the record: the key of a deleted draft or
    # restricted paper would tell them it had existed. Unknown for tombstones older than the field.
    was_public = models.BooleanField(_("was public"), default=False)

    class Meta:
        verbose_name = _("deleted record")
        verbose_name_plural = _("deleted records")
        ordering = ["deleted_at", "id"]

    def __str__(self) -> str:
        return f"{self.model} {self.key}"
