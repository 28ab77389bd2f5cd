"""The last hour before registration closes: 175 missions register their delegations of 10 for
one session, each with its letter, at the same time, through the portal's own pages.

A fresh PostgreSQL database (the seeds, a mission for every State and organization, more Member
States made up to 175 missions when the seeds hold fewer), one published session whose
registration closes in an hour, a focal point for each mission with a confirmed authenticator
app (TOTP). Gunicorn in production mode (as many sync workers as `make serve`), Redis, the
letters on the filesystem store. Each focal point signs in through the portal's sign-in and
second-factor pages first (setup: not in the target, a password check costs what PBKDF2 makes
it cost). Then 175 clients (threads, each its own cookies) start together, each doing what a
focal point does: open the registration page, add the head of delegation, 3 representatives,
3 alternates and 3 advisers through the form (with its CSRF token, following each redirect back
to the page), upload the letter (a small real PDF, its own for each mission), submit. A person
takes time between two clicks: each client waits a random pause (uniform, mean WINDOW / steps)
before each step, so that the 175 registrations overlap in a window of BENCH_WINDOW seconds
(default 600, the mean of a client's pauses: the last hour compressed about 6 times, some 5
requests a second, the last client done after ~850 s; each client has opened its page once
before, unmeasured, as after signing in). Every request's latency is measured; an anchor
client does the same at the same time on a bare view and the sign-in page (GET), so that the
figures can be read against what the machine gives a trivial request under the same load.

Then the database is read: every registration submitted, every delegate there, every letter
stored with the SHA-256 of the bytes sent, one "submitted" event each and one event per
change, no notice planned (submitting plans none; a status the secretariat gives does).

Targets (issue 22): no error (any status but the expected, any exception, any error message on
the page), nothing lost, p99 of all the flow's requests < 500 ms. Exits 1 if one is missed.
Run: .venv/bin/python benchmarks/registrations_bench.py   (or `make bench-registrations`)
BENCH_MISSIONS, BENCH_DELEGATES, BENCH_WINDOW change the size (e.g. 3, 2 and 5 for a try).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    Gunicorn,
    bench_env,
    drop_database,
    latencies,
    manage,
    recreate_database,
)
from config.serve import web_workers

DB = "gc_bench_reg"
REDIS_DB = 5
MISSIONS = int(os.environ.get("BENCH_MISSIONS", "175"))
DELEGATES = int(os.environ.get("BENCH_DELEGATES", "10"))
WINDOW = float(os.environ.get("BENCH_WINDOW", "600"))
SESSION_KEY = "bench-registration"
TARGET_P99_MS = 500
TIMEOUT = 120  # s: a slow answer is measured, not cut off
PASSWORD = "a long benchmark password 4711"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
# Head first (submitting needs one), then the rules' other positions in turn.
POSITIONS = ("head", *(("representative", "alternate", "adviser") * 4))
STEPS = ("open the page", "add a delegate", "upload the letter", "submit", "page after a redirect")
ANCHORS = ("bare view (2 KB)", "sign-in page (GET)")


class FlowError(Exception):
    pass


@dataclass
class Record:
    """What the clients measured: latencies (ms) by step, errors as text."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    in_flight: int = 0
    peak: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, step: str, call, *args, **kwargs) -> httpx.Response:
        with self.lock:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
        started = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                self.in_flight -= 1
                self.times[step].append(elapsed)


@dataclass
class FocalPoint:
    mission: str
    email: str
    device: Any  # a confirmed TOTPDevice
    letter: bytes
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=TIMEOUT))


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-reg-"))
    env = bench_env(
        DB,
        redis_db=REDIS_DB,
        SECURE_COOKIES="0",  # plain HTTP on loopback
        DOCUMENT_STORAGE_ROOT=str(tmp / "documents"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        BENCH_BODY_FILE="",
        BENCH_BARE_BYTES="2000",
    )
    recreate_database(DB)
    try:
        ok = run(env)
    finally:
        drop_database(DB)
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(0 if ok else 1)


def run(env: dict[str, str]) -> bool:
    manage(env, "migrate", "--no-input")
    manage(env, "load_seeds")
    manage(env, "collectstatic", "--no-input")
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], check=True, capture_output=True)
    os.environ.update(env)
    import django

    django.setup()
    focal_points, session_pk, closes_at = prepare(MISSIONS)
    workers = web_workers()  # as `make serve` runs it
    with Gunicorn(env, workers=workers) as server:
        signed_in = sign_in_all(server, focal_points, workers)
        warm(server, focal_points, workers)
        record = Record()
        stop = threading.Event()
        anchor = threading.Thread(target=anchor_client, args=(server, record, stop))
        started = time.perf_counter()
        anchor.start()
        with ThreadPoolExecutor(max_workers=len(focal_points)) as pool:
            for outcome in pool.map(lambda fp: register(server, fp, record), focal_points):
                if outcome:
                    record.errors.append(outcome)
        stop.set()
        anchor.join()
        wall = time.perf_counter() - started
    lost = verify(focal_points, session_pk)
    return report(record, signed_in, lost, wall, workers, closes_at)


