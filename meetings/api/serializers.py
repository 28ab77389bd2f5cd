"""Serializers for what is on the calendar."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.utils import timezone
from rest_framework import serializers

from governance.api.serializers import SourceMixin, source_dict
from governance.enums import DatePrecision, DocumentAccess
from governance.models import Body, DocumentReference
from governance.paths import path_for
from governance.symbols import SymbolError, parse_symbol

from .. import datespans
from ..enums import AgendaItemKind
from ..models import (
    AgendaItem,
    BureauMember,
    Decision,
    Meeting,
    ScheduleRevision,
    Session,
    Tombstone,
    Venue,
)
from ..models.sessions import DEFAULT_TIMEZONE, calendar_uid
from ..titles import LANGS, body_names, numbered_title, unnumbered_title


class VenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["key", "name", "city", "country", "timezone"]


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _moment(value: dt.datetime | None, zone: dt.tzinfo) -> str | None:
    """As DRF's DateTimeField writes it: in the current time zone, UTC as Z."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class SessionSerializer(SourceMixin, serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="key", read_only=True)
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
        fields = [
            "key",
            "title",
            "titles",
            "body",
            "number",
            "kind",
            "name",
            "start_date",
            "end_date",
            "date_precision",
            "date_label",
            "dates",
            "venue",
            "timezone",
            "status",
            "is_published",
            "meetings_count",
            "report",
            "theme",
            "notes",
            "requested_on",
            "notice_sent_on",
            "sequence",
            "ical_uid",
            "url",
            "updated_at",
            "source",
        ]

    def to_representation(self, obj: Session) -> dict:
        """Written as the public list writes its rows (session_dicts): DRF's field loop cost ~0.4 ms
        a session. tests/api/test_session_representation.py holds both equal to that loop."""
        return self.from_rows([session_columns(obj)])[0]

    def from_rows(self, rows: Iterable[Sequence]) -> list[dict]:
        """Sessions written from rows in SESSION_COLUMNS order (the public list's SQL)."""
        return session_dicts(
            rows, url=self._session_url, zone=self._zone, secretariat=self._secretariat
        )

    @functools.cached_property
    def _secretariat(self) -> bool:
        """The view says whether the reader is of the secretariat; without a view, not."""
        return bool(self.context.get("secretariat"))

    # Once per response rather than once a session: both read thread-locals (script prefix, zone).
    @functools.cached_property
    def _session_url(self) -> str:
        return settings.SITE_URL.rstrip("/") + path_for("meetings:session-detail", key="__key__")

    @functools.cached_property
    def _zone(self) -> dt.tzinfo:
        return timezone.get_current_timezone()

    def get_report(self, obj: Session) -> str | None:
        report = obj.report if obj.report_id else None
        if report is None:
            return None
        return shown_report(report.key, report.is_published, report.access, self._secretariat)

    def get_title(self, obj: Session) -> str:
        return obj.title_in("en")

    def get_titles(self, obj: Session) -> dict[str, str]:
        return {lang: obj.title_in(lang) for lang in ("en", "fr", "es")}

    def get_dates(self, obj: Session) -> str:
        return obj.dates_label("en")

    def get_ical_uid(self, obj: Session) -> str:
        return obj.ical_uid("session")

    def get_url(self, obj: Session) -> str:
        return self._session_url.replace("__key__", obj.key)


# What a listed session is written from, in the order session_dicts() reads it. The public list
# selects these columns in SQL and writes its rows without making model instances (listing.py):
# instances and their attribute lookups were half the cost of a 50-session page.
SESSION_COLUMNS = (
    "key",
    "number",
    "kind",
    "name",
    "start_date",
    "end_date",
    "date_precision",
    "date_label",
    "status",
    "is_published",
    "meetings_count",
    "theme",
    "notes",
    "requested_on",
    "notice_sent_on",
    "sequence",
    "uid",
    "updated_at",
    "source_file",
    "source_line",
    "source_place",
    "source_quote",
    "body__key",
    "body__name",
    "body__name_fr",
    "body__name_es",
    "venue_id",
    "venue__key",
    "venue__name",
    "venue__city",
    "venue__country",
    "venue__timezone",
    "report__key",
    "report__is_published",
    "report__access",
)
_PATHS = [column.split("__") for column in SESSION_COLUMNS]


def session_columns(session: Session) -> tuple:
    """A session's values in SESSION_COLUMNS order, as the list's SQL selects them (None for
    what an absent venue or report would have given)."""
    values = []
    for path in _PATHS:
        value = session
        for name in path:
            value = getattr(value, name)
            if value is None:
                break
        values.append(value)
    return tuple(values)


def shown_report(key: str | None, is_published: bool, access: str, secretariat: bool) -> str | None:
    """A listed session's report key, or None where the reader may not see the report. Only
    published sessions are listed to anonymous readers, and for their report the visibility rule
    (DocumentQuerySet.public) comes down to the document's own two fields."""
    if secretariat or (is_published and access == DocumentAccess.PUBLIC):
        return key
    return None


