"""Uploading a language version's file on the document's page in the admin: a file field and a
"remove" box on each row of the language versions, checked as the form is validated (errors
shown on the row, nothing stored) and stored by the services when the document is saved."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from governance import services
from governance.domain.files import FileRefused, inspect_file
from governance.models import DocumentVersion


class DocumentVersionForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("new file"),
        required=False,
        help_text=_("PDF, DOCX or XLSX; it replaces the current file."),
    )
    remove_file = forms.BooleanField(label=_("remove the file"), required=False)

    class Meta:
        model = DocumentVersion
        fields = ("language", "url", "is_available", "note")

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            try:
                inspect_file(
                    name=upload.name,
                    content=upload,
                    size=upload.size,
                    declared_type=getattr(upload, "content_type", "") or "",
                    max_bytes=settings.DOCUMENT_FILE_MAX_BYTES,
                )
            except FileRefused as refused:
                raise forms.ValidationError(refused.message) from refused
        return upload


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    form = DocumentVersionForm
    extra = 0
    fields = ("language", "url", "is_available", "note", "current_file", "upload", "remove_file")
    readonly_fields = ("current_file",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("file")

    @admin.display(description=_("file"))
    def current_file(self, version: DocumentVersion) -> str:
        record = getattr(version, "file", None) if version.pk else None
        if record is None:
            return "—"
        return f"{record.original_name} ({record.kind_label}, {filesizeformat(record.size)})"


def remove_deleted_versions_files(formset) -> None:
    """Before the versions are saved: the files of the rows to be deleted leave the store (a
    version's row takes its file's row with it, not the stored bytes)."""
    for form in formset.deleted_forms:
        if form.instance.pk is not None:
            services.document_file_remove(version=form.instance)


def store_version_files(formset, user) -> None:
    """After the versions are saved: each row's new file stored, or its file removed."""
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
            continue
        version = form.instance
        if version.pk is None:
            continue
        if form.cleaned_data.get("upload"):
            services.document_file_attach(
                version=version, upload=form.cleaned_data["upload"], by=user
            )
        elif form.cleaned_data.get("remove_file"):
            services.document_file_remove(version=version)
