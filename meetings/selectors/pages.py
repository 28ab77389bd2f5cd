"""What each public page shows, each in a fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, TypeVar

from django.db.models import (
    Count,
    Exists,
    Max,
    Model,
    OuterRef,
    Q,
    QuerySet,
)

from governance.domain.languages import LANGUAGES
from governance.enums import DocumentAccess
from governance.models import (
    Body,
    DocumentFile,
    DocumentReference,
)
from governance.querysets import DocumentQuerySet
from meetings.models import (
    AgendaItem,
    AgendaVersion,
    BureauMember,
    Decision,
    Meeting,
    ScheduleRevision,
    Session,
    SessionDocument,
)
from meetings.models.querysets import ROLE_ORDER

GOVERNING_KEYS = ("council", "excom", "scpf")


_M = TypeVar("_M", bound=Model)


def public_documents() -> DocumentQuerySet:
    """The documents anonymous readers may see: DocumentQuerySet.public."""
    return DocumentReference.objects.public()


def document_visible(field: str) -> Exists:
    """Whether the document in `field` (a foreign key) is one anonymous readers may see."""
    return Exists(public_documents().filter(pk=OuterRef(field)))


class HomeData(TypedDict):
    upcoming: list[Session]
    changes: list[ScheduleRevision]
    new_documents: list[DocumentReference]
    recent: list[Session]


def home_data(today: dt.date) -> HomeData:
    return {
        "upcoming": list(
            Session.objects.public()
            .upcoming(today)
            .select_related("body", "venue")
            .order_by("start_date", "pk")[:12]
        ),
        "changes": list(
            ScheduleRevision.objects.filter(
                session__is_published=True, kind__in=["changed", "postponed", "cancelled", "set"]
            )
            .select_related("session__body")
            .order_by("-created_at", "-pk")[:8]
        ),
        # The organization's own: a law or treaty its texts cite is not a new document of its.
        "new_documents": list(
            public_documents().filter(issued_by="").order_by("-created_at", "-pk")[:6]
        ),
        # Shown when nothing is upcoming (a record of past years, a fresh install's seeds).
        "recent": list(
            Session.objects.public()
            .filter(start_date__lt=today)
            .select_related("body", "venue")
            .order_by("-start_date", "-pk")[:6]
        ),
    }


def calendar_default_year(today: dt.date) -> int:
    """The year the calendar opens on: this one if it has sessions, else the latest that has."""
    public = Session.objects.public().filter(start_date__isnull=False)
    years = public.aggregate(
        this=Count("pk", filter=Q(start_date__year=today.year)), latest=Max("start_date__year")
    )
    return today.year if years["this"] or years["latest"] is None else years["latest"]


class CalendarData(TypedDict):
    sessions: list[Session]
    meetings: list[Meeting]


def calendar_data(*, year: int, month: int | None, body: Body | None) -> CalendarData:
    sessions = (
        Session.objects.public()
        .select_related("body", "venue")
        .filter(Q(start_date__year=year) | Q(end_date__year=year))
    )
    meetings = Meeting.objects.filter(session__is_published=True, date__year=year).select_related(
        "session__body", "venue"
    )
    if body is not None:
        sessions = sessions.filter(body=body)
        meetings = meetings.filter(session__body=body)
    if month is not None:
        first = dt.date(year, month, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        sessions = sessions.filter(start_date__lte=last, end_date__gte=first)
        meetings = meetings.filter(date__gte=first, date__lte=last)
    return {
        "sessions": list(sessions.order_by("start_date", "pk")),
        "meetings": list(meetings.order_by("date", "starts_at", "pk")),
    }


def _has(model: type[Model]) -> Exists:
    return Exists(model._default_manager.filter(session=OuterRef("pk")))


def _has_files(language: str) -> Exists:
    """Whether a public document of the session's list has a file in ``language``."""
    return Exists(
        DocumentFile.objects.filter(
            version__language=language,
            version__document__session_links__session=OuterRef("pk"),
            **_public_on_a_published_session("version__document"),
        )
    )


def _rows(has: bool, queryset: QuerySet[_M]) -> list[_M]:
    """A section's rows: no query when the session's annotation says it has none."""
    return list(queryset) if has else []


@dataclass
class AgendaEntry:
    """A top-level agenda item with the documents delegates may see and its sub-items."""

    item: AgendaItem
    documents: list[DocumentReference]
    sub_items: list[AgendaItem]


@dataclass
class SessionPage:
    """A published session and what its page lists; documents only those delegates may see."""

    session: Session
    meetings: list[Meeting]
    agenda: list[AgendaEntry]
    agenda_versions: Sequence[AgendaVersion]  # each has .document_visible
    revisions: Sequence[ScheduleRevision]  # each has .document_visible (its source_document)
    bureau: list[BureauMember]
    decisions: list[Decision]
    documents: list[SessionDocument]
    # The languages its document package (a ZIP of the public documents' files) has files in.
    package_languages: list[str]


