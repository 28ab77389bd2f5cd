"""The admin for subscribers and every delivery with its state."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import reminders
from .models import Delivery, PendingChange, Subscriber, Subscription


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    autocomplete_fields = ("body",)


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = (
        "email",
        "language",
        "timezone",
        "mode",
        "is_secretariat",
        "confirmed_at",
        "unsubscribed_at",
    )
    list_filter = ("language", "mode", "is_secretariat")
    search_fields = ("email",)
    readonly_fields = ("confirmed_at", "unsubscribed_at")
    exclude = ("token_hash",)
    inlines = [SubscriptionInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "subscriber",
        "kind",
        "session",
        "lead_days",
        "due_at",
        "state",
        "attempts",
        "sent_at",
        "reason",
        "error",
    )
    list_filter = ("state", "kind", "session__body")
    list_select_related = ("subscriber", "session__body")
    search_fields = ("subscriber__email", "session__key")
    date_hierarchy = "due_at"
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send the selected deliveries again"), permissions=["change"])
    def resend(self, request, queryset) -> None:
        for delivery in queryset:
            reminders.delivery_resend(delivery=delivery)
        self.message_user(request, _("Queued again; the next scan sends them."))


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ("session", "kind", "notify_after", "processed_at")
    list_select_related = ("session__body",)
    readonly_fields = ("session", "kind", "changes", "notify_after", "processed_at")
