"""The secretariat's admin: every page renders, changelists cost a fixed number of queries,
rescheduling records history, and the two permission groups do what they say."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import AnnualTheme, MembershipFigure, SourceDiscrepancy
from governance.roles import EDITORS, VIEWERS
from meetings.models import Admission, Election, ScheduleRevision, Session
from meetings.services import publishing
from meetings.services import sessions as services
from tests.factories import (
    AgendaItemFactory,
    BureauMemberFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    SessionFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def make_world(n: int = 1) -> None:
    """Rows for every model the admin shows."""
    venue = VenueFactory.create()
    for _ in range(n):
        session = SessionFactory.create(venue=venue)
        document = DocumentFactory.create()
        item = AgendaItemFactory.create(session=session)
        item.documents.add(document)
        MeetingFactory.create(session=session)
        BureauMemberFactory.create(session=session)
        decision = DecisionFactory.create(session=session)
        decision.documents.add(document)
        Admission.objects.create(decision=decision, membership=MembershipFactory.create())
        Election.objects.create(
            decision=DecisionFactory.create(
                session=session, kind="election", resolution_number=None
            ),
            office="Director General",
            person=PersonFactory.create(),
            rounds=3,
        )
        ScheduleRevision.objects.create(
            session=session,
            kind="announced",
            start_date=session.start_date,
            end_date=session.end_date,
        )
        MembershipFigure.objects.create(as_of=dt.date(2008, 12, 31), members=125)
        AnnualTheme.objects.create(body=session.body, year=2009, theme="Human rights and migration")
    SourceDiscrepancy.objects.get_or_create(
        key="line-2", defaults={"description": "Two amounts for Line 2"}
    )
    from django.utils import timezone

    from meetings.models import Delivery, PendingChange, SavedSearch, Subscriber

    session = Session.objects.latest("pk")
    for i in range(n):
        number = Subscriber.objects.count()
        subscriber = Subscriber.objects.create(
            email=f"s{number}@example.org", token_hash=f"{number:064d}"
        )
        change = PendingChange.objects.create(
            session=session, kind="changed", notify_after=timezone.now()
        )
        SavedSearch.objects.create(
            subscriber=subscriber, query=f"budget {i}", checked_until=timezone.now()
        )
        Delivery.objects.create(
            subscriber=subscriber,
            kind="change",
            session=session,
            change=change,
            occasion=f"change:{change.pk}:{i}",
            due_at=timezone.now(),
        )
    # Missions and their registrations to the sessions made above (each with its period).
    from governance.models import Mission
    from meetings.models import Registration, RegistrationPeriod

    for session in Session.objects.order_by("-pk")[:n]:
        RegistrationPeriod.objects.create(
            session=session,
            opens_at=timezone.now(),
            closes_at=timezone.now() + dt.timedelta(days=2),
        )
        mission = Mission.objects.create(entity=MembershipFactory.create().entity)
        Registration.objects.create(session=session, mission=mission, status="submitted")


def changelist_urls():
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_label in {"governance", "meetings"}
    ]


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw-boss-123")
    client.force_login(user)
    return client


def test_every_changelist_add_and_change_page_renders(superuser_client):
    make_world()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"governance", "meetings"}:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        response = superuser_client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert response.status_code == 200, model
        obj = model.objects.first()
        assert obj is not None, f"no {model.__name__} in the test world"
        response = superuser_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        assert response.status_code == 200, model
        if model_admin.has_add_permission(response.wsgi_request):
            assert (
                superuser_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
            ), model


def test_every_changelist_costs_the_same_queries_for_one_row_and_for_ten(superuser_client):
    make_world(1)
    small = {}
    for url in changelist_urls():
        with CaptureQueriesContext(connection) as queries:
            assert superuser_client.get(url).status_code == 200
        small[url] = len(queries)
    make_world(9)
    for url in changelist_urls():
        with CaptureQueriesContext(connection) as queries:
            superuser_client.get(url)
        assert len(queries) == small[url], (
            f"{url}: {small[url]} queries for 1 row, {len(queries)} for 10:\n"
            + "\n".join(q["sql"] for q in queries.captured_queries)
        )


def test_changing_dates_in_the_admin_records_a_schedule_revision(superuser_client):
    # Not yet published: the form's edit applies at once (a published one waits in its draft).
    session = SessionFactory(
        number=4, start_date=dt.date(2009, 5, 5), end_date=dt.date(2009, 5, 6), is_published=False
    )
    url = reverse("admin:meetings_session_change", args=[session.pk])
    form = superuser_client.get(url).context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data.update({"start_date": "2009-05-11", "end_date": "2009-05-12"})
    for prefix in (
        "revisions",
        "meetings",
        "agenda_items",
        "bureau_members",
        "session_documents",
        "decisions",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = superuser_client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    session.refresh_from_db()
    assert (session.start_date, session.sequence) == (dt.date(2009, 5, 11), 1)
    assert list(session.revisions.values_list("kind", flat=True)) == ["announced", "changed"]


def _posted(page) -> dict:
    """What a change or History page posts back unchanged (inline formsets included)."""
    form = page.context["adminform"].form
    data = {n: ("" if form[n].value() is None else form[n].value()) for n in form.fields}
    for inline in page.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.total_form_count()
        data[f"{formset.prefix}-INITIAL_FORMS"] = formset.initial_form_count()
        for subform in formset.forms:
            for name in subform.fields:
                value = subform[name].value()
                data[subform.add_prefix(name)] = "" if value is None else value
    return data


def _revert(client, record, admin_name: str) -> None:
    """Post the record's first version back from its History page."""
    url = reverse(
        f"admin:meetings_{admin_name}_simple_history",
        args=[record.pk, record.history.earliest().history_id],
    )
    response = client.post(url, _posted(client.get(url)))
    assert response.status_code == 302, response.context and response.context["adminform"].errors


