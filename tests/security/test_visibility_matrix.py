"""What an anonymous client may not open it may not see anywhere.

Fixtures: an unpublished session (with its agenda, meeting, bureau, decision and a paper tied only
to it), a restricted corrigendum of a published document, an unpublished document that is a
published session's report, on its agenda and in its decision's documents, and a deleted session
and document that were never public. Every public page (in English, French and Spanish), feed,
.ics, API list (with each of its filters, search, ordering and modified_since), detail and the
tombstones is fetched as anonymous: none of those records' keys, symbols or titles may appear.
A URL that names a hidden record must answer exactly as one naming a record that never existed.

The matrix is checked for completeness: every URL pattern (but the admin's) must be reached by a
fetched URL and every GET operation of the OpenAPI description must be fetched, each query
parameter it declares with a value: a new endpoint or parameter fails
test_every_public_url_and_api_operation_is_in_the_matrix until it is added here.

The positive control: an editor fetching the same API sees the hidden records where expected, so
a fixture that lost its secret would fail rather than pass vacuously.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from governance.models import DocumentVersion
from governance.services import document_file_attach
from governance.services.search_index import search_index_rebuild
from meetings.models import Admission, SessionDocument, Tombstone
from meetings.selectors import feeds
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    BureauMemberFactory,
    DecisionFactory,
    DocumentFactory,
    EntityFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    SessionFactory,
    VenueFactory,
)
from tests.factories.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db

LANGS = ("en", "fr", "es")
# What must never reach an anonymous reader (distinctive, so that a substring check means it).
SECRETS = (
    "hidden-xylophone",
    "Xylophone Secret Retreat",
    "Hidden agenda Gazelle",
    "hidden-decision-yak",
    "Yak Hidden Resolution",
    "Resolution No. 4199",
    "MC/9900/Corr.1",
    "Restricted Narwhal Corrigendum",
    "MC/9911",
    "Zanzibar Unpublished Quokka",
    "MC/9922",
    "Secret Walrus Paper",
    "ghost-session-okapi",
    "MC/9933",
)
# A hidden record named in a URL, and a record of the same shape that never existed.
TWINS = {
    "hidden-xylophone": "absent-xylophone",
    "ghost-session-okapi": "absent-session-okapi",
    "hidden-decision-yak": "absent-decision-yak",
    "MC/9900/Corr.1": "MC/9900/Corr.8",
    "MC/9911": "MC/9988",
    "MC/9922": "MC/9977",
    "MC/9933": "MC/9966",
    "Resolution No. 4199": "Resolution No. 4888",
}


@dataclass
class World:
    hidden_office: int
    public_office: int
    membership: int
    tombstones: list[int]
    token: str
    ids: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def world() -> World:
    body = BodyFactory.create()
    venue = VenueFactory.create()
    entity, person = (
        EntityFactory.create(key="state-matrix"),
        PersonFactory.create(key="person-matrix"),
    )
    original = DocumentFactory.create(symbol="MC/9900", title="Open Budget Paper")
    corrigendum = DocumentFactory.create(
        symbol="MC/9900/Corr.1", title="Restricted Narwhal Corrigendum", access="restricted"
    )
    assert corrigendum.parent == original
    unpublished = DocumentFactory.create(
        symbol="MC/9911", title="Zanzibar Unpublished Quokka", is_published=False
    )
    tied_to_hidden = DocumentFactory.create(symbol="MC/9922", title="Secret Walrus Paper")
    DocumentFactory.create(symbol=None, key="plain-public-note", title="Plain public note")

    hidden = SessionFactory.create(
        key="hidden-xylophone", number=None, name="Xylophone Secret Retreat", is_published=False
    )
    SessionDocument.objects.create(session=hidden, document=tied_to_hidden)
    AgendaItemFactory.create(session=hidden, title="Hidden agenda Gazelle").documents.add(
        tied_to_hidden
    )
    MeetingFactory.create(session=hidden)
    hidden_office = BureauMemberFactory.create(session=hidden, person=person, state=entity)
    hidden_decision = DecisionFactory.create(
        session=hidden,
        key="hidden-decision-yak",
        resolution_number=4199,
        title="Yak Hidden Resolution",
    )
    membership = MembershipFactory.create(entity=entity)
    Admission.objects.create(decision=hidden_decision, membership=membership)

    published = SessionFactory.create(
        key="matrix-open", number=None, name="Matrix Open Forum", venue=venue, report=unpublished
    )
    SessionDocument.objects.create(session=published, document=original)
    SessionDocument.objects.create(session=published, document=corrigendum, role="prepared_for")
    item = AgendaItemFactory.create(session=published, title="Open agenda item")
    item.documents.add(original, corrigendum, unpublished)
    MeetingFactory.create(session=published)
    public_office = BureauMemberFactory.create(session=published, person=person, state=entity)
    decision = DecisionFactory.create(
        session=published, key="open-decision", resolution_number=4101, title="Open resolution"
    )
    decision.documents.add(original, corrigendum, unpublished)
    decision.recalls.add(hidden_decision)
    published.agenda_versions.create(
        state="provisional", on=dt.date(2030, 9, 1), document=unpublished
    )
    published.agenda_versions.create(state="adopted", on=dt.date(2030, 12, 2), document=original)

    # A file in English for each document, its secret in its text (stored as is in a package).
    for document in (original, corrigendum, unpublished, tied_to_hidden):
        document_file_attach(
            version=DocumentVersion.objects.create(document=document, language="en"),
            upload=upload("f.pdf", pdf_bytes(document.title)),
        )
    SessionFactory.create(key="ghost-session-okapi", is_published=False).delete()
    DocumentFactory.create(symbol="MC/9933", access="restricted").delete()
    SessionFactory.create(key="gone-public-session").delete()
    _, token = feeds.personal_feed_create(bodies=[body], all_bodies=True)
    # Every record in the search index, hidden ones too: the search must leave those out itself.
    search_index_rebuild()
    return World(
        hidden_office=hidden_office.pk,
        public_office=public_office.pk,
        membership=membership.pk,
        tombstones=list(Tombstone.objects.values_list("pk", flat=True)),
        token=token,
    )


# --- the matrix -------------------------------------------------------------------------


# What the search is asked, on the page and the API: each hidden record by its words, its symbol
# as typed, its number; words that hidden and public records share; a misspelling (whose "Did you
# mean" must not name a hidden record). A query holding a secret whole is compared with its twin.
SEARCHES = (
    "Xylophone",
    "Xylophon Secret Retreet",
    "Gazelle",
    "hidden",
    "secret",
    "yak",
    "4199",
    "Resolution No. 4199",
    "Narwhal",
    "MC/9900/Corr.1",
    "mc 9900 corr 1",
    "9900",
    "Quokka",
    "Zanzibar",
    "mc 9911",
    "MC/9922",
    "Walrus",
    "paper",
    "agenda",
    "resolution",
    "okapi",
    "MC/9933",
    "Matrix",
)
# The search's filters, each with the words hidden and public records share.
SEARCH_FILTERS = (
    "kind=session",
    "kind=document",
    "kind=decision",
    "kind=agenda_item",
    "kind=meeting",
    "kind=person",
    "body=council",
    "year=2030",
    "year=2008",
    "language=en",
    "page=2",
)


def searches() -> list[str]:
    urls = []
    for base in ("/search/", "/api/v1/search/"):
        urls += [f"{base}?q={query}" for query in SEARCHES]
        urls += [
            f"{base}?q={query}&{extra}"
            for query in ("paper", "agenda", "resolution", "hidden", "secret", "matrix", "99")
            for extra in SEARCH_FILTERS
        ]
    return urls


def pages(world: World) -> list[str]:
    """The public pages, feeds and forms (not the API), with the hidden records probed."""
    return [
        *searches(),
        "/",
        "/calendar/",
        "/calendar/?year=2030",
        "/calendar/?year=2030&month=12",
        "/calendar/?year=2030&month=12&body=council",
        "/sessions/matrix-open/",
        "/sessions/hidden-xylophone/",
        "/sessions/ghost-session-okapi/",
        "/bodies/",
        "/bodies/council/",
        "/members/",
        "/documents/",
        "/documents/?q=9900",
        "/documents/?q=Corr",
        "/documents/?q=Narwhal",
        "/documents/?q=Quokka",
        "/documents/?q=Walrus",
        "/documents/?q=99",
        "/documents/?series=MC",
        "/documents/?body=council",
        "/documents/?session=matrix-open",
        "/documents/?session=hidden-xylophone",
        "/documents/?year=2008",
        "/documents/MC/9900/",
        "/documents/plain-public-note/",
        "/documents/MC/9900/Corr.1/",
        "/documents/MC/9911/",
        "/documents/MC/9922/",
        "/documents/MC/9933/",
        # The documents' files, and the sessions' packages of them.
        *(
            f"/documents/{key}/{lang}/file"
            for key in ("MC/9900", "MC/9900/Corr.1", "MC/9911", "MC/9922", "MC/9933")
            for lang in ("en", "fr")
        ),
        *(
            f"/sessions/{key}/documents-{lang}.zip"
            for key in ("matrix-open", "hidden-xylophone", "ghost-session-okapi")
            for lang in ("en", "fr")
        ),
        "/resolutions/",
        "/subscribe/",
        "/subscribe/confirm/no-such-token/",
        "/unsubscribe/no-such-token/",
        # Saved searches with alerts: the form, its confirmation link, a subscriber's list.
        "/search/alerts/",
        "/search/alerts/?q=budget&kind=document&body=council",
        "/search/alerts/confirm/no-such-token/",
        "/search/alerts/manage/no-such-token/",
        "/language/?language=fr&next=/",
        "/i18n/setlang/",
        "/health/",
        # The Member States' portal: to anonymous, its sign-in and account pages only.
        "/portal/",
        "/portal/sign-in/",
        "/portal/sign-out/",
        "/portal/password/",
        "/portal/password/sent/",
        "/portal/password/MQ/no-such-token/",
        "/portal/invitations/no-such-token/",
        "/portal/two-factor/",
        "/portal/two-factor/setup/",
        "/portal/users/",
        "/portal/users/1/remove/",
        "/portal/users/1/role/",
        "/portal/invitations/1/withdraw/",
        "/portal/documents/",
        "/portal/api-token/",
        "/portal/api-token/1/revoke/",
        "/portal/registrations/",
        "/portal/registrations/matrix-open/",
        "/portal/registrations/matrix-open/delegates/",
        "/portal/registrations/matrix-open/delegates/1/remove/",
        "/portal/registrations/matrix-open/letter/",
        "/portal/registrations/matrix-open/letter/upload/",
        "/portal/registrations/matrix-open/submit/",
        "/portal/registrations/matrix-open/withdraw/",
        # The list of participants, of a published session and of the hidden one.
        *(
            f"/sessions/{key}/{name}"
            for key in ("matrix-open", "hidden-xylophone")
            for name in ("participants/", "participants.csv", "participants.pdf")
        ),
        "/feeds/personal/",
        f"/feeds/personal/{world.token}/",
        *(
            f"{feed}?past=3650&include_cancelled=1&lang={lang}"
            for lang in LANGS
            for feed in (
                "/feeds/sessions.ics",
                "/feeds/bodies/council.ics",
                f"/feeds/p/{world.token}.ics",
                "/feeds/sessions/matrix-open/meetings.ics",
                "/sessions/matrix-open.ics",
            )
        ),
        # Feeds of a chosen period: the hidden session's year, and a from-to period around it.
        *(
            f"{feed}?{period}&lang={lang}"
            for lang in LANGS
            for period in ("year=2030", "from=2030-01-01&to=2031-06-30")
            for feed in (
                "/feeds/sessions.ics",
                "/feeds/bodies/council.ics",
                f"/feeds/p/{world.token}.ics",
            )
        ),
        "/calendar/?year=2030&body=council",
        "/feeds/sessions/hidden-xylophone/meetings.ics",
        "/sessions/hidden-xylophone.ics",
        "/api/v1/",
        "/api/v1/schema/",
        "/api/v1/docs/",
        # The secretariat's endpoints and the writes, as an anonymous client reads them.
        "/api/v1/planning/year/",
        "/api/v1/planning/special-sessions/",
        "/api/v1/imports/sessions/",
        "/api/v1/sessions/matrix-open/agenda-states/",
        *(
            f"/api/v1/sessions/{key}/{action}/"
            for key in ("matrix-open", "hidden-xylophone")
            for action in ("reschedule", "cancel", "publish", "agenda-items")
        ),
        *(f"/api/v1/documents/{key}/versions/en/file/" for key in ("MC/9900", "MC/9900/Corr.1")),
        # A mission's registrations: its token only (anonymous is asked to authenticate).
        *(
            f"/api/v1/registrations/1/{action}/"
            for action in ("delegates", "delegates/1", "letter", "submit", "withdraw")
        ),
    ]


def path_values(world: World) -> dict[str, list[tuple[str, str | None]]]:
    """Each API path with parameters: its concrete paths, and for a hidden record its twin."""
    # The never-public tombstones' keys are secrets: a body naming them fails by itself.
    tombstones: list[tuple[str, str | None]] = [
        (f"/api/v1/tombstones/{pk}/", None) for pk in world.tombstones
    ]
    return {
        "/api/v1/bodies/{key}/": [("/api/v1/bodies/council/", None)],
        "/api/v1/decisions/{key}/": [
            ("/api/v1/decisions/open-decision/", None),
            ("/api/v1/decisions/hidden-decision-yak/", None),
        ],
        "/api/v1/documents/{key}/": [
            ("/api/v1/documents/plain-public-note/", None),
            ("/api/v1/documents/MC/9900/", None),
            ("/api/v1/documents/MC/9900/Corr.1/", None),
            ("/api/v1/documents/MC/9911/", None),
            ("/api/v1/documents/MC/9922/", None),
            ("/api/v1/documents/MC/9933/", None),
        ],
        "/api/v1/entities/{key}/": [("/api/v1/entities/state-matrix/", None)],
        "/api/v1/exports/{kind}/": [
            ("/api/v1/exports/sessions/", None),
            ("/api/v1/exports/documents/", None),
        ],
        "/api/v1/membership-figures/{id}/": [("/api/v1/membership-figures/1/", None)],
        "/api/v1/memberships/{id}/": [(f"/api/v1/memberships/{world.membership}/", None)],
        "/api/v1/offices/{id}/": [
            (f"/api/v1/offices/{world.public_office}/", None),
            (f"/api/v1/offices/{world.hidden_office}/", "/api/v1/offices/999999/"),
        ],
        "/api/v1/people/{key}/": [("/api/v1/people/person-matrix/", None)],
        "/api/v1/registrations/{id}/": [("/api/v1/registrations/1/", None)],
        "/api/v1/resolutions/{resolution_number}/": [
            ("/api/v1/resolutions/4101/", None),
            ("/api/v1/resolutions/4199/", "/api/v1/resolutions/4888/"),
        ],
        "/api/v1/sessions/{key}/": [
            ("/api/v1/sessions/matrix-open/", None),
            ("/api/v1/sessions/hidden-xylophone/", None),
            ("/api/v1/sessions/ghost-session-okapi/", None),
        ],
        "/api/v1/sessions/{key}/draft/": [
            ("/api/v1/sessions/matrix-open/draft/", None),
            ("/api/v1/sessions/hidden-xylophone/draft/", None),
        ],
        "/api/v1/tombstones/{id}/": tombstones,
    }


# Values tried for each query parameter an operation declares (one request per value).
QUERY_VALUES = {
    "body": ["council"],
    "entity": ["state-matrix"],
    "is_acting": ["true", "false"],
    "is_external": ["true", "false"],
    "is_published": ["false", "true"],
    "kind": ["regular", "resolution", "report", "governing_body", "state", "document", "session"],
    "language": ["en", "fr"],
    "limit": ["500"],
    "mission": ["state-matrix"],
    "model": ["meetings.session", "governance.documentreference", "meetings.decision"],
    "modified_since": ["2000-01-01T00:00:00Z"],
    "offset": ["1"],
    "on": ["2030-12-31"],
    "page": ["1", "2"],
    "person": ["person-matrix"],
    "q": ["9900", "Corr", "Narwhal", "Quokka", "Walrus", "99", "Xylophone", "Gazelle", "4199"],
    "resolution_number": ["4101", "4199"],
    "role": ["chairperson"],
    "series": ["MC"],
    "session": ["matrix-open", "hidden-xylophone"],
    "start_after": ["2000-01-01"],
    "start_before": ["2040-01-01"],
    "state": ["state-matrix"],
    "status": ["tentative", "member"],
    "symbol": ["MC/9900", "MC/9900/Corr.1", "MC/9911", "MC/9922"],
    "year": ["2030", "2008"],
}


@functools.cache
def schema_gets() -> dict[str, list[str]]:
    """Every GET operation of the OpenAPI description: its path and its query parameters."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        path: [p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"]
        for path, operations in schema["paths"].items()
        if "get" in operations
    }


