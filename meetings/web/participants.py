"""The list of participants of a session, from the registrations in order: a page, a CSV and a
PDF (WeasyPrint), in the reader's language; provisional until the session is over."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from meetings.domain.csvcells import export_cell
from meetings.models import Session
from meetings.selectors.participants import ParticipantList, participant_list
from meetings.web.views import PAGE_CACHE


def _list(key: str) -> ParticipantList:
    session = (
        Session.objects.public()
        .filter(key=key, registration_period__isnull=False)
        .select_related("body")
        .first()
    )
    if session is None:
        raise Http404(_("No published session with a registration has this key."))
    return participant_list(session)


@require_safe
@PAGE_CACHE
def participants(request: HttpRequest, key: str) -> HttpResponse:
    return render(request, "meetings/participants.html", {"list": _list(key)})


def _filename(participants: ParticipantList, extension: str) -> str:
    return f"participants-{participants.session.key}-{get_language() or 'en'}.{extension}"


@require_safe
@PAGE_CACHE
def participants_csv(request: HttpRequest, key: str) -> HttpResponse:  # noqa: ARG001
    participants = _list(key)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Group"),
            _("Member or observer"),
            _("Position"),
            _("Honorific"),
            _("Name"),
            _("Functional title"),
        ]
    )
    for group in participants.groups:
        for delegation in group.delegations:
            for delegate in delegation.delegates:
                writer.writerow(
                    export_cell(str(cell))
                    for cell in (
                        group.label,
                        delegation.mission.entity.short_name,
                        delegate.get_position_display(),
                        delegate.honorific,
                        delegate.name,
                        delegate.functional_title,
                    )
                )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(participants, "csv")}"'
    return response


@require_safe
@PAGE_CACHE
def participants_pdf(request: HttpRequest, key: str) -> HttpResponse:
    from weasyprint import HTML  # type: ignore[import-untyped]  # heavy: for this view only

    participants = _list(key)
    html = render_to_string(
        "meetings/participants_print.html", {"list": participants}, request=request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(participants, "pdf")}"'
    return response
