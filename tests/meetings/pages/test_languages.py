"""Names and the secretariat's texts on French and Spanish pages: given in the page's language
where stored in it, else in English inside an element with lang="en"."""

import datetime as dt

import pytest

from governance.models import Person
from tests.factories import (
    AgendaItemFactory,
    BureauMemberFactory,
    DecisionFactory,
    DocumentFactory,
    PersonFactory,
    SessionFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def page(client, url: str, lang: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def session():
    session = SessionFactory(venue=VenueFactory())
    AgendaItemFactory(
        session=session,
        label="1",
        title="Adoption of the agenda",
        title_fr="Adoption de l'ordre du jour",
        title_es="Aprobación del orden del día",
    )
    AgendaItemFactory(session=session, label="2", title="Any other business")
    return session


@pytest.mark.parametrize(
    ("lang", "translated"),
    [("fr", "Adoption de l&#x27;ordre du jour"), ("es", "Aprobación del orden del día")],
)
def test_agenda_items_in_the_pages_language_or_in_english_marked(client, session, lang, translated):
    agenda = section(page(client, f"/sessions/{session.key}/", lang), "agenda-heading")
    assert f'<span class="label">1</span> {translated}\n' in agenda
    assert '<span class="label">2</span> <span lang="en">Any other business</span>' in agenda
    english = section(page(client, f"/sessions/{session.key}/", "en"), "agenda-heading")
    assert '<span class="label">1</span> Adoption of the agenda\n' in english
    assert '<span class="label">2</span> Any other business\n' in english


def test_sub_items_too(client, session):
    parent = session.agenda_items.get(label="2")
    AgendaItemFactory(
        session=session, label="2(a)", title="Dates", title_fr="Dates des sessions", parent=parent
    )
    AgendaItemFactory(session=session, label="2(b)", title="Budget", parent=parent)
    agenda = section(page(client, f"/sessions/{session.key}/", "fr"), "agenda-heading")
    assert '<li>2(a) Dates des sessions</li><li>2(b) <span lang="en">Budget</span></li>' in agenda


def test_venue_in_the_pages_language(client, session):
    assert "<dd>Genève · " in page(client, f"/sessions/{session.key}/", "fr")
    assert "<dd>Ginebra · " in page(client, f"/sessions/{session.key}/", "es")
    assert "<dd>Geneva · " in page(client, f"/sessions/{session.key}/", "en")
    body = page(client, session.body.get_absolute_url(), "fr")
    assert " · Genève" in body


def test_a_venue_without_french_names_is_english_whole_and_marked(client):
    venue = VenueFactory(key="un-hq", name="United Nations Headquarters", city="New York")
    session = SessionFactory(venue=venue)
    html = page(client, f"/sessions/{session.key}/", "fr")
    assert '<dd><span lang="en">United Nations Headquarters, New York</span> · ' in html


def test_honorifics_in_the_pages_language_and_an_unknown_one_marked(client):
    session = SessionFactory()
    BureauMemberFactory(session=session, person=PersonFactory(name="Ana Ruiz", honorific="Ms."))
    excellency = Person.objects.create(key="h-e", name="Najat Al-Hajjaji", honorific="H.E. Mrs.")
    BureauMemberFactory(session=session, role="rapporteur", person=excellency)
    BureauMemberFactory(
        session=session,
        role="vice_chairperson",
        person=PersonFactory(name="John Hale", honorific="Rt. Hon."),
    )
    url = f"/sessions/{session.key}/"
    french = section(page(client, url, "fr"), "bureau-heading")
    assert "Mme Ana Ruiz (" in french and "S.E. Mme Najat Al-Hajjaji (" in french
    assert '<span lang="en">Rt. Hon.</span> John Hale (' in french
    spanish = section(page(client, url, "es"), "bureau-heading")
    assert "Sra. Ana Ruiz (" in spanish and "S.E. Sra. Najat Al-Hajjaji (" in spanish
    assert "Ms. Ana Ruiz (" in section(page(client, url, "en"), "bureau-heading")


def test_a_body_pages_bureau_says_m_in_french(client):
    session = SessionFactory()
    BureauMemberFactory(session=session, person=PersonFactory(name="Juan March"))
    assert "M. Juan March (" in page(client, session.body.get_absolute_url(), "fr")
    assert "Sr. Juan March (" in page(client, session.body.get_absolute_url(), "es")


def test_decisions_and_resolution_titles(client, session):
    DecisionFactory(
        session=session,
        resolution_number=1150,
        numeral="XCIII",
        title="IOM Strategy",
        title_fr="Stratégie de l'OIM",
    )
    DecisionFactory(
        session=session,
        kind="election",
        resolution_number=None,
        title="Election of the Director General",
        title_es="Elección del Director General",
    )
    url = f"/sessions/{session.key}/"
    french = section(page(client, url, "fr"), "decisions-heading")
    assert "<li>Résolution n° 1150 (XCIII): Stratégie de l&#x27;OIM (" in french
    assert '<li><span lang="en">Election of the Director General</span> (' in french
    spanish = section(page(client, url, "es"), "decisions-heading")
    assert '<li>Resolución n.º 1150 (XCIII): <span lang="en">IOM Strategy</span> (' in spanish
    assert "<li>Elección del Director General (" in spanish
    resolutions = page(client, "/resolutions/", "fr")
    assert "<td>Stratégie de l&#x27;OIM</td>" in resolutions


def test_document_titles_with_their_fallback_marked(client, session):
    translated = DocumentFactory(
        symbol="MC/7001", title="Programme and Budget", title_fr="Programme et budget"
    )
    english_only = DocumentFactory(symbol="MC/7002", title="Financial Report")
    unnumbered = DocumentFactory(symbol=None, key="strategy-note", title="Strategy note")
    for document in (translated, english_only, unnumbered):
        session.session_documents.create(document=document)
    documents = section(page(client, f"/sessions/{session.key}/", "fr"), "documents-heading")
    assert ">MC/7001</a> Programme et budget (" in documents
    assert '>MC/7002</a> <span lang="en">Financial Report</span> (' in documents
    assert '><span lang="en">Strategy note</span></a>  (' in documents
    detail = page(client, english_only.get_absolute_url(), "es")
    assert '<p class="lead"><span lang="en">Financial Report</span></p>' in detail
    own = page(client, unnumbered.get_absolute_url(), "fr")
    assert "<title>Strategy note" in own and '<h1><span lang="en">Strategy note</span></h1>' in own
    listed = page(client, "/documents/", "fr")
    assert ">MC/7001</a> Programme et budget" in listed
    assert '>MC/7002</a> <span lang="en">Financial Report</span>' in listed


def test_the_documents_search_finds_a_french_title(client):
    DocumentFactory(symbol="MC/7003", title="Programme and Budget", title_fr="Programme et budget")
    DocumentFactory(symbol="MC/7004", title="Other paper")
    html = page(client, "/documents/?q=et+budget", "fr")
    assert "MC/7003" in html and "MC/7004" not in html


def test_an_english_page_marks_nothing(client, session):
    DecisionFactory(session=session, title="IOM Strategy", adopted_on=dt.date(2030, 12, 3))
    html = page(client, f"/sessions/{session.key}/", "en")
    main = html[html.index("<main") : html.index("</main>")]
    for heading in ("agenda-heading", "decisions-heading"):
        assert "lang=" not in section(main, heading)


def test_a_venue_is_named_whole_in_one_language_and_its_country_comes_from_cldr():
    venue = VenueFactory(
        key="un-hq-2",
        name="United Nations Headquarters",
        name_es="Sede de las Naciones Unidas",
        city="New York",
        city_es="Nueva York",
        country="United States of America",
        country_code="US",
    )
    assert venue.label_in("es") == ("Sede de las Naciones Unidas, Nueva York", "es")
    assert venue.label_in("fr") == ("United Nations Headquarters, New York", "en")
    assert (venue.country_in("fr"), venue.country_in("es")) == ("États-Unis", "Estados Unidos")
    assert (
        VenueFactory(key="x", name="X", country="Atlantis", country_code="").country_in("fr")
        == "Atlantis"
    )


def test_every_seeded_venue_has_its_french_and_spanish_names_and_country_code(client, seeded):
    from meetings.models import Session, Venue

    venues = list(Venue.objects.all())
    assert venues and all(v.name_fr and v.name_es and v.country_code for v in venues)
    geneva = Venue.objects.get(key="geneva")
    assert (geneva.label_in("fr"), geneva.label_in("es")) == (("Genève", "fr"), ("Ginebra", "es"))
    held_away = Session.objects.public().filter(venue__isnull=False).select_related("venue").first()
    assert held_away is not None
    html = page(client, f"/sessions/{held_away.key}/", "es")
    assert f"<dd>{held_away.venue.label_in('es')[0]} · " in html
