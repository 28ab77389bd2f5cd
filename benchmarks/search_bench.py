"""Search at 32 concurrent clients on 100,000 documents (three language versions each) and 10,000
sessions, next to a plain indexed lookup of one document by its symbol, in the same run.

The seeds plus generated records (benchmarks/search_data.py) in their own PostgreSQL database,
kept between runs once generated (`--fresh` generates again: it takes minutes); the index built
by `search_index_rebuild` (`--keep-index` skips that when the index is already built) and its
size printed. Gunicorn in production mode (as many sync workers as `make serve`) with Redis, wrk
with 32 connections and a Lua script that walks through a list of queries, for word (English,
French, Spanish, with and without accents), symbol ("MC/2216", "mc 2216 corr 1") and name
("Mundarain") queries through GET /api/v1/search/?q= (the /search/ page too when the project has
it; the selector behind a benchmark-only view when there is no API yet), each measured between
two runs of the anchor: GET /api/v1/documents/<symbol>/, one document by its unique key.

Two runs: "repeated" walks a dozen queries over and over (as deployed, answered from each
process's page cache after the first time), "distinct" sends a different query every time (two
words and a year of a generated title, a distinct symbol, a distinct name; the anchor a distinct
document), so nothing comes from a cache. Also printed: the SQL queries one search makes, and
each one's time; with --report FILE, the figures and EXPLAIN ANALYZE of the slowest kind's SQL.

Target (issue 21): in both runs, p99 < 150 ms and no errors for every search target. Exits 1 if
one is missed.
Run: .venv/bin/python benchmarks/search_bench.py   (or `make bench-search`)
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import search_data
from benchmarks.common import ROOT, Gunicorn, bench_env, manage, recreate_database, wrk
from config.serve import web_workers

DB = "gc_bench_search"
REDIS_DB = 6
MARKER = f"search-bench data: {search_data.DOCUMENTS} documents, {search_data.SESSIONS} sessions"
TARGET_P99 = 150.0
CLIENTS = 32
WARM_SECONDS = 2
DISTINCT = 15_000  # per kind: more than a 10 s run sends
WARM_QUERIES = 300  # the end of each distinct list: the warm-up's, never measured
SOLO = 40  # distinct queries a kind timed in the selector alone
API = "/api/v1/search/?q={q}"
PAGE = "/search/?q={q}"
FALLBACK = "/bench/search/?q={q}"
ANCHOR = "/api/v1/documents/{key}/"

REPEATED = {
    "word": [
        "migration",
        "labour mobility",
        "reintegration of migrants",
        "border management",
        "réintégration des migrants",
        "reintegration des migrants",
        "sécurité du personnel",
        "securite du personnel",
        "migración irregular",
        "migracion irregular",
        "trata de personas",
        "diáspora",
        "diaspora",
    ],
    "symbol": [
        "MC/2216",
        "mc 2216 corr 1",
        "MC/2216/Corr.1/Rev.1",
        "SCPF/18",
        "mc/2216",
        "MC/INF/302",
    ],
    "name": ["Mundarain", "Mundaraín", "Jazairy", "Nunez", "Müller", "Ouedraogo"],
}
ANCHOR_KEYS = ["MC/2216", "SCPF/18", "MC/INF/302", "MC/2278", "MC/2216/Corr.1/Rev.1"]

# Each wrk thread walks its own part of the list, from its own start; done() writes how many
# requests each sent, so the report can say whether a "distinct" list was walked past its end.
LUA = """
local paths = {%(paths)s}
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  position = math.floor(id * #paths / %(threads)d) + 1
  sent = 0
end
function request()
  local path = paths[position]
  position = position %% #paths + 1
  sent = sent + 1
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local out = io.open("%(sent_file)s", "w")
  for _, thread in ipairs(threads) do out:write(thread:get("sent"), "\\n") end
  out:close()
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="generate the data again")
    parser.add_argument("--keep-index", action="store_true", help="do not rebuild the index")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "10")))
    parser.add_argument("--report", type=Path, help="write the figures and a profile here")
    args = parser.parse_args()
    # The API's anonymous throttle would answer 429 to a load tool: off for the run.
    env = bench_env(
        DB,
        redis_db=REDIS_DB,
        API_ANON_RATE="",
        BENCH_BODY_FILE="",
        BENCH_BARE_BYTES="2000",
        ROOT_URLCONF="benchmarks.search_urls",
    )
    prepare(env, fresh=args.fresh, keep_index=args.keep_index)
    os.environ.update(env)
    import django

    django.setup()
    sizes = index_size()
    queries = build_queries()
    counts = query_counts(queries)
    workers = web_workers()
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], check=True, capture_output=True)
    runs = {}
    with Gunicorn(env, workers=workers) as server:
        targets = search_targets(server)
        for run in ("repeated", "distinct"):
            runs[run] = measure(server, run, targets, queries, args.seconds)
    print(
        f"\ngunicorn: {workers} sync workers, production settings, PostgreSQL and Redis; wrk: "
        f"{CLIENTS} connections, {args.seconds} s a target; all on the same 2 cores"
    )
    print(sizes["text"])
    print(counts["text"])
    verdicts = [report(run, rows) for run, rows in runs.items()]
    if args.report:
        write_report(args.report, sizes, counts, runs, queries)
    sys.exit(0 if all(verdicts) else 1)


