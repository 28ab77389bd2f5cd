"""Bump the calendar data version whenever a row that a feed reads changes."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from governance.models import Body, DocumentReference, DocumentVersion

from .feeds import bump_data_version
from .models import AgendaItem, AgendaVersion, Meeting, Session, SessionDocument, Venue

FEED_MODELS = (
    Session,
    Meeting,
    AgendaItem,
    AgendaVersion,
    SessionDocument,
    Venue,
    Body,
    DocumentReference,
    DocumentVersion,
)


def _bump(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    bump_data_version()


def _bump_m2m(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump_data_version()


for model in FEED_MODELS:
    post_save.connect(_bump, sender=model, dispatch_uid=f"feeds-save-{model.__name__}")
    post_delete.connect(_bump, sender=model, dispatch_uid=f"feeds-delete-{model.__name__}")
m2m_changed.connect(
    _bump_m2m, sender=AgendaItem.documents.through, dispatch_uid="feeds-agenda-documents"
)
