"""Serializers for the standing structure."""

from __future__ import annotations

from rest_framework import serializers

from config.site import site_url
from governance.models import (
    AnnualTheme,
    Body,
    DocumentFile,
    DocumentReference,
    DocumentVersion,
    Entity,
    Membership,
    MembershipFigure,
    Person,
)


class SourceMixin(serializers.Serializer):
    # A declared field may take the name of a Field attribute (source, parent): the serializer's
    # metaclass moves declared fields off the class, but the type checker sees the clash.
    source = serializers.SerializerMethodField()  # type: ignore[assignment]

    def get_source(self, obj) -> dict | None:
        return source_dict(obj.source_file, obj.source_line, obj.source_place, obj.source_quote)


def source_dict(file: str, line: int | None, place: str, quote: str) -> dict | None:
    """Where a fact comes from, as the API writes it (None for a record typed by staff)."""
    if not file:
        return None
    return {"file": file, "line": line, "place": place, "quote": quote}


class BodySerializer(SourceMixin, serializers.ModelSerializer):
    parent: serializers.SlugRelatedField[Body] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="key", read_only=True, allow_null=True
    )
    predecessor: serializers.SlugRelatedField[Body] = serializers.SlugRelatedField(
        slug_field="key", read_only=True, allow_null=True
    )
    rules_of_procedure = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = [
            "key",
            "name",
            "name_fr",
            "name_es",
            "acronym",
            "kind",
            "parent",
            "established_on",
            "established_label",
            "abolished_on",
            "abolition_note",
            "predecessor",
            "rhythm",
            "sessions_per_year",
            "usual_months",
            "terms_of_reference",
            "is_private",
            "is_external",
            "document_series",
            "notes",
            "rules_of_procedure",
            "updated_at",
            "source",
        ]

    def get_rules_of_procedure(self, obj: Body) -> dict:
        return {
            "notice_days_regular": obj.notice_days_regular,
            "notice_days_special": obj.notice_days_special,
            "special_notice_within_days": obj.special_notice_within_days,
            "documents_days": obj.documents_days,
            "agenda_with_notice": obj.agenda_with_notice,
        }


class MembershipSerializer(SourceMixin, serializers.ModelSerializer):
    entity: serializers.SlugRelatedField[Entity] = serializers.SlugRelatedField(
        slug_field="key", read_only=True
    )
    admitted_by = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = [
            "id",
            "entity",
            "status",
            "start_earliest",
            "start_latest",
            "end_on",
            "note",
            "admitted_by",
            "updated_at",
            "source",
        ]

    def get_admitted_by(self, obj: Membership) -> str | None:
        """The admitting decision; to others than the secretariat only once its session is
        published (the rule of meetings.models.querysets.PUBLIC_DECISION, on the joined rows)."""
        admission = getattr(obj, "admission", None)
        if admission is None:
            return None
        decision = admission.decision
        shown = decision.session_id is None or decision.session.is_published
        return decision.key if shown or self.context.get("secretariat") else None


class EntitySerializer(SourceMixin, serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = Entity
        fields = [
            "key",
            "kind",
            "official_name",
            "short_name",
            "aliases",
            "memberships",
            "updated_at",
            "source",
        ]

    def get_memberships(self, obj: Entity) -> list[dict]:
        return [
            {
                "status": m.status,
                "start_earliest": m.start_earliest,
                "start_latest": m.start_latest,
                "end_on": m.end_on,
            }
            for m in obj.memberships.all()
        ]


class PersonSerializer(SourceMixin, serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["key", "name", "honorific", "updated_at", "source"]


class MembershipFigureSerializer(SourceMixin, serializers.ModelSerializer):
    class Meta:
        model = MembershipFigure
        fields = ["as_of", "precision", "members", "observers", "total", "label", "note", "source"]


class AnnualThemeSerializer(SourceMixin, serializers.ModelSerializer):
    body: serializers.SlugRelatedField[Body] = serializers.SlugRelatedField(
        slug_field="key", read_only=True
    )

    class Meta:
        model = AnnualTheme
        fields = ["body", "year", "theme", "source"]


class VersionFileSerializer(serializers.ModelSerializer):
    """A language version's file: where readers fetch it (`url`, the site's own address, with
    the same access as the document), its type, size, SHA-256 and pages (PDF)."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentFile
        fields = ["url", "media_type", "size", "sha256", "page_count"]

    def get_url(self, record: DocumentFile) -> str:
        return site_url(self.context.get("request")) + record.get_absolute_url()  # type: ignore[attr-defined]  # ABSOLUTE_URL_OVERRIDES


class DocumentVersionSerializer(serializers.ModelSerializer):
    # null when the version has no file here (`url` may still link one elsewhere).
    file = VersionFileSerializer(read_only=True, allow_null=True)

    class Meta:
        model = DocumentVersion
        fields = ["language", "url", "is_available", "note", "file"]


class ShownKey(serializers.SlugRelatedField[DocumentReference]):
    """The key of a related document, or null where the reader may not see it: the document's
    queryset says so in `<field>_visible` (meetings.api.documents.visible_documents)."""

    def get_attribute(self, instance):
        if not getattr(instance, f"{self.source}_visible", False):
            return None
        return super().get_attribute(instance)


class DocumentSerializer(SourceMixin, serializers.ModelSerializer):
    parent = ShownKey(slug_field="key", read_only=True, allow_null=True)  # type: ignore[assignment]
    annex_of = ShownKey(slug_field="key", read_only=True, allow_null=True)
    versions = DocumentVersionSerializer(many=True, read_only=True)
    parts = serializers.ListField(child=serializers.ListField(), read_only=True)

    class Meta:
        model = DocumentReference
        fields = [
            "key",
            "symbol",
            "series",
            "number",
            "parts",
            "parent",
            "annex_of",
            "title",
            "title_fr",
            "title_es",
            "kind",
            "issued_by",
            "issued_on",
            "first_distributed_on",
            "prepared_for_label",
            "original_language",
            "english_only",
            "access",
            "is_published",
            "versions",
            "updated_at",
            "source",
        ]
        read_only_fields = ["series", "number", "parts", "parent", "updated_at"]


class DocumentWriteSerializer(serializers.ModelSerializer):
    """Fields an editor gives when adding a document; the symbol is validated by the model."""

    class Meta:
        model = DocumentReference
        fields = [
            "key",
            "symbol",
            "title",
            "title_fr",
            "title_es",
            "kind",
            "issued_by",
            "issued_on",
            "first_distributed_on",
            "prepared_for_label",
            "original_language",
            "english_only",
            "access",
            "is_published",
        ]
        extra_kwargs = {
            "key": {"required": False},
            "symbol": {"required": False, "allow_null": True},
        }

    def validate_symbol(self, value: str | None) -> str | None:
        from governance.domain.symbols import SymbolError, parse_symbol

        if not value:
            return None
        try:
            canonical = parse_symbol(value).canonical
        except SymbolError as error:
            raise serializers.ValidationError(str(error)) from error
        if DocumentReference.objects.filter(symbol=canonical).exists():
            raise serializers.ValidationError(f"{canonical} is already recorded.")
        return canonical

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("symbol") and not (attrs.get("key") and attrs.get("title")):
            raise serializers.ValidationError(
                "Give a symbol, or a key and a title for a document without one."
            )
        return attrs