def prepare(env: dict[str, str], *, fresh: bool, keep_index: bool) -> None:
    """The generated database, kept between runs (the marker says it holds the whole data)."""
    marker = subprocess.run(
        [
            "psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
            f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{DB}'",
        ],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    if fresh or marker != MARKER:
        started = time.perf_counter()
        recreate_database(DB)
        manage(env, "migrate", "--no-input")
        manage(env, "load_seeds")
        subprocess.run(
            [sys.executable, "-c", "from benchmarks.search_bench import generate_in; generate_in()"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc",
             f"COMMENT ON DATABASE {DB} IS '{MARKER}'"],
            check=True, capture_output=True,
        )  # fmt: skip
        print(f"data generated in {time.perf_counter() - started:.0f} s")
        keep_index = False
    else:
        manage(env, "migrate", "--no-input")
        print(f"data kept from an earlier run ({MARKER}; --fresh generates it again)")
    manage(env, "collectstatic", "--no-input")
    if not keep_index:
        started = time.perf_counter()
        manage(env, "search_index_rebuild")
        print(f"index rebuilt in {time.perf_counter() - started:.0f} s")
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-qc", "VACUUM ANALYZE"],
        check=True, capture_output=True,
    )  # fmt: skip


def generate_in() -> None:
    """Entry point of the generating process (its own, with the benchmark's settings)."""
    import django

    django.setup()
    search_data.generate(stdout=lambda line: print(line, flush=True))


def index_size() -> dict:
    from django.db import connection

    from governance.models.search import SearchEntry

    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size(%s::regclass), pg_relation_size(%s::regclass),"
            " (SELECT count(*) FROM " + connection.ops.quote_name(table) + ")",
            [table, table],
        )
        total, heap, rows = cursor.fetchone()
        cursor.execute(
            "SELECT indexrelname, pg_relation_size(indexrelid) FROM pg_stat_user_indexes"
            " WHERE relname = %s ORDER BY 2 DESC",
            [table],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT kind, count(*) FROM "
            + connection.ops.quote_name(table)
            + " GROUP BY 1 ORDER BY 2 DESC"
        )
        kinds = cursor.fetchall()
    mb = 1024 * 1024
    lines = [
        f"index: table {table}, {rows:,} rows ("
        + ", ".join(f"{kind} {n:,}" for kind, n in kinds)
        + f"); total {total / mb:.1f} MB (heap {heap / mb:.1f} MB, TOAST and indexes the rest)"
    ]
    lines += [f"  {name}: {size / mb:.1f} MB" for name, size in indexes]
    return {"total": total, "rows": rows, "indexes": indexes, "text": "\n".join(lines)}