def prepare(count: int) -> tuple[list[FocalPoint], int, dt.datetime]:
    """The missions (Member States first), one session open for registration until an hour from
    now, a focal point with a confirmed authenticator app for each mission."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from governance.models import Body, Entity, Membership, Mission, MissionMember, MissionRole
    from governance.services.missions import missions_ensure
    from meetings.models import Session
    from meetings.services.registrations import registration_period_open
    from tests.factories.files import pdf_bytes

    missions_ensure()  # the seed loader made them: here in case it did not
    members = Mission.objects.filter(
        entity__memberships__status="member", entity__memberships__end_on__isnull=True
    ).distinct()
    others = Mission.objects.exclude(pk__in=members.values("pk"))
    chosen = list(members.select_related("entity").order_by("pk")[:count])
    chosen += list(others.select_related("entity").order_by("pk")[: count - len(chosen)])
    if len(chosen) < count:  # Member States made for the benchmark up to the count
        made = Entity.objects.bulk_create(
            Entity(key=f"bench-state-{i}", official_name=f"Bench State {i}", short_name=f"BS {i}")
            for i in range(count - len(chosen))
        )
        start = dt.date(2000, 1, 1)
        Membership.objects.bulk_create(
            Membership(entity=e, status="member", start_earliest=start, start_latest=start)
            for e in made
        )
        missions_ensure()
        chosen += list(Mission.objects.filter(entity__in=made).select_related("entity"))
    body = Body.objects.filter(kind="governing_body").order_by("pk").first() or Body.objects.first()
    assert body is not None, "the seeds hold no body"
    today = timezone.localdate()
    number = max(body.sessions.exclude(number=None).values_list("number", flat=True), default=0)
    session = Session.objects.create(
        key=SESSION_KEY,
        body=body,
        number=number + 1,
        start_date=today + dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=3),
        is_published=True,
        status="confirmed",
    )
    User = get_user_model()
    editor = User.objects.create_superuser("bench-editor", "editor@example.org", None)
    closes_at = timezone.now() + dt.timedelta(hours=1)
    registration_period_open(
        session=session, opens_at=closes_at - dt.timedelta(days=30), closes_at=closes_at, by=editor
    )
    # One PBKDF2 hash for all: making 175 would take minutes and measure nothing.
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(username=f"focal{i}@mission{i}.example.org", email=f"focal{i}@mission{i}.example.org")
        for i in range(count)
    )
    for user in users:
        user.password = password
    User.objects.bulk_update(users, ["password"])
    MissionMember.objects.bulk_create(
        MissionMember(mission=m, user=u, role=MissionRole.FOCAL_POINT)
        for m, u in zip(chosen, users, strict=True)
    )
    devices = TOTPDevice.objects.bulk_create(
        TOTPDevice(user=u, name="app", confirmed=True) for u in users
    )
    return (
        [
            FocalPoint(
                mission=m.entity.short_name,
                email=u.email,
                device=d,
                letter=pdf_bytes(f"Credentials of the delegation of {m.entity.short_name}"),
            )
            for m, u, d in zip(chosen, users, devices, strict=True)
        ],
        session.pk,
        closes_at,
    )


def _token(response: httpx.Response) -> str:
    found = CSRF.search(response.content)
    if found is None:
        raise FlowError(f"{response.url}: no CSRF token in the page")
    return found.group(1).decode()


def _expect(response: httpx.Response, status: int, what: str) -> httpx.Response:
    if response.status_code != status:
        raise FlowError(f"{what}: {response.status_code} (expected {status})")
    return response


def sign_in(server: Gunicorn, fp: FocalPoint) -> float:
    """Through the sign-in and second-factor pages, as the focal point would; its seconds."""
    from tests.factories.otp import current_code

    started = time.perf_counter()
    http = fp.http
    page = _expect(http.get(server.url("/portal/sign-in/")), 200, "sign-in page")
    form = {"csrfmiddlewaretoken": _token(page), "username": fp.email, "password": PASSWORD}
    _expect(http.post(server.url("/portal/sign-in/"), data=form), 302, "sign-in")
    page = _expect(http.get(server.url("/portal/two-factor/")), 200, "second-factor page")
    form = {"csrfmiddlewaretoken": _token(page), "code": current_code(fp.device), "next": ""}
    done = http.post(server.url("/portal/two-factor/"), data=form)
    if done.status_code != 302 or done.headers["Location"] != "/portal/":
        raise FlowError(f"{fp.email}: the code was not taken ({done.status_code})")
    return time.perf_counter() - started


def sign_in_all(server: Gunicorn, focal_points: list[FocalPoint], workers: int) -> list[float]:
    with ThreadPoolExecutor(max_workers=workers * 2) as pool:
        return list(pool.map(lambda fp: sign_in(server, fp), focal_points))


def warm(server: Gunicorn, focal_points: list[FocalPoint], workers: int) -> None:
    """Each focal point opens its page once (each worker renders it before it is measured)."""
    page = f"/portal/registrations/{SESSION_KEY}/"
    with ThreadPoolExecutor(max_workers=workers * 2) as pool:
        for response in pool.map(lambda fp: fp.http.get(server.url(page)), focal_points):
            _expect(response, 200, "registration page (warming)")


def register(server: Gunicorn, fp: FocalPoint, record: Record) -> str:
    """One focal point's registration, paced like a person's; an error's text, or ""."""
    pages = f"/portal/registrations/{SESSION_KEY}/"
    http = fp.http
    rng = random.Random(fp.email)
    pause = WINDOW / (DELEGATES + 3)  # the mean pause before each step: the flow spans WINDOW

    def post(step: str, path: str, **kwargs) -> None:
        time.sleep(rng.uniform(0, 2 * pause))
        sent = record.timed(step, http.post, server.url(pages + path), **kwargs)
        if sent.status_code != 302 or sent.headers.get("Location") != pages:
            raise FlowError(f"{step}: {sent.status_code}, {sent.text[:200]!r}")
        back = record.timed("page after a redirect", http.get, server.url(pages))
        _expect(back, 200, f"{step}, the page after")
        if b'class="error"' in back.content or b'class="success"' not in back.content:
            raise FlowError(f"{step}: the page says no success")
        state["token"] = _token(back)

    state: dict[str, str] = {}
    try:
        time.sleep(rng.uniform(0, 2 * pause))
        page = _expect(
            record.timed("open the page", http.get, server.url(pages)), 200, "registration page"
        )
        state["token"] = _token(page)
        slug = fp.email.split("@")[1].split(".")[0]
        for number, position in enumerate(POSITIONS[:DELEGATES], start=1):
            delegate = {
                "csrfmiddlewaretoken": state["token"],
                "position": position,
                "honorific": "H.E." if position == "head" else "Ms.",
                "name": f"Delegate {number} of {fp.mission}",
                "functional_title": "Ambassador" if position == "head" else "Counsellor",
                "email": f"delegate{number}@{slug}.example.org",
            }
            post("add a delegate", "delegates/", data=delegate)
        letter = {"letter": ("credentials.pdf", fp.letter, "application/pdf")}
        post(
            "upload the letter",
            "letter/upload/",
            data={"csrfmiddlewaretoken": state["token"]},
            files=letter,
        )
        post("submit", "submit/", data={"csrfmiddlewaretoken": state["token"]})
    except (FlowError, httpx.HTTPError) as error:
        return f"{fp.mission}: {error}"
    return ""


