import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from governance.models import Body, DocumentReference, Membership
from tests.factories import BodyFactory, DocumentFactory, EntityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_body_names_in_three_languages():
    council = BodyFactory()
    assert council.name_in("fr") == "Conseil"
    assert council.of_name_in("fr") == "du Conseil"
    assert council.of_name_in("es") == "del Consejo"
    assert council.of_name_in("en") == "of the Council"


def test_successor_is_found_from_the_predecessor():
    subcommittee = BodyFactory(
        key="sbf",
        name="Subcommittee on Budget and Finance",
        kind="subcommittee",
        abolished_on=dt.date(2007, 12, 1),
    )
    scpf = BodyFactory(
        key="scpf",
        name="Standing Committee on Programmes and Finance",
        kind="standing_committee",
        predecessor=subcommittee,
    )
    assert list(subcommittee.successors.all()) == [scpf]


def test_a_body_cannot_be_abolished_before_it_was_established():
    with pytest.raises(IntegrityError):
        Body.objects.create(
            key="x",
            name="X",
            kind="working_group",
            established_on=dt.date(2008, 1, 1),
            abolished_on=dt.date(2007, 1, 1),
        )


def test_membership_count_on_a_date_uses_certain_starts_and_ends():
    MembershipFactory.create_batch(3, start_latest=dt.date(2000, 1, 1))
    MembershipFactory(start_earliest=dt.date(2008, 12, 2), start_latest=dt.date(2008, 12, 5))
    MembershipFactory(status="observer", start_latest=dt.date(2008, 12, 5))
    MembershipFactory(start_latest=dt.date(2000, 1, 1), end_on=dt.date(2005, 1, 1))
    assert Membership.objects.counts_on(dt.date(2004, 6, 1)) == {"member": 4, "observer": 0}
    assert Membership.objects.counts_on(dt.date(2008, 12, 3)) == {"member": 3, "observer": 0}
    assert Membership.objects.counts_on(dt.date(2008, 12, 31)) == {"member": 4, "observer": 1}


def test_membership_window_must_be_ordered():
    with pytest.raises(IntegrityError):
        MembershipFactory(start_earliest=dt.date(2009, 1, 1), start_latest=dt.date(2008, 1, 1))


def test_organization_can_be_an_observer():
    igad = EntityFactory(
        key="igad",
        kind="organization",
        official_name="Intergovernmental Authority on Development",
        short_name="IGAD",
    )
    MembershipFactory(entity=igad, status="observer")
    assert igad.memberships.get().get_status_display() == "Observer"


def test_symbol_is_parsed_and_a_revision_of_a_corrigendum_is_found_under_its_original():
    original = DocumentFactory(symbol="MC/2216")
    corrigendum = DocumentFactory(symbol="mc/2216/corr. 1")
    revision = DocumentFactory(symbol="MC/2216/Corr.1/Rev.1")
    assert corrigendum.symbol == "MC/2216/Corr.1"
    assert revision.parts == [["Corr", 1], ["Rev", 1]]
    assert revision.parent == corrigendum
    assert corrigendum.parent == original
    assert list(original.amendments.all()) == [corrigendum]
    assert (revision.series, revision.number, revision.key) == (
        "MC",
        "2216",
        "MC/2216/Corr.1/Rev.1",
    )


def test_an_invalid_symbol_is_refused_with_the_reason():
    document = DocumentReference(symbol="MC/2216/Foo.1", title="x")
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "Foo.1" in error.value.message_dict["symbol"][0]


def test_a_document_without_symbol_needs_a_title_and_key():
    with pytest.raises(ValidationError) as error:
        DocumentReference(symbol="", key="").full_clean()
    assert "title" in error.value.message_dict