def session_dicts(
    rows: Iterable[Sequence], *, url: str, zone: dt.tzinfo, secretariat: bool = False
) -> list[dict]:
    """The API's sessions from rows in SESSION_COLUMNS order. `url` has "__key__" for the key;
    `zone` is the time zone moments are written in; the report is named to the `secretariat`
    whatever its access."""
    venues: dict[int, dict] = {}  # each venue's dict once per response
    written = []
    for (
        key,
        number,
        kind,
        name,
        start_date,
        end_date,
        date_precision,
        date_label,
        status,
        is_published,
        meetings_count,
        theme,
        notes,
        requested_on,
        notice_sent_on,
        sequence,
        uid,
        updated_at,
        source_file,
        source_line,
        source_place,
        source_quote,
        body_key,
        body_name,
        body_name_fr,
        body_name_es,
        venue_id,
        venue_key,
        venue_name,
        venue_city,
        venue_country,
        venue_timezone,
        report_key,
        report_published,
        report_access,
    ) in rows:
        names = body_names(body_name, body_name_fr, body_name_es)
        dates = datespans.dates_label(start_date, end_date, date_precision, date_label, "en")
        if number:
            titles = {lang: numbered_title(number, kind, names[lang][1], lang) for lang in LANGS}
        else:
            titles = {
                lang: unnumbered_title(
                    name,
                    names[lang][0],
                    datespans.dates_label(start_date, end_date, date_precision, date_label, lang),
                )
                for lang in LANGS
            }
        if venue_id is None:
            venue = None
        elif (venue := venues.get(venue_id)) is None:
            venue = venues[venue_id] = {
                "key": venue_key,
                "name": venue_name,
                "city": venue_city,
                "country": venue_country,
                "timezone": venue_timezone,
            }
        written.append(
            {
                "key": key,
                "title": titles["en"],
                "titles": titles,
                "body": body_key,
                "number": number,
                "kind": kind,
                "name": name,
                "start_date": _iso(start_date),
                "end_date": _iso(end_date),
                "date_precision": date_precision,
                "date_label": date_label,
                "dates": dates,
                "venue": venue,
                "timezone": DEFAULT_TIMEZONE if venue_id is None else venue_timezone,
                "status": status,
                "is_published": is_published,
                "meetings_count": meetings_count,
                "report": shown_report(report_key, report_published, report_access, secretariat),
                "theme": theme,
                "notes": notes,
                "requested_on": _iso(requested_on),
                "notice_sent_on": _iso(notice_sent_on),
                "sequence": sequence,
                "ical_uid": calendar_uid("session", uid),
                "url": url.replace("__key__", key),
                "updated_at": _moment(updated_at, zone),
                "source": source_dict(source_file, source_line, source_place, source_quote),
            }
        )
    return written


class MeetingSerializer(serializers.ModelSerializer):
    venue = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)

    class Meta:
        model = Meeting
        fields = ["number", "date", "part", "starts_at", "ends_at", "venue", "title", "sequence"]


class AgendaItemSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="label", read_only=True, allow_null=True)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["id", "label", "parent", "position", "title", "kind", "documents"]

    def get_documents(self, obj: AgendaItem) -> list[str]:
        # Only those the reader may see are prefetched (SessionQuerySet.with_page_data).
        return [d.key for d in obj.documents.all()]


class BureauMemberSerializer(SourceMixin, serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="key", read_only=True)
    session = serializers.SlugRelatedField(slug_field="key", read_only=True)
    person = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    person_name = serializers.SerializerMethodField()
    state = serializers.SlugRelatedField(slug_field="key", read_only=True)

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
    conflicts_with = serializers.SlugRelatedField(
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
    session = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    label = serializers.CharField(read_only=True)
    documents = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True)
    recalls = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True)
    negates = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True)

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

    def to_representation(self, obj: Session) -> dict:
        # The generic loop: a detail is one session, and its nested lists need the declared fields.
        return serializers.ModelSerializer.to_representation(self, obj)

    def get_agenda_state(self, obj: Session) -> str | None:
        """The current state of the agenda: provisional, adopted or revised (None before any)."""
        versions = list(obj.agenda_versions.all())
        return versions[-1].state if versions else None

    def get_agenda(self, obj: Session) -> list[dict]:
        return AgendaItemSerializer(obj.agenda_items.all(), many=True, context=self.context).data

    def get_documents(self, obj: Session) -> list[dict]:
        # Only those the reader may see are prefetched (SessionQuerySet.with_page_data).
        return [
            {
                "key": link.document.key,
                "symbol": link.document.symbol,
                "title": link.document.title,
                "role": link.role,
            }
            for link in obj.session_documents.all()
        ]


class SessionWriteSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="key", queryset=Body.objects.all())
    venue = serializers.SlugRelatedField(
        slug_field="key", queryset=Venue.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Session
        fields = [
            "key",
            "body",
            "number",
            "kind",
            "name",
            "start_date",
            "end_date",
            "date_precision",
            "date_label",
            "venue",
            "status",
            "meetings_count",
            "theme",
            "notes",
            "requested_on",
            "notice_sent_on",
        ]
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
    label = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
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
