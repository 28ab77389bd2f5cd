"""Missions and their users: the secretariat invites a mission's first focal point, focal points
invite and remove their own mission's users and give them a role.

Every rule of who may do what to a mission's users is here, so the portal, the admin and the API
ask the same functions. An invitation link works once and until it expires; the last focal point
of a mission cannot be removed or made a delegate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.site import site_url
from governance.models import (
    Entity,
    Mission,
    MissionInvitation,
    MissionMember,
    MissionRole,
    MissionToken,
)
from governance.roles import is_editor

Actor = User | AnonymousUser | None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def member_of(user: Actor) -> MissionMember | None:
    """The user's place in a mission, if it has one."""
    if user is None or not user.is_authenticated:
        return None
    return MissionMember.objects.select_related("mission__entity").filter(user=user).first()


def may_manage_users(user: Actor, mission: Mission) -> bool:
    """The secretariat's editors, and the mission's own focal points."""
    if is_editor(user):
        return True
    member = member_of(user)
    return member is not None and member.mission_id == mission.pk and member.is_focal_point


def _require_manager(user: Actor, mission: Mission) -> None:
    if not may_manage_users(user, mission):
        raise PermissionDenied(_("Only the mission's focal points may change its users."))


def missions_ensure() -> int:
    """A mission for every entity that is or was a Member or Observer; returns how many were made."""
    with_status = Entity.objects.filter(memberships__isnull=False, mission__isnull=True).distinct()
    made = [Mission(entity=entity) for entity in with_status]
    Mission.objects.bulk_create(made, ignore_conflicts=True)
    return len(made)


def invitation_link(token: str) -> str:
    return site_url() + reverse("portal:invitation-accept", args=[token])


@dataclass(frozen=True)
class Invitation:
    invitation: MissionInvitation
    token: str  # only ever in the e-mail; the table keeps its hash


def mission_invite(*, mission: Mission, email: str, role: str, by: Actor) -> Invitation:
    """Invite someone into a mission by e-mail (in the mission's language), once per address."""
    _require_manager(by, mission)
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    if role not in MissionRole.values:
        raise ValidationError({"role": _("Choose focal point or delegate.")})
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("This address already has an account; a person belongs to one mission.")}
        )
    token = secrets.token_urlsafe(32)
    days = settings.MISSION_INVITATION_DAYS
    try:
        with transaction.atomic():
            invitation = MissionInvitation.objects.create(
                mission=mission,
                email=email,
                role=role,
                token_hash=_hash(token),
                invited_by=by if by is not None and by.is_authenticated else None,
                expires_at=timezone.now() + dt.timedelta(days=days),
            )
            transaction.on_commit(lambda: _send_invitation(invitation, token))
    except IntegrityError as error:
        raise ValidationError(
            {"email": _("This address already has an open invitation.")}
        ) from error
    return Invitation(invitation, token)


def _send_invitation(invitation: MissionInvitation, token: str) -> None:
    mission = invitation.mission
    with translation.override(mission.language):
        send_mail(
            _("Your invitation to the Member States' portal"),
            _(
                "You are invited to act for %(mission)s on the Governance Calendar's portal, as "
                "%(role)s.\n\nOpen this link to choose your password:\n%(link)s\n\nIt works once, "
                "for %(days)d days. If you did not expect this, ignore this message."
            )
            % {
                "mission": mission.entity.short_name,
                "role": invitation.get_role_display().lower(),
                "link": invitation_link(token),
                "days": settings.MISSION_INVITATION_DAYS,
            },
            settings.DEFAULT_FROM_EMAIL,
            [invitation.email],
        )


def invitation_by_token(token: str) -> MissionInvitation:
    """The open invitation of a link, or a ValidationError saying why the link does not work."""
    invitation = (
        MissionInvitation.objects.select_related("mission__entity")
        .filter(token_hash=_hash(token))
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise ValidationError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation link has already been used. Sign in instead."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation link has expired. Ask your mission's focal point for a new one.")
        )
    return invitation


