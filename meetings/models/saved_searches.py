"""Saved searches: a subscriber is told by e-mail of what newly became public and matches them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import Body
from governance.models.base import TimeStamped
from meetings.models.reminders import Subscriber

QUERY_MAX_LENGTH = 200


class AlertKind(models.TextChoices):
    """What an alert tells of: what is newly published (search kinds, as the index spells them)."""

    DOCUMENT = "document", _("Documents")
    SESSION = "session", _("Sessions")
    DECISION = "decision", _("Resolutions and decisions")


class SavedSearch(TimeStamped):
    """One subscriber's search, checked on every scan for records newly public since ``checked_until``.

    Inactive until its confirmation link is followed (double opt-in, as subscriptions are), and
    again once removed. ``checked_until`` is the high-water mark: every record that became public
    before it has been alerted (or did not match); a scan moves it with a conditional UPDATE, so
    concurrent scans alert each batch of matches once.
    """

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="saved_searches"
    )
    query = models.CharField(_("search"), max_length=QUERY_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices, blank=True)
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(_("label"), max_length=QUERY_MAX_LENGTH, blank=True)
    checked_until = models.DateTimeField(_("alerted up to"))
    active = models.BooleanField(_("active"), default=False, db_index=True)
    # Empty once confirmed: the link then works no more.
    token_hash = models.CharField(
        _("confirmation token hash"), max_length=64, blank=True, editable=False
    )
    expires_at = models.DateTimeField(_("confirmation expires"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["subscriber", "created_at", "pk"]
        # What each scan reads: the active saved searches whose mark is before the newest record.
        indexes = [
            models.Index(
                fields=["checked_until"],
                condition=models.Q(active=True),
                name="saved_search_to_check",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "query", "kind", "body"],
                condition=models.Q(active=True),
                nulls_distinct=False,
                name="one_active_saved_search_per_query",
            ),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="one_saved_search_per_confirmation_token",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber}: {self.label or self.query}"
