"""Documents: visible unless tied only to unpublished sessions; editors add them."""

from __future__ import annotations

import contextlib

from django.db.models import Exists, OuterRef, Prefetch, Value
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from governance import services
from governance.api import serializers as s
from governance.api.filters import year_filter
from governance.api.permissions import ReadOrEditor, is_secretariat
from governance.api.views import MODIFIED_SINCE, ModifiedSinceMixin
from governance.domain.symbols import SymbolError, parse_symbol
from governance.models import DocumentReference, DocumentVersion
from meetings.api.document_files import DocumentFileActions


def visible_documents(user):
    """The documents a reader may see (DocumentQuerySet.visible_to), each with whether its parent
    and the document it is annexed to may be named too (`parent_visible`, `annex_of_visible`)."""
    everything = is_secretariat(user)

    def linked(field: str):
        if everything:
            return Value(True)
        return Exists(DocumentReference.objects.public().filter(pk=OuterRef(field)))

    queryset = (
        DocumentReference.objects.select_related("parent", "annex_of")
        .annotate(parent_visible=linked("parent_id"), annex_of_visible=linked("annex_of_id"))
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("file").order_by("language"),
            )
        )
    )
    return queryset if everything else queryset.public()


class DocumentFilter(filters.FilterSet):
    symbol = filters.CharFilter(
        method="filter_symbol", label="Exact symbol, e.g. MC/2216/Corr.1/Rev.1"
    )
    year = year_filter("issued_on__year")
    q = filters.CharFilter(method="filter_text", label="Symbol or title contains")

    class Meta:
        model = DocumentReference
        fields = ["series", "kind", "symbol", "year", "q"]

    def filter_symbol(self, queryset, name, value):
        try:
            return queryset.filter(symbol=parse_symbol(value).canonical)
        except SymbolError as error:
            raise ValidationError({"symbol": [str(error)]}) from error

    def filter_text(self, queryset, name, value):
        return queryset.matching(value)


@extend_schema(parameters=[MODIFIED_SINCE])
class DocumentViewSet(
    DocumentFileActions,
    ModifiedSinceMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = s.DocumentSerializer
    permission_classes = [ReadOrEditor]
    lookup_field = "key"
    lookup_value_regex = r"[A-Za-z0-9][A-Za-z0-9./_-]*"
    filterset_class = DocumentFilter
    ordering_fields = ["symbol", "issued_on", "key"]

    def get_queryset(self):
        return visible_documents(self.request.user).order_by("series", "key")

    def get_object(self):
        key = self.kwargs["key"]
        with contextlib.suppress(SymbolError):  # symbol-less documents are found by their key
            key = parse_symbol(key).canonical
        return get_object_or_404(self.get_queryset(), key=key)

    def get_serializer_class(self):
        return s.DocumentWriteSerializer if self.action == "create" else s.DocumentSerializer

    @extend_schema(request=s.DocumentWriteSerializer, responses={201: s.DocumentSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.DocumentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.document_create(by=request.user, **serializer.validated_data)
        document = visible_documents(request.user).get(pk=document.pk)
        body = s.DocumentSerializer(document, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)