def _public_on_a_published_session(document: str) -> dict[str, Any]:
    """DocumentQuerySet.public for a document on a published session's agenda or list: it has a
    tie to a published session, so the rule comes down to the document's own two fields."""
    return {f"{document}__is_published": True, f"{document}__access": DocumentAccess.PUBLIC}


def session_page(key: str) -> SessionPage | None:
    # The session and which of its sections have rows: most sessions have few, and an empty
    # section then costs no query of its own.
    session = (
        Session.objects.public()
        .filter(key=key)
        .select_related("body", "venue", "report")
        .annotate(
            has_meetings=_has(Meeting),
            has_agenda=_has(AgendaItem),
            has_agenda_versions=_has(AgendaVersion),
            has_revisions=_has(ScheduleRevision),
            has_bureau=_has(BureauMember),
            has_decisions=_has(Decision),
            has_documents=_has(SessionDocument),
            **{f"has_files_{language}": _has_files(language) for language in LANGUAGES},
        )
        .first()
    )
    if session is None:
        return None
    meetings = _rows(
        session.has_meetings,
        Meeting.objects.filter(session=session)
        .select_related("venue")
        .order_by("date", "starts_at", "number"),
    )
    items = _rows(
        session.has_agenda, AgendaItem.objects.filter(session=session).order_by("position", "id")
    )
    item_links = _rows(
        session.has_agenda,
        AgendaItem.documents.through.objects.filter(
            agendaitem__session=session, **_public_on_a_published_session("documentreference")
        )
        .select_related("documentreference")
        .order_by("documentreference__key"),
    )
    agenda_versions = _rows(
        session.has_agenda_versions,
        AgendaVersion.objects.filter(session=session)
        .select_related("document")
        .defer("items")
        .annotate(document_visible=document_visible("document_id"))
        .order_by("on", "pk"),
    )
    revisions = _rows(
        session.has_revisions,
        ScheduleRevision.objects.filter(session=session)
        .select_related("conflicts_with", "source_document")
        .annotate(document_visible=document_visible("source_document_id"))
        .order_by("position", "created_at"),
    )
    bureau = _rows(
        session.has_bureau,
        BureauMember.objects.filter(session=session)
        .select_related("person", "state")
        .order_by(ROLE_ORDER, "is_acting"),
    )
    decisions = _rows(
        session.has_decisions,
        Decision.objects.filter(session=session).order_by("adopted_on", "resolution_number", "key"),
    )
    documents = _rows(
        session.has_documents,
        SessionDocument.objects.filter(
            session=session, **_public_on_a_published_session("document")
        )
        .select_related("document")
        .order_by("document__key"),
    )

    item_documents: dict[int, list[DocumentReference]] = {}
    for link in item_links:
        item_documents.setdefault(link.agendaitem_id, []).append(link.documentreference)
    children: dict[int | None, list[AgendaItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    return SessionPage(
        session=session,
        meetings=meetings,
        agenda=[
            AgendaEntry(item, item_documents.get(item.pk, []), children.get(item.pk, []))
            for item in children.get(None, [])
        ],
        agenda_versions=agenda_versions,
        revisions=revisions,
        bureau=bureau,
        decisions=decisions,
        documents=documents,
        package_languages=[lang for lang in LANGUAGES if getattr(session, f"has_files_{lang}")],
    )


@dataclass
class BodyPage:
    body: Body
    successors: list[Body]
    children: list[Body]
    bureau: list[BureauMember]
    bureau_session: Session | None
    upcoming: list[Session]
    past: list[Session]
    undated: list[Session]  # held or planned, but no text gives their dates


def body_page(key: str, today: dt.date) -> BodyPage | None:
    body = Body.objects.select_related("predecessor", "parent").filter(key=key).first()
    if body is None:
        return None
    related = list(Body.objects.filter(Q(predecessor=body) | Q(parent=body)).order_by("name"))
    sessions = list(
        Session.objects.public()
        .filter(body=body)
        .select_related("venue", "body")
        .order_by("start_date", "pk")
    )
    bureau = list(
        BureauMember.objects.filter(body=body, session__is_published=True)
        .select_related("person", "state", "session__body")
        .order_by("-session__start_date", ROLE_ORDER, "is_acting")
    )
    latest_session = bureau[0].session if bureau else None
    current = [b for b in bureau if latest_session and b.session_id == latest_session.pk]
    return BodyPage(
        body=body,
        successors=[b for b in related if b.predecessor_id == body.pk],
        children=[b for b in related if b.parent_id == body.pk],
        bureau=current,
        bureau_session=latest_session,
        upcoming=[s for s in sessions if s.start_date and (s.end_date or s.start_date) >= today],
        past=[s for s in sessions if s.start_date and (s.end_date or s.start_date) < today][::-1],
        undated=sorted(
            (s for s in sessions if s.start_date is None), key=lambda s: (s.number or 0, s.pk)
        ),
    )


def bodies_index() -> list[Body]:
    return list(Body.objects.order_by("is_external", "name"))
