"""The record's pages: members and observers, documents, resolutions, the Dialogue's themes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypedDict

from django.db.models import (
    Case,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.utils import timezone

from governance.models import (
    AnnualTheme,
    Body,
    DocumentReference,
    DocumentVersion,
    Entity,
    Membership,
    MembershipFigure,
)
from governance.querysets import document_matches
from meetings.domain.charts import YearCount
from meetings.models import (
    Decision,
    Session,
    SessionDocument,
)
from meetings.models.querysets import PUBLIC_DECISION
from meetings.selectors.pages import document_visible, public_documents


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
        documents = documents.filter(document_matches(query) | Q(pk__in=amended))
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
            parent_visible=document_visible("parent_id"),
            annex_of_visible=document_visible("annex_of_id"),
            # A version with a link, or with a file served here.
            online_versions=Exists(
                DocumentVersion.objects.filter(document=OuterRef("pk")).filter(
                    (Q(is_available=True) & ~Q(url="")) | Q(file__isnull=False)
                )
            ),
        )
        .prefetch_related(
            # With each one's file, if it has one (a download link).
            Prefetch("versions", queryset=DocumentVersion.objects.select_related("file")),
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
