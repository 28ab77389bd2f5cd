"""A small server-side SVG chart of membership over the years (no JavaScript, no library)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol, TypedDict

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD = 720, 260, 40
MEMBER, OBSERVER, REPORTED = "#1f4e79", "#8a5a00", "#b3261e"


class YearCount(TypedDict):
    """Members and observers at the end of a year, as computed from the records."""

    year: int
    member: int
    observer: int


class ReportedFigure(Protocol):
    """A count as a text reports it (governance's MembershipFigure)."""

    @property
    def as_of(self) -> dt.date: ...
    @property
    def members(self) -> int | None: ...
    @property
    def observers(self) -> int | None: ...
    @property
    def total(self) -> int | None: ...
    @property
    def label(self) -> str: ...


def membership_chart(
    computed: Sequence[YearCount], reported: Sequence[ReportedFigure]
) -> SafeString:
    """Stacked bars of members and observers per year (from the records), reported figures as dots."""
    years = sorted({row["year"] for row in computed} | {f.as_of.year for f in reported})
    if not years:
        return mark_safe("")
    top = max(
        [row["member"] + row["observer"] for row in computed]
        + [(f.total or (f.members or 0) + (f.observers or 0)) for f in reported]
        + [1]
    )
    span = years[-1] - years[0] + 1
    bar = (WIDTH - 2 * PAD) / span

    def x(year: int) -> float:
        return PAD + (year - years[0]) * bar

    def y(value: float) -> float:
        return HEIGHT - PAD - value / top * (HEIGHT - 2 * PAD)

    # Outside the f-strings, where xgettext (makemessages) finds them.
    title = escape(_("Membership over the years"))
    desc = escape(
        _(
            "Bars: Members and Observers computed from the records at the end of each year. "
            "Dots: totals as reported in the texts."
        )
    )
    members_word, observers_word = escape(_("Members")), escape(_("Observers"))
    english_labels = not (get_language() or "en").startswith("en")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" class="chart">',
        f'<title id="chart-title">{title}</title>',
        f'<desc id="chart-desc">{desc}</desc>',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#333"/>',
    ]
    for row in computed:
        members_top = y(row["member"])
        parts.append(
            f'<rect x="{x(row["year"]) + 1:.1f}" y="{members_top:.1f}" width="{max(bar - 2, 1):.1f}" height="{HEIGHT - PAD - members_top:.1f}" fill="{MEMBER}"><title>{row["year"]}: {row["member"]} {members_word}</title></rect>'
        )
        if row["observer"]:
            obs_top = y(row["member"] + row["observer"])
            parts.append(
                f'<rect x="{x(row["year"]) + 1:.1f}" y="{obs_top:.1f}" width="{max(bar - 2, 1):.1f}" height="{members_top - obs_top:.1f}" fill="{OBSERVER}"><title>{row["year"]}: {row["observer"]} {observers_word}</title></rect>'
            )
    for figure in reported:
        total = figure.total or (figure.members or 0) + (figure.observers or 0)
        # The label is the texts' own (English) words: marked as such on a French or Spanish page.
        lang = ' lang="en"' if english_labels else ""
        parts.append(
            f'<circle cx="{x(figure.as_of.year) + bar / 2:.1f}" cy="{y(total):.1f}" r="5" fill="{REPORTED}"><title{lang}>{figure.as_of.year}: {total} ({escape(figure.label)})</title></circle>'
        )
    for year in years[:: max(1, span // 8)]:
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - PAD + 16}" font-size="12" fill="#222">{year}</text>'
        )
    parts.append(f'<text x="4" y="{y(top) + 4:.1f}" font-size="12" fill="#222">{top}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