def api_urls(world: World) -> list[tuple[str, str | None]]:
    """Every GET operation, its lists once per parameter value and once per ordering field."""
    urls: list[tuple[str, str | None]] = []
    concrete = path_values(world)
    for path, params in schema_gets().items():
        paths = concrete.get(path, [(path, None)]) if "{" in path else [(path, None)]
        for url, twin in paths:
            urls.append((url, twin))
            for name in params:
                values = list(QUERY_VALUES.get(name, ["missing-from-the-matrix"]))
                if name == "ordering":
                    view = resolve(url).func.cls  # type: ignore[attr-defined]  # set by DRF's as_view
                    # DRF orders by any field it writes when the view names none.
                    names = (
                        getattr(view, "ordering_fields", None) or view.serializer_class.Meta.fields
                    )
                    values = [f"{s}{f}" for f in names for s in ("", "-")]
                urls.extend((f"{url}?{name}={value}", None) for value in values)
    return urls


# --- fetching ---------------------------------------------------------------------------


def body_of(response) -> str:
    text = b"".join(response.streaming_content) if response.streaming else response.content
    # iCalendar folds long lines (RFC 5545 3.1): a folded secret is still a secret.
    return text.decode("utf-8", errors="replace").replace("\r\n ", "").replace("\\,", ",")


