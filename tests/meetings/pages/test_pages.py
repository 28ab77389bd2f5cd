"""The delegates' pages: what they show, in three languages, at a fixed query cost."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import SessionDocument
from meetings.services import publishing
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    BureauMemberFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_session_page_shows_title_dates_history_bureau_agenda_and_source(client, seeded):
    page = text(client.get("/sessions/scpf-4/"))
    assert "Fourth Session of the Standing Committee on Programmes and Finance" in page
    assert (
        "Announced for 5-6 May 2009" in page and "Changed to 11-12 May 2009 (latest word)" in page
    )
    assert "(another text of the same time says 5-6 May 2009)" in page
    assert "Source: MC/2278, paragraph 30, footnote 2" in page
    council = text(client.get("/sessions/council-95/"))
    assert "Acting Chairperson: Mr. Javier Garrigues (Spain), in the Chair" in council
    assert "First Vice-Chairperson: the representative of Venezuela" in council
    assert "Election of a Director General" in council and "MC/2251" in council


def test_tentative_and_cancelled_banners(client):
    assert "These dates are tentative and may change." in text(
        client.get(f"/sessions/{SessionFactory(status='tentative').key}/")
    )
    assert "This session has been cancelled." in text(
        client.get(f"/sessions/{SessionFactory(status='cancelled').key}/")
    )


def test_pages_in_french_and_spanish(client, seeded):
    french = text(client.get("/sessions/council-96/", HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Quatre-vingt-seizième session du Conseil" in french and "2-5 décembre 2008" in french
    spanish = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert (
        '<html lang="es">' in spanish.content.decode()
        and "Reuniones de los órganos rectores" in text(spanish)
    )


def test_the_language_switcher_sets_the_language(client, seeded):
    response = client.post(
        "/i18n/setlang/", {"language": "fr", "next": "/sessions/council-96/"}, follow=True
    )
    assert "Quatre-vingt-seizième session du Conseil" in text(response)


def test_body_page_shows_predecessor_terms_and_sessions(client, seeded):
    page = text(client.get("/bodies/scpf/"))
    assert "Replaced Subcommittee on Budget and Finance" in page
    assert "(h) to transmit reports and/or recommendations to the Council" in page
    assert "Second Session of the Standing Committee on Programmes and Finance" in page
    assert "Replaced by Standing Committee on Programmes and Finance" in text(
        client.get("/bodies/sbf/")
    )


def test_members_page_lists_status_admission_and_counts(client, seeded):
    page = client.get("/members/").content.decode()
    assert "<svg" in page and "Membership over the years" in page
    assert re.search(r"<td>2008</td><td>125</td><td>4</td>", page)
    assert (
        "<td>18 June 2008</td>" in page and "Ninety-fifth (Special) Session of the Council" in page
    )


def test_members_page_says_which_figures_are_which_and_stops_at_the_records_last_year(
    client, seeded
):
    from governance.models import Membership, MembershipFigure

    page = client.get("/members/").content.decode()
    assert '<ul class="legend"' in page and "Totals reported in the texts" in page
    years = [int(y) for y in re.findall(r"<tr><td>(\d{4})</td><td>\d+</td>", page)]
    dates = [m.start_latest for m in Membership.objects.exclude(start_latest=None)]
    dates += [m.end_on for m in Membership.objects.exclude(end_on=None)]
    dates += [f.as_of for f in MembershipFigure.objects.all()]
    assert max(years) == max(dates).year < TODAY.year


def test_documents_search_groups_amendments_under_the_original(client, seeded):
    page = client.get("/documents/", {"q": "2216"}).content.decode()
    original = page.index(">MC/2216<")
    assert page.index("MC/2216/Corr.1/Rev.1", original) > original
    assert "No documents match." in text(client.get("/documents/", {"q": "zzzz"}))
    assert client.get("/documents/", {"series": "SCPF"}).status_code == 200


def test_resolutions_page(client, seeded):
    page = text(client.get("/resolutions/"))
    assert "No. 1150 (XCIII)" in page and "recalls Resolution No. 923 (LXXI)" in page


def test_resolutions_rows_keep_number_title_and_linked_documents_in_their_columns(client):
    unnumbered = DecisionFactory(resolution_number=None, title="Establishment of a committee")
    bare = DecisionFactory(resolution_number=998, title="")
    cited = DecisionFactory(resolution_number=1000, title="Open")
    document = DocumentFactory(symbol="MC/9540")
    cited.documents.add(document)
    html = client.get("/resolutions/").content.decode()
    rows = {
        decision.pk: re.search(
            rf"<tr><td>(?:(?!</tr>).)*?{re.escape(text_of)}(?:(?!</tr>).)*</tr>", html, re.S
        ).group(0)
        for decision, text_of in (
            (unnumbered, "Establishment of a committee"),
            (bare, "No. 998"),
            (cited, "No. 1000"),
        )
    }
    cells = {pk: re.findall(r"<td>(.*?)</td>", row, re.S) for pk, row in rows.items()}
    assert "not numbered" in cells[unnumbered.pk][0]
    assert cells[unnumbered.pk][1] == "Establishment of a committee"
    assert "title not given in the texts" in cells[bare.pk][1]
    assert f'<a href="{document.get_absolute_url()}">MC/9540</a>' in cells[cited.pk][4]


def test_home_page_names_an_unnumbered_new_document_once(client):
    DocumentFactory(symbol="", key="wmr-2008", title="World Migration Report 2008")
    DocumentFactory(symbol="MC/9541", title="Programme and Budget")
    page = text(client.get("/"))
    assert page.count("World Migration Report 2008") == 1
    assert "MC/9541 Programme and Budget" in page


def test_calendar_month_and_year_views_reach_back(client, seeded):
    assert "Ninety-sixth Session of the Council" in text(
        client.get("/calendar/", {"year": 2008, "month": 12})
    )
    assert "407th meeting" in text(client.get("/calendar/", {"year": 1995}))


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/calendar/?year=abc", 400),
        ("/calendar/?month=13", 400),
        ("/calendar/?body=nope", 400),
        ("/documents/?year=1.5", 400),
        ("/documents/?series=XYZ", 400),
        ("/documents/?session=nope", 400),
        ("/no/such/page/", 404),
        ("/sessions/nope/", 404),
        ("/bodies/nope/", 404),
        ("/documents/MC/999999/", 404),
    ],
)
def test_bad_input_gives_a_clear_page_never_a_500(client, seeded, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert ("Bad request" if status == 400 else "Page not found") in text(response)


def test_unpublished_sessions_are_not_shown(client):
    hidden = SessionFactory(is_published=False, start_date=TODAY + dt.timedelta(days=5))
    assert client.get(f"/sessions/{hidden.key}/").status_code == 404
    assert hidden.title not in text(client.get("/"))
    assert hidden.title not in text(client.get("/calendar/"))


def test_pages_are_cacheable(client, seeded):
    response = client.get("/sessions/council-96/")
    assert "max-age=300" in response["Cache-Control"] and response.has_header("ETag")
    assert (
        client.get("/sessions/council-96/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    )


def test_a_pages_etag_names_its_bytes_and_no_store_pages_get_none(client, seeded):
    from django.core.cache import caches

    page = client.get("/sessions/council-96/")
    api = client.get("/api/v1/sessions/?limit=5")
    for cache in caches.all():  # rendered again, by a process that never saw them
        cache.clear()
    again, api_again = client.get("/sessions/council-96/"), client.get("/api/v1/sessions/?limit=5")
    assert (again.content, again["ETag"]) == (page.content, page["ETag"])
    assert (api_again.content, api_again["ETag"]) == (api.content, api["ETag"])
    assert page["ETag"] != client.get("/sessions/council-95/")["ETag"]
    login = client.get("/admin/login/")
    assert "no-store" in login["Cache-Control"] and not login.has_header("ETag")


def _world(n: int) -> None:
    body = BodyFactory.create()
    for i in range(n):
        start = TODAY + dt.timedelta(days=10 + i)
        session = SessionFactory.create(body=body, start_date=start, end_date=start)
        document = DocumentFactory.create()
        AgendaItemFactory.create(session=session).documents.add(document)
        SessionDocument.objects.create(session=session, document=document)
        MeetingFactory.create(session=session, date=start)
        BureauMemberFactory.create(session=session)
        DecisionFactory.create(session=session).documents.add(document)
        MembershipFactory.create()


# Each page's queries, exactly: the same whatever the data size.
PAGES = {
    "/": 4,
    "/calendar/": 4,
    f"/calendar/?year={TODAY.year}&month={TODAY.month}": 3,
    "/bodies/": 1,
    "/bodies/council/": 4,
    "/members/": 3,
    "/documents/": 4,
    "/resolutions/": 5,
}


@pytest.mark.parametrize("url", PAGES)
def test_every_page_costs_the_same_queries_for_one_and_for_eight_of_everything(client, url):
    counts = []
    for n in (1, 7):
        _world(n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [PAGES[url]] * 2, f"{url}: {counts}"


def _session_page_queries(client, session) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/sessions/{session.key}/").content.decode()
    return len(queries), page


def test_session_page_costs_one_query_and_one_per_section_it_shows(client):
    from meetings.models import ScheduleRevision

    session = SessionFactory(is_published=True)
    # The session itself, and which sections have rows (one query): the empty ones cost nothing.
    assert _session_page_queries(client, session)[0] == 1
    MeetingFactory(session=session, date=session.start_date)
    BureauMemberFactory(session=session)
    assert _session_page_queries(client, session)[0] == 3
    # Every section filled: agenda (items and their documents), meetings, agenda history, schedule
    # history, bureau, decisions, documents. A hundred more rows of each change nothing.
    counts = []
    for n in (1, 100):
        for day in range(n):
            document = DocumentFactory()
            AgendaItemFactory(session=session).documents.add(document)
            SessionDocument.objects.create(session=session, document=document)
            DecisionFactory(session=session)
            BureauMemberFactory(session=session, is_acting=True)
            ScheduleRevision.objects.create(session=session, kind="changed", position=day + 2)
            session.agenda_versions.create(
                state="provisional", on=session.start_date - dt.timedelta(days=300 - day)
            )
        count, page = _session_page_queries(client, session)
        counts.append(count)
    assert "Provisional agenda" in page
    assert counts == [9, 9]


def test_session_page_links_only_documents_delegates_may_see(client):
    session = SessionFactory(is_published=True)
    public = DocumentFactory(symbol="MC/9001", is_published=True, access="public")
    restricted = DocumentFactory(symbol="MC/9002", is_published=True, access="restricted")
    unpublished = DocumentFactory(symbol="MC/9003", is_published=False, access="public")
    item = AgendaItemFactory(session=session)
    for day, document in enumerate((public, restricted, unpublished)):
        item.documents.add(document)
        SessionDocument.objects.create(session=session, document=document)
        session.agenda_versions.create(
            state="provisional",
            on=session.start_date - dt.timedelta(days=30 - day),
            document=document,
        )
    page = client.get(f"/sessions/{session.key}/").content.decode()
    # Once beside the agenda item, once in the documents, once in the agenda's history.
    assert page.count(">MC/9001</a>") == 3
    assert "MC/9002" not in page and "MC/9003" not in page


def test_the_agenda_lists_items_with_their_links_and_sub_items_escaped(client):
    session = SessionFactory()
    item = AgendaItemFactory(session=session, label="5", title="Budget <2010> & reserves")
    AgendaItemFactory(session=session, label="5(a)", title='"Programme" <b>', parent=item)
    AgendaItemFactory(session=session, label="6", title="Other business")
    document = DocumentFactory(symbol="MC/3999")
    item.documents.add(document)
    html = client.get(f"/sessions/{session.key}/").content.decode()
    agenda = html[html.index('<ol class="agenda">') : html.index("</ol>", html.index("agenda"))]
    assert agenda == (
        '<ol class="agenda"><li><span class="label">5</span> Budget &lt;2010&gt; &amp; reserves'
        f' · <a href="{document.get_absolute_url()}">MC/3999</a>\n'
        "  <ul><li>5(a) &quot;Programme&quot; &lt;b&gt;</li></ul></li>"
        '<li><span class="label">6</span> Other business\n</li>\n'
    )


def test_a_documents_page_lists_only_the_corrigenda_delegates_may_see(client):
    original = DocumentFactory(symbol="MC/9500", title="Budget")
    DocumentFactory(symbol="MC/9500/Corr.1", title="Open corrigendum")
    DocumentFactory(symbol="MC/9500/Corr.2", title="Closed corrigendum", access="restricted")
    page = client.get(original.get_absolute_url()).content.decode()
    assert ">MC/9500/Corr.1</a>" in page and "Corr.2" not in page
    listed = client.get("/documents/", {"q": "9500"}).content.decode()
    assert "MC/9500/Corr.1" in listed and "Corr.2" not in listed


def test_the_documents_search_gives_no_hit_for_a_restricted_corrigendums_symbol(client):
    DocumentFactory(symbol="MC/9510", title="Budget")
    DocumentFactory(symbol="MC/9510/Corr.3", access="restricted")
    assert "No documents match." in text(client.get("/documents/", {"q": "Corr.3"}))
    assert "No documents match." not in text(client.get("/documents/", {"q": "9510"}))


def test_a_series_of_restricted_documents_only_is_unknown_to_delegates(client):
    DocumentFactory(symbol="SCPF/9520", access="restricted")
    assert client.get("/documents/", {"series": "SCPF"}).status_code == 400


def test_resolutions_page_names_no_hidden_document_or_decision(client):
    hidden = DecisionFactory(
        resolution_number=9530, session=SessionFactory(is_published=False), title="Hidden"
    )
    decision = DecisionFactory(resolution_number=9531, title="Open")
    decision.documents.add(
        DocumentFactory(symbol="MC/9532"),
        DocumentFactory(symbol="MC/9533", is_published=False, title="Unpublished paper"),
        DocumentFactory(symbol="MC/9534", access="restricted"),
    )
    decision.recalls.add(hidden)
    page = text(client.get("/resolutions/"))
    assert "No. 9531" in page and "MC/9532" in page
    for secret in ("9530", "MC/9533", "Unpublished paper", "MC/9534"):
        assert secret not in page


def test_members_page_names_no_unpublished_admitting_session(client):
    from meetings.models import Admission

    session = SessionFactory(is_published=False, number=None, name="Quiet Retreat")
    membership = MembershipFactory()
    Admission.objects.create(decision=DecisionFactory(session=session), membership=membership)
    assert "Quiet Retreat" not in text(client.get("/members/"))
    publishing.session_publish(session=session)
    assert "Quiet Retreat" in text(client.get("/members/"))


def test_a_document_only_on_an_unpublished_sessions_agenda_is_hidden_until_it_is_published(
    client,
):
    session = SessionFactory(is_published=False)
    document = DocumentFactory(symbol="MC/9540")
    AgendaItemFactory(session=session).documents.add(document)
    assert client.get(document.get_absolute_url()).status_code == 404
    session.is_published = True
    session.save()
    assert client.get(document.get_absolute_url()).status_code == 200


def test_a_body_page_lists_the_sessions_whose_dates_are_not_known(client):
    body = BodyFactory()
    dated = SessionFactory(body=body, number=95, start_date=dt.date(2008, 12, 2), end_date=None)
    undated = [
        SessionFactory(body=body, number=n, start_date=None, end_date=None) for n in (99, 86)
    ]
    page = text(client.get(f"/bodies/{body.key}/"))
    past = page.split("Past sessions", 1)[1].split("Sessions whose dates are not known", 1)
    assert dated.title in past[0]
    assert [past[1].index(s.title) for s in sorted(undated, key=lambda s: s.number)] == sorted(
        past[1].index(s.title) for s in undated
    )


def test_a_session_known_to_a_month_names_it_once_and_an_unstated_kind_is_not_shown(client):
    session = SessionFactory(
        start_date=dt.date(2011, 12, 1),
        end_date=dt.date(2011, 12, 31),
        date_precision="month",
        date_label="December 2011",
        kind="unknown",
    )
    page = text(client.get(f"/sessions/{session.key}/"))
    assert page.count("December 2011") == 1
    assert "Not stated" not in page and "Kind" not in page


def test_a_document_page_says_how_a_delegate_obtains_the_document(client, settings):
    offline = DocumentFactory(symbol="MC/9550", english_only=True)
    page = text(client.get(offline.get_absolute_url()))
    assert "Obtaining this document" in page
    assert "asks their mission, or the secretariat, quoting MC/9550." in page
    assert "It exists in English only." in page
    assert "read online" not in page
    settings.DOCUMENTS_CONTACT_EMAIL = "documents@example.org"
    other = DocumentFactory(symbol="MC/9552")  # another page: the first is cached until data change
    html = client.get(other.get_absolute_url()).content.decode()
    assert 'href="mailto:documents@example.org?subject=MC/9552"' in html
    online = DocumentFactory(symbol="MC/9551")
    online.versions.create(language="en", url="https://example.org/MC9551.pdf")
    french = text(client.get(online.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Obtenir ce document" in french and "lu en ligne" in french


def test_body_names_are_in_the_pages_language_and_the_english_ones_marked(client):
    council = BodyFactory(
        key="council-x", name="Council", name_fr="le Conseil", name_es="el Consejo"
    )
    forum = BodyFactory(key="forum-x", name="Global Forum", name_fr="", name_es="")
    session = SessionFactory(body=council, start_date=dt.date(2031, 6, 2))
    french = client.get("/bodies/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'<a href="{council.get_absolute_url()}">Conseil</a>' in french
    assert f'<a href="{forum.get_absolute_url()}"><span lang="en">Global Forum</span></a>' in french
    page = client.get(f"/sessions/{session.key}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f'<a href="{council.get_absolute_url()}">Consejo</a>' in page
    options = client.get("/calendar/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f'<option value="{council.key}">Consejo</option>' in options
    boxes = client.get("/subscribe/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert re.search(rf'value="{council.pk}"[^>]*>\s*Conseil</label>', boxes)


def test_state_names_come_from_cldr_in_french_and_spanish(client):
    from governance.models import Entity

    spain = Entity.objects.create(
        key="spain", official_name="Kingdom of Spain", short_name="Spain", country_code="ES"
    )
    union = Entity.objects.create(
        key="eu", kind="organization", official_name="European Union", short_name="EU"
    )
    for entity in (spain, union):
        MembershipFactory(entity=entity)
    english = text(client.get("/members/"))
    french = client.get("/members/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    spanish = client.get("/members/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Kingdom of Spain" in english
    assert "<td>Espagne</td>" in french and "<td>España</td>" in spanish
    assert '<span lang="en">European Union</span>' in french
    session = SessionFactory()
    BureauMemberFactory(session=session, state=spain, person=None)
    page = text(client.get(f"/sessions/{session.key}/", HTTP_ACCEPT_LANGUAGE="es"))
    assert "España" in page and "Spain" not in page


def test_a_document_the_texts_cite_says_who_issued_it_and_is_not_offered_by_the_secretariat(
    client, seeded
):
    page = text(client.get("/documents/legislative-decree-286/"))
    assert "Kind National law, decree or bill Issued by Italy Issued 25 July 1998" in page
    assert "This is not one of the organization's documents but one they cite" in page
    assert "distributed to the permanent missions" not in page
    french = client.get("/documents/legislative-decree-286/", HTTP_ACCEPT_LANGUAGE="fr")
    assert '<dt>Émis par</dt><dd lang="en">Italy</dd>' in french.content.decode()
    assert "Loi, décret ou projet de loi national" in text(french)
    own = text(client.get("/documents/MC/2278/"))
    assert "Issued by" not in own and "distributed to the permanent missions" in own


def test_home_page_new_documents_are_the_organizations_own(client):
    DocumentFactory(symbol="MC/9542", title="Programme and Budget")
    DocumentFactory(
        symbol="", key="polish-aliens-law", title="Polish Aliens Law", issued_by="Poland"
    )
    page = text(client.get("/"))
    assert "MC/9542 Programme and Budget" in page and "Polish Aliens Law" not in page


def test_the_documents_list_puts_the_documents_of_others_after_the_organizations_own(
    client, seeded
):
    page = text(client.get("/documents/"))
    heading = page.index("Documents of others that the organization's texts cite")
    assert page.index("MC/2278") < heading < page.index("Polish Aliens Law")
    assert page.index("World Migration Report 2008") < heading  # symbol-less, but its own
    # A search that finds only others' documents: their heading comes first.
    found = text(client.get("/documents/", {"q": "Convention"})).rsplit(" Search ", 1)[
        1
    ]  # after the list's own form
    assert found.split(" Convention on the Elimination")[0] == (
        "Documents of others that the organization's texts cite"
    )
