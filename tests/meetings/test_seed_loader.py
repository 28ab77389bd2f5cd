"""load_seeds: idempotent, counted, all or nothing, with the file, the record and the reason."""

import textwrap
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from governance.models import Body
from meetings.models import ScheduleRevision, Session
from meetings.seeding import SeedError, load_seeds

pytestmark = pytest.mark.django_db

SOURCE = '{file: 004_508d62931b5e7fcf.txt, line: 144, place: "MC/2278, paragraph 13", quote: "The Standing Committee on Programmes and Finance (SCPF), which replaced the"}'


def write(directory, name, body):
    (directory / name).write_text(textwrap.dedent(body), encoding="utf-8")


@pytest.fixture
def seed_dir(tmp_path):
    write(
        tmp_path,
        "bodies.yaml",
        f"""
        - key: scpf
          name: Standing Committee on Programmes and Finance
          acronym: SCPF
          kind: standing_committee
          predecessor: sbf
          sessions_per_year: 2
          is_private: true
          rules: {{notice_days_regular: 14, notice_days_special: 14}}
          source: {SOURCE}
        - key: sbf
          name: Subcommittee on Budget and Finance
          kind: subcommittee
          source: {SOURCE}
        """,
    )
    write(
        tmp_path,
        "sessions.yaml",
        f"""
        - key: scpf-4
          body: scpf
          number: 4
          kind: regular
          start: 2009-05-11
          end: 2009-05-12
          status: confirmed
          source: {SOURCE}
        """,
    )
    write(
        tmp_path,
        "schedule_revisions.yaml",
        f"""
        - {{session: scpf-4, order: 1, kind: announced, start: 2009-05-05, end: 2009-05-06, source: {SOURCE}}}
        - {{session: scpf-4, order: 2, kind: announced, start: 2009-05-04, end: 2009-05-05, conflicts_with_order: 1, source: {SOURCE}}}
        - {{session: scpf-4, order: 3, kind: changed, start: 2009-05-11, end: 2009-05-12, is_latest: true, source: {SOURCE}}}
        """,
    )
    return tmp_path


def test_first_load_creates_and_links_records(seed_dir):
    report = load_seeds(seed_dir)
    assert (report.counts["bodies"].created, report.counts["sessions"].created) == (2, 1)
    scpf = Body.objects.get(key="scpf")
    assert scpf.predecessor.key == "sbf"
    assert scpf.citation == "MC/2278, paragraph 13"
    latest = ScheduleRevision.objects.get(session__key="scpf-4", position=3)
    assert (latest.old_start.isoformat(), latest.is_latest) == ("2009-05-05", True)
    assert ScheduleRevision.objects.get(position=2).conflicts_with.position == 1


def test_second_load_changes_nothing_and_says_so(seed_dir):
    load_seeds(seed_dir)
    before = Session.objects.get(key="scpf-4").updated_at
    out = StringIO()
    call_command("load_seeds", "--dir", str(seed_dir), stdout=out)
    assert "Nothing changed." in out.getvalue()
    rows = {line.split()[0]: line.split()[1:] for line in out.getvalue().splitlines()[1:-1]}
    assert rows == {
        "bodies": ["0", "0", "2"],
        "sessions": ["0", "0", "1"],
        "schedule_revisions": ["0", "0", "3"],
    }
    assert Session.objects.get(key="scpf-4").updated_at == before


def test_a_changed_record_is_counted_as_updated(seed_dir):
    load_seeds(seed_dir)
    text = (seed_dir / "sessions.yaml").read_text().replace("status: confirmed", "status: held")
    (seed_dir / "sessions.yaml").write_text(text)
    report = load_seeds(seed_dir)
    assert (report.counts["sessions"].updated, report.counts["bodies"].unchanged) == (1, 2)


def test_a_malformed_record_is_refused_and_nothing_is_loaded(seed_dir):
    write(
        seed_dir,
        "sessions.yaml",
        """
        - key: scpf-4
          body: scpf
          number: 4
          start: 2009-05-11
        - key: scpf-5
          body: no-such-body
          number: 5
        """,
    )
    with pytest.raises(SeedError) as error:
        load_seeds(seed_dir)
    assert str(error.value) == "sessions.yaml, record 2 (key=scpf-5): unknown body 'no-such-body'"
    assert not Body.objects.exists()


def test_unknown_fields_and_bad_dates_are_reported(seed_dir):
    write(seed_dir, "sessions.yaml", "- {key: scpf-4, body: scpf, number: 4, start: 2009-13-01}\n")
    with pytest.raises(SeedError, match=r"start: '2009-13-01' is not a date"):
        load_seeds(seed_dir)
    write(seed_dir, "sessions.yaml", "- {key: scpf-4, body: scpf, number: 4, colour: red}\n")
    with pytest.raises(SeedError, match=r"unknown field\(s\): colour"):
        load_seeds(seed_dir)


def test_the_command_reports_refusal_without_a_traceback(seed_dir):
    write(seed_dir, "bodies.yaml", "- key: x\n  name: [unclosed\n")
    with pytest.raises(CommandError, match=r"Nothing was loaded\. bodies\.yaml: not valid YAML"):
        call_command("load_seeds", "--dir", str(seed_dir))