def invitation_accept(*, token: str, name: str, password: str) -> MissionMember:
    """Create the invited user with its password and role; the link then works no more."""
    with transaction.atomic():
        invitation = invitation_by_token(token)
        # Locked: the same link opened twice at once makes one account.
        invitation = MissionInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ValidationError(_("This invitation link has already been used. Sign in instead."))
        User = get_user_model()
        user = User(username=invitation.email, email=invitation.email, first_name=name.strip())
        validate_password(password, user)
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as error:
            raise ValidationError(
                _("This address already has an account; a person belongs to one mission.")
            ) from error
        member = MissionMember.objects.create(
            mission=invitation.mission, user=user, role=invitation.role
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return member


def invitation_revoke(*, invitation: MissionInvitation, by: Actor) -> None:
    _require_manager(by, invitation.mission)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def _other_focal_points(member: MissionMember) -> bool:
    return (
        MissionMember.objects.filter(mission=member.mission_id, role=MissionRole.FOCAL_POINT)
        .exclude(pk=member.pk)
        .select_for_update()
        .exists()
    )


def mission_member_set_role(*, member: MissionMember, role: str, by: Actor) -> MissionMember:
    _require_manager(by, member.mission)
    if role not in MissionRole.values:
        raise ValidationError({"role": _("Choose focal point or delegate.")})
    with transaction.atomic():
        member = MissionMember.objects.select_for_update().get(pk=member.pk)
        demoted = member.is_focal_point and role != MissionRole.FOCAL_POINT
        if demoted and not _other_focal_points(member):
            raise ValidationError(
                _("A mission needs a focal point: name another one before this change.")
            )
        member.role = role
        member.save(update_fields=["role", "updated_at"])
    return member


def mission_member_remove(*, member: MissionMember, by: Actor) -> None:
    """Take a user out of its mission: the account is closed (kept, inactive, for the record)."""
    _require_manager(by, member.mission)
    with transaction.atomic():
        member = MissionMember.objects.select_for_update().select_related("user").get(pk=member.pk)
        if member.is_focal_point and not _other_focal_points(member):
            raise ValidationError(
                _("A mission needs a focal point: name another one before removing this one.")
            )
        user = member.user
        member.delete()
        user.is_active = False
        user.save(update_fields=["is_active"])


# --- a mission's API tokens -------------------------------------------------------------------

TOKEN_PREFIX = "gcm_"  # says "a mission's token" to the API's authentication, and to a reader
TOKEN_SHOWN = 12  # the characters kept in clear to recognise a token by (the prefix included)
TOKENS_PER_MISSION = 5
# last_used_at is written at most once a minute: a busy system does not update the row each call.
TOKEN_USE_GRANULARITY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: MissionToken
    secret: str  # shown once to the focal point; the table keeps its hash


def may_hold_tokens(user: Actor, mission: Mission) -> bool:
    """A mission's own focal points create and revoke its API tokens (a token acts for them)."""
    member = member_of(user)
    return member is not None and member.mission_id == mission.pk and member.is_focal_point


def _require_token_holder(user: Actor, mission: Mission) -> None:
    if not may_hold_tokens(user, mission):
        raise PermissionDenied(_("Only the mission's focal points may manage its API tokens."))


def mission_token_create(*, mission: Mission, label: str, by: Actor) -> IssuedToken:
    """A new API token for the mission, acting for the focal point who creates it."""
    _require_token_holder(by, mission)
    with transaction.atomic():
        # Locked: two creations at once cannot pass the limit together.
        Mission.objects.select_for_update().filter(pk=mission.pk).first()
        active = MissionToken.objects.filter(mission=mission, revoked_at__isnull=True).count()
        if active >= TOKENS_PER_MISSION:
            raise ValidationError(
                _("A mission has at most %(count)d API tokens: revoke one before creating another.")
                % {"count": TOKENS_PER_MISSION}
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = MissionToken.objects.create(
            mission=mission,
            label=label.strip(),
            prefix=secret[:TOKEN_SHOWN],
            token_hash=_hash(secret),
            created_by=by if isinstance(by, User) else None,
        )
    return IssuedToken(token, secret)


def mission_token_revoke(*, token: MissionToken, by: Actor) -> MissionToken:
    """The token works no more (the row stays, for the record)."""
    _require_token_holder(by, token.mission)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def mission_token_authenticate(*, secret: str) -> MissionToken:
    """The active token of a secret, with its mission and creator; a ValidationError saying why
    it is refused otherwise. It works while its creator is one of the mission's focal points."""
    token = (
        MissionToken.objects.select_related("mission__entity", "created_by__mission_member")
        .filter(token_hash=_hash(secret))
        .first()
    )
    if token is None:
        raise ValidationError(_("This API token is not valid."))
    if token.revoked_at is not None:
        raise ValidationError(_("This API token was revoked."))
    user = token.created_by
    member = getattr(user, "mission_member", None) if user is not None else None
    if (
        user is None
        or not user.is_active
        or member is None
        or member.mission_id != token.mission_id
        or not member.is_focal_point
    ):
        raise ValidationError(
            _(
                "This API token's creator is no longer a focal point of the mission: a focal "
                "point must create a new one."
            )
        )
    now = timezone.now()
    # One query whatever the last use: the filter makes it a no-op within the minute.
    MissionToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOKEN_USE_GRANULARITY),
        pk=token.pk,
    ).update(last_used_at=now)
    return token
