"""A client generated from the live OpenAPI description (openapi-python-client) reads the whole API.

The description is fetched from a running server, the client generated into a temporary folder and
imported; then every GET operation of the description is called with it, every list page by page
and every detail for each record the list gives, as an editor (who sees everything) and as an
anonymous reader (the public operations). Each answer must parse into the generated models
(a session without a venue, a document without a parent, a decision without a session, an office
without a person...), and the parsed objects written back must equal the JSON the server sent.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PACKAGE = "gc_api_client"
# No post hooks: the default ones run ruff from PATH, which a test must not depend on.
# openapi-python-client reads text/csv bodies only as bytes: the CSV import takes a file.
CONFIG = f"""\
package_name_override: {PACKAGE}
post_hooks: []
content_type_overrides:
  text/csv: application/octet-stream
"""
PAGE = 100
DETAILS = 25  # records read in detail per list: enough for every kind of empty relation
# Detail operations whose path parameter the list does not write: the ids come from the database.
IDS_FROM_DATABASE = {
    "/api/v1/membership-figures/": ("governance", "MembershipFigure"),
    "/api/v1/offices/": ("meetings", "BureauMember"),
    "/api/v1/tombstones/": ("meetings", "Tombstone"),
}
QUERY: dict[str, dict[str, Any]] = {
    "/api/v1/memberships/counts/": {"on": dt.date(2008, 12, 31)},
    # A symbol with its chain (children), and a document without a year.
    "/api/v1/search/": {"q": "mc 2216"},
}


@pytest.fixture(scope="module")
def generated(live_server, tmp_path_factory):
    """The client package generated from the schema the live server serves, and that schema
    (once for the module: the description does not depend on the data)."""
    tmp_path = tmp_path_factory.mktemp("generated_client")
    schema = httpx.get(f"{live_server.url}/api/v1/schema/?format=json", timeout=30)
    schema.raise_for_status()
    (tmp_path / "openapi.json").write_bytes(schema.content)
    (tmp_path / "config.yaml").write_text(CONFIG)
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("openapi-python-client")),
            "generate",
            "--path",
            str(tmp_path / "openapi.json"),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(tmp_path / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Every operation is generated (a skipped one is printed as a warning with its reason).
    assert "will not be generated" not in result.stdout, result.stdout
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(tmp_path))
        yield importlib.import_module(PACKAGE), schema.json()
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


@pytest.fixture
def calendar(editor):
    """The seeds, and the records whose empty relations a generated client must accept."""
    from django.core.management import call_command

    from tests.factories import (
        BureauMemberFactory,
        DecisionFactory,
        DocumentFactory,
        MeetingFactory,
        SessionFactory,
        VenueFactory,
    )

    call_command("load_seeds", verbosity=0)
    report = DocumentFactory(symbol="MC/3990", title="Report on the session")
    DocumentFactory(symbol="MC/3990/Corr.1", title="Corrigendum")  # a parent
    without_venue = SessionFactory(key="no-venue-session", venue=None)
    SessionFactory(key="venue-session", venue=VenueFactory(), report=report)
    SessionFactory(key="draft-session", is_published=False, venue=None)
    MeetingFactory(session=without_venue, venue=None)
    BureauMemberFactory(session=without_venue, person=None)
    DecisionFactory(session=None, key="decision-without-session")
    SessionFactory(key="deleted-session").delete()  # a tombstone
    _registrations()


def _registrations() -> None:
    """A delegation with its letter, events and delegates, and one without a letter (null)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from governance.models import Mission
    from meetings.models import Delegate, Registration, RegistrationEvent, RegistrationPeriod
    from tests.factories import EntityFactory, MembershipFactory, SessionFactory
    from tests.factories.files import pdf_bytes

    session = SessionFactory.create(key="registered-session")
    now = timezone.now()
    RegistrationPeriod.objects.create(
        session=session, opens_at=now, closes_at=now + dt.timedelta(days=3)
    )
    for key in ("client-land", "client-league"):
        entity = EntityFactory.create(key=key, short_name=key.title())
        if key == "client-land":
            MembershipFactory.create(entity=entity, status="member")
        registration = Registration.objects.create(
            session=session, mission=Mission.objects.create(entity=entity)
        )
        Delegate.objects.create(
            registration=registration,
            session=session,
            position="head",
            name=f"Head of {key}",
            email=f"head@{key}.example",
        )
        RegistrationEvent.objects.create(registration=registration, kind="created")
        if key == "client-land":
            registration.letter.save("letter.pdf", ContentFile(pdf_bytes("Letter")), save=False)
            registration.letter_name, registration.letter_media_type = (
                "letter.pdf",
                "application/pdf",
            )
            registration.letter_size, registration.letter_sha256 = 100, "0" * 64
            registration.status, registration.submitted_at = "submitted", now
            registration.save()


def _module_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _normalized(value):
    """JSON as the server and the client each write it: moments compared as moments (DRF writes
    UTC as Z, Python's isoformat as +00:00)."""
    if isinstance(value, dict):
        return {key: _normalized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalized(item) for item in value]
    if isinstance(value, str) and "T" in value:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _written(parsed):
    if isinstance(parsed, list):
        return [_written(item) for item in parsed]
    if isinstance(parsed, bytes | str):
        return parsed
    return parsed.to_dict()


