"""Search on the embedded default (SQLite): the same results' shape from the simpler match
(every word in the accent-folded text), run in a process of its own on a SQLite database, since
the suite itself runs on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import json
from config.changes import data_changed
from governance.models import DocumentVersion, SearchEntry
from governance.services import document_create
from governance.services.search_index import search_index_follow, search_index_rebuild
from meetings.selectors.search import search, search_new_matches
from meetings.services.sessions import session_create
from governance.models import Body
from meetings.models import Session
import datetime as dt
from django.utils import timezone

body = Body.objects.create(key="council", name="Council", acronym="MC", kind="governing_body",
                           document_series="MC")
for symbol, title in [("MC/2216", "Report on the Strategy"), ("MC/2216/Corr.1", "Corrigendum"),
                      ("MC/2217", "Santé des migrants"), ("MC/2218", "Restricted migrants note")]:
    document = document_create(symbol=symbol, title=title,
                               access="restricted" if "Restricted" in title else "public")
    DocumentVersion.objects.create(document=document, language="en")
    search_index_follow(record=document)
session_create(session=Session(body=body, name="Mundaraín retreat", kind="regular",
                               start_date=dt.date(2030, 1, 2), is_published=True))
data_changed()

def shape(results):
    return {
        "mode": results.mode, "total": results.total, "pages": results.pages,
        "hits": [[h.kind, h.key, h.snippet, [c.key for c in h.children]] for h in results.hits],
        "facets": {k: [[v.value, v.count] for v in vs] for k, vs in results.facets.items()},
        "suggestions": results.suggestions,
    }

now = timezone.now()
print("RESULT" + json.dumps({
    "symbol": shape(search(query="mc 2216")),
    "accent": shape(search(query="sante")),
    "name": shape(search(query="mundarain")),
    "restricted": shape(search(query="restricted")),
    "members": shape(search(query="restricted", audience="member_states")),
    "none": shape(search(query="mundaran")),
    "new": [h.key for h in search_new_matches(query="migrants", since=now - dt.timedelta(1),
                                              until=now + dt.timedelta(1))],
    "rebuilt": search_index_rebuild() == SearchEntry.objects.count(),
}))
"""


@pytest.fixture(scope="module")
def sqlite_results(tmp_path_factory) -> dict:
    database = tmp_path_factory.mktemp("sqlite") / "db.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": f"sqlite:///{database}",
    }
    for command in (["migrate", "-v0"], ["shell", "-c", SCRIPT]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT"))
    return json.loads(line.removeprefix("RESULT"))


def test_a_symbol_with_its_chain_on_sqlite(sqlite_results):
    assert sqlite_results["symbol"] == {
        "mode": "symbol",
        "total": 1,
        "pages": 1,
        "hits": [["document", "MC/2216", "Report on the Strategy", ["MC/2216/Corr.1"]]],
        "facets": {
            "kind": [["document", 1]],
            "body": [["council", 1]],
            "year": [],
            "language": [["en", 1]],
        },
        "suggestions": [],
    }


def test_words_without_accents_and_names_on_sqlite(sqlite_results):
    assert sqlite_results["accent"]["hits"] == [
        ["document", "MC/2217", "<mark>Santé</mark> des migrants", []]
    ]
    assert [hit[:2] for hit in sqlite_results["name"]["hits"]] == [
        ["session", "council-mundarain-retreat"]
    ]


def test_visibility_suggestions_and_new_matches_on_sqlite(sqlite_results):
    assert sqlite_results["restricted"]["total"] == 0
    assert sqlite_results["restricted"]["facets"]["kind"] == []
    assert [hit[1] for hit in sqlite_results["members"]["hits"]] == ["MC/2218"]
    assert sqlite_results["none"]["total"] == 0
    assert sqlite_results["new"] == ["MC/2217"]
    assert sqlite_results["rebuilt"] is True