def anchor_client(server: Gunicorn, record: Record, stop: threading.Event) -> None:
    """Trivial requests at the same time as the registrations: the machine's own latency then."""
    http = httpx.Client(timeout=TIMEOUT)
    paths = dict(zip(ANCHORS, ("/bench/bare/", "/portal/sign-in/"), strict=True))
    while not stop.wait(0.1):
        for name, path in paths.items():
            try:
                response = record.timed(name, http.get, server.url(path))
                if response.status_code != 200:
                    record.errors.append(f"{name}: {response.status_code}")
            except httpx.HTTPError as error:
                record.errors.append(f"{name}: {error}")


def verify(focal_points: list[FocalPoint], session_pk: int) -> list[str]:
    """What the database holds against what was sent: what is missing or wrong."""
    from django.db.models import Count, Q

    from meetings.models import Delivery, Registration, RegistrationEvent
    from meetings.models.reminders import DeliveryKind

    lost = []
    registrations = {
        r.mission.entity.short_name: r
        for r in Registration.objects.filter(session_id=session_pk)
        .select_related("mission__entity")
        .annotate(
            delegates_count=Count("delegates", distinct=True),
            submitted_events=Count("events", filter=Q(events__kind="submitted"), distinct=True),
            events_count=Count("events", distinct=True),
        )
    }
    # One event per change: created, each delegate, the letter, submitted.
    events_each = 1 + DELEGATES + 1 + 1
    for fp in focal_points:
        registration = registrations.get(fp.mission)
        if registration is None:
            lost.append(f"{fp.mission}: no registration")
            continue
        if registration.status != "submitted" or registration.submitted_at is None:
            lost.append(f"{fp.mission}: {registration.status}, not submitted")
        if registration.delegates_count != DELEGATES:
            lost.append(f"{fp.mission}: {registration.delegates_count} delegates")
        expected = hashlib.sha256(fp.letter).hexdigest()
        if registration.letter_sha256 != expected or registration.letter_size != len(fp.letter):
            lost.append(f"{fp.mission}: the letter's record differs from the bytes sent")
        elif hashlib.sha256(registration.letter.read()).hexdigest() != expected:
            lost.append(f"{fp.mission}: the stored letter differs from the bytes sent")
        if registration.submitted_events != 1 or registration.events_count != events_each:
            lost.append(
                f"{fp.mission}: {registration.submitted_events} submitted events, "
                f"{registration.events_count} events (expected 1 and {events_each})"
            )
    extra = set(registrations) - {fp.mission for fp in focal_points}
    lost += [f"{name}: a registration nobody made" for name in sorted(extra)]
    # Submitting plans no notice (the secretariat's return, acceptance and withdrawal do): none.
    notices = Delivery.objects.filter(kind=DeliveryKind.REGISTRATION, session_id=session_pk)
    if notices.exists():
        lost.append(f"{notices.count()} notices planned by submissions that plan none")
    counts = (
        len(registrations),
        sum(r.delegates_count for r in registrations.values()),
        sum(1 for r in registrations.values() if r.letter_sha256),
        RegistrationEvent.objects.filter(registration__session_id=session_pk).count(),
    )
    print("in the database: {} registrations, {} delegates, {} letters, {} events".format(*counts))
    return lost


