"""Serializers for what is on the calendar."""

from __future__ import annotations

import contextlib

from rest_framework import serializers

from config.site import site_url
from governance.api.serializers import SourceMixin
from governance.domain.symbols import SymbolError, parse_symbol
from governance.enums import DatePrecision, DocumentAccess
from governance.models import Body, DocumentReference, Entity, Person
from meetings.models import (
    AgendaItem,
    BureauMember,
    Decision,
    Meeting,
    ScheduleRevision,
    Session,
    Tombstone,
    Venue,
)
from meetings.models.enums import AgendaItemKind
from meetings.models.sessions import MEETING_FIELDS, SESSION_FIELDS


class VenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = [
            "key",
            "name",
            "name_fr",
            "name_es",
            "city",
            "city_fr",
            "city_es",
            "country",
            "country_code",
            "timezone",
        ]


class SessionSerializer(SourceMixin, serializers.ModelSerializer):
    body: serializers.SlugRelatedField[Body] = serializers.SlugRelatedField(
        slug_field="key", read_only=True
    )
    venue = VenueSerializer(read_only=True, allow_null=True)
    report = serializers.SerializerMethodField()  # nullable: get_report is typed str | None
    title = serializers.SerializerMethodField()
    titles = serializers.SerializerMethodField()
    dates = serializers.SerializerMethodField()
    timezone = serializers.CharField(read_only=True)
    ical_uid = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Session
        # SESSION_FIELDS (models/sessions.py), between the names and what is derived.
        fields = [
            "key",
            "title",
            "titles",
            *SESSION_FIELDS,
            "dates",
            "timezone",
            "is_published",
            "is_demonstration",
            "sequence",
            "ical_uid",
            "url",
            "updated_at",
            "source",
        ]

    def get_report(self, obj: Session) -> str | None:
        """The report's key, or None where the reader may not see it (DocumentQuerySet.public:
        only published sessions are listed to anonymous readers, so the document's own two
        fields decide). The view says whether the reader is of the secretariat."""
        report = obj.report
        if report is None:
            return None
        if self.context.get("secretariat") or (
            report.is_published and report.access == DocumentAccess.PUBLIC
        ):
            return report.key
        return None

    def get_title(self, obj: Session) -> str:
        return obj.title_in("en")

    def get_titles(self, obj: Session) -> dict[str, str]:
        return {lang: obj.title_in(lang) for lang in ("en", "fr", "es")}

    def get_dates(self, obj: Session) -> str:
        return obj.dates_label("en")

    def get_ical_uid(self, obj: Session) -> str:
        return obj.ical_uid("session")

    def get_url(self, obj: Session) -> str:
        return site_url(self.context.get("request")) + obj.get_absolute_url()


class MeetingSerializer(serializers.ModelSerializer):
    venue: serializers.SlugRelatedField[Venue] = serializers.SlugRelatedField(
        slug_field="key", read_only=True, allow_null=True
    )

    class Meta:
        model = Meeting
        fields = [*MEETING_FIELDS, "sequence"]


class AgendaItemSerializer(serializers.ModelSerializer):
    # Field.parent is the serializer a field is bound to; the stubs cannot tell the two apart.
    parent: serializers.SlugRelatedField[AgendaItem] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="label", read_only=True, allow_null=True
    )
    documents = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "label",
            "parent",
            "position",
            "title",
            "title_fr",
            "title_es",
            "kind",
            "documents",
        ]

    def get_documents(self, obj: AgendaItem) -> list[str]:
        # Only those the reader may see are prefetched (SessionQuerySet.with_page_data).
        return [d.key for d in obj.documents.all()]


class BureauMemberSerializer(SourceMixin, serializers.ModelSerializer):
    body: serializers.SlugRelatedField[Body] = serializers.SlugRelatedField(
        slug_field="key", read_only=True
    )
    session: serializers.SlugRelatedField[Session] = serializers.SlugRelatedField(
        slug_field="key", read_only=True
    )
    person: serializers.SlugRelatedField[Person] = serializers.SlugRelatedField(
        slug_field="key", read_only=True, allow_null=True
    )
    person_name = serializers.SerializerMethodField()
    state: serializers.SlugRelatedField[Entity] = serializers.SlugRelatedField(
        slug_field="key", read_only=True
    )

    class Meta:
        model = BureauMember
        fields = [
            "body",
            "session",
            "role",
            "person",
            "person_name",
            "state",
            "is_acting",
            "presiding_note",
            "source",
        ]

    def get_person_name(self, obj: BureauMember) -> str | None:
        return str(obj.person) if obj.person_id else None


class RevisionSerializer(SourceMixin, serializers.ModelSerializer):
    conflicts_with: serializers.SlugRelatedField[ScheduleRevision] = serializers.SlugRelatedField(
        slug_field="position", read_only=True, allow_null=True
    )

    class Meta:
        model = ScheduleRevision
        fields = [
            "position",
            "kind",
            "old_start",
            "old_end",
            "start_date",
            "end_date",
            "precision",
            "date_label",
            "announced_on",
            "is_latest",
            "conflicts_with",
            "note",
            "created_at",
            "source",
        ]


class DecisionSerializer(SourceMixin, serializers.ModelSerializer):
    session: serializers.SlugRelatedField[Session] = serializers.SlugRelatedField(
        slug_field="key", read_only=True, allow_null=True
    )
    # Field.label is the field's caption in the stubs; here it is the decision's own label.
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    documents: serializers.SlugRelatedField[DocumentReference] = serializers.SlugRelatedField(
        slug_field="key", many=True, read_only=True
    )
    recalls: serializers.SlugRelatedField[Decision] = serializers.SlugRelatedField(
        slug_field="key", many=True, read_only=True
    )
    negates: serializers.SlugRelatedField[Decision] = serializers.SlugRelatedField(
        slug_field="key", many=True, read_only=True
    )

    class Meta:
        model = Decision
        fields = [
            "key",
            "label",
            "kind",
            "session",
            "meeting_number",
            "adopted_on",
            "date_precision",
            "title",
            "title_fr",
            "title_es",
            "resolution_number",
            "numeral",
            "documents",
            "recalls",
            "negates",
            "notes",
            "updated_at",
            "source",
        ]


