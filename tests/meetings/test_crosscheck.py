"""The cross-check finds every governance mention in the raw texts, and the data holds them all."""

import importlib.util
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from governance.models import DocumentReference
from meetings.seeding.crosscheck import crosscheck

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
spec = importlib.util.spec_from_file_location(
    "crosscheck_patterns", SEEDS / "crosscheck_patterns.py"
)
assert spec is not None and spec.loader is not None
patterns = importlib.util.module_from_spec(spec)
spec.loader.exec_module(patterns)


@pytest.mark.parametrize(
    ("text", "kind", "mention"),
    [
        ("may be found in document MC/EX/690.", "symbol", "MC/EX/690"),
        ("(for details see the document SCPF/18 “IOM and UN Reform", "symbol", "SCPF/18"),
        ('See also document WG/IOM-UN/1 "IOM-UN Relationship', "symbol", "WG/IOM-UN/1"),
        ("(MC/2216 and MC/2216/Corr.1/Rev.1),", "symbol", "MC/2216/Corr.1/Rev.1"),
        ("(2010, A/RES/65/170)", "symbol", "A/RES/65/170"),
        ("RESOLUTION No. 1150 (XCIII)", "resolution", "1150"),
        ("RESOLUTION No. 1150 (XCIII)", "session", "council-93"),
        ("Council Resolution No. 674 of 7 December 1983.", "resolution", "674"),
        (
            "During the Hundred and fifth Session of the Executive Committee, one meeting",
            "session",
            "excom-105",
        ),
        (
            "The date for the Hundred and Sixth Session of the Executive Committee was",
            "session",
            "excom-106",
        ),
        (
            "The dates for the Ninety Seventh (Special) Session of the Council were",
            "session",
            "council-97",
        ),
        ("held its Second Session on 5 and 6 May 2008", "session", "council-2"),
        (
            "The Standing Committee on Programmes and Finance (SCPF), which replaced the Subcommittee, held its Second Session on 5 May",
            "session",
            "scpf-2",
        ),
        (
            "Fifth Session\nof the Standing Committee on Programmes and Finance, last week",
            "session",
            "scpf-5",
        ),
        ("NINETY-NINTH SESSION", "session", "council-99"),
        (
            "Jordan, Syria, UNSC Resolution\n1244-administered Kosovo",
            "numbered",
            "unsc-resolution-1244",
        ),
        (
            "The General Bulletin No. 2034,\nissued on 15 April 2008",
            "numbered",
            "general-bulletin-2034",
        ),
        ("of Legislative Decree No. 286 of\n25 July 1998", "numbered", "legislative-decree-286"),
        ("the Italian Bill 733 on public security", "numbered", "bill-733"),
        ("the Philippine Senate Bill No. 679", "numbered", "senate-bill-679"),
        ("at its 100th Council Session held in December", "session", "council-100"),
        (
            "the deliberations of the Executive Committee at its Eighty-ninth Session held on 31 October 1995",
            "session",
            "excom-89",
        ),
    ],
)
def test_patterns_find_the_mentions(text, kind, mention):
    assert mention in patterns.scan(text)[kind]


@pytest.mark.parametrize(
    "text",
    [
        "Missions in Myanmar, Pakistan, Afghanistan, Jordan, Syria, UNSC Resolution 1244-administered Kosovo",
        "Italian bill No. 733 and Philippine Republic Act 8042",
        "the spring session of the SCPF",
    ],
)
def test_traps_are_not_the_organizations_own_mentions(text):
    found = patterns.scan(text)
    assert (found["symbol"], found["resolution"], found["session"]) == (set(), set(), set())


def test_others_documents_cited_by_number_are_numbered_mentions_only():
    found = patterns.scan(
        "Italian bill No. 733; the Philippine Senate Bill No. 679 and UNSC Resolution 1244"
    )
    assert found == {
        "symbol": set(),
        "resolution": set(),
        "session": set(),
        "numbered": {"bill-733", "senate-bill-679", "unsc-resolution-1244"},
    }


@pytest.mark.django_db
def test_the_seeded_data_covers_every_mention_in_the_texts(seeded):
    coverage = crosscheck()
    assert coverage.complete, "\n".join(coverage.table())
    found = set().union(
        *(mentions for (_, kind), mentions in coverage.found.items() if kind == "symbol")
    )
    assert {"MC/EX/690", "SCPF/18", "WG/IOM-UN/1", "MC/2216/Corr.1/Rev.1", "A/RES/65/170"} <= found
    numbered = coverage.found[("004_508d62931b5e7fcf.txt", "numbered")]
    assert numbered == {
        "unsc-resolution-1244",
        "general-bulletin-2034",
        "legislative-decree-286",
        "bill-733",
        "senate-bill-679",
    }


@pytest.mark.django_db
def test_a_missing_record_fails_the_crosscheck_command(seeded):
    DocumentReference.objects.filter(symbol="MC/EX/690").update(symbol=None)
    out = StringIO()
    with pytest.raises(CommandError, match="not in the data"):
        call_command("crosscheck_seeds", stdout=out)
    assert "missing from the data (004_508d62931b5e7fcf.txt, symbol): MC/EX/690" in out.getvalue()


@pytest.mark.django_db
def test_a_missing_law_cited_by_number_fails_the_crosscheck(seeded):
    DocumentReference.objects.filter(key="senate-bill-679").delete()
    coverage = crosscheck()
    assert coverage.missing[("004_508d62931b5e7fcf.txt", "numbered")] == {"senate-bill-679"}
