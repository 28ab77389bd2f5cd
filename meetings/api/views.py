"""Calendar endpoints: sessions (read for everyone, write for editors), decisions, offices, tombstones."""

from __future__ import annotations

import functools

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from governance.api.filters import number_filter, year_filter
from governance.api.permissions import ReadOrEditor, is_secretariat
from governance.api.views import MODIFIED_SINCE, SLUG, ModifiedSinceMixin
from governance.models import DocumentReference
from meetings.api import serializers as s
from meetings.models import BureauMember, Decision, Session, Tombstone
from meetings.models.querysets import PUBLIC_DECISION, public_records
from meetings.services import agenda, publishing
from meetings.services import sessions as services


class SessionFilter(filters.FilterSet):
    body = filters.CharFilter(field_name="body__key")
    year = year_filter("start_date__year")
    start_after = filters.DateFilter(field_name="start_date", lookup_expr="gte")
    start_before = filters.DateFilter(field_name="start_date", lookup_expr="lte")

    class Meta:
        model = Session
        fields = ["body", "status", "kind", "year", "start_after", "start_before", "is_published"]


@extend_schema(parameters=[MODIFIED_SINCE])
class SessionViewSet(
    ModifiedSinceMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    permission_classes = [ReadOrEditor]
    lookup_field = "key"
    lookup_value_regex = SLUG
    filterset_class = SessionFilter
    ordering_fields = ["start_date", "number", "updated_at"]

    @functools.cached_property
    def secretariat(self) -> bool:
        return is_secretariat(self.request.user)

    def get_queryset(self):
        queryset = Session.objects.all() if self.secretariat else Session.objects.public()
        queryset = queryset.order_by("start_date", "pk")
        if self.action == "retrieve":
            return queryset.with_page_data(public=not self.secretariat)
        if self.action == "list":
            return queryset.for_listing()
        return queryset.select_related("body", "venue", "report")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return s.SessionWriteSerializer
        return s.SessionDetailSerializer if self.action == "retrieve" else s.SessionSerializer

    def get_serializer_context(self):
        # Restricted and unpublished documents (the report, ...) are named to the secretariat only.
        return {**super().get_serializer_context(), "secretariat": self.secretariat}

    def _written(self, session: Session) -> dict:
        return s.SessionSerializer(session, context=self.get_serializer_context()).data

    @extend_schema(request=s.SessionWriteSerializer, responses={201: s.SessionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.SessionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.session_create(
            session=Session(**serializer.validated_data), by=request.user
        )
        return Response(self._written(session), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.SessionWriteSerializer, responses={200: s.SessionSerializer})
    def update(self, request, *args, **kwargs):
        session = self.get_object()
        serializer = s.SessionWriteSerializer(
            session, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("key", None)
        published = session.is_published
        publishing.session_edit(session=session, fields=fields, by=request.user)
        session.refresh_from_db()
        # A published session keeps the edits as unpublished (see /draft/) until /publish/.
        answer = status.HTTP_202_ACCEPTED if published else status.HTTP_200_OK
        return Response(self._written(session), status=answer)

    @extend_schema(request=s.RescheduleSerializer, responses={200: s.SessionSerializer})
    @action(detail=True, methods=["post"])
    def reschedule(self, request, key=None):
        """Move the session to new dates (records a schedule revision, notifies followers)."""
        session = self.get_object()
        data = s.RescheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        service = services.session_postpone if values["postpone"] else services.session_reschedule
        service(
            session=session,
            start=values["start_date"],
            end=values.get("end_date"),
            precision=values["date_precision"],
            label=values["date_label"],
            by=request.user,
            note=values["note"],
        )
        session.refresh_from_db()
        return Response(self._written(session))

    @extend_schema(request=s.CancelSerializer, responses={200: s.SessionSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, key=None):
        session = self.get_object()
        data = s.CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.session_cancel(session=session, by=request.user, note=data.validated_data["note"])
        session.refresh_from_db()
        return Response(self._written(session))

    @extend_schema(request=None, responses={200: s.SessionSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, key=None):
        session = self.get_object()
        publishing.session_publish(session=session, by=request.user)
        return Response(self._written(session))

    @extend_schema(request=s.AgendaItemWriteSerializer, responses={201: s.AgendaItemSerializer})
    @action(detail=True, methods=["post"], url_path="agenda-items")
    def agenda_items(self, request, key=None):
        session = self.get_object()
        data = s.AgendaItemWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        item = agenda.agenda_item_add(
            session=session,
            title=values["title"],
            title_fr=values["title_fr"],
            title_es=values["title_es"],
            label=values["label"],
            kind=values["kind"],
            documents=values["documents"],
            by=request.user,
        )
        return Response(s.AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


class DecisionFilter(filters.FilterSet):
    session = filters.CharFilter(field_name="session__key")
    body = filters.CharFilter(field_name="session__body__key")
    year = year_filter("adopted_on__year")
    resolution_number = number_filter("resolution_number")

    class Meta:
        model = Decision
        fields = ["kind", "session", "body", "year", "resolution_number"]


@extend_schema(parameters=[MODIFIED_SINCE])
class DecisionViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.DecisionSerializer
    lookup_field = "key"
    lookup_value_regex = SLUG
    filterset_class = DecisionFilter
    ordering_fields = ["adopted_on", "resolution_number"]

    def get_queryset(self):
        decisions = Decision.objects.all()
        documents = DocumentReference.objects.visible_to(self.request.user).order_by("key")
        if not is_secretariat(self.request.user):
            decisions = decisions.filter(PUBLIC_DECISION)
        return (
            decisions.select_related("session")
            .prefetch_related(
                Prefetch("documents", queryset=documents),
                Prefetch("recalls", queryset=decisions),
                Prefetch("negates", queryset=decisions),
            )
            .order_by("adopted_on", "resolution_number", "key")
        )


@extend_schema(parameters=[MODIFIED_SINCE])
class ResolutionViewSet(DecisionViewSet):
    """Resolutions only, found by number: /resolutions/1150/."""

    lookup_field = "resolution_number"
    lookup_value_regex = r"\d{1,6}"

    def get_queryset(self):
        return super().get_queryset().filter(kind="resolution")


class OfficeFilter(filters.FilterSet):
    body = filters.CharFilter(field_name="body__key")
    session = filters.CharFilter(field_name="session__key")
    person = filters.CharFilter(field_name="person__key")
    state = filters.CharFilter(field_name="state__key")

    class Meta:
        model = BureauMember
        fields = ["body", "session", "person", "state", "role", "is_acting"]


@extend_schema(parameters=[MODIFIED_SINCE])
class OfficeViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    """Bureau offices: who held which office, for which State, at which session."""

    serializer_class = s.BureauMemberSerializer
    filterset_class = OfficeFilter
    ordering_fields = ["session__start_date", "role"]

    def get_queryset(self):
        offices = BureauMember.objects.all()
        if not is_secretariat(self.request.user):
            offices = public_records(BureauMember)
        return offices.select_related("body", "session", "person", "state").order_by(
            "session__start_date", "role", "pk"
        )


@extend_schema(parameters=[MODIFIED_SINCE])
class TombstoneViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    """Deleted records, for mirrors: ask with ?modified_since= for those deleted since your last sync."""

    serializer_class = s.TombstoneSerializer
    modified_field = "deleted_at"
    filterset_fields = ["model"]

    def get_queryset(self):
        tombstones = Tombstone.objects.order_by("deleted_at", "pk")
        # Anonymous mirrors hear only of records they could have seen.
        return (
            tombstones if is_secretariat(self.request.user) else tombstones.filter(was_public=True)
        )
