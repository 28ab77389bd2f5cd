"""Editors store and remove a language version's file: POST (multipart) or DELETE on
/api/v1/documents/{key}/versions/{language}/file/. Readers fetch files from the site's own
document URLs (meetings.web.files), whose address the answer gives."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from config.site import site_url
from governance import services
from governance.domain.files import FileRefused
from governance.domain.languages import LANGUAGES
from governance.enums import Language
from governance.models import DocumentFile, DocumentVersion


class DocumentFileUploadSerializer(serializers.Serializer):
    """A language version's file as an editor sends it."""

    file = serializers.FileField(
        help_text="A PDF, DOCX or XLSX file, checked from its content (not its name); at most "
        "the site's DOCUMENT_FILE_MAX_BYTES."
    )


class DocumentFileSerializer(serializers.ModelSerializer):
    """What is stored for a language version's file; `url` is where readers fetch it."""

    language = serializers.ChoiceField(
        source="version.language", choices=Language.choices, read_only=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentFile
        fields = [
            "language",
            "url",
            "media_type",
            "size",
            "sha256",
            "page_count",
            "original_name",
            "uploaded_at",
        ]
        read_only_fields = fields

    def get_url(self, record: DocumentFile) -> str:
        return site_url(self.context.get("request")) + record.get_absolute_url()  # type: ignore[attr-defined]  # ABSOLUTE_URL_OVERRIDES


LANGUAGE = OpenApiParameter(
    "language", str, OpenApiParameter.PATH, enum=list(LANGUAGES), description="en, fr or es"
)
# The document list's filter, which these operations do not take.
NOT_MODIFIED_SINCE = OpenApiParameter("modified_since", exclude=True)


class DocumentFileActions:
    """The file endpoints of DocumentViewSet (its lookup and permissions: editors write),
    routed in config/api_urls.py before the router's: a document's key has slashes, so the router's detail route would
    take the whole path as a key if this one came after it."""

    @extend_schema(
        methods=["POST"],
        parameters=[LANGUAGE, NOT_MODIFIED_SINCE],
        request={"multipart/form-data": DocumentFileUploadSerializer},
        responses={201: DocumentFileSerializer},
        description="Store the file of the document's version in this language (creating the "
        "version if the document has none), in place of any earlier file. A file whose content "
        "is not a PDF, DOCX or XLSX, or not the type its name says, over the size limit, an "
        "encrypted or damaged PDF, or a name with folders in it is refused (400) and nothing "
        "is stored.",
    )
    def version_file(self, request, key=None, language=None):
        document = self.get_object()
        if language not in LANGUAGES:
            raise Http404
        upload = DocumentFileUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        version = DocumentVersion.objects.filter(document=document, language=language).first()
        try:
            with transaction.atomic():
                record = services.document_file_attach(
                    version=version or DocumentVersion(document=document, language=language),
                    upload=upload.validated_data["file"],
                    by=request.user,
                )
        except FileRefused as refused:
            raise ValidationError({"file": [refused.message]}) from refused
        body = DocumentFileSerializer(record, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["DELETE"],
        parameters=[LANGUAGE, NOT_MODIFIED_SINCE],
        request=None,
        responses={204: None},
        description="Remove the file of the document's version in this language.",
    )
    def remove_version_file(self, request, key=None, language=None):
        document = self.get_object()
        version = DocumentVersion.objects.filter(
            document=document, language=language, file__isnull=False
        ).first()
        if version is None:
            raise Http404
        services.document_file_remove(version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)
