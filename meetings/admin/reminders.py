"""The admin for subscribers, every delivery with its state, and the beat schedule."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin  # registers the schedule's admin first
from django_celery_beat.models import PeriodicTask

from meetings.models import Delivery, PendingChange, Subscriber, Subscription
from meetings.reminders import delivery as reminders


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

    def has_add_permission(self, request) -> bool:
        # Written by the services that change a session; a hand-made one has no fields to fill.
        return False


class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    """django-celery-beat's schedule, whose actions need the change permission.

    The library declares its actions (enable, disable, toggle, run) without permissions, so
    anyone who may view the schedule could switch off the reminder scan or run any task.
    """

    @admin.action(description=_("Enable selected tasks"), permissions=["change"])
    def enable_tasks(self, request, queryset):
        return super().enable_tasks(request, queryset)

    @admin.action(description=_("Disable selected tasks"), permissions=["change"])
    def disable_tasks(self, request, queryset):
        return super().disable_tasks(request, queryset)

    @admin.action(description=_("Toggle activity of selected tasks"), permissions=["change"])
    def toggle_tasks(self, request, queryset):
        return super().toggle_tasks(request, queryset)

    @admin.action(description=_("Run selected tasks"), permissions=["change"])
    def run_tasks(self, request, queryset):
        return super().run_tasks(request, queryset)


admin.site.unregister(PeriodicTask)
admin.site.register(PeriodicTask, PeriodicTaskAdmin)
