"""Registration of delegations: open it (secretariat), register and amend a delegation with its
letter (a mission's focal points, while registration is open), check it (secretariat).

Each change is one transaction with its RegistrationEvent (amendments after submission marked
as such), and a status the mission must hear of plans its notice (meetings.reminders.
registration_notices) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import IO, Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from config.changes import data_changed
from governance.domain.files import FileRefused
from governance.models import Mission, MissionKind, MissionMember
from governance.roles import is_editor
from governance.services.missions import member_of
from meetings.domain.letters import inspect_letter
from meetings.models import Delegate, Registration, RegistrationEvent, RegistrationPeriod, Session
from meetings.models.enums import CredentialsState, DelegatePosition, RegistrationStatus
from meetings.reminders.registration_notices import registration_notice_plan

Actor = User | AnonymousUser | None
DELEGATE_FIELDS = ("position", "honorific", "name", "functional_title", "email")


def registration_period_open(
    *,
    session: Session,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    letter_max_bytes: int | None = None,
    member_letter: str | None = None,
    observer_letter: str | None = None,
    by: Actor,
) -> RegistrationPeriod:
    if not is_editor(by):
        raise PermissionDenied(_("Only the secretariat's editors open registration."))
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("Registration must close after it opens.")})
    values: dict[str, Any] = {"opens_at": opens_at, "closes_at": closes_at}
    optional = {
        "letter_max_bytes": letter_max_bytes,
        "member_letter": member_letter,
        "observer_letter": observer_letter,
    }
    values.update({name: value for name, value in optional.items() if value is not None})
    period, _created = RegistrationPeriod.objects.update_or_create(session=session, defaults=values)
    return period


def may_register(user: Actor, mission: Mission, *, member: MissionMember | None = None) -> bool:
    """A mission's focal points register and amend its delegations. ``member``: the user's
    place in its mission when the caller has it already (the portal's views do)."""
    return _is_focal_point(user, mission.pk, member=member)


def _is_focal_point(user: Actor, mission_id: int, *, member: MissionMember | None = None) -> bool:
    if member is None or member.user_id != getattr(user, "pk", None):
        member = member_of(user)
    return member is not None and member.mission_id == mission_id and member.is_focal_point


def _period_of(session_id: int, now: dt.datetime) -> RegistrationPeriod:
    period = RegistrationPeriod.objects.filter(session_id=session_id).first()
    if period is None:
        raise ValidationError(_("Registration for this session is not open."))
    if now < period.opens_at:
        raise ValidationError(
            _("Registration for this session opens on %(day)s.")
            % {"day": date_format(timezone.localtime(period.opens_at), "DATETIME_FORMAT")}
        )
    if now >= period.closes_at:
        raise ValidationError(
            _("Registration for this session closed on %(day)s.")
            % {"day": date_format(timezone.localtime(period.closes_at), "DATETIME_FORMAT")}
        )
    return period


def _editable(
    registration: Registration, by: Actor, now: dt.datetime, member: MissionMember | None
) -> RegistrationPeriod:
    # By the ids the locked row holds: neither its mission nor its session is read again.
    if not _is_focal_point(by, registration.mission_id, member=member):
        raise PermissionDenied(_("Only the mission's focal points may change its registration."))
    if registration.status == RegistrationStatus.WITHDRAWN:
        raise ValidationError(_("This registration was withdrawn."))
    return _period_of(registration.session_id, now)


def _event(
    registration: Registration,
    kind: str,
    by: Actor,
    text: str = "",
    *,
    amendment: bool | None = None,
) -> RegistrationEvent:
    """Record what happened. A change the mission makes after its first submission is an
    amendment (the default); the secretariat's decisions and the first submission are not."""
    # The list of participants is a public page: any change may change it.
    data_changed()
    # English, for the secretariat's record (the admin is in English).
    with translation.override("en"):
        return RegistrationEvent.objects.create(
            registration=registration,
            kind=kind,
            by=by if isinstance(by, User) else None,
            is_amendment=registration.submitted_at is not None if amendment is None else amendment,
            text=text,
        )


def _amended(registration: Registration) -> None:
    """A change to a registration in order: the secretariat checks it again. (A returned one
    stays returned until the mission submits it again.)"""
    if registration.status == RegistrationStatus.IN_ORDER:
        registration.status = RegistrationStatus.SUBMITTED
        registration.save(update_fields=["status", "updated_at"])


def registration_of(
    *, session: Session, mission: Mission, by: Actor, member: MissionMember | None = None
) -> Registration:
    """The mission's registration for the session (a new draft the first time)."""
    now = timezone.now()
    if not may_register(by, mission, member=member):
        raise PermissionDenied(_("Only the mission's focal points may change its registration."))
    existing = Registration.objects.filter(session=session, mission=mission).first()
    if existing is not None:
        return existing
    _period_of(session.pk, now)
    with transaction.atomic():
        registration, created = Registration.objects.get_or_create(session=session, mission=mission)
        if created:
            _event(registration, "created", by)
    return registration


class DelegateRefused(ValidationError):
    """One delegate of a list was refused: ``index`` says which (the API nests its messages)."""

    def __init__(self, error: ValidationError, index: int) -> None:
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.index = index


def registration_create(
    *,
    session: Session,
    mission: Mission,
    delegates: Sequence[Mapping[str, str]] = (),
    by: Actor,
) -> Registration:
    """A new registration with its delegates, all or nothing (the API's create; the portal
    makes the draft with registration_of and adds delegates one by one)."""
    if not may_register(by, mission):
        raise PermissionDenied(_("Only the mission's focal points may change its registration."))
    with transaction.atomic():
        # Locked: two creations at once make one registration, not one with both lists.
        Mission.objects.select_for_update().filter(pk=mission.pk).first()
        if Registration.objects.filter(session=session, mission=mission).exists():
            raise ValidationError(
                {"session": _("This mission has registered for this session already.")}
            )
        registration = registration_of(session=session, mission=mission, by=by)
        for index, values in enumerate(delegates):
            try:
                delegate_add(registration=registration, by=by, **values)
            except ValidationError as error:
                raise DelegateRefused(error, index) from error
    return registration


def _delegate_text(values: dict[str, str]) -> str:
    position = DelegatePosition(values["position"]).label
    return f"{position}: {values.get('honorific', '')} {values['name']} <{values['email']}>".strip()


def delegate_add(*, registration: Registration, by: Actor, **values: str) -> Delegate:
    # No ``member`` keyword as the other changes take: callers pass the fields as a mapping.
    now = timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        _editable(registration, by, now, None)
        fields = {name: (values.get(name) or "").strip() for name in DELEGATE_FIELDS}
        fields["email"] = fields["email"].lower()
        delegate = Delegate(registration=registration, session_id=registration.session_id, **fields)
        delegate.full_clean(exclude=["registration", "session"], validate_constraints=False)
        _check_unique(delegate)
        try:
            with transaction.atomic():
                delegate.save()
        except IntegrityError as error:  # a race past the check: the same answer
            raise ValidationError(
                _("This person is in a delegation to this session already.")
            ) from error
        _event(registration, "delegate added", by, _delegate_text(fields))
        _amended(registration)
    return delegate


def _check_unique(delegate: Delegate) -> None:
    others = Delegate.objects.filter(session_id=delegate.session_id, email=delegate.email)
    if delegate.pk:
        others = others.exclude(pk=delegate.pk)
    other = others.select_related("registration__mission__entity").first()
    if other is not None:
        if other.registration_id == delegate.registration_id:
            raise ValidationError({"email": _("This person is in the delegation already.")})
        raise ValidationError({"email": _("This person is in another delegation to this session.")})
    if delegate.position == DelegatePosition.HEAD:
        heads = Delegate.objects.filter(registration=delegate.registration_id, position="head")
        if heads.exclude(pk=delegate.pk).exists():
            raise ValidationError({"position": _("The delegation has a head already.")})


def delegate_remove(*, delegate: Delegate, by: Actor, member: MissionMember | None = None) -> None:
    now = timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=delegate.registration_id)
        _editable(registration, by, now, member)
        text = _delegate_text({name: getattr(delegate, name) for name in DELEGATE_FIELDS})
        delegate.delete()
        _event(registration, "delegate removed", by, text)
        _amended(registration)


