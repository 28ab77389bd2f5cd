"""Editing and publishing a session: session_edit is the one way the admin, the API and the CSV
import edit a session. A published session's edits (fields, agenda, documents) wait in a draft
until published together; publishing is what pages, feeds, the API and notices see.

A session never published is its own draft: edits apply at once, as nobody sees it yet.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from config.changes import data_changed
from governance.history import note_author
from governance.models import DocumentReference
from meetings.models import AgendaItem, Session, SessionDocument, SessionDraft
from meetings.models.enums import AgendaItemKind, SessionDocumentRole
from meetings.models.sessions import SESSION_EDITABLE
from meetings.selectors.drafts import agenda_as_draft, documents_as_draft
from meetings.services import sessions as services
from meetings.services.calendar import model_field
from meetings.services.search_index import session_index

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _to_json(name: str, value: Any) -> Any:
    field = Session._meta.get_field(name)
    if field.is_relation:
        return getattr(value, "pk", value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def draft_values(fields: dict[str, Any]) -> dict[str, Any]:
    """A draft's stored values back to model values (related rows by id)."""
    values: dict[str, Any] = {}
    for name, raw in fields.items():
        field = model_field(Session, name)
        if field.related_model is not None:
            related = field.related_model._default_manager  # type: ignore[union-attr]
            values[name] = related.filter(pk=raw).first() if raw else None
        else:
            values[name] = field.to_python(raw)
    return values


