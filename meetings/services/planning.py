"""Planning the secretariat's year: next year's sessions drafted from each body's rhythm,
and special sessions requested (the request date starts their notice clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from governance.enums import DatePrecision
from governance.models import Body
from meetings.models import Session
from meetings.models.enums import SessionKind, SessionStatus
from meetings.services.sessions import session_create

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEFAULT_DAYS = 2
PLANNING_NOTE = "Drafted from the body's usual rhythm; adjust the dates and confirm."
DEMONSTRATION_NOTE = (
    "A demonstration, planned from the body's usual rhythm by manage.py create_demo_year;"
    " not a real session."
)


@dataclass(frozen=True)
class PlannedSession:
    body: Body
    number: int | None
    start: dt.date
    end: dt.date
    template: Session | None  # last year's session the dates were taken from
    # Sessions of the body that already bear this number, or a lower one with later dates.
    clashes: tuple[Session, ...] = ()
    # The next session of the body, when its number leaves numbers unused after this one.
    gap_until: Session | None = None


def _plannable_bodies() -> list[Body]:
    return [
        body
        for body in Body.objects.filter(
            abolished_on__isnull=True, is_external=False, sessions_per_year__gte=1
        ).order_by("name")
        if body.usual_months
    ]


def _months(body: Body) -> list[int]:
    """Which usual months the year's sessions fall in: n of them, spread over the list."""
    months = sorted(body.usual_months)
    n = body.sessions_per_year or 1
    return sorted({months[i * len(months) // n] for i in range(n)})


def _second_tuesday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(1 - first.weekday()) % 7 + 7)


def plan_year(year: int, bodies: list[Body] | None = None) -> list[PlannedSession]:
    """What drafting ``year`` would create: one session per usual slot not yet planned.

    Dates follow last year's regular session of the same body in the same part of the year
    (same weekday, 52 or 53 weeks later); without one, the second Tuesday of the usual month.
    Numbers continue the body's sequence from the highest number dated before each session.
    """
    bodies = bodies if bodies is not None else _plannable_bodies()
    existing = list(
        Session.objects.filter(body__in=bodies, start_date__year__in=[year - 1, year]).exclude(
            status=SessionStatus.CANCELLED
        )
    )
    numbered = list(
        Session.objects.filter(body__in=bodies, number__isnull=False).select_related("body")
    )
    planned: list[PlannedSession] = []
    for body in bodies:
        months = _months(body)
        this_year = [s for s in existing if s.body_id == body.pk and s.start_date.year == year]
        last_year = sorted(
            (
                s
                for s in existing
                if s.body_id == body.pk
                and s.start_date.year == year - 1
                and s.kind != SessionKind.SPECIAL
            ),
            key=lambda s: s.start_date,
        )
        regular_this_year = [s for s in this_year if s.kind != SessionKind.SPECIAL]
        slots: list[tuple[dt.date, dt.date, Session | None]] = []
        for index, month in enumerate(months):
            if any(s.start_date.month == month for s in regular_this_year):
                continue
            if len(regular_this_year) >= len(months):
                break
            template = last_year[index] if index < len(last_year) else None
            if template is not None:
                weeks = 53 if (template.start_date + dt.timedelta(weeks=52)).year < year else 52
                start = template.start_date + dt.timedelta(weeks=weeks)
                end = start + (template.end_date - template.start_date)
            else:
                start = _second_tuesday(year, month)
                end = start + dt.timedelta(days=DEFAULT_DAYS - 1)
            slots.append((start, end, template))
        planned += _numbered(body, slots, [s for s in numbered if s.body_id == body.pk])
    return planned


def _numbered(
    body: Body, slots: list[tuple[dt.date, dt.date, Session | None]], numbered: list[Session]
) -> list[PlannedSession]:
    """Number each slot after the highest number dated before it (a body that numbers none of
    its sessions gets none), and say where that clashes with, or leaves a gap before, the
    sessions already recorded."""
    if not numbered:
        return [PlannedSession(body, None, start, end, template) for start, end, template in slots]
    dated = sorted(
        ((s.start_date, s) for s in numbered if s.start_date is not None), key=lambda d: d[0]
    )
    plans: list[PlannedSession] = []
    previous = 0
    for position, (start, end, template) in enumerate(slots):
        before = max((s.number or 0 for day, s in dated if day < start), default=0)
        number = max(before, previous) + 1
        previous = number
        later_slot = slots[position + 1][0] if position + 1 < len(slots) else dt.date.max
        following = next((s for day, s in dated if start < day < later_slot), None)
        clashes = [s for s in numbered if s.number == number]
        gap_until = None
        if following is not None and following.number is not None:
            if following.number < number:
                clashes.append(following)
            elif following.number > number + 1:
                gap_until = following
        plans.append(PlannedSession(body, number, start, end, template, tuple(clashes), gap_until))
    return plans


def plan_year_create(
    year: int,
    bodies: list[Body] | None = None,
    by: User | None = None,
    *,
    demonstration: bool = False,
) -> list[Session]:
    """Create next year's sessions as tentative, unpublished drafts for staff to adjust and confirm.

    With ``demonstration`` they are marked as such (services.demonstration publishes them)."""
    if not 1900 < year < 2200:
        raise ValidationError({"year": _("Give a year between 1901 and 2199.")})
    plans = plan_year(year, bodies)
    clashing = [plan for plan in plans if plan.clashes]
    if clashing:
        raise ValidationError(
            _(
                "%(sessions)s: the number is already taken. Give the recorded session its dates "
                "or correct its number, or plan the year without that body."
            )
            % {
                "sessions": "; ".join(
                    f"{p.body.acronym or p.body.name} {p.number}" for p in clashing
                )
            }
        )
    with transaction.atomic():
        created = []
        for plan in plans:
            session = Session(
                body=plan.body,
                number=plan.number,
                name=""
                if plan.number
                else f"{plan.body.acronym or plan.body.name} {plan.start:%B %Y}",
                kind=SessionKind.REGULAR,
                start_date=plan.start,
                end_date=plan.end,
                date_precision=DatePrecision.DAY,
                status=SessionStatus.TENTATIVE,
                is_published=False,
                venue=plan.template.venue if plan.template else None,
                notes=DEMONSTRATION_NOTE if demonstration else PLANNING_NOTE,
                is_demonstration=demonstration,
            )
            created.append(session_create(session=session, by=by))
    return created


def special_session_request(
    *,
    body: Body,
    requested_on: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    name: str = "",
    by: User | None = None,
) -> Session:
    """Record a request for a special session; the request date starts its notice clock."""
    if body.notice_days_special is None and body.special_notice_within_days is None:
        raise ValidationError(
            {"body": _("This body's rules of procedure provide for no special sessions.")}
        )
    if start and start < requested_on:
        raise ValidationError({"start_date": _("A session cannot open before it was requested.")})
    top = Session.objects.filter(body=body).aggregate(m=Max("number"))["m"]
    session = Session(
        body=body,
        number=(top or 0) + 1 if top else None,
        name=name if not top else "",
        kind=SessionKind.SPECIAL,
        start_date=start,
        end_date=end or start,
        date_precision=DatePrecision.DAY if start else DatePrecision.UNKNOWN,
        status=SessionStatus.TENTATIVE,
        requested_on=requested_on,
        is_published=False,
    )
    if not session.number and not session.name:
        session.name = _("Special session requested on %(day)s") % {
            "day": f"{requested_on:%d %B %Y}"
        }
    return session_create(session=session, by=by)