class Reader:
    """Calls operations of the generated client and holds each answer to the JSON it parsed."""

    def __init__(self, package, schema: dict, client) -> None:
        self.package, self.schema, self.client = package, schema, client
        self.read: list[str] = []

    def call(self, path: str, **params):
        operation = self.schema["paths"][path]["get"]
        function = importlib.import_module(
            f"{PACKAGE}.api.{_module_name(operation['tags'][0])}."
            f"{_module_name(operation['operationId'])}"
        )
        response = function.sync_detailed(client=self.client, **params)
        assert response.status_code == 200, (path, params, response.content[:300])
        raw = response.content
        if response.headers["Content-Type"].startswith("application/json"):
            raw = json.loads(raw)
            assert _normalized(_written(response.parsed)) == _normalized(raw), (path, params)
        else:
            assert response.parsed == raw, (path, params)
        self.read.append(path)
        return raw

    def records(self, path: str) -> list[dict]:
        """Every record of a list operation, page by page, or its whole answer if not paged."""
        if "limit" not in {p["name"] for p in self.schema["paths"][path]["get"]["parameters"]}:
            answer = self.call(path, **QUERY.get(path, {}))
            return answer if isinstance(answer, list) else []
        found, offset = [], 0
        while True:
            page = self.call(path, limit=PAGE, offset=offset)
            found += page["results"]
            offset += PAGE
            if page["next"] is None:
                assert len(found) == page["count"]
                return found


def _sample(records: list[dict]) -> list[dict]:
    """The records to read in detail: all with an empty field (what a generated client most
    often chokes on), then others, DETAILS at most."""
    with_null = [record for record in records if None in record.values()]
    return (with_null + [record for record in records if record not in with_null])[:DETAILS]


def _ids(list_path: str) -> list[int]:
    from django.apps import apps

    app, model = IDS_FROM_DATABASE[list_path]
    return list(apps.get_model(app, model).objects.values_list("pk", flat=True)[:DETAILS])


def _read_everything(reader: Reader, public_only: bool) -> None:
    """Every GET operation (only the public ones when public_only); details for each record.

    Anonymous readers may not see every row of a table, and the lists of offices, membership
    figures and tombstones do not write the id their detail is found by: those details are read
    by the editor only.
    """
    paths = {
        path: ops["get"]
        for path, ops in reader.schema["paths"].items()
        if "get" in ops and (not public_only or {} in ops["get"].get("security", []))
    }
    lists = {path: reader.records(path) for path in paths if "{" not in path}
    for path, operation in paths.items():
        if "{" not in path:
            continue
        parameters = [p for p in operation["parameters"] if p["in"] == "path"]
        assert len(parameters) == 1, path
        (parameter,) = parameters
        list_path, name = path[: path.index("{")], parameter["name"]
        if "enum" in parameter["schema"]:
            values = parameter["schema"]["enum"]
        elif lists[list_path] and name in lists[list_path][0]:
            values = [record[name] for record in _sample(lists[list_path])]
            # A resolution without a number has no /resolutions/<number>/ (it is under /decisions/).
            values = [value for value in values if value is not None]
        elif public_only:
            continue
        else:
            values = _ids(list_path)
        assert values, f"nothing to read {path} with"
        as_text = parameter["schema"]["type"] == "string"
        for value in values:
            reader.call(path, **{name: str(value) if as_text else value})
    unread = set(paths) - set(reader.read)
    if public_only:
        unread -= {path for path in paths if path[: path.find("{")] in IDS_FROM_DATABASE}
    assert not unread, f"GET operations not read: {sorted(unread)}"


def test_generated_client_reads_every_operation_as_an_editor(
    generated, calendar, editor, live_server
):
    from rest_framework.authtoken.models import Token

    package, schema = generated
    client = package.AuthenticatedClient(
        base_url=live_server.url, token=Token.objects.create(user=editor).key, prefix="Token"
    )
    reader = Reader(package, schema, client)
    _read_everything(reader, public_only=False)
    sessions = {s["key"]: s for s in reader.records("/api/v1/sessions/")}
    assert sessions["no-venue-session"]["venue"] is None
    assert sessions["venue-session"]["venue"]["key"] == "geneva"
    assert "draft-session" in sessions


def test_generated_client_reads_every_public_operation_anonymously(
    generated, calendar, live_server
):
    package, schema = generated
    reader = Reader(package, schema, package.Client(base_url=live_server.url))
    _read_everything(reader, public_only=True)
    sessions = reader.records("/api/v1/sessions/")
    keys = {s["key"] for s in sessions}
    assert "no-venue-session" in keys and "draft-session" not in keys
    documents = {d["symbol"]: d for d in reader.records("/api/v1/documents/")}
    assert documents["MC/3990"]["parent"] is None
    assert documents["MC/3990/Corr.1"]["parent"] == documents["MC/3990"]["key"]
