"""The secretariat's year over the API (editors only): planning, special sessions, agenda states,
drafts, compliance, CSV import with preview and export. Each calls the same service as the admin."""

from __future__ import annotations

from django.core.exceptions import ValidationError as ModelValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from governance.api.permissions import is_editor
from governance.models import Body, DocumentReference
from meetings.api.serializers import SessionSerializer
from meetings.domain.csvcells import CsvError
from meetings.models import Session
from meetings.models.secretariat import AgendaState
from meetings.models.sessions import SESSION_EDITABLE
from meetings.selectors import compliance
from meetings.selectors.csv_export import csv_export
from meetings.services import agenda, planning, publishing
from meetings.services.csv_import import KINDS, csv_import


class EditorsOnly(BasePermission):
    message = "Only secretariat editors may do this."

    def has_permission(self, request, view) -> bool:
        return is_editor(request.user)


class PlanYearSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1901, max_value=2199)
    bodies = serializers.SlugRelatedField(
        slug_field="key", queryset=Body.objects.all(), many=True, required=False
    )
    commit = serializers.BooleanField(default=False)


class PlannedSerializer(serializers.Serializer):
    body = serializers.CharField(source="body.key")
    number = serializers.IntegerField(allow_null=True)
    start_date = serializers.DateField(source="start")
    end_date = serializers.DateField(source="end")
    template = serializers.CharField(source="template.key", allow_null=True, default=None)


class PlanYearView(APIView):
    permission_classes = [EditorsOnly]

    @extend_schema(
        request=PlanYearSerializer,
        responses={
            200: OpenApiResponse(PlannedSerializer(many=True), description="The preview."),
            201: OpenApiResponse(SessionSerializer(many=True), description="Created (commit)."),
        },
    )
    def post(self, request):
        """Draft a year's sessions from each body's rhythm: a preview, or created with commit=true."""
        data = PlanYearSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        bodies = values.get("bodies") or None
        if not values["commit"]:
            return Response(
                PlannedSerializer(planning.plan_year(values["year"], bodies), many=True).data
            )
        created = planning.plan_year_create(values["year"], bodies, by=request.user)
        return Response(SessionSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class SpecialSessionSerializer(serializers.Serializer):
    body = serializers.SlugRelatedField(slug_field="key", queryset=Body.objects.all())
    requested_on = serializers.DateField()
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

    def validate(self, attrs):
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if end and not start:
            raise serializers.ValidationError({"start_date": "Give the first day as well."})
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": "The last day cannot be before the first day."}
            )
        return attrs


class SpecialSessionView(APIView):
    permission_classes = [EditorsOnly]

    @extend_schema(request=SpecialSessionSerializer, responses={201: SessionSerializer})
    def post(self, request):
        """Record a request for a special session; the request date starts its notice clock."""
        data = SpecialSessionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        session = planning.special_session_request(
            body=v["body"],
            requested_on=v["requested_on"],
            start=v.get("start_date"),
            end=v.get("end_date"),
            name=v["name"],
            by=request.user,
        )
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


class AgendaStateSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=AgendaState.choices)
    on = serializers.DateField()
    document = serializers.SlugRelatedField(
        slug_field="symbol",
        queryset=DocumentReference.objects.all(),
        required=False,
        allow_null=True,
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class AgendaStateView(APIView):
    permission_classes = [EditorsOnly]

    @extend_schema(request=AgendaStateSerializer, responses={201: AgendaStateSerializer})
    def post(self, request, key: str):
        """Record the agenda's next state: provisional, adopted (at the session), revised."""
        session = get_object_or_404(Session, key=key)
        data = AgendaStateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = agenda.agenda_record(session=session, by=request.user, **data.validated_data)
        return Response(
            {
                "state": version.state,
                "on": version.on,
                "document": getattr(version.document, "symbol", None),
                "note": version.note,
            },
            status=status.HTTP_201_CREATED,
        )


class AgendaEntrySerializer(serializers.Serializer):
    # label and parent are the agenda item's; the stubs know them only as Field.label (a
    # caption) and Field.parent (the bound serializer).
    label = serializers.CharField(max_length=20)  # type: ignore[assignment]
    title = serializers.CharField(max_length=400)
    title_fr = serializers.CharField(required=False, allow_blank=True, default="", max_length=400)
    title_es = serializers.CharField(required=False, allow_blank=True, default="", max_length=400)
    kind = serializers.CharField(required=False, default="other", max_length=20)
    parent = serializers.CharField(  # type: ignore[assignment]
        required=False, allow_blank=True, default="", max_length=20
    )


class DocumentEntrySerializer(serializers.Serializer):
    symbol = serializers.CharField(max_length=120)
    role = serializers.CharField(required=False, default="prepared_for", max_length=20)


class DraftSerializer(serializers.Serializer):
    # "values", not "fields": a serializer's own attribute is called fields.
    values = serializers.DictField(required=False, default=dict)
    agenda = AgendaEntrySerializer(many=True, required=False, allow_null=True, default=None)
    documents = DocumentEntrySerializer(many=True, required=False, allow_null=True, default=None)


def _draft_data(session: Session) -> dict:
    draft = publishing.draft_of(session)
    if draft is None:
        return {"values": {}, "agenda": None, "documents": None, "updated_at": None}
    return {
        "values": draft.fields,
        "agenda": draft.agenda,
        "documents": draft.documents,
        "updated_at": draft.updated_at,
    }


class DraftView(APIView):
    """A published session's unpublished edits (fields, agenda, documents)."""

    permission_classes = [EditorsOnly]
    parser_classes = [JSONParser]

    @extend_schema(responses={200: DraftSerializer})
    def get(self, request, key: str):
        return Response(_draft_data(get_object_or_404(Session, key=key)))

    @extend_schema(request=DraftSerializer, responses={200: DraftSerializer})
    def put(self, request, key: str):
        """Save edits: kept unpublished for a published session, applied at once otherwise."""
        session = get_object_or_404(Session, key=key)
        data = DraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        fields = dict(v["values"])
        if "venue" in fields or "body" in fields or "report" in fields:
            raise serializers.ValidationError(
                {"values": "Change body, venue or report through the session endpoint."}
            )
        fields = {name: _field_value(name, value) for name, value in fields.items()}
        publishing.session_edit(
            session=session,
            fields=fields,
            agenda=v["agenda"],
            documents=v["documents"],
            by=request.user,
        )
        return Response(_draft_data(session))

    @extend_schema(responses={204: None})
    def delete(self, request, key: str):
        publishing.draft_discard(session=get_object_or_404(Session, key=key))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _wire_type(field: models.Field) -> tuple[type, str]:
    """The JSON type a draft value of this field comes as, and how to ask for it."""
    if isinstance(field, models.BooleanField):
        return bool, "Give true or false."
    if isinstance(field, models.IntegerField):
        return int, "Give a whole number."
    if isinstance(field, models.DateField):
        return str, "Give a date as YYYY-MM-DD."
    return str, "Give text."


def _field_value(name: str, value):
    """A draft value from JSON: null or the field's own JSON type (a number is not text, nor
    true a number), then parsed as the field parses it; anything else is a 400 naming the field."""
    if name not in SESSION_EDITABLE:
        raise ModelValidationError({name: "This field cannot be changed here."})
    field = Session._meta.get_field(name)
    if not isinstance(field, models.Field):  # a relation's other side: never editable
        raise ModelValidationError({name: "This field cannot be changed here."})
    if isinstance(value, (list, dict)):
        raise ModelValidationError({name: "Give a plain value."})
    if value is None and not field.null:
        # full_clean lets None through for a field that may be blank: the database would not.
        raise ModelValidationError({name: field.error_messages["null"]})
    wanted, message = _wire_type(field)
    if value is not None and (
        not isinstance(value, wanted) or (isinstance(value, bool) and wanted is not bool)
    ):
        raise ModelValidationError({name: message})
    try:
        return field.to_python(value)
    except ModelValidationError as error:
        raise ModelValidationError({name: error.messages}) from None


class DeadlineCellSerializer(serializers.Serializer):
    """How the API writes one deadline of the compliance view (description only)."""

    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    state = serializers.ChoiceField(choices=["met", "late", "due_soon", "missed", "open"])
    rule = serializers.CharField()


class ComplianceRowSerializer(serializers.Serializer):
    session = serializers.CharField(help_text="The session's key.")
    start_date = serializers.DateField()
    deadlines = serializers.DictField(
        child=DeadlineCellSerializer(), help_text="By kind of deadline (those the rules set)."
    )
    convened_late = serializers.CharField(help_text="Why the notice was late; empty if it was not.")


class ComplianceView(APIView):
    permission_classes = [EditorsOnly]

    @extend_schema(responses={200: ComplianceRowSerializer(many=True)})
    def get(self, request):
        """Upcoming sessions with each deadline as met, late, due soon, missed or open."""
        rows = compliance.compliance_rows(timezone.localdate())
        return Response(
            [
                {
                    "session": row.session.key,
                    "start_date": row.session.start_date,
                    "deadlines": {
                        kind: {
                            "due_on": c.deadline.due_on,
                            "done_on": c.deadline.done_on,
                            "state": c.state,
                            "rule": c.deadline.rule,
                        }
                        for kind, c in row.cells.items()
                    },
                    "convened_late": row.convened_late,
                }
                for row in rows
            ]
        )


KIND = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(KINDS))
COMMIT = OpenApiParameter(
    "commit", bool, description="true (or 1) imports; otherwise a preview that keeps nothing."
)


