"""Every API list pages with limit/offset inside bounds: at most MAX_LIMIT rows a page, and a
limit or offset out of range (beyond 64 bits, negative, not a number) is clamped, never a 500."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from config.pagination import MAX_LIMIT
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

HUGE = str(2**63)  # one past PostgreSQL's bigint
HUGER = "9" * 40


def lists(api: APIClient) -> list[str]:
    """Every list the API root names (a new one is covered without an edit here) that this
    client may read (a mission's registrations ask an anonymous one to authenticate), and the
    session list filtered by body."""
    root = api.get("/api/v1/").json()
    paths = [url.replace("http://testserver", "") for url in root.values()]
    return [path for path in paths if api.get(path).status_code != 401] + [
        "/api/v1/sessions/?body=council"
    ]


def page(api: APIClient, path: str, **params) -> dict:
    if params:
        path += ("&" if "?" in path else "?") + urlencode(params)
    response = api.get(path)
    assert response.status_code == 200, (path, params, response.status_code)
    return response.json()


@pytest.fixture(scope="module")
def seeded(seed_transaction, django_db_blocker):
    """The shared seed data (tests/conftest.py) and more, once for the module, in a savepoint
    rolled back at its end (each test runs in a savepoint of that)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            # More council sessions than a page holds, on both paths of the session list.
            SessionFactory.create_batch(MAX_LIMIT - 40)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(params=["anonymous", "editor"])
def api(request, seeded):
    client = APIClient()
    if request.param == "editor":
        client.force_authenticate(request.getfixturevalue("editor"))
    return client


def test_limits_beyond_the_maximum_give_the_maximum(api):
    longest = 0
    for path in lists(api):
        count = page(api, path)["count"]
        longest = max(longest, count)
        for limit in (HUGE, HUGER, str(MAX_LIMIT + 1), "100000"):
            results = page(api, path, limit=limit)["results"]
            assert len(results) == min(count, MAX_LIMIT), (path, limit)
    assert longest > MAX_LIMIT  # the seed data has a list longer than a page


def test_offsets_beyond_64_bits_give_an_empty_page_with_the_count(api):
    for path in lists(api):
        count = page(api, path)["count"]
        for offset in (HUGE, HUGER):
            body = page(api, path, offset=offset)
            assert body["results"] == [] and body["count"] == count, (path, offset)
            assert body["next"] is None, path
        body = page(api, path, offset=HUGE, limit=HUGE)
        assert body["results"] == [], path


def test_garbage_limits_and_offsets_give_the_first_default_page(api):
    for path in lists(api):
        first = page(api, path)
        for params in ({"limit": "abc"}, {"limit": "-1"}, {"limit": "0"}, {"offset": "-5"}):
            assert page(api, path, **params)["results"] == first["results"], (path, params)
        assert page(api, path, offset="x", limit="1.5")["results"] == first["results"], path
