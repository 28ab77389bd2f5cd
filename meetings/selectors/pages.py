"""What each public page shows, each in a fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, TypeVar

from django.db.models import (
    Case,
    Count,
    Exists,
    Max,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from governance.enums import DocumentAccess
from governance.models import (
    AnnualTheme,
    Body,
    DocumentReference,
    DocumentVersion,
    Entity,
    Membership,
    MembershipFigure,
)
from governance.querysets import DocumentQuerySet
from meetings.domain.charts import YearCount
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
from meetings.models.querysets import PUBLIC_DECISION, ROLE_ORDER

GOVERNING_KEYS = ("council", "excom", "scpf")


_M = TypeVar("_M", bound=Model)


def public_documents() -> DocumentQuerySet:
    """The documents anonymous readers may see: DocumentQuerySet.public."""
    return DocumentReference.objects.public()


def _visible(field: str) -> Exists:
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
    revisions: list[ScheduleRevision]
    bureau: list[BureauMember]
    decisions: list[Decision]
    documents: list[SessionDocument]


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
        .annotate(document_visible=_visible("document_id"))
        .order_by("on", "pk"),
    )
    revisions = _rows(
        session.has_revisions,
        ScheduleRevision.objects.filter(session=session)
        .select_related("conflicts_with")
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


@dataclass
class MemberRow:
    entity: Entity
    membership: Membership
    admitted_at: Session | None  # the session that admitted it, named only once published


class MembersData(TypedDict):
    rows: list[MemberRow]
    computed: list[YearCount]
    reported: list[MembershipFigure]


def members_page() -> MembersData:
    entities = list(
        Entity.objects.filter(memberships__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("admission__decision__session__body"),
            )
        )
        .order_by("short_name")
    )
    rows = []
    for entity in entities:
        for membership in entity.memberships.all():
            admission = getattr(membership, "admission", None)
            session = admission.decision.session if admission else None
            admitted_at = session if session and session.is_published else None
            rows.append(MemberRow(entity, membership, admitted_at))
    reported = list(MembershipFigure.objects.order_by("as_of"))
    # The records say nothing after their last dated fact: no bars past it, flat to today.
    known = [d for row in rows for d in (row.membership.start_latest, row.membership.end_on) if d]
    known += [figure.as_of for figure in reported]
    last = min(max(known).year, timezone.localdate().year) if known else 1994
    years = range(1995, last + 1)
    computed: list[YearCount] = []
    for year in years:
        day = dt.date(year, 12, 31)
        counts = {"member": 0, "observer": 0}
        for row in rows:
            m = row.membership
            if m.start_latest and m.start_latest <= day and (m.end_on is None or m.end_on > day):
                counts[m.status] += 1
        if counts["member"] or counts["observer"]:
            computed.append(
                {"year": year, "member": counts["member"], "observer": counts["observer"]}
            )
    return {
        "rows": rows,
        "computed": computed,
        "reported": reported,
    }


class DocumentsData(TypedDict):
    documents: list[DocumentReference]
    series: list[str]


def documents_page(
    *, query: str, series: str, body: Body | None, session: Session | None, year: int | None
) -> DocumentsData:
    documents = public_documents().filter(parent__isnull=True)
    if query:
        # An original is found by its amendments' symbols too, by those readers may see only:
        # a hit for a restricted corrigendum would confirm it exists.
        amended = public_documents().filter(symbol__icontains=query).values("parent_id")
        documents = documents.filter(
            Q(symbol__icontains=query) | Q(title__icontains=query) | Q(pk__in=amended)
        )
    if series:
        documents = documents.filter(series=series)
    if body is not None:
        # Through published sessions only: a link to an unpublished one is not shown either.
        documents = documents.filter(
            session_links__session__in=Session.objects.public().filter(body=body)
        )
    if session is not None:
        documents = documents.filter(session_links__session=session)
    if year is not None:
        documents = documents.filter(issued_on__year=year)
    amendments = public_documents().order_by("key")
    return {
        "documents": list(
            documents.distinct()
            .prefetch_related(Prefetch("amendments", queryset=amendments))
            # The organization's own first; the laws, treaties and others' papers its texts cite after.
            .annotate(cited=Case(When(issued_by="", then=Value(0)), default=Value(1)))
            .order_by("cited", "series", "key")
        ),
        "series": list(
            public_documents()
            .exclude(series="")
            .order_by("series")
            .values_list("series", flat=True)
            .distinct()
        ),
    }


def document_page(key: str) -> DocumentReference | None:
    """A document anonymous readers may see, with what its page links: only the amendments,
    parent, annex and sessions they may see too."""
    return (
        public_documents()
        .filter(key=key)
        .select_related("parent", "annex_of")
        .annotate(
            parent_visible=_visible("parent_id"),
            annex_of_visible=_visible("annex_of_id"),
            online_versions=Exists(
                DocumentVersion.objects.filter(document=OuterRef("pk"), is_available=True).exclude(
                    url=""
                )
            ),
        )
        .prefetch_related(
            "versions",
            Prefetch("amendments", queryset=public_documents().order_by("key")),
            Prefetch(
                "session_links",
                queryset=SessionDocument.objects.filter(session__is_published=True)
                .select_related("session__body")
                .order_by("session__start_date", "pk"),
            ),
        )
        .first()
    )


def resolutions_page() -> list[Decision]:
    decisions = Decision.objects.filter(PUBLIC_DECISION)
    return list(
        decisions.filter(kind="resolution")
        .select_related("session__body", "meeting")
        .prefetch_related(
            Prefetch("documents", queryset=public_documents().order_by("key")),
            Prefetch("recalls", queryset=decisions),
            Prefetch("negates", queryset=decisions),
        )
        .order_by("resolution_number", "adopted_on")
    )


def idm_themes() -> list[AnnualTheme]:
    return list(AnnualTheme.objects.order_by("year", "pk"))


def bodies_index() -> list[Body]:
    return list(Body.objects.order_by("is_external", "name"))
