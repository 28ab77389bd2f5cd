"""The anonymous session list answers the same on its compiled path (listing.py) as on DRF's."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from meetings.api import listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_store(settings):
    settings.PAGE_STORE = False  # each request renders, on whichever path it takes


def both_ways(params: dict[str, str], monkeypatch) -> tuple:
    api = APIClient()
    fast = api.get("/api/v1/sessions/", params)
    with monkeypatch.context() as patched:
        patched.setattr(listing, "public_rows", lambda params: None)
        generic = api.get("/api/v1/sessions/", params)
    return fast, generic


values = {
    "body": st.sampled_from(
        ["council", "scpf", "executive-committee", "sbf", "none", "", " council"]
    ),
    "status": st.sampled_from(["scheduled", "held", "cancelled", "tentative", "postponed", "x"]),
    "kind": st.sampled_from(["regular", "special", "other", ""]),
    "start_after": st.sampled_from(["1990-01-01", "2009-05-01", "2030-01-01", "2009-13-01", ""]),
    "start_before": st.sampled_from(["2000-12-31", "2010-06-30", "2040-01-01", "yesterday"]),
    "limit": st.sampled_from(["1", "5", "50", "500", "0", "-1", "x"]),
    "offset": st.sampled_from(["0", "3", "40", "999", "-2"]),
}


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(params=st.fixed_dictionaries({}, optional=values))
def test_any_filters_and_page_answer_the_same_on_both_paths(seeded, no_store, monkeypatch, params):
    fast, generic = both_ways(params, monkeypatch)
    assert (fast.status_code, fast.content) == (generic.status_code, generic.content)


def test_the_compiled_path_serves_the_lists_read_most(seeded):
    for params in ("", "limit=50", "body=council&limit=50", "status=held&start_after=2005-01-01"):
        assert listing.public_rows(QueryDict(params)) is not None, params
    for params in ("year=2009", "ordering=-start_date", "modified_since=2020-01-01", "status=x"):
        assert listing.public_rows(QueryDict(params)) is None, params


def test_a_filtered_list_costs_two_queries(seeded, no_store, django_assert_num_queries):
    api = APIClient()
    api.get("/api/v1/sessions/", {"body": "council"})  # compiled on first use
    with django_assert_num_queries(2):  # the count, and the page
        answer = api.get("/api/v1/sessions/", {"body": "council", "limit": 5})
    assert answer.json()["count"] > 5
    assert {s["body"] for s in answer.json()["results"]} == {"council"}
