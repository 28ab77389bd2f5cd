"""Missions: the accounts of a Member State, Observer State or observer organization, their users
(focal points and delegates) and the invitations that bring users in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.enums import EntityKind, Language, MembershipStatus, MissionKind, MissionRole
from governance.models.base import TimeStamped
from governance.models.memberships import Entity


class Mission(TimeStamped):
    """The permanent mission (or liaison office) of one entity: who acts for it on the portal."""

    entity = models.OneToOneField(
        Entity,
        verbose_name=_("state or organization"),
        on_delete=models.PROTECT,
        related_name="mission",
    )
    language = models.CharField(
        _("language of its e-mails"), max_length=2, choices=Language.choices, default="en"
    )

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["entity__short_name"]

    def __str__(self) -> str:
        return str(self.entity)

    @property
    def kind(self) -> str:
        """From the entity's current status: a Member State, an Observer State or an observer
        organization (prefetch ``entity__memberships`` for lists)."""
        current = [m for m in self.entity.memberships.all() if m.end_on is None]
        if any(m.status == MembershipStatus.MEMBER for m in current):
            return MissionKind.MEMBER_STATE
        if self.entity.kind == EntityKind.STATE:
            return MissionKind.OBSERVER_STATE
        return MissionKind.OBSERVER_ORGANIZATION

    def get_kind_display(self) -> str:
        return str(MissionKind(self.kind).label)


class MissionMember(TimeStamped):
    """A user of a mission, with the role it gave them; one mission per user."""

    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="mission_member",
    )
    role = models.CharField(_("role"), max_length=20, choices=MissionRole.choices)

    class Meta:
        verbose_name = _("mission user")
        verbose_name_plural = _("mission users")
        ordering = ["mission", "user__email"]

    def __str__(self) -> str:
        return f"{self.user.email} ({self.mission})"

    @property
    def is_focal_point(self) -> bool:
        return self.role == MissionRole.FOCAL_POINT


class MissionInvitation(models.Model):
    """An invitation to join a mission: a link sent by e-mail, used once, before it expires."""

    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=MissionRole.choices)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_address",
                violation_error_message=_("This address already has an open invitation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.mission}"


class MissionToken(models.Model):
    """A mission's key to the API, so that a ministry's own system can register and submit.

    The secret is shown once, when a focal point creates it; the table keeps its SHA-256 (as
    for the personal feeds' tokens) and its first characters, to recognise it by. A token acts
    for the focal point who created it, and only while they are one of the mission's focal
    points (governance.services.missions.mission_token_authenticate).
    """

    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.mission})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
