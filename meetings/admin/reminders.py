"""The admin for subscribers, every delivery with its state, and the beat schedule."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin  # registers the schedule's admin first
from django_celery_beat.models import PeriodicTask

from meetings.models import Delivery, PendingChange, SavedSearch, Subscriber, Subscription
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


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    """Subscribers' saved searches, to read: they are saved, confirmed and removed by their owners
    (the page every alert links to), and their marks are moved only by the scans."""

    list_display = (
        "subscriber",
        "query",
        "kind",
        "body",
        "active",
        "checked_until",
        "confirmed_at",
        "removed_at",
    )
    list_filter = ("active", "kind")
    list_select_related = ("subscriber", "body")
    search_fields = ("query", "subscriber__email")
    exclude = ("token_hash",)
    readonly_fields = [f.name for f in SavedSearch._meta.fields if f.name != "token_hash"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "subscriber",
        "kind",
        "session",
        "saved_search",
        "lead_days",
        "due_at",
        "state",
        "attempts",
        "sent_at",
        "reason",
        "error",
    )
    list_filter = ("state", "kind", "session__body")
    list_select_related = ("subscriber", "session__body", "saved_search")
    search_fields = ("subscriber__email", "session__key")
    date_hierarchy = "due_at"
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/resend/",
                self.admin_site.admin_view(self.resend_view),
                name="meetings_delivery_resend",
            ),
            *super().get_urls(),
        ]

    @admin.action(
        description=_("Send the selected failed deliveries again"), permissions=["change"]
    )
    def resend(self, request, queryset) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        queued = sum(reminders.delivery_resend(delivery_id=pk) for pk in ids)
        self.message_user(request, resend_message(queued, len(ids) - queued))

    def resend_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The desk's Resend button (a POST): one failed delivery queued again."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        delivery = get_object_or_404(Delivery.objects.select_related("subscriber"), pk=pk)
        what = f"The {delivery.get_kind_display().lower()} to {delivery.subscriber}"
        if reminders.delivery_resend(delivery_id=delivery.pk):
            self.message_user(request, f"{what} is queued again; the next scan sends it.")
        else:
            self.message_user(
                request,
                f"{what} was left as it is ({delivery.get_state_display().lower()}): "
                "only a failed delivery is sent again.",
                messages.WARNING,
            )
        return HttpResponseRedirect(reverse("admin:index"))


def resend_message(queued: int, left: int) -> str:
    parts = []
    if queued:
        parts.append(
            f"{queued} queued again; the next scan sends {'it' if queued == 1 else 'them'}."
        )
    if left:
        parts.append(
            f"{left} left as {'it was' if left == 1 else 'they were'}: only a failed delivery is sent again."
        )
    return " ".join(parts)


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
