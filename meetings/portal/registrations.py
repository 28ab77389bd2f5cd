"""A mission's registrations on the portal: its delegation to a session (focal points register and
amend it while registration is open; delegates read it), its letter, submit and withdraw."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.validation import error_text
from meetings.models import Delegate, Registration, RegistrationPeriod, Session
from meetings.portal.access import mission_required
from meetings.portal.forms import DelegateForm, LetterForm
from meetings.services import registrations as service


def _session(key: str) -> Session:
    """A published session whose registration the secretariat opened."""
    return get_object_or_404(
        Session.objects.public().select_related("registration_period", "body"),
        key=key,
        registration_period__isnull=False,
    )


def _own(request: HttpRequest, session: Session) -> Registration | None:
    mission = request.member.mission  # type: ignore[attr-defined]
    registration = Registration.objects.filter(session=session, mission=mission).first()
    if registration is not None:
        # The session (with its period) and the mission (with its entity) read already.
        registration.session, registration.mission = session, mission
    return registration


@require_safe
@mission_required
def registrations(request: HttpRequest) -> HttpResponse:
    """The sessions open (or opened) for registration, with where the mission stands."""
    mission = request.member.mission  # type: ignore[attr-defined]
    periods = (
        RegistrationPeriod.objects.filter(session__in=Session.objects.public())
        .select_related("session__body")
        .order_by("-closes_at")
    )
    own = {r.session_id: r for r in Registration.objects.filter(mission=mission)}
    rows = [(period, own.get(period.session_id)) for period in periods]
    return render(
        request,
        "portal/registrations.html",
        {"mission": mission, "rows": rows, "now": timezone.now()},
    )


def _page(request: HttpRequest, session: Session, **forms: object) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    mission = member.mission
    registration = _own(request, session)
    period = session.registration_period
    now = timezone.now()
    context = {
        "mission": mission,
        "session": session,
        "period": period,
        "is_open": period.opens_at <= now < period.closes_at,
        "registration": registration,
        "delegates": registration.delegates.order_by("pk") if registration else [],
        "may_register": service.may_register(request.user, mission, member=member),
        "letter_kind": service.letter_needed(registration) if registration else "",
        "delegate_form": forms.get("delegate_form") or DelegateForm(),
        "letter_form": forms.get("letter_form") or LetterForm(),
    }
    status = 400 if forms else 200
    return render(request, "portal/registration.html", context, status=status)


@require_safe
@mission_required
def registration(request: HttpRequest, key: str) -> HttpResponse:
    return _page(request, _session(key))


def _acted(request: HttpRequest, session: Session, action: Callable[[], object], done: str):
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(reverse("portal:registration", args=[session.key]))


def _registration_for(request: HttpRequest, session: Session) -> Registration:
    """The mission's registration, made the first time its focal point acts on it."""
    member = request.member  # type: ignore[attr-defined]
    return service.registration_of(
        session=session, mission=member.mission, by=request.user, member=member
    )


@require_POST
@mission_required
def delegate_add(request: HttpRequest, key: str) -> HttpResponse:
    session = _session(key)
    form = DelegateForm(request.POST)
    if not form.is_valid():
        return _page(request, session, delegate_form=form)
    try:
        registration = _registration_for(request, session)
        service.delegate_add(registration=registration, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error_text(error))
        return _page(request, session, delegate_form=form)
    messages.success(
        request, _("%(name)s is in the delegation.") % {"name": form.cleaned_data["name"]}
    )
    return HttpResponseRedirect(reverse("portal:registration", args=[session.key]))


@require_POST
@mission_required
def delegate_remove(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    session = _session(key)
    registration = _own(request, session)
    delegate = get_object_or_404(Delegate, pk=pk, registration=registration)
    return _acted(
        request,
        session,
        lambda: service.delegate_remove(
            delegate=delegate,
            by=request.user,
            member=request.member,  # type: ignore[attr-defined]
        ),
        _("%(name)s is no longer in the delegation.") % {"name": delegate.name},
    )


@require_POST
@mission_required
def letter_upload(request: HttpRequest, key: str) -> HttpResponse:
    session = _session(key)
    form = LetterForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, session, letter_form=form)
    upload = form.cleaned_data["letter"]
    try:
        registration = _registration_for(request, session)
        service.registration_letter_attach(
            registration=registration,
            name=upload.name,
            content=upload,
            size=upload.size,
            by=request.user,
            member=request.member,  # type: ignore[attr-defined]
        )
    except ValidationError as error:
        form.add_error(None, error_text(error))
        return _page(request, session, letter_form=form)
    messages.success(request, _("The letter is stored."))
    return HttpResponseRedirect(reverse("portal:registration", args=[session.key]))


@require_safe
@mission_required
def letter_download(request: HttpRequest, key: str) -> FileResponse:
    """The mission's own letter (another mission's answers as one that does not exist)."""
    registration = _own(request, _session(key))
    if registration is None or not registration.letter:
        raise Http404
    return FileResponse(
        registration.letter.open("rb"),
        as_attachment=True,
        filename=registration.letter_name,
        content_type=registration.letter_media_type,
    )


@require_POST
@mission_required
def submit(request: HttpRequest, key: str) -> HttpResponse:
    session = _session(key)
    registration = _own(request, session)
    if registration is None:
        messages.error(request, _("Name the head of delegation before submitting."))
        return HttpResponseRedirect(reverse("portal:registration", args=[session.key]))
    return _acted(
        request,
        session,
        lambda: service.registration_submit(
            registration=registration,
            by=request.user,
            member=request.member,  # type: ignore[attr-defined]
        ),
        _("The registration is submitted. The secretariat checks it and tells you by e-mail."),
    )


@require_http_methods(["POST"])
@mission_required
def withdraw(request: HttpRequest, key: str) -> HttpResponse:
    session = _session(key)
    registration = _own(request, session)
    if registration is None:
        raise Http404
    return _acted(
        request,
        session,
        lambda: service.registration_withdraw(registration=registration, by=request.user),
        _("The registration is withdrawn."),
    )