def registration_letter_attach(
    *,
    registration: Registration,
    name: str,
    content: IO[bytes],
    size: int,
    by: Actor,
    member: MissionMember | None = None,
) -> Registration:
    """Store the delegation's letter (credentials, note verbale or nomination)."""
    now = timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        period = _editable(registration, by, now, member)
        try:
            inspection = inspect_letter(
                name=name, content=content, size=size, max_bytes=period.letter_max_bytes
            )
        except FileRefused as refused:
            raise ValidationError({"letter": refused.message}) from refused
        old = registration.letter.name
        registration.letter.save(name, File(content), save=False)
        registration.letter_name = name
        registration.letter_media_type = inspection.media_type
        registration.letter_size = inspection.size
        registration.letter_sha256 = inspection.sha256
        registration.save()
        stored = registration.letter.storage
        # The old file goes once the new one is the record's. A rolled-back transaction leaves
        # its new file unnamed in the store (under letters/, named by no registration).
        if old:
            transaction.on_commit(lambda: stored.delete(old))
        _event(registration, "letter uploaded", by, f"{name} ({inspection.size} bytes)")
        _amended(registration)
    return registration


def letter_needed(registration: Registration) -> str:
    period = registration.session.registration_period
    if registration.mission.kind == MissionKind.MEMBER_STATE:
        return period.member_letter
    return period.observer_letter


