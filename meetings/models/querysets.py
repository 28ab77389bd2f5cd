"""Reusable filters and prefetch bundles for sessions. The models are looked up in the app
registry, not imported: meetings.models imports this module to build its managers."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Value

from governance.models import DocumentReference
from governance.roles import is_secretariat
from meetings.domain import ical

# What the feeds' events read of a session (meetings.domain.ical.session_event), with the fields
# of ical.SESSION_DETAILS.
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
    "is_demonstration",
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
    "venue__name_fr",
    "venue__name_es",
    "venue__city",
    "venue__city_fr",
    "venue__city_es",
    "venue__timezone",
    "report__symbol",
    "report__title",
    "report__title_fr",
    "report__title_es",
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
    "venue__name_fr",
    "venue__name_es",
    "venue__city",
    "venue__city_fr",
    "venue__city_es",
    "venue__country",
    "venue__country_code",
    "venue__timezone",
    "report__key",
    "report__is_published",
    "report__access",
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


# A decision is public when it was taken at a published session, or at none recorded.
PUBLIC_DECISION = Q(session__isnull=True) | Q(session__is_published=True)


class SessionQuerySet(models.QuerySet):
    def public(self) -> SessionQuerySet:
        return self.filter(is_published=True)

    def visible_to(self, user) -> SessionQuerySet:
        """All sessions for the secretariat, the published ones for everyone else."""
        return self if is_secretariat(user) else self.public()

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
        AgendaItem = apps.get_model("meetings", "AgendaItem")

        return (
            self.select_related("body", "venue", "report")
            .only(*CALENDAR_FIELDS, *ical.SESSION_DETAILS)
            .prefetch_related(
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.only(
                        "session_id",
                        "parent_id",
                        "label",
                        "title",
                        "title_fr",
                        "title_es",
                        "position",
                    )
                    .order_by("position", "id")
                    .prefetch_related(
                        Prefetch(
                            "documents",
                            queryset=DocumentReference.objects.only(
                                "key",
                                "symbol",
                                "title",
                                "title_fr",
                                "title_es",
                                "access",
                                "is_published",
                            ).order_by("key"),
                        )
                    ),
                ),
            )
        )

    def with_page_data(self, *, public: bool) -> SessionQuerySet:
        """Everything a session page shows, in a fixed number of queries; for `public` readers
        only the documents and decisions they may see (the report: see DocumentQuerySet.public),
        with each agenda version's `document_visible`."""
        AgendaItem = apps.get_model("meetings", "AgendaItem")
        AgendaVersion = apps.get_model("meetings", "AgendaVersion")
        BureauMember = apps.get_model("meetings", "BureauMember")
        Decision = apps.get_model("meetings", "Decision")
        Meeting = apps.get_model("meetings", "Meeting")
        ScheduleRevision = apps.get_model("meetings", "ScheduleRevision")
        SessionDocument = apps.get_model("meetings", "SessionDocument")

        documents = DocumentReference.objects.order_by("key")
        decisions = Decision.objects.all()
        session_documents = SessionDocument.objects.all()
        document_visible: Value | Exists = Value(True)
        if public:
            documents = documents.public()
            decisions = decisions.filter(PUBLIC_DECISION)
            document_visible = Exists(
                DocumentReference.objects.public().filter(pk=OuterRef("document_id"))
            )
            session_documents = session_documents.filter(document_visible)
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
                ).prefetch_related(
                    Prefetch("documents", queryset=documents),
                    Prefetch("recalls", queryset=decisions),
                    Prefetch("negates", queryset=decisions),
                ),
            ),
            Prefetch(
                "session_documents",
                queryset=session_documents.select_related("document").order_by("document__key"),
            ),
            Prefetch(
                "agenda_versions",
                queryset=AgendaVersion.objects.select_related("document")
                .annotate(document_visible=document_visible)
                .order_by("on", "pk"),
            ),
        )


# Kinds every reader sees whole (the standing structure).
ALWAYS_PUBLIC = frozenset(
    {
        "governance.body",
        "governance.entity",
        "governance.membership",
        "governance.membershipfigure",
        "governance.person",
        "governance.annualtheme",
    }
)
# Kinds shown only as part of a session, and only when it is published.
OF_A_SESSION = frozenset(
    {
        "meetings.meeting",
        "meetings.agendaitem",
        "meetings.schedulerevision",
        "meetings.bureaumember",
        "meetings.agendaversion",
    }
)


def public_records(model: type[models.Model]) -> models.QuerySet | None:
    """The records of a kind that anonymous readers may see, by the same rules as the pages and
    the API; None for kinds they never see (subscribers, deliveries, drafts, venues...).
    Tombstones ask it when a record is deleted (receivers_api.py)."""
    Decision = apps.get_model("meetings", "Decision")
    Session = apps.get_model("meetings", "Session")

    label = model._meta.label_lower
    records = model._default_manager.all()
    if label in ALWAYS_PUBLIC:
        return records
    if label == "governance.documentreference":
        return DocumentReference.objects.public()
    if label == "governance.documentversion":
        return records.filter(document__in=DocumentReference.objects.public())
    if label == "meetings.session":
        return Session.objects.public()
    if label in OF_A_SESSION:
        return records.filter(session__is_published=True)
    if label == "meetings.sessiondocument":
        return records.filter(
            session__is_published=True, document__in=DocumentReference.objects.public()
        )
    if label == "meetings.decision":
        return records.filter(PUBLIC_DECISION)
    if label in ("meetings.admission", "meetings.election"):
        return records.filter(decision__in=Decision.objects.filter(PUBLIC_DECISION))
    return None