def build_queries() -> dict[str, dict[str, list[str]]]:
    """The repeated lists, and the distinct ones drawn from the generated records (fixed seed)."""
    from governance.models import DocumentReference, Person

    rng = random.Random(search_data.SEED)
    generated = DocumentReference.objects.public().filter(source_file=search_data.SOURCE)
    docs = list(
        generated.order_by("?").values_list("key", "title", "title_fr", "title_es")[: DISTINCT * 2]
    )
    words, symbols = _distinct(), _distinct()
    for symbol, *titles in docs:
        words.add(_title_words(rng.choice(titles), rng))
        symbols.add(_typed_symbol(symbol, rng))
    names = _distinct()
    people = list(Person.objects.values_list("name", flat=True))
    while len(names) < min(DISTINCT, 3 * len(people)):
        name = rng.choice(people)
        form = rng.random()
        if form < 0.4:
            name = search_data.strip_accents(name)
        elif form < 0.7:
            name = name.split()[-1] if rng.random() < 0.5 else name.split()[1]
        names.add(name if rng.random() < 0.8 else name.lower())
    anchors = [symbol for symbol, *_ in docs]
    rng.shuffle(anchors)
    return {
        "repeated": {**REPEATED, "anchor": ANCHOR_KEYS},
        "distinct": {
            "word": words.items,
            "symbol": symbols.items,
            "name": names.items,
            "anchor": anchors,
        },
    }


class _distinct:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.seen: set[str] = set()

    def __len__(self) -> int:
        return len(self.items)

    def add(self, value: str) -> None:
        if value and value not in self.seen and len(self.items) < DISTINCT:
            self.seen.add(value)
            self.items.append(value)


def _title_words(title: str, rng: random.Random) -> str:
    """Two words of a title and, every other time, its year: a query that finds that title."""
    year = re.search(r"\((\d{4})\)$", title)
    words = [
        w.strip(",:()")
        for w in title.split()
        if len(w.strip(",:()")) > 3
        and not w.strip(",:()").isdigit()
        and w.lower() not in search_data.STOP
        and "/" not in w
    ]
    picked = rng.sample(words, min(2, len(words)))
    if year and rng.random() < 0.5:
        picked.append(year.group(1))
    query = " ".join(picked)
    if rng.random() < 0.3:
        query = search_data.strip_accents(query)
    return query.lower() if rng.random() < 0.7 else query


def _typed_symbol(symbol: str, rng: random.Random) -> str:
    """As a delegate types it: MC/3456/Corr.1, mc 3456 corr 1, MC 3456, mc/3456/corr.1."""
    form = rng.random()
    if form < 0.4:
        return symbol
    if form < 0.7:
        return re.sub(r"[/.]+", " ", symbol).lower().strip()
    if form < 0.85:
        return symbol.lower()
    return symbol.replace("/", " ", 1)


