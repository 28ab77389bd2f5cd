"""The secretariat's working records: the agenda's lifecycle and unpublished edits of a session."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import DocumentReference
from governance.models.base import TimeStamped
from meetings.models.sessions import Session


class AgendaState(models.TextChoices):
    PROVISIONAL = "provisional", _("Provisional")
    ADOPTED = "adopted", _("Adopted")
    REVISED = "revised", _("Revised")


class AgendaVersion(TimeStamped):
    """One state of a session's agenda, with its date and the items as they stood then."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_versions")
    state = models.CharField(_("state"), max_length=12, choices=AgendaState.choices)
    on = models.DateField(_("date"))
    document = models.ForeignKey(
        DocumentReference,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_versions",
    )
    items = models.JSONField(_("items"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("agenda version")
        verbose_name_plural = _("agenda versions")
        ordering = ["session", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_state_display()} agenda of {self.session}, {self.on:%d %B %Y}"


class SessionDraft(TimeStamped):
    """Edits to a published session not yet published: pages, feeds, API and notices see none of it."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="draft")
    fields = models.JSONField(_("changed fields"), default=dict, blank=True)
    agenda = models.JSONField(_("agenda items"), null=True, blank=True)
    documents = models.JSONField(_("documents"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("unpublished edit")
        verbose_name_plural = _("unpublished edits")

    def __str__(self) -> str:
        return f"Unpublished edits of {self.session}"