def get(client: Client, url: str, lang: str = "en"):
    client.cookies.clear()  # /language/ sets one: each URL in the language asked
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code != 500, url
    return response


def twin_of(url: str, twin: str | None) -> str | None:
    if twin is not None:
        return twin
    named = [secret for secret in TWINS if secret in url]
    if not named:
        return None
    for secret in sorted(named, key=len, reverse=True):
        url = url.replace(secret, TWINS[secret])
    return url


def leaks(client: Client, url: str, twin: str | None, lang: str) -> list[str]:
    """What this URL tells an anonymous reader that it should not."""
    response = get(client, url, lang)
    body = body_of(response)
    twin = twin_of(url, twin)
    if twin is not None:
        # A URL naming a hidden record answers as one naming a record that never was (the name
        # echoed back is the reader's own input, not a leak).
        other = get(client, twin, lang)
        unnamed = body
        for secret, stand_in in TWINS.items():
            # As typed, and as a link back to the page writes it ("Resolution%20No.%204199").
            unnamed = unnamed.replace(secret, stand_in).replace(quote(secret), quote(stand_in))
        twin_body = re.sub(r"/(\d+)/", "/ID/", body_of(other))
        unnamed = re.sub(r"/(\d+)/", "/ID/", unnamed)
        if (response.status_code, unnamed) != (other.status_code, twin_body):
            return [f"{url} [{lang}] answers {response.status_code}, unlike {twin}"]
        return []
    return [f"{url} [{lang}] shows {secret!r}" for secret in SECRETS if secret in body]


