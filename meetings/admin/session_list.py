"""The sessions list as the officer reads it at 1366 px: short title, body acronym, first and
last day, status, published, a mark for a missed deadline; upcoming first, then recent, undated
last; filters by body, status, year and published; search by number, title or symbol."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Case, DateField, IntegerField, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html

from governance.domain.ordinals import ordinal_number
from meetings.domain.deadlines import DeadlineState, session_deadlines
from meetings.models import Session, SessionDocument
from meetings.models.enums import SessionKind, SessionStatus

UPCOMING, RECENT, UNDATED = 0, 1, 2


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        years = (
            Session.objects.exclude(start_date=None)
            .annotate(year=ExtractYear("start_date"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Session]) -> QuerySet[Session]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(start_date__year=int(value))
        return queryset


class SessionListAdmin(admin.ModelAdmin):
    list_display = (
        "short_title",
        "body_acronym",
        "start_date",
        "end_date",
        "status",
        "is_published",
        "deadline_mark",
    )
    list_display_links = ("short_title",)
    list_filter = ("body", "status", YearFilter, "is_published", "kind", "is_demonstration")
    list_select_related = ("body",)
    search_fields = (
        "number",
        "key",
        "name",
        "body__name",
        "body__acronym",
        "theme",
        "report__symbol",
    )

    def get_ordering(self, request: HttpRequest) -> list:
        """Upcoming first (soonest first), then recent (latest first), undated last: query
        expressions, so the same order works wherever the admin orders sessions."""
        today = timezone.localdate()
        bucket = Case(
            When(start_date__gte=today, then=Value(UPCOMING)),
            When(start_date__isnull=False, then=Value(RECENT)),
            default=Value(UNDATED),
            output_field=IntegerField(),
        )
        upcoming = Case(When(start_date__gte=today, then="start_date"), output_field=DateField())
        recent = Case(When(start_date__lt=today, then="start_date"), output_field=DateField())
        return [bucket.asc(), upcoming.asc(), recent.desc(), "body__name", "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Session]:
        return super().get_queryset(request).prefetch_related("agenda_versions")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Session], search_term: str
    ) -> tuple[QuerySet[Session], bool]:
        """Also the symbol of any document of the session, as a subquery: a join would need
        DISTINCT, which PostgreSQL refuses beside the list's ordering expressions."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            linked = SessionDocument.objects.filter(
                document__symbol__icontains=search_term.strip()
            ).values("session")
            found = found | queryset.filter(pk__in=linked)
        return found, duplicates

    @admin.display(description="session", ordering="number")
    def short_title(self, session: Session) -> str:
        if session.number:
            special = " special" if session.kind == SessionKind.SPECIAL else ""
            return f"{ordinal_number(session.number)}{special} session"
        return session.name[:40] + ("…" if len(session.name) > 40 else "") or session.key

    @admin.display(description="body", ordering="body__acronym")
    def body_acronym(self, session: Session) -> str:
        return session.body.acronym or session.body.name

    @admin.display(description="deadline")
    def deadline_mark(self, session: Session) -> str:
        """⚠ when a deadline of a session still to come has passed undone."""
        today = timezone.localdate()
        if (
            session.start_date is None
            or session.start_date < today
            or session.status == SessionStatus.CANCELLED
        ):
            return ""
        missed = [d for d in session_deadlines(session) if d.state(today) == DeadlineState.MISSED]
        if not missed:
            return ""
        names = ", ".join(str(d.kind) for d in missed)
        return format_html('<span class="missed" title="Missed: {}">⚠ missed</span>', names)
