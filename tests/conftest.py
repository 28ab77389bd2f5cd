"""Shared fixtures: real services, exact query counts, users in the permission groups."""

from __future__ import annotations

import os

import pytest
from django.conf import settings

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(name: str, reason: str) -> None:
    """Under CI a missing service is a failure; on a laptop the test is skipped."""
    message = f"{name} is required: {reason}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    url = settings.REDIS_URL or os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        require_service("Redis", f"{url} did not answer ({error})")
    return url


@pytest.fixture
def postgres_only() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        require_service("PostgreSQL", "set DATABASE_URL to a PostgreSQL database")


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache
    from django.utils import translation

    from meetings import feedversion, pagestore

    cache.clear()
    feedversion.reset_local_state()
    pagestore.reset()
    yield
    # A request in another language leaves it active in this thread (LocaleMiddleware sets it
    # per request); the next test starts in the default language.
    translation.deactivate()


@pytest.fixture
def editor(db, django_user_model):
    from django.contrib.auth.models import Group

    from meetings.permissions import EDITORS

    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "pw-editor-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def viewer(db, django_user_model):
    from django.contrib.auth.models import Group

    from meetings.permissions import VIEWERS

    user = django_user_model.objects.create_user(
        "viewer", "viewer@example.org", "pw-viewer-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name=VIEWERS))
    return user
