"""load_seeds: idempotent, counted, all or nothing, with the file, the record and the reason."""

import shutil
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from governance.models import Body
from meetings.models import Meeting, ScheduleRevision, Session
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


def test_an_updated_seed_raises_the_sequence_as_an_edit_does(seed_dir):
    write(
        seed_dir,
        "meetings.yaml",
        """
        - {session: scpf-4, number: 7}
        - {session: scpf-4, number: 8, date: 2009-05-12}
        """,
    )

    def sequences() -> dict[str, int]:
        found = {"session": Session.objects.get(key="scpf-4").sequence}
        found |= {f"meeting {m.number}": m.sequence for m in Meeting.objects.all()}
        return found

    load_seeds(seed_dir)
    stamps = sorted(Meeting.objects.values_list("updated_at", flat=True))
    load_seeds(seed_dir)  # unchanged: nothing is raised, nothing saved
    assert sequences() == {"session": 0, "meeting 7": 0, "meeting 8": 0}
    assert sorted(Meeting.objects.values_list("updated_at", flat=True)) == stamps

    sessions = seed_dir / "sessions.yaml"
    sessions.write_text(sessions.read_text().replace("start: 2009-05-11", "start: 2009-05-10"))
    assert load_seeds(seed_dir).counts["sessions"].updated == 1
    # The undated meeting sits on the first day, so it moves with it; the dated one does not.
    assert sequences() == {"session": 1, "meeting 7": 1, "meeting 8": 0}

    meetings = seed_dir / "meetings.yaml"
    meetings.write_text(meetings.read_text().replace("2009-05-12", "2009-05-11"))
    assert load_seeds(seed_dir).counts["meetings"].updated == 1
    assert sequences() == {"session": 1, "meeting 7": 1, "meeting 8": 1}
    load_seeds(seed_dir)
    assert sequences() == {"session": 1, "meeting 7": 1, "meeting 8": 1}


def test_reloading_a_changed_copy_of_the_seeds_raises_only_what_changed(seeded, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(Path(settings.BASE_DIR) / "seeds" / "data", copy)
    before = dict(Session.objects.values_list("key", "sequence"))
    meeting = Meeting.objects.get(session__key="excom-105")
    assert load_seeds(copy).changed is False
    sessions = copy / "sessions.yaml"
    text = sessions.read_text()
    old = "key: excom-105, body: excom, number: 105, kind: regular, start: 2008-06-17, end: 2008-06-17"
    assert old in text
    sessions.write_text(text.replace(old, old.replace("end: 2008-06-17", "end: 2008-06-18")))
    report = load_seeds(copy)
    assert (report.counts["sessions"].updated, report.counts["meetings"].updated) == (1, 0)
    after = dict(Session.objects.values_list("key", "sequence"))
    assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {"excom-105": 1}
    # Its meeting has its own date (17 June): the new last day does not change its event.
    assert Meeting.objects.get(pk=meeting.pk).sequence == meeting.sequence
