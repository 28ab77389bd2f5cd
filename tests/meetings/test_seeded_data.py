"""The seed records loaded into an empty database say what the texts say."""

import datetime as dt

import pytest
from django.core.management import call_command

from governance.models import Body, Membership
from meetings.models import BureauMember, Decision, Session

pytestmark = pytest.mark.django_db

D = dt.date


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
        for s in Session.objects.filter(
            start_date__year=2008, body__key__in=["council", "excom", "scpf"]
        ).select_related("body", "report")
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


def test_a_second_load_of_the_real_seeds_changes_nothing(seeded):
    from io import StringIO

    out = StringIO()
    call_command("load_seeds", stdout=out)
    assert out.getvalue().strip().endswith("Nothing changed.")


def test_the_records_reproduce_the_125_members_of_end_2008(seeded):
    assert Membership.objects.counts_on(D(2008, 12, 31))["member"] == 125
    assert Membership.objects.counts_on(D(2010, 10, 12))["member"] == 127


def test_reported_figures_are_kept_where_records_cannot_reproduce_them(seeded):
    from governance.models import MembershipFigure

    figures = {
        (f.as_of.year, f.members, f.observers, f.total) for f in MembershipFigure.objects.all()
    }
    assert {
        (1995, 55, 41, 96),
        (2003, 98, 34, 132),
        (2008, 125, None, None),
        (2011, 146, 98, None),
    } <= figures


def test_a_revision_of_a_corrigendum_is_grouped_under_the_original(seeded):
    from governance.models import DocumentReference

    revision = DocumentReference.objects.get(symbol="MC/2216/Corr.1/Rev.1")
    assert (revision.parent.symbol, revision.parts) == ("MC/2216", [["Corr", 1], ["Rev", 1]])


def test_a_document_with_two_dates_and_an_annex(seeded):
    from governance.models import DocumentReference

    note = DocumentReference.objects.get(symbol="MC/INF/262")
    assert (note.issued_on, note.first_distributed_on, note.prepared_for_label) == (
        D(2003, 10, 13),
        D(2003, 6, 11),
        "Eighty-sixth Session",
    )
    strategy = DocumentReference.objects.get(symbol="MC/1842")
    assert (strategy.annex_of, strategy.issued_on) == (note, D(1995, 5, 9))
    assert strategy.session_links.get(role="prepared_for").session.key == "council-71"


def test_the_resolutions_with_numerals_meetings_and_links(seeded):
    r1150 = Decision.objects.get(resolution_number=1150)
    assert (str(r1150), r1150.session.number, r1150.meeting.number, r1150.adopted_on) == (
        "Resolution No. 1150 (XCIII)",
        93,
        481,
        D(2007, 6, 7),
    )
    assert list(r1150.recalls.values_list("resolution_number", flat=True)) == [923]
    assert sorted(r1150.documents.values_list("symbol", flat=True)) == [
        "MC/2216",
        "MC/2216/Corr.1/Rev.1",
    ]
    r923 = Decision.objects.get(resolution_number=923)
    assert (r923.meeting.number, r923.meeting.date, r923.title) == (
        407,
        D(1995, 11, 29),
        "Future Activities of IOM",
    )
    scpf = Decision.objects.get(key="resolution-scpf-establishment")
    assert (
        scpf.resolution_number,
        list(scpf.negates.values_list("resolution_number", flat=True)),
    ) == (None, [998])


def test_the_seven_informal_consultations_of_2008(seeded):
    days = Session.objects.filter(body__key="informal-consultations").values_list(
        "start_date", flat=True
    )
    assert sorted(d.strftime("%d %b") for d in days) == sorted(
        ["26 Feb", "29 Apr", "16 May", "26 Sep", "23 Oct", "20 Nov", "28 Nov"]
    )


def test_regional_meetings_with_the_dg_carry_their_venues_time_zone(seeded):
    meetings = {
        s.venue.city: (s.start_date, s.timezone)
        for s in Session.objects.filter(key__startswith="dg-regional-2009").select_related("venue")
    }
    assert meetings == {
        "Budapest": (D(2009, 1, 29), "Europe/Budapest"),
        "Addis Ababa": (D(2009, 2, 4), "Africa/Addis_Ababa"),
        "Bangkok": (D(2009, 3, 5), "Asia/Bangkok"),
        "Panama City": (D(2009, 3, 26), "America/Panama"),
        "Cairo": (D(2009, 4, 7), "Africa/Cairo"),
    }


def test_sessions_known_only_from_numerals_or_labels_have_unknown_kind(seeded):
    rows = dict(
        Session.objects.filter(
            key__in=[
                "council-71",
                "council-86",
                "council-88",
                "council-93",
                "council-99",
                "council-100",
            ]
        ).values_list("key", "kind")
    )
    assert set(rows.values()) == {"unknown"}
    assert Session.objects.get(key="council-86").start_date is None
    assert Session.objects.get(key="council-100").dates_label("en") == "December 2011"


def test_the_idm_themes_and_the_organization_named_like_a_date(seeded):
    from governance.models import AnnualTheme, Entity

    assert AnnualTheme.objects.get(year=2012).theme == "Managing Migration in Crisis Situations"
    assert Entity.objects.get(key="december-18").kind == "organization"


