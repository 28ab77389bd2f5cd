"""The seed records loaded into an empty database say what the texts say."""

import datetime as dt

import pytest
from django.core.management import call_command

from governance.models import Body, Membership
from meetings.models import BureauMember, Decision, Session

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def seeded():
    call_command("load_seeds", verbosity=0)


def test_the_scpf_replaced_the_subcommittee(seeded):
    scpf = Body.objects.get(key="scpf")
    assert (scpf.predecessor.name, scpf.is_private, scpf.notice_days_regular) == (
        "Subcommittee on Budget and Finance",
        True,
        14,
    )


def test_the_2008_sessions_with_their_titles_dates_and_reports(seeded):
    rows = {
        s.key: (
            s.title_in("en"),
            s.start_date,
            s.end_date,
            s.meetings_count,
            s.report.symbol if s.report else None,
        )
        for s in Session.objects.filter(start_date__year=2008).select_related("body", "report")
    }
    assert rows == {
        "scpf-2": (
            "Second Session of the Standing Committee on Programmes and Finance",
            D(2008, 5, 5),
            D(2008, 5, 6),
            3,
            "MC/EX/690",
        ),
        "excom-105": (
            "Hundred and fifth Session of the Executive Committee",
            D(2008, 6, 17),
            D(2008, 6, 17),
            1,
            "MC/2256",
        ),
        "council-95": (
            "Ninety-fifth (Special) Session of the Council",
            D(2008, 6, 18),
            D(2008, 6, 18),
            1,
            "MC/2251",
        ),
        "scpf-3": (
            "Third Session of the Standing Committee on Programmes and Finance",
            D(2008, 11, 4),
            D(2008, 11, 5),
            3,
            "MC/2262",
        ),
        "council-96": (
            "Ninety-sixth Session of the Council",
            D(2008, 12, 2),
            D(2008, 12, 5),
            None,
            "MC/2266",
        ),
    }


def test_the_fourth_scpf_keeps_both_announcements_and_the_change(seeded):
    history = [
        (
            r.kind,
            r.start_date,
            r.end_date,
            r.is_latest,
            r.conflicts_with.position if r.conflicts_with else None,
            r.source_file[:3],
        )
        for r in Session.objects.get(key="scpf-4").revisions.order_by("position")
    ]
    assert history == [
        ("announced", D(2009, 5, 5), D(2009, 5, 6), False, None, "004"),
        ("announced", D(2009, 5, 4), D(2009, 5, 5), False, 1, "000"),
        ("changed", D(2009, 5, 11), D(2009, 5, 12), True, None, "004"),
    ]


def test_the_fifth_scpf_was_first_a_week_then_set(seeded):
    announced, _, latest = Session.objects.get(key="scpf-5").revisions.order_by("position")
    assert (announced.precision, announced.date_label) == ("week", "last week of October 2009")
    assert (latest.kind, latest.start_date, latest.old_start) == (
        "set",
        D(2009, 10, 27),
        D(2009, 10, 26),
    )


def test_the_bureau_elected_at_the_ninety_sixth_session(seeded):
    bureau = {
        b.role: (b.person.name, b.state.short_name)
        for b in BureauMember.objects.filter(session__key="council-96").select_related(
            "person", "state"
        )
    }
    assert bureau == {
        "chairperson": ("Germán Mundaraín Hernández", "Venezuela"),
        "first_vice_chairperson": ("Shinichi Kitajima", "Japan"),
        "second_vice_chairperson": ("Idriss Jazaïry", "Algeria"),
        "rapporteur": ("Markus Weidinger", "Austria"),
    }


def test_an_acting_chair_presided_after_the_chair_opened_the_second_scpf(seeded):
    chairs = BureauMember.objects.filter(session__key="scpf-2", role="chairperson").order_by(
        "is_acting"
    )
    assert [(c.person.name, c.is_acting, c.presiding_note) for c in chairs] == [
        ("Juan Antonio March", False, "opened the session"),
        ("Javier Garrigues", True, "then presided"),
    ]


def test_a_seat_known_only_by_its_state(seeded):
    seat = BureauMember.objects.get(session__key="council-95", role="first_vice_chairperson")
    assert (seat.person, seat.state.official_name) == (None, "Bolivarian Republic of Venezuela")


def test_the_director_general_was_elected_after_three_rounds_and_took_office_later(seeded):
    election = Decision.objects.get(key="council-95-dg-election").election
    assert (election.person.name, election.rounds, election.majority, election.term_starts) == (
        "William Lacy Swing",
        3,
        "two-thirds",
        D(2008, 10, 1),
    )


def test_the_2008_admissions_and_their_windows(seeded):
    assert sorted(
        Membership.objects.filter(admission__decision__key="council-95-admissions").values_list(
            "entity__short_name", flat=True
        )
    ) == [
        "India",
        "Mongolia",
        "Somalia",
    ]
    december_18 = Membership.objects.get(entity__key="december-18")
    assert (
        december_18.entity.kind,
        december_18.status,
        december_18.start_earliest,
        december_18.start_latest,
    ) == (
        "organization",
        "observer",
        D(2008, 12, 2),
        D(2008, 12, 5),
    )
