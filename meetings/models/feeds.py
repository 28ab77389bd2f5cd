"""Personal feeds: a delegate's chosen bodies behind an unguessable, revocable token."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import Body
from governance.models.base import TimeStamped


def hash_token(token: str) -> str:
    """Tokens are stored only as their SHA-256, so a leaked table reveals no feed URL."""
    return hashlib.sha256(token.encode()).hexdigest()


class PersonalFeed(TimeStamped):
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    bodies = models.ManyToManyField(
        Body, verbose_name=_("bodies"), blank=True, related_name="personal_feeds"
    )
    all_bodies = models.BooleanField(_("all bodies"), default=False)
    label = models.CharField(_("label"), max_length=100, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    rotated_at = models.DateTimeField(_("token last rotated"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal feed")
        verbose_name_plural = _("personal feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label or f"Personal feed {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
