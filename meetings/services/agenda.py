"""The agenda's lifecycle: provisional (sent with the notice), adopted at the session after the
election of officers, revised during the session. Each state is kept with its date and items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from config.changes import data_changed
from governance.history import note_author
from governance.models import DocumentReference
from governance.services.search_index import documents_index
from meetings.models import AgendaItem, AgendaVersion, Session
from meetings.models.secretariat import AgendaState
from meetings.services.search_index import agenda_item_index

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def agenda_items_snapshot(session: Session) -> list[dict[str, str]]:
    """The items as they stand: label, title (and its French and Spanish versions) and the
    parent's label for sub-items."""
    items = list(session.agenda_items.all())
    labels = {item.pk: item.label for item in items}
    return [
        {
            "label": item.label,
            "title": item.title,
            "title_fr": item.title_fr,
            "title_es": item.title_es,
            "parent": labels[item.parent_id] if item.parent_id else "",
        }
        for item in items
    ]


def agenda_current(session: Session) -> AgendaVersion | None:
    """The latest state (uses prefetched ``agenda_versions`` when there)."""
    versions = list(session.agenda_versions.all())
    return max(versions, key=lambda v: (v.on, v.pk), default=None)


def _within_session(session: Session, on: dt.date, what: str) -> None:
    if session.start_date and on < session.start_date:
        raise ValidationError(
            {
                "on": _("The agenda is %(what)s at the session, not before it opens.")
                % {"what": what}
            }
        )
    if session.end_date and on > session.end_date:
        raise ValidationError(
            {
                "on": _("The agenda is %(what)s at the session, not after it closes.")
                % {"what": what}
            }
        )


def agenda_record(
    *,
    session: Session,
    state: str,
    on: dt.date,
    document: DocumentReference | None = None,
    note: str = "",
    by: User | None = None,
) -> AgendaVersion:
    """Record a new state of the agenda, in order: provisional, adopted, then revised."""
    if state not in AgendaState.values:
        raise ValidationError({"state": _("Unknown agenda state.")})
    with transaction.atomic():
        Session.objects.select_for_update().get(pk=session.pk)
        versions = list(session.agenda_versions.order_by("on", "pk"))
        states = {v.state for v in versions}
        last = versions[-1] if versions else None
        if last and on < last.on:
            raise ValidationError(
                {"on": _("The agenda already has a later state (%(day)s).") % {"day": last.on}}
            )
        if state == AgendaState.PROVISIONAL:
            if AgendaState.ADOPTED in states:
                raise ValidationError(
                    {"state": _("The agenda was adopted: record a revision instead.")}
                )
            if session.start_date and on > session.start_date:
                raise ValidationError(
                    {"on": _("The provisional agenda goes out before the session opens.")}
                )
        elif state == AgendaState.ADOPTED:
            if AgendaState.ADOPTED in states:
                raise ValidationError({"state": _("The agenda was already adopted.")})
            _within_session(session, on, _("adopted"))
        else:
            if AgendaState.ADOPTED not in states:
                raise ValidationError(
                    {"state": _("Only an adopted agenda can be revised; adopt it first.")}
                )
            _within_session(session, on, _("revised"))
        version = AgendaVersion(
            session=session,
            state=state,
            on=on,
            document=document,
            note=note,
            items=agenda_items_snapshot(session),
            recorded_by=by if getattr(by, "pk", None) else None,
        )
        version.full_clean()
        version.save()
        # Pages and the API show the state; mirrors (?modified_since=) find the session by this.
        Session.objects.filter(pk=session.pk).update(updated_at=version.created_at)
        data_changed()
    return version


def agenda_item_add(
    *,
    session: Session,
    title: str,
    title_fr: str = "",
    title_es: str = "",
    label: str = "",
    kind: str = "other",
    documents: Iterable[DocumentReference] = (),
    parent: AgendaItem | None = None,
    by: User | None = None,
) -> AgendaItem:
    with transaction.atomic():
        position = (session.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
        item = AgendaItem(
            session=session,
            title=title,
            title_fr=title_fr,
            title_es=title_es,
            label=label or str(position),
            kind=kind,
            parent=parent,
            position=position,
        )
        item.full_clean()
        note_author(item, by)
        item.save()
        item.documents.set(documents)
        agenda_item_index(item=item)
        documents_index(documents=list(documents))  # tied to this session now
        data_changed()
    return item
