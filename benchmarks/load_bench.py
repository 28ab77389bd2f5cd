"""Load test of the production server: pages, a feed (200 and 304: the seeded year with the most
sessions, its event count printed) and an API list, each next to a bare view of the same server
returning fixed bytes, at 32 concurrent clients.

The seeded database in PostgreSQL, the Redis cache, gunicorn (production settings, as many sync
workers as `make serve` starts) on loopback, wrk for a fixed time per target. Run twice: as
deployed (anonymous pages and API reads kept in each process's cache per data version, see
config/caching.py), and with the page cache off (PAGE_CACHE=0), so that every request renders
(the cost of the first request after a change).

Targets (issue 18), each figure beside the bare view measured just before and just after it: as
deployed, every page, feed and API list at least 1.0 of the bare view's requests/s and the feed's
304 at least 0.9; in both runs no errors and p99 < 250 ms. Exits 1 if one is missed.
Run: .venv/bin/python benchmarks/load_bench.py   (or `make bench-load`)
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Gunicorn, bench_env, manage, recreate_database, wrk
from config.serve import web_workers

DB = "gc_bench_load"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARM_SECONDS = 2
BARE_SECONDS = max(1, SECONDS // 2)
CLIENTS = 32
# The feed of the seeded year with the most sessions in calendars (the record is 2008-2012:
# the upcoming feed of any later day is empty, and would measure an empty calendar).
FEED = "/feeds/sessions.ics?year={year}"
TARGETS = {
    "home page": "/",
    "session page": "/sessions/council-96/",
    "feed 200": FEED,
    "feed 304": FEED,
    "API list": "/api/v1/sessions/?limit=50",
    "API list, filtered": "/api/v1/sessions/?limit=50&body=council",
}
BUSIEST_YEAR = (
    "from django.db.models import Count; from meetings.domain.ical import CALENDAR_PRECISIONS; "
    "from meetings.models import Session; "
    "print(Session.objects.public().filter(start_date__isnull=False, "
    "date_precision__in=CALENDAR_PRECISIONS).values_list('start_date__year')"
    ".annotate(n=Count('pk')).order_by('-n', '-start_date__year')[0][0])"
)
RUNS = (("page cache on (default)", "1"), ("page cache off: every page rendered", "0"))
BARE = "bare view (20 KB fixed)"


def main() -> None:
    # The API's anonymous throttle would answer 429 to a load tool: off for the run (an empty
    # rate), since DRF's throttle keeps every request time of the window.
    env = bench_env(
        DB,
        redis_db=11,
        API_ANON_RATE="",
        BENCH_BODY_FILE="",
        BENCH_BARE_BYTES="20000",
    )
    recreate_database(DB)
    manage(env, "migrate", "--no-input")
    manage(env, "load_seeds")
    manage(env, "collectstatic", "--no-input")
    subprocess.run(["redis-cli", "-n", "11", "flushdb"], check=True, capture_output=True)
    workers = web_workers()  # as `make serve` runs it
    year = int(manage(env, "shell", "--no-imports", "-c", BUSIEST_YEAR).strip())
    targets = {name: path.format(year=year) for name, path in TARGETS.items()}
    runs = {}
    for label, store in RUNS:
        runs[label] = measure({**env, "PAGE_CACHE": store}, workers, targets)
    print(
        f"gunicorn: {workers} sync workers, production settings; wrk: {CLIENTS} connections, "
        f"{SECONDS} s a target; the same machine runs wrk, gunicorn, PostgreSQL and Redis"
    )
    events = {run["feed 200"]["events"] for run in runs.values()}
    print(f"feed: {targets['feed 200']}, {' / '.join(map(str, sorted(events)))} events")
    if 0 in events:
        print("the feed target holds no event: it would measure an empty calendar")
        sys.exit(1)
    verdicts = [report(label, runs[label], deployed=store == "1") for label, store in RUNS]
    # Both runs are held to the targets: the cache-off run is what a page costs when it renders.
    sys.exit(0 if all(verdicts) else 1)


def measure(env: dict[str, str], workers: int, targets: dict[str, str]) -> dict[str, dict]:
    with Gunicorn(env, workers=workers) as server:
        feed = urllib.request.urlopen(server.url(targets["feed 200"]))
        etag = feed.headers["ETag"]
        events = feed.read().count(b"BEGIN:VEVENT")
        for path in targets.values():  # warm each worker's imports, templates and cache
            for _ in range(workers * 3):
                urllib.request.urlopen(server.url(path)).read()
            # Sequential requests may all reach one worker: a short run under the same load
            # makes every worker compile its queries and templates before anything is measured.
            wrk(server.url(path), seconds=WARM_SECONDS)
        # wrk's figures and, beside each target's, the bare view's ("bare").
        results: dict[str, dict[str, Any]] = {
            BARE: {**wrk(server.url("/bench/bare/"), seconds=SECONDS)}
        }
        before = results[BARE]["rps"]
        for name, path in targets.items():
            header = f"If-None-Match: {etag}" if name == "feed 304" else None
            results[name] = {**wrk(server.url(path), seconds=SECONDS, header=header)}
            if name.startswith("feed"):
                results[name]["events"] = events
            # The bare view again right after: each target is compared with the bare view
            # measured beside it (the mean of the runs before and after), since this VM's
            # speed drifts over the minutes a run takes.
            after = wrk(server.url("/bench/bare/"), seconds=BARE_SECONDS)["rps"]
            results[name]["bare"] = (before + after) / 2
            before = after
    return results


def report(label: str, results: dict[str, dict], *, deployed: bool) -> bool:
    print(f"\n{label}")
    print(
        f"{'target':<26} {'req/s':>8} {'bare beside':>11} {'x bare':>7} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'errors':>7}"
    )
    failures = []
    for name, row in results.items():
        bare = row.get("bare", row["rps"])
        ratio = row["rps"] / bare
        errors = row["errors"] + (1 if row["socket_errors"] else 0)
        shown = f"{name} ({row['events']} events)" if "events" in row else name
        print(
            f"{shown:<26} {row['rps']:>8.0f} {bare:>11.0f} {ratio:>7.2f} {row['p50']:>8.2f} "
            f"{row['p99']:>8.2f} {errors:>7} {row['socket_errors']}"
        )
        if errors:
            failures.append(f"{name}: errors")
        if row["p99"] >= 250:
            failures.append(f"{name}: p99 {row['p99']:.0f} ms >= 250 ms")
        floor = 0.9 if name == "feed 304" else 1.0
        if deployed and name != BARE and ratio < floor:
            failures.append(f"{name}: {ratio:.2f} of the bare view < {floor}")
    print("targets met" if not failures else "targets missed: " + "; ".join(failures))
    return not failures


if __name__ == "__main__":
    main()