class AgendaVersionSerializer(serializers.Serializer):
    state = serializers.CharField()
    on = serializers.DateField()
    document = serializers.SerializerMethodField()
    note = serializers.CharField()
    items = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))

    def get_document(self, obj) -> str | None:
        # document_visible: annotated by SessionQuerySet.with_page_data for the reader.
        if obj.document_id is None or not getattr(obj, "document_visible", False):
            return None
        return obj.document.key


class SessionDetailSerializer(SessionSerializer):
    meetings = MeetingSerializer(many=True, read_only=True)
    agenda = serializers.SerializerMethodField()
    agenda_state = serializers.SerializerMethodField()
    agenda_history = AgendaVersionSerializer(source="agenda_versions", many=True, read_only=True)
    bureau = BureauMemberSerializer(source="bureau_members", many=True, read_only=True)
    schedule_revisions = RevisionSerializer(source="revisions", many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    documents = serializers.SerializerMethodField()

    class Meta(SessionSerializer.Meta):
        fields = [
            *SessionSerializer.Meta.fields,
            "meetings",
            "agenda",
            "agenda_state",
            "agenda_history",
            "bureau",
            "schedule_revisions",
            "decisions",
            "documents",
        ]

    def get_agenda_state(self, obj: Session) -> str | None:
        """The current state of the agenda: provisional, adopted or revised (None before any)."""
        versions = list(obj.agenda_versions.all())
        return versions[-1].state if versions else None

    def get_agenda(self, obj: Session) -> list[dict]:
        # many=True makes a ListSerializer, whose .data is a ReturnList; the stubs give every
        # serializer the single object's ReturnDict.
        return AgendaItemSerializer(obj.agenda_items.all(), many=True, context=self.context).data  # type: ignore[return-value]

    def get_documents(self, obj: Session) -> list[dict]:
        # Only those the reader may see are prefetched (SessionQuerySet.with_page_data).
        return [
            {
                "key": link.document.key,
                "symbol": link.document.symbol,
                "title": link.document.title,
                "title_fr": link.document.title_fr,
                "title_es": link.document.title_es,
                "role": link.role,
            }
            for link in obj.session_documents.all()
        ]


class SessionWriteSerializer(serializers.ModelSerializer):
    # Related rows by their key, as the CSV names them.
    body = serializers.SlugRelatedField(slug_field="key", queryset=Body.objects.all())
    venue = serializers.SlugRelatedField(
        slug_field="key", queryset=Venue.objects.all(), required=False, allow_null=True
    )
    report = serializers.SlugRelatedField(
        slug_field="key", queryset=DocumentReference.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Session
        fields = ["key", *SESSION_FIELDS]
        extra_kwargs = {"key": {"required": False}}
        # validate() checks uniqueness itself, with a message that names the field.
        validators: list = []

    def validate(self, attrs: dict) -> dict:
        instance = self.instance
        start = attrs.get("start_date", getattr(instance, "start_date", None))
        end = attrs.get("end_date", getattr(instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": ["The last day cannot be before the first day."]}
            )
        number = attrs.get("number", getattr(instance, "number", None))
        name = attrs.get("name", getattr(instance, "name", ""))
        if not number and not name:
            raise serializers.ValidationError(
                {"number": ["Give the session a number, or a name if it has none."]}
            )
        body = attrs.get("body", getattr(instance, "body", None))
        if (
            number
            and body
            and Session.objects.filter(body=body, number=number)
            .exclude(pk=getattr(instance, "pk", None))
            .exists()
        ):
            raise serializers.ValidationError(
                {"number": ["This body already has a session with that number."]}
            )
        if instance is not None and "body" in attrs and attrs["body"] != instance.body:
            raise serializers.ValidationError({"body": ["A session cannot move to another body."]})
        return attrs


class RescheduleSerializer(serializers.Serializer):
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False)
    date_precision = serializers.ChoiceField(
        choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_label = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    postpone = serializers.BooleanField(default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    def validate(self, attrs: dict) -> dict:
        if attrs.get("end_date") and attrs["end_date"] < attrs["start_date"]:
            raise serializers.ValidationError(
                {"end_date": ["The last day cannot be before the first day."]}
            )
        return attrs


class CancelSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AgendaItemWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=400)
    title_fr = serializers.CharField(max_length=400, required=False, allow_blank=True, default="")
    title_es = serializers.CharField(max_length=400, required=False, allow_blank=True, default="")
    # Field.label is the field's caption in the stubs; here it is the agenda item's label.
    label = serializers.CharField(  # type: ignore[assignment]
        required=False, allow_blank=True, default="", max_length=20
    )
    kind = serializers.ChoiceField(choices=AgendaItemKind.choices, default=AgendaItemKind.OTHER)
    documents = serializers.ListField(
        child=serializers.CharField(max_length=120), required=False, default=list, max_length=100
    )

    def validate_documents(self, value: list[str]) -> list[DocumentReference]:
        found = []
        for ref in value:
            key = ref
            with contextlib.suppress(SymbolError):
                key = parse_symbol(ref).canonical
            document = DocumentReference.objects.filter(key=key).first()
            if document is None:
                raise serializers.ValidationError(f"Unknown document '{ref}'.")
            found.append(document)
        return found


class TombstoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tombstone
        fields = ["model", "key", "deleted_at"]
