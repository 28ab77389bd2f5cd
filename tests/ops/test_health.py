"""/health/ on the embedded defaults: the database is checked; Redis and workers are not used."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_each_service(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "not configured",
        "worker": "in-process",
    }
    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_when_redis_is_configured_but_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["redis"].startswith("down") and response.json()["worker"] == "unknown"
