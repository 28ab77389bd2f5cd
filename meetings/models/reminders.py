"""Subscribers, what they follow, and every delivery as a database row (claimed, never lost)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.enums import Language
from governance.models import Body
from governance.models.base import TimeStamped
from meetings.models.sessions import Session, validate_timezone


class DeliveryMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Each message at once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class Subscriber(TimeStamped):
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Zurich", validators=[validate_timezone]
    )
    is_secretariat = models.BooleanField(
        _("secretariat staff (gets deadline reminders)"), default=False
    )
    lead_days = models.JSONField(
        _("lead times (days)"), default=list, blank=True, help_text=_("Empty: each body's default.")
    )
    mode = models.CharField(
        _("delivery"), max_length=10, choices=DeliveryMode.choices, default=DeliveryMode.IMMEDIATE
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class SubscriptionRequest(models.Model):
    """What a subscribe form asked for, applied only when its confirmation link is followed.

    Double opt-in covers changes too: until the link is opened, nothing about the subscriber
    changes (bodies, language, mode, lead times, unsubscribed or not, unsubscribe links), so a
    stranger who knows an address can only make its owner receive a confirmation message.
    """

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="requests")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])
    lead_days = models.JSONField(_("lead times (days)"), default=list, blank=True)
    mode = models.CharField(_("delivery"), max_length=10, choices=DeliveryMode.choices)
    everything = models.BooleanField(_("every body"), default=False)
    bodies = models.ManyToManyField(Body, verbose_name=_("bodies"), blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("subscription request")
        verbose_name_plural = _("subscription requests")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.subscriber} (requested {self.created_at:%Y-%m-%d %H:%M})"


class Subscription(models.Model):
    """A subscriber follows one body, or every body when body is empty."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "body"], name="one_subscription_per_body"
            ),
            models.UniqueConstraint(
                fields=["subscriber"],
                condition=models.Q(body__isnull=True),
                name="one_follow_everything",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber} -> {self.body or _('every body')}"


class DeliveryKind(models.TextChoices):
    REMINDER = "reminder", _("Session reminder")
    CHANGE = "change", _("Change notice")
    DEADLINE = "deadline", _("Deadline reminder")
    # A mission's registration: its status, or registration closing (max_length 10).
    REGISTRATION = "delegation", _("Registration notice")
    # A saved search's new matches: no session; the saved search and its window instead.
    ALERT = "alert", _("Saved-search alert")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    CLAIMED = "claimed", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class Delivery(TimeStamped):
    """One message to one address for one occasion.

    ``occasion`` makes it unique: (kind, session, lead time, the session's dates) for a reminder,
    the change notice's id for a change, the saved search and where its window starts for an
    alert. A second scan, a second beat or a re-delivered task finds the row already there and
    sends nothing twice.
    """

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("kind"), max_length=10, choices=DeliveryKind.choices)
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    saved_search = models.ForeignKey(
        "SavedSearch",
        verbose_name=_("saved search"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # An alert's matches: what became public in [window_start, window_end), found again when
    # the message is built (what has been withdrawn since is left out).
    window_start = models.DateTimeField(_("matches public from"), null=True, blank=True)
    window_end = models.DateTimeField(_("matches public until"), null=True, blank=True)
    occasion = models.CharField(_("occasion"), max_length=120)
    lead_days = models.PositiveSmallIntegerField(_("lead time (days)"), null=True, blank=True)
    session_start = models.DateField(_("session's first day when computed"), null=True, blank=True)
    session_end = models.DateField(_("session's last day when computed"), null=True, blank=True)
    change = models.ForeignKey(
        "PendingChange", null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    due_at = models.DateTimeField(_("due"), db_index=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=DeliveryState.choices,
        default=DeliveryState.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "occasion"], name="one_delivery_per_address_and_occasion"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="alert", saved_search__isnull=False)
                | (~models.Q(kind="alert") & models.Q(session__isnull=False)),
                name="delivery_alert_has_saved_search_others_a_session",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="delivery_state_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.subscriber} ({self.get_state_display()})"


class PendingChange(TimeStamped):
    """A change to a published session, held for a quiet period so a burst of edits gives one notice."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="pending_changes")
    kind = models.CharField(_("kind"), max_length=12)
    changes = models.JSONField(_("changes"), default=dict)
    notify_after = models.DateTimeField(_("notify after"), db_index=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("pending change notice")
        verbose_name_plural = _("pending change notices")
        ordering = ["notify_after"]

    def __str__(self) -> str:
        return f"{self.session}: {self.kind}"
