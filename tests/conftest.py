"""Shared fixtures: real services, exact query counts, users in the permission groups, and the
seed data loaded once for every test that reads it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

if TYPE_CHECKING:
    from django.db.transaction import Atomic

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(name: str, reason: str) -> NoReturn:
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


# The seed data (seeds/data/*.yaml, `manage.py load_seeds`) takes seconds to load and over a
# hundred tests read it; they share one load. The seeds go into a transaction opened once, outside any
# test (pytest-django's django_db_blocker, the way its docs populate a database once); each seeded
# test runs in a savepoint of it (pytest-django's db fixture), rolled back to the seeds after the
# test. Every other database test expects an empty database, so before one runs the seeds'
# transaction is rolled back, and opened (loaded) again for the next seeded test: which test sees
# what never depends on the order. The seeded tests are collected last, so a run loads the
# seeds once (once per worker under xdist). A seeded test cannot be transactional (a flush or a
# commit would reach the shared transaction): it loads the seeds itself, as the e2e tests do.

TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}
DATABASE_FIXTURES = {"db", "django_db_setup", "django_db_blocker"} | TRANSACTIONAL_FIXTURES


def uses_seeds(item: pytest.Item) -> bool:
    return "seeded" in getattr(item, "fixturenames", ())


def uses_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(fixtures & DATABASE_FIXTURES)


def is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    flags = dict(marker.kwargs) if marker else {}
    if marker and marker.args:
        flags.setdefault("transaction", marker.args[0])
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(flags.get("transaction") or flags.get("reset_sequences")) or bool(
        fixtures & TRANSACTIONAL_FIXTURES
    )


class SeedTransaction:
    """The transaction holding the seeds, open or rolled back."""

    def __init__(self, blocker) -> None:
        self.blocker = blocker
        self.atomic: Atomic | None = None
        self.loads = 0

    def open(self) -> None:
        if self.atomic is not None:
            return
        from django.core.management import call_command
        from django.db import transaction

        with self.blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                call_command("load_seeds", verbosity=0)
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        self.atomic = atomic
        self.loads += 1

    def close(self) -> None:
        if self.atomic is None:
            return
        from django.db import transaction

        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


_seeds: SeedTransaction | None = None  # made by the first seeded test


@pytest.fixture(scope="session")
def seed_transaction(django_db_setup, django_db_blocker):
    global _seeds
    _seeds = SeedTransaction(django_db_blocker)
    _seeds.open()
    yield _seeds
    _seeds.close()
    _seeds = None


@pytest.fixture
def seeded(seed_transaction, db, _clear_cache) -> None:
    """The seed data, as `manage.py load_seeds` leaves it; what the test writes is rolled back."""
    from config.changes import data_changed

    # A load in the test left a data version in the cache, which _clear_cache has just emptied:
    # the first request must not pay for deriving it (the query counts are exact).
    data_changed()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Seeded tests together at the end (a stable sort: each group keeps its order).
    items.sort(key=uses_seeds)
    # Under pytest-xdist (`make test`: -n 2 --dist loadgroup) the tests that start servers,
    # workers or a browser of their own run on one worker, one after another: two at once would
    # fight for the 2 cores their deadlines were set for.
    for item in items:
        if item.get_closest_marker("services") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("processes"))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config, specs) -> None:
    """Each pytest-xdist worker its own Redis database, as pytest-django gives each its own test
    database (suffixed _gw0, _gw1): the tests empty the cache between them, and a worker's Celery
    queues and cached data must not reach the other's. Worker i takes REDIS_URL's database
    plus 8 i (Redis has 16), so runs side by side on databases 0 to 7 keep apart."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return
    parts = urlsplit(url)
    first = int(parts.path.strip("/") or 0)
    for index, spec in enumerate(specs):
        spec.env.setdefault(
            "REDIS_URL", urlunsplit(parts._replace(path=f"/{(first + 8 * index) % 16}"))
        )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before the test's fixtures: the seeds' transaction open for a seeded test, rolled back
    for any other database test."""
    if uses_seeds(item) and is_transactional(item):
        pytest.fail(
            "a transactional test cannot use the shared `seeded` fixture: call load_seeds in it",
            pytrace=False,
        )
    if _seeds is None:
        return
    if uses_seeds(item):
        _seeds.open()
    elif uses_database(item):
        _seeds.close()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches
    from django.utils import translation

    # Redis (the shared cache) and this process's own: pages, feed bodies, its data version.
    for cache in caches.all():
        cache.clear()
    yield
    # A request in another language leaves it active in this thread (LocaleMiddleware sets it
    # per request); the next test starts in the default language.
    translation.deactivate()


@pytest.fixture
def editor(db, django_user_model):
    from django.contrib.auth.models import Group

    from meetings.services.permission_groups import EDITORS

    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "pw-editor-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def viewer(db, django_user_model):
    from django.contrib.auth.models import Group

    from meetings.services.permission_groups import VIEWERS

    user = django_user_model.objects.create_user(
        "viewer", "viewer@example.org", "pw-viewer-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name=VIEWERS))
    return user


@pytest.fixture(autouse=True, scope="session")
def _documents_stored_for_the_run(tmp_path_factory):
    """The documents' files go to a folder of the test run's, not to var/documents: the file
    field's storage (which every read and write of a document's file goes through) is a
    filesystem store there for the whole run."""
    from django.core.files.storage import FileSystemStorage

    from governance.models import DocumentFile
    from meetings.models import Registration

    storage = FileSystemStorage(location=tmp_path_factory.mktemp("documents"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DocumentFile._meta.get_field("file"), "storage", storage)
        # Delegations' letters are in the same store.
        patch.setattr(Registration._meta.get_field("letter"), "storage", storage)
        yield storage


@pytest.fixture
def document_store(_documents_stored_for_the_run):
    """The store of the documents' files and the delegations' letters, empty at the start of the
    test."""
    import shutil
    from pathlib import Path

    for folder in ("documents", "letters"):
        shutil.rmtree(Path(_documents_stored_for_the_run.location) / folder, ignore_errors=True)
    return _documents_stored_for_the_run


@pytest.fixture(autouse=True, scope="session")
def _force_login_passes_the_second_factor():
    """force_login stands for a whole sign-in: for staff, whom the admin asks for a code
    (config/second_factor.py), their code too. Signing in with a password and a code is tested
    as it happens, in tests/ops/test_second_factor.py and the browser tests."""
    from django.test import Client

    from tests.factories.otp import confirmed_device, past_the_code

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.is_staff:
            past_the_code(self, confirmed_device(user))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "force_login", force_login)
        yield
