"""A browser reading the API gets DRF's browsable pages, never a server error."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import BodyFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[True, False], ids=["page cache on", "page cache off"])
def session(request, settings):
    settings.PAGE_CACHE = request.param
    return SessionFactory(key="council-99", body=BodyFactory(key="council"))


def browse(path: str, **headers):
    response = Client().get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    assert response["Content-Type"].startswith("text/html"), path
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/api/v1/", "/api/v1/sessions/", "/api/v1/sessions/council-99/", "/api/v1/bodies/council/"],
)
def test_a_browser_gets_the_browsable_api_for_lists_and_details(session, path):
    for page in (browse(path, HTTP_ACCEPT="text/html"), browse(path + "?format=api")):
        assert "Governance Calendar" in page or "Django REST framework" in page
    assert "council-99" in browse("/api/v1/sessions/", HTTP_ACCEPT="text/html,*/*;q=0.8")


def test_the_browsable_list_shows_the_rows_and_the_same_json_still_follows(session):
    page = browse("/api/v1/sessions/?format=api")
    assert "council-99" in page
    data = Client().get("/api/v1/sessions/", HTTP_ACCEPT="application/json").json()
    assert [row["key"] for row in data["results"]] == ["council-99"]