class ImportRowSerializer(serializers.Serializer):
    """How the API writes one row of an import report (description only)."""

    line = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["create", "change", "unchanged", "refuse"])
    key = serializers.CharField()
    changes = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        help_text="Each changed column: [before, after].",
    )
    # The row's own errors, not Serializer.errors (the stubs' type for the name).
    errors = serializers.ListField(child=serializers.CharField())  # type: ignore[assignment]


class ImportReportSerializer(serializers.Serializer):
    committed = serializers.BooleanField()
    summary = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Rows by action: create, change, unchanged, refuse.",
    )
    rows = ImportRowSerializer(many=True)


class CsvImportView(APIView):
    """POST the CSV as text/csv; ?commit=1 imports, otherwise a preview that keeps nothing."""

    permission_classes = [EditorsOnly]
    parser_classes = []

    @extend_schema(
        parameters=[KIND, COMMIT],
        request={"text/csv": str},
        responses={200: ImportReportSerializer},
    )
    def post(self, request, kind: str):
        if kind not in KINDS:
            return Response({"detail": f"Unknown kind; one of {', '.join(KINDS)}."}, status=404)
        commit = request.query_params.get("commit") in ("1", "true")
        try:
            report = csv_import(kind, request.body, commit=commit, by=request.user)
        except CsvError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {
                "committed": report.committed,
                "summary": report.summary,
                "rows": [
                    {
                        "line": r.line,
                        "action": r.action,
                        "key": r.key,
                        "changes": r.changes,
                        "errors": r.errors,
                    }
                    for r in report.rows
                ],
            }
        )


class CsvExportView(APIView):
    permission_classes = [EditorsOnly]

    @extend_schema(parameters=[KIND], responses={(200, "text/csv"): str})
    def get(self, request, kind: str):
        if kind not in KINDS:
            return Response({"detail": f"Unknown kind; one of {', '.join(KINDS)}."}, status=404)
        response = HttpResponse(csv_export(kind), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
        return response
