"""Public pages (placeholder views until the delegate pages land)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from governance.models import Body, DocumentReference

from .models import Session


def home(request: HttpRequest) -> HttpResponse:
    sessions = (
        Session.objects.public().upcoming(timezone.localdate()).select_related("body", "venue")[:20]
    )
    return render(request, "meetings/home.html", {"sessions": sessions})


def session_detail(request: HttpRequest, key: str) -> HttpResponse:
    session = get_object_or_404(Session.objects.public().with_page_data(), key=key)
    return render(request, "meetings/session_detail.html", {"session": session})


def body_detail(request: HttpRequest, key: str) -> HttpResponse:
    body = get_object_or_404(Body, key=key)
    return render(request, "meetings/body_detail.html", {"body": body})


def document_detail(request: HttpRequest, key: str) -> HttpResponse:
    document = get_object_or_404(DocumentReference.objects.public(), key=key)
    return render(request, "meetings/document_detail.html", {"document": document})
