"""Read endpoints for the standing structure (documents live in meetings.api: their visibility depends on sessions)."""

from __future__ import annotations

import datetime as dt

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from governance.api import serializers as s
from governance.api.permissions import is_secretariat
from governance.models import Body, Entity, Membership, MembershipFigure, Person


class ModifiedSinceMixin:
    """?modified_since=<ISO date-time> on every list: what changed since then (deletions: /tombstones/)."""

    modified_field = "updated_at"

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        value = self.request.query_params.get("modified_since")
        if value:
            moment = parse_moment(value, "modified_since")
            queryset = queryset.filter(**{f"{self.modified_field}__gte": moment})
        return queryset


def parse_moment(value: str, name: str) -> dt.datetime:
    """An ISO date or date-time, as UTC (PostgreSQL refuses unusual offsets such as -23:39)."""
    from django.utils.dateparse import parse_date, parse_datetime

    try:
        moment = parse_datetime(value)
        day = parse_date(value) if moment is None else None
        if day is not None:
            moment = dt.datetime.combine(day, dt.time.min)
        if moment is not None:
            moment = (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise ValidationError(
            {name: ["Give an ISO 8601 date or date-time, e.g. 2009-05-11T00:00:00Z."]}
        )
    return moment


MODIFIED_SINCE = OpenApiParameter(
    "modified_since", OpenApiTypes.DATETIME, description="Only records changed since this moment."
)


# A record's key is a slug, as Django's <slug:...> converter reads it: anything else in the URL
# (a NUL byte, which PostgreSQL refuses in a query) is a 404 before the database.
SLUG = r"[-a-zA-Z0-9_]+"


@extend_schema(parameters=[MODIFIED_SINCE])
class BodyViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Body.objects.select_related("parent", "predecessor").order_by("name")
    serializer_class = s.BodySerializer
    lookup_field = "key"
    lookup_value_regex = SLUG
    filterset_fields = ["kind", "is_external"]
    ordering_fields = ["name", "established_on"]


@extend_schema(parameters=[MODIFIED_SINCE])
class EntityViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Entity.objects.prefetch_related("memberships").order_by("short_name")
    serializer_class = s.EntitySerializer
    lookup_field = "key"
    lookup_value_regex = SLUG
    filterset_fields = ["kind"]
    ordering_fields = ["short_name", "official_name"]


class MembershipFilter(filters.FilterSet):
    entity = filters.CharFilter(field_name="entity__key")
    on = filters.DateFilter(method="filter_on", label="In force on this date")

    class Meta:
        model = Membership
        fields = ["status", "entity", "on"]

    def filter_on(self, queryset, name, value):
        return queryset.active_on(value)


@extend_schema(parameters=[MODIFIED_SINCE])
class MembershipViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Membership.objects.select_related("entity", "admission__decision__session").order_by(
        "entity__short_name", "status"
    )
    serializer_class = s.MembershipSerializer
    filterset_class = MembershipFilter
    ordering_fields = ["start_latest", "entity__short_name"]

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "secretariat": is_secretariat(self.request.user),
        }

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "on", OpenApiTypes.DATE, required=True, description="The date, e.g. 2008-12-31."
            )
        ],
        responses={
            200: inline_serializer(
                "MembershipCounts",
                {
                    "on": serializers.DateField(),
                    "member": serializers.IntegerField(),
                    "observer": serializers.IntegerField(),
                },
            )
        },
    )
    @action(detail=False)
    def counts(self, request):
        """Members and observers in force on a date, computed from the records."""
        value = request.query_params.get("on", "")
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationError({"on": ["Give a date as YYYY-MM-DD, e.g. 2008-12-31."]}) from None
        return Response({"on": day, **Membership.objects.counts_on(day)})


@extend_schema(parameters=[MODIFIED_SINCE])
class MembershipFigureViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    queryset = MembershipFigure.objects.order_by("as_of")
    serializer_class = s.MembershipFigureSerializer
    ordering_fields = ["as_of"]


@extend_schema(parameters=[MODIFIED_SINCE])
class PersonViewSet(ModifiedSinceMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Person.objects.order_by("name")
    serializer_class = s.PersonSerializer
    lookup_field = "key"
    lookup_value_regex = SLUG
    ordering_fields = ["name"]
