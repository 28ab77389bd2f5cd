"""Feed serving speed, each figure next to its anchor measured in the same run.

1,000 published sessions and 5,000 meetings in PostgreSQL; gunicorn with 2 sync workers in
production mode with the Redis cache; wrk on loopback (32 connections, 10 s a target).
- cached 200 of the all-sessions feed  vs  a bare view returning the same bytes (target >= 0.9)
- 304 on If-None-Match                 vs  a bare `condition` 304 (target >= 0.9)
- cold build of the feed (with its SQL) vs bare icalendar calls for the same events (target <= 1.3)
DATA_VERSION_TTL=0 in the environment measures the feed with a Redis read of the version per
request (config/caching.py).

Run: .venv/bin/python benchmarks/feeds_bench.py   (or `make bench`)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import PYTHON, ROOT, Gunicorn, bench_env, manage, recreate_database, wrk

DB = "gc_bench_feeds"
FEED = "/feeds/sessions.ics?past=3650"


def populate_and_time_builds(body_file: str) -> dict:
    """Runs inside Django (production settings): make the data, write the feed, time cold builds."""
    import django

    django.setup()
    import datetime as dt

    from icalendar import Calendar, Event

    from config.changes import data_changed
    from config.site import site_url
    from governance.models import Body
    from meetings.domain import ical
    from meetings.domain.datespans import exclusive_end
    from meetings.models import Meeting, Session
    from meetings.selectors import feeds

    body = Body.objects.create(key="council", name="Council", kind="governing_body")
    today = dt.date.today()
    Session.objects.bulk_create(
        Session(
            key=f"s{i}",
            body=body,
            number=None,
            name=f"Intersessional workshop {i}",
            start_date=today + dt.timedelta(days=i % 700),
            end_date=today + dt.timedelta(days=i % 700 + 2),
            is_published=True,
            status="confirmed",
        )
        for i in range(1000)
    )
    sessions = list(Session.objects.all())
    Meeting.objects.bulk_create(
        Meeting(session=s, number=None, date=s.start_date, title=f"Meeting {k}")
        for s in sessions
        for k in range(5)
    )
    data_changed()  # written past the services, which would have said so
    spec = feeds.FeedSpec("sessions", "Governance Calendar", "all")
    params = feeds.FeedParams(past=3650)
    Path(body_file).write_bytes(feeds.build_feed(spec, params, today, site_url=site_url()))

    def ours() -> None:
        feeds.build_feed(spec, params, today, site_url=site_url())

    rows = [
        (
            s.ical_uid("session"),
            s.updated_at,
            s.created_at,
            s.sequence,
            s.title_in("en"),
            s.start_date,
            s.end_date,
            s.get_absolute_url(),
        )
        for s in feeds.feed_sessions(spec, params, today)
        if s.end_date is not None  # all of them (made above); says so to the type checker
    ]

    def bare() -> None:
        calendar = Calendar()
        calendar.add("prodid", ical.PRODID)
        calendar.add("version", "2.0")
        calendar.add("method", "PUBLISH")
        for uid, updated, created, sequence, title, start, end, url in rows:
            event = Event()
            event.add("uid", uid)
            event.add("dtstamp", updated)
            event.add("last-modified", updated)
            event.add("created", created)
            event.add("sequence", sequence)
            event.add("summary", title)
            event.add("dtstart", start)
            event.add("dtend", exclusive_end(end))
            event.add("status", "CONFIRMED")
            event.add("transp", "TRANSPARENT")
            event.add("location", "Geneva (headquarters)")
            event.add("categories", ["Council"])
            event.add("url", "https://calendar.example.org" + url)
            calendar.add_component(event)
        calendar.to_ical()

    def timed(function) -> float:
        samples = []
        for _ in range(7):
            started = time.perf_counter()
            function()
            samples.append(time.perf_counter() - started)
        return statistics.median(samples) * 1000

    # Warm imports and the VTIMEZONE cache.
    ours()
    bare()
    return {
        "ours_ms": timed(ours),
        "bare_ms": timed(bare),
        "events": len(rows),
        "meetings": Meeting.objects.count(),
    }


def main() -> None:
    env = bench_env(DB)
    recreate_database(DB)
    manage(env, "migrate", "--no-input")
    subprocess.run(["redis-cli", "-n", "9", "flushdb"], check=True, capture_output=True)
    with tempfile.NamedTemporaryFile(suffix=".ics", delete=False) as handle:
        body_file = handle.name
    build = json.loads(
        subprocess.run(
            [PYTHON, __file__, "--populate", body_file],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    env["BENCH_BODY_FILE"] = body_file
    with Gunicorn(env) as server:
        response = urllib.request.urlopen(server.url(FEED))
        etag, size = response.headers["ETag"], len(response.read())
        results = {
            "feed 200 (cached)": wrk(server.url(FEED)),
            "bare 200 (same bytes)": wrk(server.url("/bench/bare/")),
            "feed 304": wrk(server.url(FEED), header=f"If-None-Match: {etag}"),
            "bare condition 304": wrk(
                server.url("/bench/bare304/"), header='If-None-Match: "bench"'
            ),
        }
    os.unlink(body_file)
    print(
        f"Feed: {build['events']} sessions ({size:,} bytes); {build['meetings']} meetings in the database"
    )
    print(f"{'target':<24} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx/3xx':>12}")
    for name, row in results.items():
        print(
            f"{name:<24} {row['rps']:>9.0f} {row['p50']:>8.2f} {row['p99']:>8.2f} {row['errors']:>12} {row['socket_errors']}"
        )
    ratio_200 = results["feed 200 (cached)"]["rps"] / results["bare 200 (same bytes)"]["rps"]
    ratio_304 = results["feed 304"]["rps"] / results["bare condition 304"]["rps"]
    ratio_build = build["ours_ms"] / build["bare_ms"]
    print(f"cached 200 / bare 200: {ratio_200:.2f} (target >= 0.90)")
    print(f"304 / bare 304:        {ratio_304:.2f} (target >= 0.90)")
    print(
        f"cold build: {build['ours_ms']:.0f} ms vs bare icalendar {build['bare_ms']:.0f} ms = {ratio_build:.2f} (target <= 1.30)"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--populate":
        print(json.dumps(populate_and_time_builds(sys.argv[2])))
    else:
        main()
