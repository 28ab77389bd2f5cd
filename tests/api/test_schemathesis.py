"""Property-based runs of every API operation from the OpenAPI schema, with all of schemathesis's
checks: no 500, and every status, content type, header and body the API answers is the one the
description (/api/v1/schema/) documents for that operation; operations that need authentication
refuse a request without it.

Each operation is run as an anonymous client, a secretariat viewer and a secretariat editor (whose
writes, the CSV import included, go through): a fixed number of derandomized examples on the seeded
data, inside the test's transaction, so nothing an editor writes outlives the test.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import ALL_CHECKS
from schemathesis.specs.openapi.checks import ignored_auth

from config.wsgi import application

EXAMPLES = 8
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@schemathesis.serializer("text/csv")
class CsvText:
    """CSV bodies (the import endpoints) are sent as the generated text, UTF-8 encoded."""

    def as_requests(self, context, value):
        return {"data": str(value).encode("utf-8", "surrogatepass")}

    def as_werkzeug(self, context, value):
        return {"data": str(value).encode("utf-8", "surrogatepass")}


@pytest.fixture
def api_schema(db, seeded):
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # Calling the WSGI app directly would close the test's connection at each request's end,
    # inside the test transaction (Django's test client disconnects these the same way).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.from_wsgi("/api/v1/schema/?format=json", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _credentials(user) -> dict[str, str]:
    """Both ways the description says a client signs in: its token, and a session cookie."""
    from django.conf import settings
    from django.test import Client
    from rest_framework.authtoken.models import Token

    browser = Client()
    browser.force_login(user)
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "Authorization": f"Token {Token.objects.create(user=user).key}",
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}",
    }


@pytest.fixture
def viewer_credentials(viewer) -> dict[str, str]:
    return _credentials(viewer)


@pytest.fixture
def editor_credentials(editor) -> dict[str, str]:
    return _credentials(editor)


def _check(case, headers: dict[str, str] | None = None) -> None:
    """Call the operation and run every check on the answer.

    schemathesis 3 reads an operation's security as required even when it lists `{}` (anyone may
    call it, e.g. the public reads): its ignored_auth check is run only where the description says
    authentication is required.
    """
    from django.core.cache import cache

    # The anonymous throttle (600/minute) would answer 429 to most of a run, which is documented
    # but would test nothing else: each case starts with a fresh count.
    cache.clear()
    security = case.operation.definition.raw.get("security", [])
    excluded = (ignored_auth,) if {} in security else ()
    response = case.call_wsgi(headers=headers)
    case.validate_response(
        response,
        checks=ALL_CHECKS,
        excluded_checks=excluded,
        headers=headers,
        transport_kwargs={"headers": headers} if headers else None,
    )


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@SETTINGS
def test_anonymous_requests_get_the_documented_answers(case):
    _check(case)


@schema.parametrize()
@SETTINGS
def test_viewer_requests_get_the_documented_answers(case, viewer_credentials):
    _check(case, viewer_credentials)


@schema.parametrize()
@SETTINGS
def test_editor_requests_get_the_documented_answers(case, editor_credentials):
    _check(case, editor_credentials)


@pytest.fixture
def mission_token_credentials(db, editor) -> dict[str, str]:
    """A mission's API token (of its focal point), with a session open for registration and the
    mission's registration of it, with a head of delegation: its writes go through."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from governance.models import Mission, MissionMember
    from governance.services.missions import mission_token_create
    from meetings.services import registrations
    from tests.factories import EntityFactory, SessionFactory

    mission = Mission.objects.create(entity=EntityFactory.create(key="token-land"))
    user = get_user_model().objects.create_user("focal@token.example", "focal@token.example")
    MissionMember.objects.create(mission=mission, user=user, role="focal_point")
    session = SessionFactory.create(key="token-session")
    now = timezone.now()
    registrations.registration_period_open(
        session=session,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=1),
        by=editor,
    )
    registrations.registration_create(
        session=session,
        mission=mission,
        delegates=[{"position": "head", "name": "Head", "email": "head@token.example"}],
        by=user,
    )
    issued = mission_token_create(mission=mission, label="schemathesis", by=user)
    # A session cookie that signs nobody in: schemathesis generates one for the cookie scheme the
    # operations also list, and takes the request's auth as explicit only when the test names it.
    return {
        "Authorization": f"Bearer {issued.secret}",
        "Cookie": f"{settings.SESSION_COOKIE_NAME}=none",
    }


@schema.include(path_regex="^/api/v1/registrations/").parametrize()
@SETTINGS
def test_mission_token_requests_get_the_documented_answers(case, mission_token_credentials):
    _check(case, mission_token_credentials)