def query_counts(queries) -> dict:
    """SQL queries of one search call per kind (the selector at this size, its result cache
    emptied first), with their times: a broad word, the first repeated and the first distinct."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.selectors.search import search

    samples = [("word", "migration")] + [
        (kind, queries[run][kind][0]) for kind in ("word", "symbol", "name") for run in queries
    ]
    rows, captured = [], {}
    for kind, query in samples:
        search(query=query)  # the first call of a process warms its imports and connection
        cache.clear()  # the selector keeps whole results in Redis: measure the SQL
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            results = search(query=query)
            elapsed = (time.perf_counter() - started) * 1000
        times = [float(q["time"]) * 1000 for q in context.captured_queries]
        captured[(kind, query)] = (context.captured_queries, elapsed)
        rows.append(
            f"  {kind:<6} {query!r:<36} {len(context):>2} queries, {elapsed:6.1f} ms in all, "
            f"SQL {sum(times):6.1f} ms ("
            + ", ".join(f"{t:.1f}" for t in times)
            + f"), {results.total:,} hits"
        )
    # The selector alone, one call at a time (no HTTP, no concurrency), on distinct queries that
    # the wrk run does not send (the ends of the lists), its cache emptied before each.
    medians: dict[str, float] = {}
    rows.append(f"selector alone, {SOLO} distinct queries a kind, one at a time, nothing cached:")
    for kind in ("word", "symbol", "name"):
        times = []
        for query in queries["distinct"][kind][-SOLO:]:
            cache.clear()
            started = time.perf_counter()
            search(query=query)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        medians[kind] = statistics.median(times)
        rows.append(
            f"  {kind:<6} median {medians[kind]:6.1f} ms, 90th {times[int(len(times) * 0.9)]:6.1f} ms, "
            f"slowest {times[-1]:6.1f} ms"
        )
    text = "SQL queries per search call (anonymous, first page, nothing cached):\n" + "\n".join(
        rows
    )
    return {"text": text, "captured": captured, "medians": medians}


def search_targets(server: Gunicorn) -> dict[str, str]:
    """The API, and the page when the project has one; the selector's own view if no API yet."""

    def answers(path: str) -> bool:
        try:
            return (
                urllib.request.urlopen(server.url(path.format(q="migration")), timeout=30).status
                == 200
            )
        except urllib.error.HTTPError:
            return False

    targets = {}
    if answers(API):
        targets["API"] = API
    else:
        targets["selector view"] = FALLBACK
        print("GET /api/v1/search/ does not answer yet: the selector through /bench/search/")
    if answers(PAGE):
        targets["page"] = PAGE
    return targets


def measure(server: Gunicorn, run: str, targets: dict[str, str], queries, seconds: int) -> dict:
    lists = queries[run]
    distinct = run == "distinct"
    anchor_runs = 1 + 3 * len(targets)

    def part(items: list[str], index: int, parts: int) -> list[str]:
        """The distinct run: the index-th of disjoint parts of the list, none of them the warm-up's
        end (the selector keeps results in Redis and each process its pages: a query sent to the
        API must not come back through the page, nor a document to a later anchor run)."""
        if not distinct:
            return items
        size = (len(items) - WARM_QUERIES) // parts
        return items[index * size : (index + 1) * size]

    def warm(items: list[str]) -> list[str]:
        return items[-WARM_QUERIES:] if distinct else items

    anchors = [ANCHOR.format(key=key) for key in lists["anchor"]]
    anchor_parts = iter([part(anchors, i, anchor_runs) for i in range(anchor_runs)])
    plan = [("anchor", next(anchor_parts), warm(anchors))]
    for kind in ("word", "symbol", "name"):
        paths = {
            surface: [template.format(q=quote(q)) for q in lists[kind]]
            for surface, template in targets.items()
        }
        for index, surface in enumerate(targets):
            walk = part(paths[surface], index, len(targets))
            plan.append((f"{kind} ({surface})", walk, warm(paths[surface])))
            plan.append(("anchor", next(anchor_parts), warm(anchors)))
    for _, _, warm_paths in plan:
        drive(server, warm_paths, WARM_SECONDS)
    rows: dict[str, dict] = {}
    anchor, waiting = None, []
    for name, walk, _ in plan:
        result = drive(server, walk, seconds)
        if name != "anchor":
            rows[name] = {"result": result, "anchor_before": anchor}
            waiting.append(name)
            continue
        anchor = result
        # Each search figure beside the anchor measured just before and just after it.
        for waiting_name in waiting:
            rows[waiting_name]["anchor_after"] = anchor
        waiting = []
    return {"rows": rows}


def drive(server: Gunicorn, paths: list[str], seconds: int) -> dict:
    threads = 2  # as common.wrk runs it (-t2)
    with tempfile.TemporaryDirectory() as folder:
        sent_file = Path(folder) / "sent"
        script = Path(folder) / "paths.lua"
        script.write_text(
            LUA
            % {
                "paths": ",".join(f'"{path}"' for path in paths),
                "threads": threads,
                "sent_file": sent_file,
            }
        )
        result = dict(wrk(server.url("/"), seconds=seconds, script=str(script)))
        sent = [int(n) for n in sent_file.read_text().split()] if sent_file.exists() else []
    # A thread walked past the end of its part when it sent more than its share of the list.
    result["repeats"] = bool(sent) and max(sent) > len(paths) // threads
    result["paths"] = len(paths)
    return result


