import pytest

from tests.factories import BodyFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def excom():
    return BodyFactory(
        key="excom",
        name="Executive Committee",
        name_fr="le Comité exécutif",
        name_es="el Comité Ejecutivo",
    )


@pytest.fixture
def scpf():
    return BodyFactory(
        key="scpf",
        name="Standing Committee on Programmes and Finance",
        name_fr="le Comité permanent des programmes et des finances",
        name_es="el Comité Permanente de Programas y Finanzas",
        kind="standing_committee",
    )


def test_council_titles_in_three_languages():
    session = SessionFactory(number=96)
    assert session.title_in("en") == "Ninety-sixth Session of the Council"
    assert session.title_in("fr") == "Quatre-vingt-seizième session du Conseil"
    assert session.title_in("es") == "Nonagésima sexta reunión del Consejo"


def test_special_session_title():
    session = SessionFactory(number=95, kind="special")
    assert session.title_in("en") == "Ninety-fifth (Special) Session of the Council"
    assert session.title_in("fr") == "Quatre-vingt-quinzième session (extraordinaire) du Conseil"


def test_executive_committee_above_a_hundred(excom):
    assert (
        SessionFactory(body=excom, number=105).title_in("en")
        == "Hundred and fifth Session of the Executive Committee"
    )


def test_scpf_numbering_restarts(scpf):
    assert (
        SessionFactory(body=scpf, number=2).title_in("en")
        == "Second Session of the Standing Committee on Programmes and Finance"
    )


def test_unnumbered_event_uses_its_name():
    session = SessionFactory(
        number=None, name="Intersessional workshop on human rights and migration"
    )
    assert session.title == "Intersessional workshop on human rights and migration"


def test_a_title_never_mixes_languages_it_falls_back_whole_to_english():
    from meetings.domain.titles import title_language

    body = BodyFactory(key="fault-check", name="Fault Check Committee", name_fr="", name_es="")
    session = SessionFactory(body=body, number=1)
    assert session.title_in("fr") == "First Session of the Fault Check Committee"
    assert title_language(session, "fr") == "en"
    council = SessionFactory(number=96)
    assert (title_language(council, "fr"), title_language(council, "es")) == ("fr", "es")
    named = SessionFactory(number=None, name="Intersessional workshop")
    assert title_language(named, "es") == "en"


def test_pages_mark_an_english_title_on_a_french_page(client):
    body = BodyFactory(key="fault-check", name="Fault Check Committee", name_fr="", name_es="")
    session = SessionFactory(body=body, number=1)
    html = client.get(f"/sessions/{session.key}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<h1><span lang="en">First Session of the Fault Check Committee</span></h1>' in html
    council = SessionFactory(number=96)
    html = client.get(f"/sessions/{council.key}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Quatre-vingt-seizième session du Conseil</h1>" in html