def test_anonymous_readers_see_nothing_hidden_anywhere(world):
    client = Client()
    found = []
    for url in pages(world):
        # Feeds take their language as ?lang= (above), the API has one.
        languages = ("en",) if url.startswith(("/api/", "/feeds/")) or ".ics" in url else LANGS
        for lang in languages:
            found += leaks(client, url, None, lang)
    for url, twin in api_urls(world):
        found += leaks(client, url, twin, "en")
    assert found == []


def test_search_counts_and_facets_count_only_what_is_public(world):
    """Words that hidden and public records share: the totals and every facet's counts are those
    of the public records alone (a count would tell of a record its hits leave out)."""
    client = Client()
    public_titles = {
        "paper": {"Open Budget Paper"},
        "agenda": {"Open agenda item"},
        "resolution": {"Open resolution"},
    }
    for query, titles in public_titles.items():
        answer = client.get("/api/v1/search/", {"q": query}).json()
        found = [hit["title"] for hit in answer["results"]]
        # An agenda item's title comes after its label ("2 Open agenda item").
        assert all(any(f.endswith(title) for f in found) for title in titles), query
        assert answer["total"] == len(answer["results"]), query
        kinds = answer["facets"]["kind"]
        assert sum(value["count"] for value in kinds) == answer["total"], query
        for name in ("body", "year"):
            assert all(v["count"] <= answer["total"] for v in answer["facets"][name]), query
    # The control: the index holds the hidden records, and the secretariat's audience finds them.
    from meetings.selectors.search import search

    for query in ("Xylophone", "Gazelle", "Narwhal", "Quokka", "Walrus", "Yak", "MC/9900/Corr.1"):
        assert search(query=query, audience="secretariat").total >= 1, query