def _check_fields(session: Session, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(SESSION_EDITABLE)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    candidate = Session.objects.get(pk=session.pk)
    for name, value in fields.items():
        setattr(candidate, name, value)
    if candidate.start_date and not candidate.end_date:
        candidate.end_date = candidate.start_date
    services.validate_span(candidate.start_date, candidate.end_date, candidate.date_precision)
    candidate.full_clean(validate_unique=True)
    return {name: _to_json(name, getattr(candidate, name)) for name in fields}


def _check_agenda(agenda: list[dict[str, str]]) -> list[dict[str, str]]:
    """Items as {label, title, title_fr, title_es, kind, parent} (AGENDA_ITEM_FIELDS); labels
    unique, parents listed before children."""
    seen: set[str] = set()
    clean = []
    for number, item in enumerate(agenda, start=1):
        label = str(item.get("label") or number).strip()
        title = str(item.get("title") or "").strip()
        title_fr = str(item.get("title_fr") or "").strip()
        title_es = str(item.get("title_es") or "").strip()
        kind = str(item.get("kind") or AgendaItemKind.OTHER)
        parent = str(item.get("parent") or "").strip()
        where = _("Agenda item %(n)d") % {"n": number}
        if not title:
            raise ValidationError({"agenda": f"{where}: {_('a title is required.')}"})
        if kind not in AgendaItemKind.values:
            raise ValidationError({"agenda": f"{where}: {_('unknown kind')} {kind!r}."})
        if label in seen:
            raise ValidationError({"agenda": f"{where}: {_('label used twice')} {label!r}."})
        if parent and parent not in seen:
            raise ValidationError(
                {"agenda": f"{where}: {_('its parent must come before it')} ({parent!r})."}
            )
        # The model's own validators (length, control characters), so a draft never holds what
        # publishing would refuse.
        checked = (
            ("label", label),
            ("title", title),
            ("title_fr", title_fr),
            ("title_es", title_es),
            ("label", parent),
        )
        for field, value in checked:
            try:
                model_field(AgendaItem, field).run_validators(value)
            except ValidationError as error:
                raise ValidationError({"agenda": f"{where}: {'; '.join(error.messages)}"}) from None
        seen.add(label)
        clean.append(
            {
                "label": label,
                "title": title,
                "title_fr": title_fr,
                "title_es": title_es,
                "kind": kind,
                "parent": parent,
            }
        )
    return clean


def _check_documents(documents: list[dict[str, str]]) -> list[dict[str, str]]:
    symbols = [str(d.get("symbol") or "").strip() for d in documents]
    known = set(
        DocumentReference.objects.filter(symbol__in=symbols).values_list("symbol", flat=True)
    )
    clean = []
    for symbol, entry in zip(symbols, documents, strict=True):
        role = str(entry.get("role") or SessionDocumentRole.PREPARED_FOR)
        if symbol not in known:
            raise ValidationError(
                {"documents": _("No document with the symbol %(s)s.") % {"s": symbol or "''"}}
            )
        if role not in SessionDocumentRole.values:
            raise ValidationError({"documents": _("Unknown role %(r)s.") % {"r": role}})
        clean.append({"symbol": symbol, "role": role})
    return clean


def session_edit(
    *,
    session: Session,
    fields: dict[str, Any] | None = None,
    agenda: list[dict[str, str]] | None = None,
    documents: list[dict[str, str]] | None = None,
    by: User | None = None,
    note: str = "",
) -> SessionDraft | None:
    """Edit a session: the fields (any of SESSION_EDITABLE; those given with their current
    value change nothing), the agenda and the documents.

    A published session keeps the edits in its draft until it is published again (validated
    now, so publishing cannot fail on them); returns the draft, or None when nothing is left to
    publish. An unpublished session takes them at once (a change of dates is a reschedule, with
    ``note`` on its revision) and None is returned.
    """
    checked = _check_fields(session, fields or {})
    agenda = _check_agenda(agenda) if agenda is not None else None
    documents = _check_documents(documents) if documents is not None else None
    with transaction.atomic():
        live = Session.objects.select_for_update().get(pk=session.pk)
        if not live.is_published:
            _apply(live, checked, agenda, documents, by=by, note=note)
            # Documents linked only to an unpublished session are hidden from the public.
            session_index(session=live)
            data_changed()
            session.refresh_from_db()
            return None
        draft, _created = SessionDraft.objects.get_or_create(session=live)
        merged = {**draft.fields, **checked}
        # A field edited back to its published value is no longer a change.
        draft.fields = {
            name: value
            for name, value in merged.items()
            if value != _to_json(name, getattr(live, name))
        }
        if agenda is not None:
            draft.agenda = None if agenda == agenda_as_draft(live) else agenda
        if documents is not None:
            draft.documents = None if documents == documents_as_draft(live) else documents
        draft.edited_by = by if getattr(by, "pk", None) else None
        if not draft.fields and draft.agenda is None and draft.documents is None:
            draft.delete()
            return None
        draft.save()
        return draft


def draft_changes(session: Session, draft: SessionDraft | None) -> list[tuple[str, str, str]]:
    """(field, published value, draft value) for display."""
    if draft is None:
        return []
    values = draft_values(draft.fields)
    return [
        (
            str(model_field(Session, name).verbose_name),
            str(getattr(session, name) if getattr(session, name) is not None else ""),
            str(value if value is not None else ""),
        )
        for name, value in values.items()
    ]


def draft_discard(*, session: Session) -> None:
    SessionDraft.objects.filter(session=session).delete()


def draft_of(session: Session) -> SessionDraft | None:
    return SessionDraft.objects.filter(session=session).first()


def session_publish(*, session: Session, by: User | None = None) -> Session:
    """Publish the session with its pending edits, in one transaction.

    A change of dates goes through the reschedule service: one schedule revision, a higher
    SEQUENCE and, for a session already public, one change notice.
    """
    with transaction.atomic():
        live = Session.objects.select_for_update().get(pk=session.pk)
        draft = SessionDraft.objects.filter(session=live).first()
        if draft is not None:
            _apply(live, draft.fields, draft.agenda, draft.documents, by=draft.edited_by or by)
            draft.delete()
        live.refresh_from_db()
        live.is_published = True
        note_author(live, by)
        # Saved even when nothing but documents changed: API mirrors (?modified_since=) and the
        # feeds' DTSTAMP follow updated_at.
        live.save(update_fields=["is_published", "updated_at"])
        session_index(session=live)
        data_changed()
    session.refresh_from_db()
    return session


def _apply(
    session: Session,
    fields: dict[str, Any],
    agenda: list[dict[str, str]] | None,
    documents: list[dict[str, str]] | None,
    *,
    by: User | None,
    note: str = "",
) -> None:
    if fields:
        services.session_update(session=session, fields=draft_values(fields), by=by, note=note)
    if agenda is not None:
        _apply_agenda(session, agenda, by=by)
    if documents is not None:
        _apply_documents(session, documents)


def _apply_agenda(session: Session, agenda: list[dict[str, str]], *, by: User | None) -> None:
    """Update items by label (keeping their sources and documents), add new ones, drop the rest."""
    existing = {item.label: item for item in session.agenda_items.all()}
    kept: dict[str, AgendaItem] = {}
    for position, entry in enumerate(agenda, start=1):
        item = existing.get(entry["label"]) or AgendaItem(session=session, label=entry["label"])
        item.title, item.kind, item.position = entry["title"], entry["kind"], position
        # A draft kept before agenda items had French and Spanish titles has none.
        item.title_fr, item.title_es = entry.get("title_fr", ""), entry.get("title_es", "")
        item.parent = kept.get(entry["parent"]) if entry["parent"] else None
        item.full_clean()
        note_author(item, by)
        item.save()
        kept[item.label] = item
    session.agenda_items.exclude(pk__in=[item.pk for item in kept.values()]).delete()


def _apply_documents(session: Session, documents: list[dict[str, str]]) -> None:
    by_symbol = {
        d.symbol: d
        for d in DocumentReference.objects.filter(symbol__in=[e["symbol"] for e in documents])
    }
    wanted = {(by_symbol[e["symbol"]].pk, e["role"]) for e in documents}
    links = list(session.session_documents.all())
    for link in links:
        if (link.document_id, link.role) not in wanted:
            link.delete()
    have = {(link.document_id, link.role) for link in links}
    SessionDocument.objects.bulk_create(
        SessionDocument(session=session, document_id=doc, role=role)
        for doc, role in sorted(wanted - have)
    )