def test_every_seeded_session_cites_its_source(seeded):
    assert not Session.objects.filter(source_quote="").exists()


def test_the_documents_the_texts_cite_that_are_not_the_organizations_own(seeded):
    from collections import Counter

    from governance.models import DocumentReference

    external = DocumentReference.objects.exclude(issued_by="")
    assert external.count() == 30
    assert Counter(external.values_list("kind", flat=True)) == {
        "national_law": 8,
        "treaty": 5,
        "declaration": 7,
        "un": 7,
        "resolution": 1,
        "other": 2,
    }
    rows = {
        d.key: (d.symbol, d.kind, d.issued_by, d.issued_on)
        for d in external.filter(
            key__in=[
                "A/RES/65/170",
                "unsc-resolution-1244",
                "legislative-decree-286",
                "senate-bill-679",
                "cedaw",
            ]
        )
    }
    assert rows == {
        "A/RES/65/170": ("A/RES/65/170", "un", "UN General Assembly", None),
        "unsc-resolution-1244": (None, "un", "UN Security Council", None),
        "legislative-decree-286": (None, "national_law", "Italy", D(1998, 7, 25)),
        "senate-bill-679": (None, "national_law", "Philippines", None),
        "cedaw": (None, "treaty", "United Nations", None),
    }
    decree = external.get(key="legislative-decree-286")
    assert (decree.source_file, decree.source_line, decree.source_place) == (
        "004_508d62931b5e7fcf.txt",
        2581,
        "MC/2278, paragraph 209",
    )
    assert not external.filter(source_quote="").exists()
    assert not DocumentReference.objects.get(symbol="MC/2278").is_external


def test_the_organizations_own_bulletin_is_an_internal_document(seeded):
    from governance.models import DocumentReference

    bulletin = DocumentReference.objects.get(key="general-bulletin-2034")
    assert (bulletin.kind, bulletin.is_external, bulletin.issued_on) == (
        "internal",
        False,
        D(2008, 4, 15),
    )


def test_declarations_are_linked_to_the_meetings_that_adopted_them(seeded):
    from meetings.models import SessionDocument

    links = set(
        SessionDocument.objects.filter(role="reference").values_list(
            "document__key", "session__key"
        )
    )
    assert links == {
        ("abu-dhabi-declaration", "abu-dhabi-dialogue-2008"),
        ("puebla-process-2008-declaration", "puebla-process-2008-xiii"),
        ("gmg-joint-statement-migration-climate-change", "gmg-principals-2011-11"),
    }


def test_the_2008_agendas_as_the_directors_general_report_lists_them(seeded):
    from meetings.models import AgendaItem

    def agenda(key: str) -> list[tuple[str, str, str]]:
        return [
            (item.parent.label if item.parent else "", item.label, item.title)
            for item in AgendaItem.objects.filter(session__key=key).select_related("parent")
        ]

    counts = {
        key: AgendaItem.objects.filter(session__key=key).count()
        for key in ("scpf-2", "excom-105", "council-95", "scpf-3", "council-96")
    }
    assert counts == {"scpf-2": 12, "excom-105": 8, "council-95": 6, "scpf-3": 9, "council-96": 23}
    assert agenda("council-95") == [
        ("", "1", "Confirmation of the Bureau's composition"),
        ("", "2", "Applications for membership"),
        ("2", "(a)", "Application for membership from Mongolia"),
        ("2", "(b)", "Application for membership from the Republic of India"),
        ("2", "(c)", "Application for membership from the Somali Republic"),
        ("", "3", "Election of a Director General"),
    ]
    assert agenda("council-96")[1:6] == [
        ("", "2", "Applications for observership"),
        ("2", "(a)", "Application for observership from Saudi Arabia"),
        ("2", "(b)", "Application for observership from Qatar"),
        (
            "2",
            "(c)",
            "Application for observership from the Intergovernmental Authority on Development (IGAD)",
        ),
        ("2", "(d)", "Application for observership from December 18"),
    ]
    assert agenda("scpf-2")[6:9] == [
        (
            "",
            "7",
            "Exchange of views on items on policy, programme and financial issues proposed by the membership",
        ),
        ("7", "(a)", "Special item on migration health towards a multi-sectoral approach"),
        (
            "7",
            "(b)",
            "Review of Migration Initiatives 2007 and update on Migration Initiatives 2008",
        ),
    ]
    assert agenda("excom-105")[-1] == ("", "8", "Statement by the Director General")
    cluster = AgendaItem.objects.get(session__key="scpf-3", parent__label="5", label="(a)")
    assert (cluster.title, list(cluster.documents.values_list("symbol", flat=True))) == (
        "IOM and UN Reform, Including the Cluster Approach",
        ["SCPF/18"],
    )
    health = AgendaItem.objects.get(session__key="scpf-2", parent__label="7", label="(a)")
    assert list(health.documents.values_list("symbol", flat=True)) == ["SCPF/12"]
    assert (health.source_line, health.source_place) == (1805, "MC/2278, paragraph 126")
