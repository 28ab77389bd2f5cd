"""The secretariat's year in the admin: each page works for an editor and keeps what it says."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import AgendaVersion, Session, SessionDraft
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeetingFactory,
    SessionFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, editor):
    client.force_login(editor)
    return client


def url(name, *args):
    return reverse(f"admin:meetings_session_{name}", args=args)


def test_plan_a_year_previews_then_creates(staff):
    council = BodyFactory(sessions_per_year=1, usual_months=[11])
    preview = staff.post(url("plan_year"), {"year": 2027, "preview": "1"})
    assert preview.status_code == 200 and b"Create 1 tentative session" in preview.content
    assert not Session.objects.exists()
    done = staff.post(url("plan_year"), {"year": 2027, "confirm": "1"})
    assert done.status_code == 302 and "start_date__year=2027" in done["Location"]
    session = Session.objects.get()
    assert (session.body, session.status, session.is_published) == (council, "tentative", False)


def test_plan_a_year_shows_a_numbering_clash_and_refuses_to_create_it(staff):
    council = BodyFactory(acronym="MC", sessions_per_year=1, usual_months=[11])
    SessionFactory(body=council, number=98, start_date=dt.date(2009, 11, 23))
    SessionFactory(body=council, number=99, start_date=None, end_date=None)
    preview = staff.post(url("plan_year"), {"year": 2010, "preview": "1"})
    assert (
        "Clashes with" in preview.content.decode() and "dates not known" in preview.content.decode()
    )
    refused = staff.post(url("plan_year"), {"year": 2010, "confirm": "1"})
    assert refused.status_code == 200
    assert "MC 99: the number is already taken" in refused.content.decode()
    assert Session.objects.count() == 2


def test_plan_a_year_refuses_a_bad_year(staff):
    response = staff.post(url("plan_year"), {"year": "twenty", "preview": "1"})
    assert response.status_code == 200 and b"Enter a whole number" in response.content


def test_a_special_session_request_from_the_admin(staff):
    council = BodyFactory()
    response = staff.post(
        url("special"),
        {"body": council.pk, "requested_on": "2027-03-01", "start_date": "2027-04-20"},
    )
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == url("change", session.pk)
    assert (session.kind, session.requested_on) == ("special", dt.date(2027, 3, 1))
    bad = staff.post(
        url("special"),
        {"body": council.pk, "requested_on": "2027-03-01", "start_date": "2027-02-01"},
    )
    assert bad.status_code == 200 and b"before it was requested" in bad.content


def test_the_compliance_view_shows_each_deadline(staff, settings):
    SessionFactory(
        start_date=dt.date.today() + dt.timedelta(days=20),
        notice_sent_on=dt.date.today() - dt.timedelta(days=1),
    )
    response = staff.get(url("compliance"))
    body = response.content.decode()
    assert response.status_code == 200 and "Met late" in body and "Convened late" in body


def test_editing_a_published_session_in_the_form_keeps_a_draft_until_published(staff):
    venue = VenueFactory()
    session = SessionFactory(
        venue=venue, start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6)
    )
    page = staff.get(url("change", session.pk))
    form = page.context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data.update(start_date="2031-05-11", end_date="2031-05-12")
    for prefix, formset in (
        (f.formset.prefix, f.formset) for f in page.context["inline_admin_formsets"]
    ):
        data[f"{prefix}-TOTAL_FORMS"] = formset.total_form_count()
        data[f"{prefix}-INITIAL_FORMS"] = formset.initial_form_count()
        for i, sub in enumerate(formset.forms):
            for name in sub.fields:
                value = sub[name].value()
                data[f"{prefix}-{i}-{name}"] = "" if value is None else value
    response = staff.post(url("change", session.pk), data, follow=True)
    assert b"Saved as unpublished edits" in response.content
    # Back on the form, the pending dates beside the published ones; no "changed successfully".
    assert response.redirect_chain == [(url("change", session.pk), 302)]
    assert b"was changed successfully" not in response.content
    pending = response.content.decode().split('id="pending-edits"')[1].split("</table>")[0]
    assert "<td>2031-05-05</td><td><strong>2031-05-11</strong></td>" in pending
    session.refresh_from_db()
    assert session.start_date == dt.date(2031, 5, 5)
    assert SessionDraft.objects.get().fields == {
        "start_date": "2031-05-11",
        "end_date": "2031-05-12",
    }
    page = staff.get(url("draft", session.pk))
    assert b"2031-05-11" in page.content
    staff.post(url("draft", session.pk), {"agenda": "1 | Opening", "documents": "", "publish": "1"})
    session.refresh_from_db()
    assert session.start_date == dt.date(2031, 5, 11) and not SessionDraft.objects.exists()
    assert list(session.agenda_items.values_list("title", flat=True)) == ["Opening"]


def test_a_bad_agenda_line_is_refused_and_nothing_saved(staff):
    session = SessionFactory()
    AgendaItemFactory(session=session, label="1", title="Opening")
    response = staff.post(url("draft", session.pk), {"agenda": "just a title", "save": "1"})
    assert response.status_code == 200 and b"label | title" in response.content
    assert not SessionDraft.objects.exists()


def test_agenda_states_from_the_admin(staff):
    session = SessionFactory(start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 6))
    staff.post(url("agenda_state", session.pk), {"state": "provisional", "on": "2031-04-01"})
    bad = staff.post(url("agenda_state", session.pk), {"state": "revised", "on": "2031-05-05"})
    assert b"adopt it first" in bad.content
    assert list(AgendaVersion.objects.values_list("state", flat=True)) == ["provisional"]


def test_import_previews_then_commits_on_confirmation(staff):
    BodyFactory()
    text = "body,number,start_date,end_date\ncouncil,99,2027-11-23,2027-11-26\ncouncil,x,,\n"
    preview = staff.post(url("import"), {"kind": "sessions", "text": text, "preview": "1"})
    body = preview.content.decode()
    assert "1 to create, 0 to change, 0 unchanged, 1 refused." in body
    assert "number: not a whole number" in body and not Session.objects.exists()
    done = staff.post(url("import"), {"kind": "sessions", "text": text, "confirm": "1"})
    assert done.status_code == 302 and Session.objects.get().number == 99


def test_import_of_an_unreadable_upload_says_why(staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("year.csv", b"\xff\xfe\x00b", content_type="text/csv")
    response = staff.post(url("import"), {"kind": "sessions", "file": upload, "preview": "1"})
    assert response.status_code == 200 and b"not UTF-8" in response.content


def test_export_downloads_csv(staff):
    SessionFactory(key="council-99")
    response = staff.get(url("export", "sessions"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().splitlines()[1].startswith("council-99,council,")
    assert staff.get(url("export", "nothing")).status_code == 302


def test_viewers_cannot_plan_or_import(client, viewer):
    client.force_login(viewer)
    assert client.get(url("plan_year")).status_code == 403
    assert client.get(url("import")).status_code == 403


@pytest.fixture
def bare(client, django_user_model):
    """A staff account with no permissions at all."""
    client.force_login(django_user_model.objects.create_user("bare", is_staff=True))
    return client


def test_a_staff_account_without_permissions_gets_403_from_every_secretariat_page(bare):
    from tests.factories import DocumentFactory

    session = SessionFactory(key="council-99", is_published=False)
    DocumentFactory(symbol="MC/2216", access="restricted", is_published=False)
    for page in (
        url("export", "sessions"),
        url("export", "documents"),
        url("export", "nothing"),
        url("compliance"),
        url("plan_year"),
        url("special"),
        url("import"),
        url("draft", session.pk),
        url("agenda_state", session.pk),
        "/admin/deleted-records/",
    ):
        response = bare.get(page)
        assert response.status_code == 403, page
        assert b"council-99" not in response.content and b"MC/2216" not in response.content


def test_each_csv_export_needs_the_view_permission_of_what_it_holds(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("sessions-only", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_session", content_type__app_label="meetings")
    )
    client.force_login(user)
    SessionFactory(key="council-99")
    assert client.get(url("export", "sessions")).status_code == 200
    assert client.get(url("compliance")).status_code == 200
    assert client.get(url("export", "documents")).status_code == 403
    assert client.get(url("export", "meetings")).status_code == 403


def test_an_import_needs_add_and_change_of_what_it_writes(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("adds-sessions", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_session", "change_session", "view_session"],
            content_type__app_label="meetings",
        )
    )
    client.force_login(user)
    BodyFactory()
    text = "symbol,title\nMC/2300,A report\n"
    refused = client.post(url("import"), {"kind": "documents", "text": text, "confirm": "1"})
    assert refused.status_code == 403
    from governance.models import DocumentReference

    assert not DocumentReference.objects.exists()
    sessions = "body,number,start_date\ncouncil,99,2027-11-23\n"
    done = client.post(url("import"), {"kind": "sessions", "text": sessions, "confirm": "1"})
    assert done.status_code == 302 and Session.objects.get().number == 99


def test_viewers_read_the_compliance_view_and_exports_but_cannot_publish(client, viewer):
    session = SessionFactory(key="council-99", is_published=False)
    client.force_login(viewer)
    assert client.get(url("compliance")).status_code == 200
    assert client.get(url("export", "sessions")).status_code == 200
    assert client.post(url("draft", session.pk), {"publish": "1"}).status_code == 403
    session.refresh_from_db()
    assert not session.is_published


def test_meeting_times_are_entered_and_shown_in_the_venues_time_zone(staff):
    bangkok = VenueFactory(key="bangkok", name="Bangkok", city="Bangkok", timezone="Asia/Bangkok")
    session = SessionFactory(
        venue=bangkok, start_date=dt.date(2031, 3, 5), end_date=dt.date(2031, 3, 6)
    )
    meeting = MeetingFactory(
        session=session, starts_at=dt.datetime(2031, 3, 5, 2, 0, tzinfo=dt.UTC)
    )
    meeting_url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = staff.get(meeting_url)
    form = page.context["adminform"].form
    # 02:00Z is 09:00 in Bangkok (the form rendered in the venue's zone).
    assert 'name="starts_at_1" value="09:00:00"' in page.content.decode()
    assert "Times on this page are in the venue's time zone, Asia/Bangkok." in page.content.decode()
    data = {n: ("" if form[n].value() is None else form[n].value()) for n in form.fields}
    data.update({"starts_at_0": "2031-03-05", "starts_at_1": "10:30", "session": session.pk})
    data.pop("starts_at")
    data.update({"ends_at_0": "", "ends_at_1": ""})
    data.pop("ends_at", None)
    response = staff.post(meeting_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert meeting.starts_at == dt.datetime(2031, 3, 5, 3, 30, tzinfo=dt.UTC)


def test_a_body_without_recorded_rules_is_in_the_deadlines_view_until_its_rules_are_recorded(
    staff,
):
    """The Executive Committee's rules of procedure are in none of the sources: its sessions are
    listed, say why they have no deadlines and link to where an officer records the rules; once
    recorded (with their citation), the deadlines follow from them."""
    excom = BodyFactory(
        name="Executive Committee",
        acronym="ExCom",
        kind="governing_body",
        notice_days_regular=None,
        notice_days_special=None,
        special_notice_within_days=None,
    )
    SessionFactory(body=excom, start_date=dt.date.today() + dt.timedelta(days=60))
    workshop = BodyFactory(
        name="Dialogue workshops", kind="dialogue_forum", notice_days_regular=None
    )
    SessionFactory(body=workshop, start_date=dt.date.today() + dt.timedelta(days=61))
    before = staff.get(url("compliance")).content.decode()
    assert "recorded for the Dialogue workshops" not in before
    assert "No rules of procedure are recorded for the Executive Committee" in before
    body_url = reverse("admin:governance_body_change", args=[excom.pk])
    assert f'href="{body_url}"' in before

    page = staff.get(body_url)
    form = page.context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data = {name: value for name, value in data.items() if value is not False}
    data.update(notice_days_regular=30, rules_citation="Rules of Procedure of the ExCom, Rule 4")
    saved = staff.post(body_url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors

    after = staff.get(url("compliance")).content.decode()
    assert "No rules of procedure are recorded" not in after
    assert "30 days before a regular session (Rules of Procedure of the ExCom, Rule 4)" in after


def test_the_seeded_rules_of_procedure_carry_their_citation(seeded):
    from governance.models import Body

    rules = {b.key: (b.notice_days_regular, b.rules_citation) for b in Body.objects.all()}
    assert rules["council"] == (30, "Rules of Procedure of the Council, Rule 4")
    assert rules["scpf"] == (
        14,
        "Rules of Procedure of the Standing Committee on Programmes and Finance, Rule 4",
    )
    assert rules["excom"] == (None, "")


def test_a_form_wide_error_is_shown_once(staff):
    council = BodyFactory()
    bad = staff.post(
        url("special"),
        {"body": council.pk, "requested_on": "2027-03-01", "start_date": "2027-02-01"},
    )
    assert bad.content.decode().count("before it was requested") == 1