def test_anonymous_readers_see_what_is_public_where_it_belongs(world):
    """The control for the test above: the public records of the same fixtures are shown."""
    client = Client()
    # The search finds the public records of the fixtures, by words and by symbol.
    assert "/documents/MC/9900/" in body_of(get(client, "/search/?q=mc+9900"))
    assert "Matrix Open Forum" in body_of(get(client, "/api/v1/search/?q=Matrix"))
    session = body_of(get(client, "/sessions/matrix-open/"))
    assert session.count(">MC/9900</a>") == 3  # the agenda, the documents, the agenda's history
    original = body_of(get(client, "/documents/MC/9900/"))
    assert "Three thousand" not in original and "matrix-open" in original
    assert (
        body_of(get(client, "/documents/MC/9900/en/file"))
        == pdf_bytes("Open Budget Paper").decode()
    )
    package = get(client, "/sessions/matrix-open/documents-en.zip")
    with zipfile.ZipFile(io.BytesIO(b"".join(package.streaming_content))) as archive:
        assert archive.namelist() == ["MC-9900-en.pdf"]
    assert "No documents match." in body_of(get(client, "/documents/?q=Narwhal"))
    for period in ("year=2030", "from=2030-01-01&to=2031-06-30"):
        assert "Matrix Open Forum" in body_of(get(client, f"/feeds/sessions.ics?{period}"))
    api = client.get("/api/v1/sessions/matrix-open/").json()
    assert (api["report"], api["decisions"][0]["documents"], api["decisions"][0]["recalls"]) == (
        None,
        ["MC/9900"],
        [],
    )
    assert [d["documents"] for d in client.get("/api/v1/resolutions/").json()["results"]] == [
        ["MC/9900"]
    ]
    listed = client.get("/api/v1/sessions/", {"limit": 500}).json()["results"]
    assert [(s["key"], s["report"]) for s in listed] == [("matrix-open", None)]
    tombstones = client.get("/api/v1/tombstones/").json()["results"]
    assert [(t["model"], t["key"]) for t in tombstones] == [
        ("meetings.session", "gone-public-session")
    ]