def registration_submit(
    *, registration: Registration, by: Actor, member: MissionMember | None = None
) -> Registration:
    now = timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        _editable(registration, by, now, member)
        if not registration.delegates.filter(position=DelegatePosition.HEAD).exists():
            raise ValidationError(_("Name the head of delegation before submitting."))
        if not registration.letter:
            raise ValidationError(_("Upload the delegation's letter before submitting."))
        if registration.status == RegistrationStatus.SUBMITTED:
            return registration
        registration.status = RegistrationStatus.SUBMITTED
        registration.return_reason = ""
        first = registration.submitted_at is None
        registration.submitted_at = registration.submitted_at or now
        registration.save()
        _event(registration, "submitted", by, amendment=not first)
    return registration


def _secretariat(by: Actor) -> None:
    if not is_editor(by):
        raise PermissionDenied(_("Only the secretariat's editors check registrations."))


def registration_return(*, registration: Registration, reason: str, by: Actor) -> Registration:
    """Send it back to the mission, saying why; the mission is told by e-mail."""
    _secretariat(by)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the registration is returned.")})
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted registration can be returned."))
        registration.status = RegistrationStatus.RETURNED
        registration.return_reason = reason.strip()
        registration.save()
        event = _event(registration, "returned", by, reason.strip(), amendment=False)
        registration_notice_plan(registration=registration, event=event)
    return registration


def registration_accept(*, registration: Registration, credentials: str, by: Actor) -> Registration:
    """In order: its credentials in order, or received with the original to follow."""
    _secretariat(by)
    if credentials not in (CredentialsState.IN_ORDER, CredentialsState.WITHOUT_ORIGINAL):
        raise ValidationError({"credentials": _("Choose in order or original to follow.")})
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted registration can be accepted."))
        registration.status = RegistrationStatus.IN_ORDER
        registration.credentials = credentials
        registration.save()
        event = _event(
            registration, "in order", by, str(CredentialsState(credentials).label), amendment=False
        )
        registration_notice_plan(registration=registration, event=event)
    return registration


def registration_withdraw(*, registration: Registration, by: Actor) -> Registration:
    """The mission (its focal points) or the secretariat withdraws the registration."""
    if not (is_editor(by) or may_register(by, registration.mission)):
        raise PermissionDenied(_("Only the mission's focal points may change its registration."))
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.WITHDRAWN:
            return registration
        registration.status = RegistrationStatus.WITHDRAWN
        registration.save()
        event = _event(registration, "withdrawn", by)
        registration_notice_plan(registration=registration, event=event)
    return registration