@pytest.mark.parametrize("published", [False, True])
def test_a_revert_of_dates_from_history_is_a_reschedule_and_never_lowers_the_sequence(
    superuser_client, published
):
    session = SessionFactory(
        number=4, start_date=dt.date(2009, 5, 5), end_date=dt.date(2009, 5, 6), is_published=False
    )
    services.session_reschedule(
        session=session, start=dt.date(2009, 5, 11), end=dt.date(2009, 5, 12)
    )
    if published:
        publishing.session_publish(session=session)
    _revert(superuser_client, session, "session")
    if published:  # a published session's revert waits in its draft, as any edit does
        session.refresh_from_db()
        assert session.start_date == dt.date(2009, 5, 11)
        publishing.session_publish(session=session)
    session.refresh_from_db()
    assert (session.start_date, session.end_date, session.sequence) == (
        dt.date(2009, 5, 5),
        dt.date(2009, 5, 6),
        2,
    )
    assert list(session.revisions.order_by("position").values_list("kind", "start_date")) == [
        ("announced", dt.date(2009, 5, 5)),
        ("changed", dt.date(2009, 5, 11)),
        ("changed", dt.date(2009, 5, 5)),
    ]


def test_a_meeting_moved_in_the_session_inline_or_reverted_raises_its_own_sequence(
    superuser_client,
):
    session = SessionFactory(
        start_date=dt.date(2031, 5, 5), end_date=dt.date(2031, 5, 7), is_published=False
    )
    meeting = MeetingFactory(session=session, number=1, date=dt.date(2031, 5, 5))
    url = reverse("admin:meetings_session_change", args=[session.pk])
    data = _posted(superuser_client.get(url))
    data["meetings-0-date"] = "2031-05-06"
    assert superuser_client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.sequence) == (dt.date(2031, 5, 6), 1)
    session.refresh_from_db()
    assert session.sequence == 0  # the session's own calendar fields did not change
    _revert(superuser_client, meeting, "meeting")
    meeting.refresh_from_db()
    assert (meeting.date, meeting.sequence) == (dt.date(2031, 5, 5), 2)


def test_postpone_action_asks_for_new_dates_then_applies_them(superuser_client):
    session = SessionFactory(start_date=dt.date(2009, 6, 24), end_date=dt.date(2009, 6, 25))
    url = reverse("admin:meetings_session_changelist")
    page = superuser_client.post(
        url, {"action": "postpone_sessions", "_selected_action": [session.pk]}
    )
    assert page.status_code == 200 and b"New first day" in page.content
    superuser_client.post(
        url,
        {
            "action": "postpone_sessions",
            "_selected_action": [session.pk],
            "apply": "1",
            "start_date": "2009-06-29",
            "end_date": "2009-06-30",
            "reason": "No quorum",
            "source_reference": "NV/2009/4",
        },
    )
    session.refresh_from_db()
    assert (session.status, session.start_date, session.end_date) == (
        "postponed",
        dt.date(2009, 6, 29),
        dt.date(2009, 6, 30),
    )