def test_the_secretariat_sees_the_hidden_records_where_they_are(world, editor):
    client = Client()
    client.force_login(editor)
    session = client.get("/api/v1/sessions/matrix-open/").json()
    assert session["report"] == "MC/9911"
    assert session["decisions"][0]["documents"] == ["MC/9900", "MC/9900/Corr.1", "MC/9911"]
    assert session["decisions"][0]["recalls"] == ["hidden-decision-yak"]
    assert session["agenda"][0]["documents"] == ["MC/9900", "MC/9900/Corr.1", "MC/9911"]
    assert [v["document"] for v in session["agenda_history"]] == ["MC/9911", "MC/9900"]
    listed = client.get("/api/v1/sessions/", {"limit": 500}).json()["results"]
    assert {(s["key"], s["report"]) for s in listed} == {
        ("matrix-open", "MC/9911"),
        ("hidden-xylophone", None),
    }
    assert client.get("/api/v1/documents/MC/9900/Corr.1/").json()["parent"] == "MC/9900"
    tombstones = {t["key"] for t in client.get("/api/v1/tombstones/").json()["results"]}
    assert tombstones >= {"ghost-session-okapi", "MC/9933", "gone-public-session"}
    # Every secret of the fixtures is there to be found by the secretariat: none is vacuous.
    seen = "".join(
        body_of(client.get(url, {"limit": 500}))
        for url in (
            "/api/v1/sessions/",
            "/api/v1/documents/",
            "/api/v1/decisions/",
            "/api/v1/tombstones/",
            "/api/v1/memberships/",
            "/api/v1/sessions/hidden-xylophone/",
            "/api/v1/resolutions/4199/",
        )
    )
    assert [secret for secret in SECRETS if secret not in seen] == []


def _routes(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name or prefix + str(pattern.pattern)


def test_every_public_url_and_api_operation_is_in_the_matrix(world):
    fetched = [url.split("?")[0] for url in pages(world)] + [
        url.split("?")[0] for url, _ in api_urls(world)
    ]
    reached = {resolve(path).view_name for path in fetched}
    public = {
        name
        for route, name in _routes(get_resolver().url_patterns)
        if not route.startswith(("admin/", "static/", "^static/"))
    }
    assert sorted(public - reached) == []
    gets = schema_gets()
    assert sorted(path for path in gets if "{" in path and path not in path_values(world)) == []
    assert (
        sorted({name for params in gets.values() for name in params} - {*QUERY_VALUES, "ordering"})
        == []
    )
    assert len(gets) > 20  # the description itself was read
