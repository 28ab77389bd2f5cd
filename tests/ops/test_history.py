"""History of governance records: who changed what and when, shown in the admin; a deleted
record can be restored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from simple_history.utils import update_change_reason

from governance import history
from governance.models import Body
from meetings.models import Session, Tombstone
from tests.factories import (
    BodyFactory,
    BureauMemberFactory,
    DecisionFactory,
    DocumentFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def test_each_change_is_kept_with_who_and_when(client, editor):
    client.force_login(editor)
    body = BodyFactory()
    url = reverse("admin:governance_body_change", args=[body.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {n: ("" if form[n].value() is None else form[n].value()) for n in form.fields}
    data.update(rhythm="Twice a year")
    for f in page.context["inline_admin_formsets"]:
        data[f"{f.formset.prefix}-TOTAL_FORMS"] = 0
        data[f"{f.formset.prefix}-INITIAL_FORMS"] = 0
    assert client.post(url, data).status_code == 302
    latest = body.history.first()
    assert (latest.rhythm, latest.history_user, latest.history_type) == (
        "Twice a year",
        editor,
        "~",
    )
    assert body.history.count() == 2
    page = client.get(reverse("admin:governance_body_history", args=[body.pk]))
    assert page.status_code == 200 and b"editor" in page.content


def test_the_history_page_reads_like_a_change_log(client, editor):
    client.force_login(editor)
    body = BodyFactory(rhythm="Once a year")
    body.rhythm = "Twice a year"
    body.save()
    update_change_reason(body, "Rules of procedure amended")
    body.save()  # a save that changes nothing: no empty row
    page = client.get(reverse("admin:governance_body_history", args=[body.pk])).content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")
    assert rows == 2  # created, then the one change
    assert "<strong>Usual rhythm</strong>: Once a year &rarr; Twice a year" in page
    assert "Reason: Rules of procedure amended" in page
    assert "None" not in page.split("<tbody>")[1]


@pytest.mark.parametrize(
    "make",
    [
        lambda: SessionFactory(start_date=dt.date(2031, 5, 5)),
        lambda: BureauMemberFactory(),
        lambda: DecisionFactory(),
    ],
)
def test_a_deleted_record_is_restored_with_its_id(make, editor):
    record = make()
    model, pk = type(record), record.pk
    record.delete()
    (deleted,) = [d for d in history.deleted_records() if d.model_label == model._meta.label_lower]
    restored = history.restore_deleted(
        model_label=deleted.model_label, history_id=deleted.history_id, by=editor
    )
    assert restored.pk == pk and model.objects.filter(pk=pk).exists()
    assert not [d for d in history.deleted_records() if d.model_label == model._meta.label_lower]


def test_restoring_drops_the_api_tombstone():
    session = SessionFactory(key="council-99")
    session.delete()
    assert Tombstone.objects.filter(key="council-99").exists()
    (deleted,) = [d for d in history.deleted_records() if d.model_label == "meetings.session"]
    history.restore_deleted(model_label="meetings.session", history_id=deleted.history_id)
    assert not Tombstone.objects.filter(key="council-99").exists()


def test_a_child_cannot_come_back_before_its_parent():
    member = BureauMemberFactory()
    session = member.session
    session.delete()  # the bureau member goes with it
    child = next(d for d in history.deleted_records() if d.model_label == "meetings.bureaumember")
    with pytest.raises(ValidationError, match="cannot be restored"):
        history.restore_deleted(model_label="meetings.bureaumember", history_id=child.history_id)
    parent = next(d for d in history.deleted_records() if d.model_label == "meetings.session")
    history.restore_deleted(model_label="meetings.session", history_id=parent.history_id)
    history.restore_deleted(model_label="meetings.bureaumember", history_id=child.history_id)
    assert Session.objects.get().bureau_members.count() == 1


def test_restore_from_the_admin(client, editor):
    client.force_login(editor)
    body = BodyFactory(key="sbf", name="Subcommittee on Budget and Finance")
    body.delete()
    page = client.get("/admin/deleted-records/")
    assert page.status_code == 200 and b"Subcommittee on Budget and Finance" in page.content
    (deleted,) = history.deleted_records()
    response = client.post(
        "/admin/deleted-records/",
        {"model": "governance.body", "history_id": deleted.history_id},
        follow=True,
    )
    assert b"Restored" in response.content and Body.objects.filter(key="sbf").exists()
    bad = client.post(
        "/admin/deleted-records/", {"model": "auth.user", "history_id": "1"}, follow=True
    )
    assert b"keeps no history" in bad.content


def test_viewers_cannot_restore(client, viewer):
    client.force_login(viewer)
    assert (
        client.post(
            "/admin/deleted-records/", {"model": "governance.body", "history_id": 1}
        ).status_code
        == 403
    )


def version_form(client, document):
    """The complete form of a document's first version, as its history page shows it."""
    url = reverse(
        "admin:governance_documentreference_simple_history",
        args=[document.pk, document.history.earliest().history_id],
    )
    page = client.get(url)
    form = page.context["adminform"].form
    data = {n: ("" if form[n].value() is None else form[n].value()) for n in form.fields}
    return url, page, data


def test_a_viewer_cannot_revert_or_rewrite_a_record_through_its_history(client, viewer, editor):
    document = DocumentFactory(symbol="MC/2216", access="restricted")
    client.force_login(editor)
    url, _page, data = version_form(client, document)
    client.force_login(viewer)
    data.update(access="public", title="Rewritten")
    versions = document.history.count()
    assert client.post(url, data).status_code == 403
    document.refresh_from_db()
    assert (document.access, document.history.count()) == ("restricted", versions)
    assert document.title != "Rewritten"


def test_a_viewer_sees_a_version_read_only(client, viewer):
    document = DocumentFactory(symbol="MC/2216")
    client.force_login(viewer)
    _url, page, _data = version_form(client, document)
    assert page.status_code == 200 and page.context["revert_disabled"]
    html = page.content.decode()
    assert '<fieldset disabled class="history-read-only">' in html
    assert 'value="Revert"' not in html


def test_a_staff_account_without_permissions_cannot_open_a_version(
    client, editor, django_user_model
):
    document = DocumentFactory(symbol="MC/2216")
    client.force_login(editor)
    url, _page, data = version_form(client, document)
    client.force_login(django_user_model.objects.create_user("bare", is_staff=True))
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403


def test_an_editor_reverts_a_record_to_an_earlier_version(client, editor):
    document = DocumentFactory(symbol="MC/2216", title="First title")
    document.title = "Second title"
    document.save()
    client.force_login(editor)
    url, page, data = version_form(client, document)
    assert not page.context["revert_disabled"] and 'value="Revert"' in page.content.decode()
    assert client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.title == "First title"


def test_deleted_records_need_a_view_permission_and_restoring_the_add_permission(
    client, viewer, django_user_model
):
    BodyFactory(key="sbf", name="Subcommittee on Budget and Finance").delete()
    (deleted,) = history.deleted_records()
    client.force_login(django_user_model.objects.create_user("bare", is_staff=True))
    assert client.get("/admin/deleted-records/").status_code == 403
    client.force_login(viewer)
    page = client.get("/admin/deleted-records/")
    assert page.status_code == 200 and b"Subcommittee on Budget and Finance" in page.content
    assert b'value="Restore"' not in page.content
    refused = client.post(
        "/admin/deleted-records/", {"model": "governance.body", "history_id": deleted.history_id}
    )
    assert refused.status_code == 403 and not Body.objects.filter(key="sbf").exists()