def _row(name: str, values: list[float]) -> str:
    figures = latencies(values)
    return (
        f"{name:<24} {figures['count']:>7} {figures['p50']:>8.1f} {figures['p95']:>8.1f} "
        f"{figures['p99']:>8.1f} {figures['max']:>8.1f}"
    )


def report(
    record: Record,
    signed_in: list[float],
    lost: list[str],
    wall: float,
    workers: int,
    closes_at: dt.datetime,
) -> bool:
    flow = [t for step in STEPS for t in record.times[step]]
    print(
        f"gunicorn: {workers} sync workers, production settings; {MISSIONS} focal points "
        f"(threads, each signed in with its second factor), delegations of {DELEGATES}, "
        f"a letter each; pauses drawn for a {WINDOW:.0f} s window; the same machine runs the "
        "clients, gunicorn, PostgreSQL and Redis"
    )
    print(
        f"{len(flow)} requests in {wall:.1f} s ({len(flow) / wall:.1f}/s), at most "
        f"{record.peak} in flight at once; registration closes at {closes_at:%H:%M} UTC"
    )
    signed = [s * 1000 for s in signed_in]
    print(f"\n{'step (ms)':<24} {'count':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}")
    for step in STEPS:
        print(_row(step, record.times[step]))
    print(_row("all the flow's requests", flow))
    print("anchors, at the same time:")
    for name in ANCHORS:
        print(_row(name, record.times[name]))
    print(_row("sign-in, 4 requests", signed) + "   (setup, before: not in the target)")
    failures = []
    p99 = latencies(flow)["p99"]
    if p99 >= TARGET_P99_MS:
        failures.append(f"p99 {p99:.0f} ms >= {TARGET_P99_MS} ms")
    if record.errors:
        failures.append(f"{len(record.errors)} errors: " + "; ".join(record.errors[:5]))
    if lost:
        failures.append(f"{len(lost)} lost or wrong: " + "; ".join(lost[:5]))
    print("\ntargets met" if not failures else "\ntargets missed: " + " | ".join(failures))
    return not failures


if __name__ == "__main__":
    main()
