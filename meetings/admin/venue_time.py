"""Times in the admin in the venue's time zone, as the officer reads them in the notice.

A meeting at 09:00 in Bangkok is entered and shown as 09:00, not as the server's Geneva time:
the change page of a session or meeting runs in its venue's zone (Django's forms read and show
datetimes in the current time zone). The admin's "You are N hours behind server time" note
compares the browser with the server and is hidden: the page says which zone its times are in.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone

from meetings.models.sessions import DEFAULT_TIMEZONE


class VenueTimeZoneAdmin(admin.ModelAdmin):
    """For a ModelAdmin whose records have a ``timezone`` (their venue's, or Geneva's)."""

    def venue_timezone(self, request: HttpRequest, object_id: str | None) -> str:
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        return obj.timezone if obj is not None else DEFAULT_TIMEZONE

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        zone = self.venue_timezone(request, object_id)
        context = {**(extra_context or {}), "venue_timezone": zone}
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, context)
            # A TemplateResponse renders after the view returns: render it in the zone too.
            if isinstance(response, SimpleTemplateResponse):
                response.render()
            return response

    @property
    def media(self) -> forms.Media:
        return super().media + forms.Media(css={"all": ["css/admin-venue-time.css"]})
