"""Reusable filters and prefetch bundles for sessions."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Prefetch, Q

CALENDAR_FIELDS = (
    "key",
    "uid",
    "sequence",
    "number",
    "kind",
    "name",
    "start_date",
    "end_date",
    "date_precision",
    "date_label",
    "status",
    "is_published",
    "created_at",
    "updated_at",
    "body_id",
    "venue_id",
    "report_id",
    "body__name",
    "body__name_fr",
    "body__name_es",
    "body__key",
    "venue__name",
    "venue__city",
    "venue__timezone",
    "report__symbol",
    "report__title",
    "report__access",
    "report__is_published",
)

# A session in a list (API list): all its own columns, and of its body, venue and report only what
# titles, venue labels and links read. Whole related rows cost a third of the list; leaving out the
# session's own columns cost more, as Django then fills each deferred field one by one.
LISTED_RELATIONS = (
    "body__key",
    "body__name",
    "body__name_fr",
    "body__name_es",
    "venue__key",
    "venue__name",
    "venue__city",
    "venue__country",
    "venue__timezone",
    "report__key",
)


# Bureau offices in protocol order, not alphabetical.
ROLE_ORDER = models.Case(
    *(
        models.When(role=role, then=rank)
        for rank, role in enumerate(
            [
                "chairperson",
                "first_vice_chairperson",
                "second_vice_chairperson",
                "vice_chairperson",
                "rapporteur",
            ]
        )
    ),
    default=9,
)


class SessionQuerySet(models.QuerySet):
    def public(self) -> SessionQuerySet:
        return self.filter(is_published=True)

    def upcoming(self, today: dt.date) -> SessionQuerySet:
        """Sessions not yet over (undated ones are left out: nothing to put in a calendar)."""
        return self.filter(Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today))

    def in_year(self, year: int) -> SessionQuerySet:
        return self.filter(start_date__year=year)

    def for_listing(self) -> SessionQuerySet:
        """Sessions as lists show them (see LISTED_RELATIONS), one query."""
        own = [field.name for field in self.model._meta.concrete_fields]
        return self.select_related("body", "venue", "report").only(*own, *LISTED_RELATIONS)

    def with_calendar_data(self) -> SessionQuerySet:
        """What a feed needs and nothing more, in a fixed number of queries."""
        from governance.models import DocumentReference

        from .models import AgendaItem

        return (
            self.select_related("body", "venue", "report")
            .only(*CALENDAR_FIELDS)
            .prefetch_related(
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.only(
                        "session_id", "parent_id", "label", "title", "position"
                    )
                    .order_by("position", "id")
                    .prefetch_related(
                        Prefetch(
                            "documents",
                            queryset=DocumentReference.objects.only(
                                "key", "symbol", "title", "access", "is_published"
                            ).order_by("key"),
                        )
                    ),
                ),
            )
        )

    def with_page_data(self) -> SessionQuerySet:
        """Everything a session page shows, in a fixed number of queries."""
        from governance.models import DocumentReference

        from .models import (
            AgendaItem,
            AgendaVersion,
            BureauMember,
            Decision,
            Meeting,
            ScheduleRevision,
            SessionDocument,
        )

        documents = DocumentReference.objects.order_by("key")
        return self.select_related("body", "venue", "report").prefetch_related(
            Prefetch(
                "meetings",
                queryset=Meeting.objects.select_related("venue").order_by(
                    "date", "starts_at", "number"
                ),
            ),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("parent")
                .order_by("position", "id")
                .prefetch_related(Prefetch("documents", queryset=documents)),
            ),
            Prefetch(
                "revisions",
                queryset=ScheduleRevision.objects.select_related("conflicts_with").order_by(
                    "position", "created_at"
                ),
            ),
            Prefetch(
                "bureau_members",
                queryset=BureauMember.objects.select_related("person", "state", "body").order_by(
                    ROLE_ORDER, "is_acting"
                ),
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.order_by(
                    "adopted_on", "resolution_number", "key"
                ).prefetch_related(Prefetch("documents", queryset=documents), "recalls", "negates"),
            ),
            Prefetch(
                "session_documents",
                queryset=SessionDocument.objects.select_related("document").order_by(
                    "document__key"
                ),
            ),
            Prefetch(
                "agenda_versions",
                queryset=AgendaVersion.objects.select_related("document").order_by("on", "pk"),
            ),
        )