def test_cancel_action(superuser_client):
    session = SessionFactory()
    url = reverse("admin:meetings_session_changelist")
    superuser_client.post(
        url,
        {
            "action": "cancel_sessions",
            "_selected_action": [session.pk],
            "apply": "1",
            "reason": "x",
            "source_text": "y",
        },
    )
    assert Session.objects.get(pk=session.pk).status == "cancelled"


def test_the_permission_groups_exist_after_migrate():
    editors = Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True)
    viewers = Group.objects.get(name=VIEWERS).permissions.values_list("codename", flat=True)
    assert {"change_session", "add_documentreference", "delete_bureaumember"} <= set(editors)
    assert "view_session" in viewers
    assert not [c for c in viewers if not c.startswith("view_")]


def test_viewer_reads_but_cannot_change(client, viewer):
    session = SessionFactory()
    client.force_login(viewer)
    url = reverse("admin:meetings_session_change", args=[session.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "cancelled"}).status_code == 403
    assert client.get(reverse("admin:meetings_session_add")).status_code == 403
    assert Session.objects.get(pk=session.pk).status == "tentative"


def test_editor_can_change(client, editor):
    session = SessionFactory()
    client.force_login(editor)
    client.post(
        reverse("admin:meetings_session_changelist"),
        {"action": "publish_sessions", "_selected_action": [session.pk]},
    )
    session.is_published = False
    session.save()
    client.post(
        reverse("admin:meetings_session_changelist"),
        {"action": "publish_sessions", "_selected_action": [session.pk]},
    )
    assert Session.objects.get(pk=session.pk).is_published


def test_source_citation_is_shown_on_the_change_form(superuser_client):
    session = SessionFactory(
        source_file="004_508d62931b5e7fcf.txt",
        source_line=177,
        source_place="MC/2278, paragraph 17",
        source_quote="The Ninety-fifth (Special) Session",
    )
    page = superuser_client.get(reverse("admin:meetings_session_change", args=[session.pk]))
    assert b"MC/2278, paragraph 17" in page.content


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_admin_login_with_an_unsafe_next_lands_on_the_admin_index(client, editor, unsafe):
    login = f"/admin/login/?next={unsafe}"
    page = client.get(login)
    assert page.status_code == 200 and page.context["next"] == "/admin/"
    response = client.post(
        login, {"username": "editor", "password": "pw-editor-123", "next": page.context["next"]}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    client.logout()
    # A form posted with the unsafe value itself is not followed either.
    response = client.post(
        login, {"username": "editor", "password": "pw-editor-123", "next": unsafe}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_admin_login_follows_a_safe_next(client, editor):
    target = reverse("admin:meetings_session_changelist")
    response = client.post(
        f"/admin/login/?next={target}",
        {"username": "editor", "password": "pw-editor-123", "next": target},
    )
    assert (response.status_code, response["Location"]) == (302, target)
    assert client.get("/admin/login/")["Location"] == "/admin/"


def test_view_on_site_needs_the_view_permission_of_the_record(client, viewer, django_user_model):
    from django.contrib.contenttypes.models import ContentType

    session = SessionFactory(key="council-99", is_published=False)
    link = reverse(
        "admin:view_on_site", args=[ContentType.objects.get_for_model(Session).pk, session.pk]
    )
    client.force_login(django_user_model.objects.create_user("bare", is_staff=True))
    response = client.get(link)
    assert response.status_code == 403 and "council-99" not in response.get("Location", "")
    client.force_login(viewer)
    assert client.get(link)["Location"].endswith(session.get_absolute_url())


def test_pending_changes_are_not_made_by_hand(superuser_client):
    response = superuser_client.post(reverse("admin:meetings_pendingchange_add"), {})
    assert response.status_code == 403


def test_viewers_cannot_run_enable_or_disable_scheduled_tasks(client, viewer):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    task = PeriodicTask.objects.create(
        name="scan",
        task="meetings.scan",
        interval=IntervalSchedule.objects.create(every=1, period="minutes"),
    )
    client.force_login(viewer)
    for action in ("disable_tasks", "toggle_tasks", "run_tasks", "enable_tasks"):
        client.post(
            reverse("admin:django_celery_beat_periodictask_changelist"),
            {"action": action, "_selected_action": [task.pk], "index": "0"},
        )
        task.refresh_from_db()
        assert task.enabled, action
