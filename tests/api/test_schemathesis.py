"""Property-based runs of every API operation from the OpenAPI schema: no request may produce a 500.

Each operation is run anonymously and as a secretariat editor (so writes get past 401), with a
fixed number of examples and derandomized generation, on the seeded data.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application

EXAMPLES = 25


@schemathesis.serializer("text/csv")
class CsvText:
    """CSV bodies (the import endpoints) are sent as the generated text, UTF-8 encoded."""

    def as_requests(self, context, value):
        return {"data": str(value).encode("utf-8", "surrogatepass")}

    def as_werkzeug(self, context, value):
        return {"data": str(value).encode("utf-8", "surrogatepass")}


@pytest.fixture
def api_schema(db):
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    call_command("load_seeds", verbosity=0)
    # Calling the WSGI app directly would close the test's connection at each request's end,
    # inside the test transaction (Django's test client disconnects these the same way).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.from_wsgi("/api/v1/schema/?format=json", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(editor):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=editor).key


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)
def test_no_anonymous_request_produces_a_server_error(case):
    case.validate_response(case.call_wsgi(), checks=(not_a_server_error,))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)
def test_no_editor_request_produces_a_server_error(case, editor_token):
    response = case.call_wsgi(headers={"Authorization": f"Token {editor_token}"})
    case.validate_response(response, checks=(not_a_server_error,))