def report(run: str, results: dict) -> bool:
    label = {
        "repeated": "repeated queries: a dozen a kind, walked over and over (page cache on, as deployed)",
        "distinct": "distinct queries: every request a different query (nothing from a cache)",
    }[run]
    print(f"\n{label}")
    print(
        f"{'target':<18} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} | "
        f"{'anchor req/s':>12} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} | queries"
    )
    failures = []
    for name, row in results["rows"].items():
        ours, before, after = row["result"], row["anchor_before"], row["anchor_after"]
        errors = ours["errors"] + (1 if ours["socket_errors"] else 0)
        anchor_errors = before["errors"] + after["errors"]
        walked = f"{ours['paths']:,}" + (
            " (repeated some)" if ours["repeats"] and run == "distinct" else ""
        )
        print(
            f"{name:<18} {ours['rps']:>7.0f} {ours['p50']:>7.1f} {ours['p99']:>7.1f} {errors:>6} | "
            f"{(before['rps'] + after['rps']) / 2:>12.0f} {(before['p50'] + after['p50']) / 2:>7.1f} "
            f"{(before['p99'] + after['p99']) / 2:>7.1f} {anchor_errors:>6} | {walked} "
            f"{ours['socket_errors']}"
        )
        if errors:
            failures.append(f"{name}: errors")
        if ours["p99"] >= TARGET_P99:
            failures.append(f"{name}: p99 {ours['p99']:.0f} ms >= {TARGET_P99:.0f} ms")
    print(
        "anchor: GET /api/v1/documents/<symbol>/, beside each target the mean of the runs just before and after"
    )
    print("targets met" if not failures else "targets missed: " + "; ".join(failures))
    return not failures


def write_report(path: Path, sizes, counts, runs, queries) -> None:
    from django.db import connection

    lines = ["# Search benchmark figures (benchmarks/search_bench.py)", ""]
    for run, results in runs.items():
        lines += [
            f"## {run}",
            "",
            "| target | req/s | p50 ms | p99 ms | errors | anchor req/s | anchor p50 | anchor p99 |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, row in results["rows"].items():
            ours, before, after = row["result"], row["anchor_before"], row["anchor_after"]
            lines.append(
                f"| {name} | {ours['rps']:.0f} | {ours['p50']:.1f} | {ours['p99']:.1f} | "
                f"{ours['errors']} {ours['socket_errors']} | {(before['rps'] + after['rps']) / 2:.0f} | "
                f"{(before['p50'] + after['p50']) / 2:.1f} | {(before['p99'] + after['p99']) / 2:.1f} |"
            )
        lines.append("")
    lines += [
        "## Index",
        "",
        "```",
        sizes["text"],
        "```",
        "",
        "## Queries per search",
        "",
        "```",
        counts["text"],
        "```",
        "",
    ]
    slowest = max(counts["medians"], key=counts["medians"].get)
    query, (sqls, elapsed) = max(
        ((q, value) for (kind, q), value in counts["captured"].items() if kind == slowest),
        key=lambda item: item[1][1],
    )
    lines += [
        f"## Profile: {slowest} queries (the slowest median of the selector alone); its slowest "
        f"sample {query!r}, {elapsed:.0f} ms in the selector",
        "",
    ]
    with connection.cursor() as cursor:
        for n, captured in enumerate(sqls, start=1):
            sql = captured["sql"]
            ms = float(captured["time"]) * 1000
            lines += [f"### SQL {n} ({ms:.1f} ms)", "", "```sql", sql, "```", ""]
            if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                lines += ["```", *(row[0] for row in cursor.fetchall()), "```", ""]
    path.write_text("\n".join(lines))
    print(f"report written to {path}")


if __name__ == "__main__":
    main()
