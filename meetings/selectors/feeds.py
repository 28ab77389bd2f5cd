"""Feeds: what each one holds, its validators, and its built bodies kept by ETag.

A 304 must cost no SQL: the ETag is derived from the feed, its parameters, the data version
(config/caching.py, bumped whenever what a feed reads changes) and the day (the "upcoming"
window moves daily), so a client whose copy is stale always gets the new body. A body is built
once per change for every process (kept in Redis by ETag) and then read from each process's
memory (the "feeds" cache).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.cache import cache, caches
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from governance.models import Body
from meetings.domain import ical
from meetings.models import Meeting, PersonalFeed, Session
from meetings.models.feeds import hash_token

FEED_KEY = "calendar:feed:{}"
FEED_SECONDS = 48 * 3600  # an ETag names one version of one feed: its body never goes stale
MAX_PAST_DAYS = 3650
# Windows whose bodies are stored (in Redis and in each worker): any other ``past`` is built for
# its request and dropped, so no client can make the server keep one body per number it sends.
STORED_PAST_DAYS = frozenset({0, 7, 30, 90, 365, MAX_PAST_DAYS})
CANCELLED_GRACE = dt.timedelta(days=30)
LANGS = ("en", "fr", "es")
PARAMETERS = ("past", "include_cancelled", "lang", "year", "from", "to")
# A chosen period (?year=, or ?from=&to=, both days included): within these years, and at most
# ten years long, so that one request reads no more than a decade of the record.
FIRST_YEAR, LAST_YEAR = 1950, 2100
MAX_PERIOD_YEARS = 10
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class FeedParameterError(ValueError):
    """A bad query parameter; the message is shown to the client with a 400."""


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year that has none
        return dt.date(day.year + years, 3, 1)


def _date_param(query: Mapping[str, str], name: str) -> dt.date:
    value = query.get(name, "")
    day = None
    if ISO_DATE.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise FeedParameterError(
            _("%(name)s must be a date from %(first)s to %(last)s, written YYYY-MM-DD.")
            % {"name": name, "first": f"{FIRST_YEAR}-01-01", "last": f"{LAST_YEAR}-12-31"}
        )
    return day


def _period(query: Mapping[str, str]) -> tuple[int | None, dt.date | None, dt.date | None]:
    """(year, first day, last day) of ?year= or ?from=&to=; (None, None, None) for neither."""
    given = {name for name in ("year", "from", "to") if name in query}
    if not given:
        return None, None, None
    if "past" in query:
        raise FeedParameterError(_("past cannot be combined with year, from or to."))
    if "year" in given:
        if given != {"year"}:
            raise FeedParameterError(_("Give either year, or from and to, not both."))
        year = query["year"]
        if not (year.isdigit() and len(year) == 4 and FIRST_YEAR <= int(year) <= LAST_YEAR):
            raise FeedParameterError(
                _("year must be a year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return int(year), dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    if given != {"from", "to"}:
        raise FeedParameterError(_("from and to go together: give both dates."))
    first, last = _date_param(query, "from"), _date_param(query, "to")
    if first > last:
        raise FeedParameterError(_("from must not be after to."))
    if last >= _years_after(first, MAX_PERIOD_YEARS):
        raise FeedParameterError(
            ngettext(
                "A period can be at most %(years)d year long.",
                "A period can be at most %(years)d years long.",
                MAX_PERIOD_YEARS,
            )
            % {"years": MAX_PERIOD_YEARS}
        )
    return None, first, last


@dataclass(frozen=True)
class FeedParams:
    past: int = 0
    include_cancelled: bool = True
    lang: str = "en"
    # A chosen period instead of the upcoming window: a year, or a first and a last day.
    year: int | None = None
    first: dt.date | None = None
    last: dt.date | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> FeedParams:
        """The parameters, or a FeedParameterError in the feed's language when ``lang`` is one
        (else in the request's)."""
        lang = query.get("lang", "")
        with translation.override(lang) if lang in LANGS else contextlib.nullcontext():
            return cls._parse(query)

    @classmethod
    def _parse(cls, query: Mapping[str, str]) -> FeedParams:
        unknown = sorted(set(query) - set(PARAMETERS))
        if unknown:
            raise FeedParameterError(
                _("Unknown parameter(s): %(names)s.") % {"names": ", ".join(unknown)}
            )
        past = query.get("past", "0")
        if not past.isdigit() or int(past) > MAX_PAST_DAYS:
            raise FeedParameterError(
                _("past must be a whole number of days from 0 to %(max)d.") % {"max": MAX_PAST_DAYS}
            )
        cancelled = query.get("include_cancelled", "1")
        if cancelled not in ("0", "1"):
            raise FeedParameterError(_("include_cancelled must be 0 or 1."))
        lang = query.get("lang", "en")
        if lang not in LANGS:
            raise FeedParameterError(_("lang must be one of en, fr, es."))
        year, first, last = _period(query)
        return cls(
            past=int(past),
            include_cancelled=cancelled == "1",
            lang=lang,
            year=year,
            first=first,
            last=last,
        )

    @property
    def period(self) -> tuple[dt.date, dt.date] | None:
        return (self.first, self.last) if self.first and self.last else None

    @property
    def period_label(self) -> str:
        """The period as a feed's name shows it: "2009", or "2008-01-01/2009-06-30" (an ISO 8601
        interval: the same in every language)."""
        if self.year is not None:
            return str(self.year)
        return f"{self.first}/{self.last}" if self.period else ""

    @property
    def key(self) -> str:
        base = f"p{self.past}c{int(self.include_cancelled)}{self.lang}"
        if self.year is not None:
            return f"{base}y{self.year}"
        return f"{base}f{self.first}t{self.last}" if self.period else base

    def for_kind(self, kind: str) -> FeedParams:
        """Only what changes the body: a session's own feeds have no window and no filter."""
        return self if kind == "sessions" else FeedParams(lang=self.lang)

    @property
    def stored(self) -> bool:
        """Whether the body may be kept. A year's is, when it holds events (feed_body): there
        are as many as the data has years, whatever clients send; a from-to pair's is built
        for its request, like a ``past`` outside STORED_PAST_DAYS."""
        if self.period:
            return self.year is not None
        return self.past in STORED_PAST_DAYS


@dataclass
class FeedSpec:
    """One feed: what it is named and how its sessions or meetings are chosen."""

    kind: str  # "sessions", "meetings" or "single"
    name: str
    ident: str
    body_ids: tuple[int, ...] | None = None  # None: every body
    session_id: int | None = None


# --- validators: the data version (config/caching.py) names what a feed holds -------------


def last_modified(version: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(version // 10**9, tz=dt.UTC)


def etag_for(
    spec: FeedSpec, params: FeedParams, version: int, today: dt.date, *, site_url: str
) -> str:
    """The feed's ETag, which is also the key its body is kept under (feed_body). It holds the
    base URL of the events' links: with SITE_URL set that is one value; unset (development),
    it is the address each request reached (config/site.py), so the body kept for one host is
    never served to another."""
    params = params.for_kind(spec.kind)
    # The upcoming window moves each day; a chosen period does not.
    day = "" if params.period else today.isoformat()
    raw = f"{spec.kind}:{spec.ident}:{params.key}:{version}:{day}:{site_url}"
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


# --- what each feed holds ------------------------------------------------------------


def feed_sessions(spec: FeedSpec, params: FeedParams, today: dt.date) -> list[Session]:
    """Published sessions in the window (or on a day of the chosen period, cancelled ones
    too unless left out), in a fixed number of queries."""
    sessions = Session.objects.public().filter(
        start_date__isnull=False, date_precision__in=ical.CALENDAR_PRECISIONS
    )
    if params.period:
        first, last = params.period
        sessions = sessions.filter(start_date__lte=last, end_date__gte=first)
    else:
        since = today - dt.timedelta(days=params.past)
        sessions = sessions.filter(
            Q(end_date__gte=since) | Q(status="cancelled", end_date__gte=since - CANCELLED_GRACE)
        ).exclude(Q(status="cancelled") & Q(end_date__lt=today - CANCELLED_GRACE))
    sessions = sessions.with_calendar_data().order_by("start_date", "pk")
    if not params.include_cancelled:
        sessions = sessions.exclude(status="cancelled")
    if spec.body_ids is not None:
        sessions = sessions.filter(body_id__in=spec.body_ids)
    return list(sessions)


def session_meetings(session_id: int) -> list[Meeting]:
    return list(
        Meeting.objects.filter(session_id=session_id)
        .select_related("venue", "session__body", "session__venue")
        .order_by("date", "starts_at", "pk")
    )


def build_feed(spec: FeedSpec, params: FeedParams, today: dt.date, *, site_url: str) -> bytes:
    site = site_url
    if spec.kind == "single":
        session = Session.objects.with_calendar_data().get(pk=spec.session_id)
        return ical.session_invite(session, method="PUBLISH", lang=params.lang, site_url=site)
    if spec.kind == "meetings":
        assert spec.session_id is not None  # a meetings feed is always of one session
        return ical.meetings_calendar(
            session_meetings(spec.session_id), name=spec.name, lang=params.lang, site_url=site
        )
    return ical.sessions_calendar(
        feed_sessions(spec, params, today), name=spec.name, lang=params.lang, site_url=site
    )


def feed_body(
    spec: FeedSpec, params: FeedParams, *, etag: str, today: dt.date, site_url: str
) -> bytes:
    """The feed's bytes: from this process's memory, else from Redis (another process may have
    built it), else built once and kept in both under its ETag.

    Bodies of a window outside STORED_PAST_DAYS, of a from-to period and of an empty year are
    built for the request and never kept.
    """
    params = params.for_kind(spec.kind)
    if not params.stored:
        return build_feed(spec, params, today, site_url=site_url)
    key = FEED_KEY.format(etag.strip('"'))
    body: bytes | None = caches["feeds"].get(key)
    if body is None:
        body = cache.get(key)
        if body is None:
            body = build_feed(spec, params, today, site_url=site_url)
            if params.period and b"BEGIN:VEVENT" not in body:
                # An empty year is cheap to build and is not kept: a client asking for every
                # year from 1950 to 2100 leaves nothing behind.
                return body
            cache.set(key, body, timeout=FEED_SECONDS)
        caches["feeds"].set(key, body, timeout=FEED_SECONDS)
    return body


# --- personal feeds --------------------------------------------------------------------


def personal_feed_create(
    *, bodies: list[Body], all_bodies: bool = False, label: str = ""
) -> tuple[PersonalFeed, str]:
    """Create a personal feed; the token is returned once and only its hash is kept."""
    token = secrets.token_urlsafe(32)  # 256 bits
    with transaction.atomic():
        feed = PersonalFeed.objects.create(
            token_hash=hash_token(token), all_bodies=all_bodies, label=label
        )
        feed.bodies.set(bodies)
    return feed, token


def personal_feed_rotate(*, feed: PersonalFeed) -> str:
    """A new token; the old URL stops working at once."""
    token = secrets.token_urlsafe(32)
    feed.token_hash = hash_token(token)
    feed.rotated_at = timezone.now()
    feed.save(update_fields=["token_hash", "rotated_at", "updated_at"])
    cache.delete_many([f"calendar:personal:{feed.pk}"])
    return token


def personal_feed_revoke(*, feed: PersonalFeed) -> None:
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at", "updated_at"])


def personal_feed_by_token(token: str) -> PersonalFeed | None:
    """The active feed for a token; the hash is compared in constant time."""
    if not token or len(token) > 100:
        return None
    digest = hash_token(token)
    feed = (
        PersonalFeed.objects.filter(token_hash=digest, revoked_at__isnull=True)
        .prefetch_related("bodies")
        .first()
    )
    if feed is None or not hmac.compare_digest(feed.token_hash, digest):
        return None
    return feed


def personal_feed_spec(feed: PersonalFeed) -> FeedSpec:
    body_ids = None if feed.all_bodies else tuple(sorted(b.pk for b in feed.bodies.all()))
    names = (
        ", ".join(b.acronym or b.name for b in feed.bodies.all()) if body_ids else _("all bodies")
    )
    return FeedSpec(
        kind="sessions",
        name=_("My sessions: %(names)s") % {"names": names},
        ident=f"personal-{feed.pk}-{body_ids}",
        body_ids=body_ids,
    )
