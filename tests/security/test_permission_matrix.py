"""Who may do what: every admin URL and every API write operation, tried as anonymous, as a staff
account without permissions, as a Secretariat viewer and as a Secretariat editor.

Each case asserts the status; a write that is refused must leave every table as it was (a
fingerprint of all rows before and after), and a write that is allowed must change something (so
the payload is one that would have done harm). The admin URLs are walked from the root URLconf
and the API writes read from the OpenAPI description: one missing from the matrix fails
test_every_admin_url_is_in_the_matrix or test_every_api_write_is_in_the_matrix.

The rule the matrix states: viewers hold the view permission of every model of the managed apps,
editors every permission of them, a bare staff account none; an admin page needs view (or
change) to read, add/change/delete to write, and every admin action counts as a write that needs
change unless it declares its permissions. The API writes are for editors only.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from rest_framework.authtoken.models import Token
from simple_history.admin import SimpleHistoryAdmin

from governance.models import DocumentReference, DocumentVersion
from governance.roles import EDITORS, VIEWERS
from governance.services import document_file_attach
from meetings.services.csv_import import KINDS
from meetings.services.permission_groups import MANAGED_APPS
from tests.factories import BodyFactory, DocumentFactory, EntityFactory, SessionFactory
from tests.factories.files import pdf_bytes, upload
from tests.meetings.test_admin import make_world

if TYPE_CHECKING:
    from meetings.models import Session

ROLES = ("anonymous", "bare", "viewer", "editor")
ROLE_ACTIONS = {
    "anonymous": set(),
    "bare": set(),
    "viewer": {"view"},
    "editor": {"view", "add", "change", "delete"},
}
# Tables a request may write without changing data: the login session.
UNTRACKED_TABLES = {"django_session"}


def may(role: str, model, action: str) -> bool:
    return model._meta.app_label in MANAGED_APPS and action in ROLE_ACTIONS[role]


# --- the cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One request: its URL pattern (as walked from the URLconf), and the status per role."""

    id: str
    route: str
    method: str
    # Of the world (build_world); `...`, as the lambdas bind their loop values as defaults.
    url: Callable[..., str]
    expect: dict[str, int]
    data: Callable[..., Any] | None = None
    write: bool = False
    content_type: str | None = None
    # A write that may leave the data as it was even when allowed (a preview, an empty form).
    may_keep: bool = False
    # Anonymous is sent to the login page (the admin's views), not elsewhere.
    to_login: bool = True
    # The request ends the client's login, so it gets a client of its own.
    own_client: bool = False


def walk(patterns, prefix: str = "", namespace: str | None = None):
    """Every (route, name) under the URLconf, with namespaced names."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name


def admin_routes() -> dict[str, str]:
    """Route of every URL under /admin/, by name (unnamed ones by their route)."""
    routes: dict[str, str] = {}
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            routes.setdefault(name or route, route)
    return routes


ROUTES = admin_routes()


def superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return request


def staff_only(status_for_staff: int, anonymous: int = 302) -> dict[str, int]:
    return {
        "anonymous": anonymous,
        "bare": status_for_staff,
        "viewer": status_for_staff,
        "editor": status_for_staff,
    }


def by_permission(allowed: Callable[..., bool], yes: int, no: int = 403) -> dict[str, int]:
    return {role: 302 if role == "anonymous" else (yes if allowed(role) else no) for role in ROLES}


# Extra POST data an action needs to do its work (its intermediate page's answer).
ACTION_DATA = {
    "delete_selected": {"post": "yes"},
    "postpone_sessions": {
        "apply": "1",
        "start_date": "2031-06-02",
        "end_date": "2031-06-04",
        "reason": "Moved",
        "source_reference": "NV/2031/1",
    },
    "cancel_sessions": {"apply": "1", "reason": "Cancelled", "source_text": "Letter"},
}
# The world's task has a name no worker knows: "run" answers with a message and sends nothing.
ACTIONS_KEEPING = {"run_tasks"}
# Rows other rows of the world refer to (on_delete=PROTECT): an editor's delete is answered with
# the page that says what blocks it, and nothing is deleted.
PROTECTED = {
    "governance.body",
    "governance.entity",
    "governance.person",
    "meetings.venue",
    "meetings.session",
}


def editor_gets(expect: dict[str, int], status: int) -> dict[str, int]:
    return {**expect, "editor": status} if expect["editor"] != 403 else expect


def model_cases() -> list[Case]:
    cases = []
    request = superuser_request()
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        label = model._meta.label_lower
        # What the admin allows at all (some models are read-only there whatever the user holds).
        admin_allows = {
            "view": model_admin.has_view_permission(request),
            "add": model_admin.has_add_permission(request),
            "change": model_admin.has_change_permission(request),
            "delete": model_admin.has_delete_permission(request),
        }

        def allowed(action, model=model, admin_allows=admin_allows):
            return lambda role: admin_allows[action] and may(role, model, action)

        def reads(role, allowed=allowed):
            return allowed("view")(role) or allowed("change")(role)

        def obj_url(name, label=label, info=info):
            return lambda w: reverse(f"admin:{info}_{name}", args=[w.objects[label].pk])

        changelist = f"admin:{info}_changelist"
        cases += [
            Case(
                f"{label} changelist",
                ROUTES[changelist],
                "GET",
                lambda w, n=changelist: reverse(n),
                by_permission(reads, 200),
            ),
            Case(
                f"{label} add",
                ROUTES[f"admin:{info}_add"],
                "GET",
                lambda w, n=f"admin:{info}_add": reverse(n),
                by_permission(allowed("add"), 200),
            ),
            Case(
                f"{label} add POST",
                ROUTES[f"admin:{info}_add"],
                "POST",
                lambda w, n=f"admin:{info}_add": reverse(n),
                by_permission(allowed("add"), 200),
                data=lambda w: {},
                write=True,
                may_keep=True,
            ),
            Case(
                f"{label} change",
                ROUTES[f"admin:{info}_change"],
                "GET",
                obj_url("change"),
                by_permission(reads, 200),
            ),
            Case(
                f"{label} change POST",
                ROUTES[f"admin:{info}_change"],
                "POST",
                obj_url("change"),
                by_permission(allowed("change"), 302),
                data=lambda w, label=label: w.change_forms[label],
                write=True,
            ),
            Case(
                f"{label} history",
                ROUTES[f"admin:{info}_history"],
                "GET",
                obj_url("history"),
                by_permission(reads, 200),
            ),
            Case(
                f"{label} delete",
                ROUTES[f"admin:{info}_delete"],
                "GET",
                obj_url("delete"),
                by_permission(allowed("delete"), 200),
            ),
            Case(
                f"{label} delete POST",
                ROUTES[f"admin:{info}_delete"],
                "POST",
                obj_url("delete"),
                editor_gets(by_permission(allowed("delete"), 302), 200)
                if label in PROTECTED
                else by_permission(allowed("delete"), 302),
                data=lambda w: {"post": "yes"},
                write=True,
                may_keep=label in PROTECTED,
            ),
            Case(
                f"{label} redirect to change",
                f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/",
                "GET",
                lambda w, label=label: f"/admin/{label.replace('.', '/')}/{w.objects[label].pk}/",
                staff_only(302),
            ),
        ]
        if isinstance(model_admin, SimpleHistoryAdmin):
            name = f"admin:{info}_simple_history"

            def version_url(w, label=label, name=name):
                obj = w.objects[label]
                return reverse(name, args=[obj.pk, obj.history.earliest().history_id])

            cases += [
                Case(
                    f"{label} version", ROUTES[name], "GET", version_url, by_permission(reads, 200)
                ),
                Case(
                    f"{label} revert POST",
                    ROUTES[name],
                    "POST",
                    version_url,
                    by_permission(allowed("change"), 302),
                    data=lambda w, label=label: w.version_forms[label],
                    write=True,
                ),
            ]
        actions = model_admin.get_actions(request).items()
        # The stubs allow an action to be None; Django gives none such.
        for action, (func, _name, _description) in actions:  # type: ignore[misc]
            needs = set(getattr(func, "allowed_permissions", ())) or {"change"}

            def runs(role, needs=needs, allowed=allowed):
                return all(allowed(n)(role) for n in needs)

            expect = by_permission(runs, 302)
            # Without the action a reader's POST is an ordinary look at the list.
            expect.update({r: 200 for r in ROLES if expect[r] == 403 and reads(r)})
            keeps = action in ACTIONS_KEEPING or (
                action == "delete_selected" and label in PROTECTED
            )
            if action == "delete_selected" and label in PROTECTED:
                expect = editor_gets(expect, 200)
            cases.append(
                Case(
                    f"{label} action {action}",
                    ROUTES[changelist],
                    "POST",
                    lambda w, n=changelist: reverse(n),
                    expect,
                    data=lambda w, label=label, action=action: {
                        "action": action,
                        "_selected_action": [w.objects[label].pk],
                        "index": "0",
                        **ACTION_DATA.get(action, {}),
                    },
                    write=True,
                    may_keep=keeps,
                )
            )
    return cases


def session_url(name: str, *args) -> Callable[[Any], str]:
    return lambda w: reverse(
        f"admin:meetings_session_{name}",
        args=[w.objects["meetings.session"].pk if a == "pk" else a for a in args],
    )


def holds(model, action):
    return lambda role: may(role, model, action)


def site_cases() -> list[Case]:
    from governance.models import Body
    from meetings.admin.secretariat import CSV_MODELS
    from meetings.models import Delivery, Registration, Session

    r = ROUTES
    sessions_add = holds(Session, "add")
    sessions_change = holds(Session, "change")
    cases = [
        Case("index", r["admin:index"], "GET", lambda w: reverse("admin:index"), staff_only(200)),
        Case(
            "login",
            r["admin:login"],
            "GET",
            lambda w: reverse("admin:login"),
            staff_only(302, anonymous=200),
        ),
        Case(
            "logout",
            r["admin:logout"],
            "POST",
            lambda w: reverse("admin:logout"),
            staff_only(200),
            to_login=False,
            own_client=True,
        ),
        Case(
            "password change",
            r["admin:password_change"],
            "GET",
            lambda w: reverse("admin:password_change"),
            staff_only(200),
        ),
        Case(
            "password change POST (wrong password)",
            r["admin:password_change"],
            "POST",
            lambda w: reverse("admin:password_change"),
            staff_only(200),
            data=lambda w: {
                "old_password": "not-it",
                "new_password1": "Xx-98765-long",
                "new_password2": "Xx-98765-long",
            },
            write=True,
            may_keep=True,
        ),
        Case(
            "password change done",
            r["admin:password_change_done"],
            "GET",
            lambda w: reverse("admin:password_change_done"),
            staff_only(200),
        ),
        Case(
            "jsi18n", r["admin:jsi18n"], "GET", lambda w: reverse("admin:jsi18n"), staff_only(200)
        ),
        Case(
            "autocomplete",
            r["admin:autocomplete"],
            "GET",
            lambda w: (
                reverse("admin:autocomplete")
                + "?app_label=meetings&model_name=session&field_name=body&term=Co"
            ),
            by_permission(holds(Body, "view"), 200),
        ),
        Case(
            "view on site",
            r["admin-view-on-site"],
            "GET",
            lambda w: reverse(
                "admin:view_on_site",
                args=[
                    ContentType.objects.get_for_model(Session).pk,
                    w.objects["meetings.session"].pk,
                ],
            ),
            by_permission(holds(Session, "view"), 302),
        ),
        Case(
            "mission invite",
            r["admin:governance_mission_invite"],
            "GET",
            lambda w: reverse("admin:governance_mission_invite", args=[w.mission.pk]),
            by_permission(lambda role: role == "editor", 200),
        ),
        Case(
            "mission invite POST",
            r["admin:governance_mission_invite"],
            "POST",
            lambda w: reverse("admin:governance_mission_invite", args=[w.mission.pk]),
            by_permission(lambda role: role == "editor", 302),
            data=lambda w: {"email": "focal@matrixland.example", "role": "focal_point"},
            write=True,
        ),
        Case(
            "registration return",
            r["admin:meetings_registration_return"],
            "GET",
            lambda w: reverse("admin:meetings_registration_return", args=[w.registration.pk]),
            by_permission(holds(Registration, "change"), 200),
        ),
        Case(
            "registration return POST",
            r["admin:meetings_registration_return"],
            "POST",
            lambda w: reverse("admin:meetings_registration_return", args=[w.registration.pk]),
            by_permission(holds(Registration, "change"), 302),
            data=lambda w: {"reason": "The letter is not signed."},
            write=True,
        ),
        Case(
            "registration letter",
            r["admin:meetings_registration_letter"],
            "GET",
            lambda w: reverse("admin:meetings_registration_letter", args=[w.registration.pk]),
            by_permission(holds(Registration, "view"), 200),
        ),
        Case(
            "credentials report",
            r["admin:meetings_registration_credentials"],
            "GET",
            lambda w: reverse(
                "admin:meetings_registration_credentials", args=[w.registration.session_id]
            ),
            by_permission(holds(Registration, "view"), 200),
        ),
        Case(
            "unknown admin page",
            r["admin/(?P<url>.*)$"],
            "GET",
            lambda w: "/admin/no-such-page/",
            staff_only(404),
        ),
        Case(
            "deleted records",
            r["deleted-records"],
            "GET",
            lambda w: reverse("deleted-records"),
            by_permission(holds(Body, "view"), 200),
        ),
        Case(
            "deleted records restore POST",
            r["deleted-records"],
            "POST",
            lambda w: reverse("deleted-records"),
            by_permission(holds(Body, "add"), 302),
            data=lambda w: {"model": "governance.body", "history_id": w.deleted_history_id},
            write=True,
        ),
        Case(
            "user password",
            r["admin:auth_user_password_change"],
            "GET",
            lambda w: reverse("admin:auth_user_password_change", args=[w.users["bare"].pk]),
            by_permission(lambda role: False, 200),
        ),
        Case(
            "user password POST",
            r["admin:auth_user_password_change"],
            "POST",
            lambda w: reverse("admin:auth_user_password_change", args=[w.users["bare"].pk]),
            by_permission(lambda role: False, 302),
            data=lambda w: {"password1": "Xx-98765-long", "password2": "Xx-98765-long"},
            write=True,
        ),
        # The secretariat's pages (SecretariatSessionAdmin.get_urls).
        Case(
            "plan a year",
            r["admin:meetings_session_plan_year"],
            "GET",
            session_url("plan_year"),
            by_permission(sessions_add, 200),
        ),
        Case(
            "plan a year POST",
            r["admin:meetings_session_plan_year"],
            "POST",
            session_url("plan_year"),
            by_permission(sessions_add, 302),
            data=lambda w: {"year": "2032", "confirm": "1"},
            write=True,
        ),
        Case(
            "special session",
            r["admin:meetings_session_special"],
            "GET",
            session_url("special"),
            by_permission(sessions_add, 200),
        ),
        Case(
            "special session POST",
            r["admin:meetings_session_special"],
            "POST",
            session_url("special"),
            by_permission(sessions_add, 302),
            data=lambda w: {
                "body": w.objects["governance.body"].pk,
                "requested_on": "2031-03-01",
                "start_date": "2031-04-20",
                "end_date": "2031-04-21",
                "name": "",
            },
            write=True,
        ),
        Case(
            "compliance",
            r["admin:meetings_session_compliance"],
            "GET",
            session_url("compliance"),
            by_permission(holds(Session, "view"), 200),
        ),
        Case(
            "import",
            r["admin:meetings_session_import"],
            "GET",
            session_url("import"),
            by_permission(sessions_add, 200),
        ),
        Case(
            "import POST",
            r["admin:meetings_session_import"],
            "POST",
            session_url("import"),
            by_permission(lambda role: sessions_add(role) and sessions_change(role), 302),
            data=lambda w: {
                "kind": "sessions",
                "confirm": "1",
                "text": "body,number,start_date\ncouncil,98,2031-11-23\n",
            },
            write=True,
        ),
        Case(
            "draft",
            r["admin:meetings_session_draft"],
            "GET",
            session_url("draft", "pk"),
            by_permission(sessions_change, 200),
        ),
        Case(
            "draft publish POST",
            r["admin:meetings_session_draft"],
            "POST",
            session_url("draft", "pk"),
            by_permission(sessions_change, 302),
            data=lambda w: {
                "agenda": "1 | Opening of the session",
                "documents": "",
                "publish": "1",
            },
            write=True,
        ),
        Case(
            "reschedule",
            r["admin:meetings_session_reschedule"],
            "GET",
            session_url("reschedule", "pk"),
            by_permission(sessions_change, 200),
        ),
        Case(
            "reschedule POST",
            r["admin:meetings_session_reschedule"],
            "POST",
            session_url("reschedule", "pk"),
            by_permission(sessions_change, 302),
            data=lambda w: {
                "start_date": "2031-06-02",
                "end_date": "2031-06-04",
                "reason": "Hall under renovation",
                "source_reference": "NV/2031/2",
            },
            write=True,
        ),
        Case(
            "agenda state",
            r["admin:meetings_session_agenda_state"],
            "GET",
            session_url("agenda_state", "pk"),
            by_permission(sessions_change, 200),
        ),
        Case(
            "agenda state POST",
            r["admin:meetings_session_agenda_state"],
            "POST",
            session_url("agenda_state", "pk"),
            by_permission(sessions_change, 302),
            data=lambda w: {"state": "provisional", "on": "2030-11-01", "document": "", "note": ""},
            write=True,
        ),
        # The desk's Resend (DeliveryAdmin.get_urls): the world's delivery has failed.
        Case(
            "resend a failed delivery POST",
            r["admin:meetings_delivery_resend"],
            "POST",
            lambda w: reverse(
                "admin:meetings_delivery_resend", args=[w.objects["meetings.delivery"].pk]
            ),
            by_permission(holds(Delivery, "change"), 302),
            write=True,
        ),
        Case(
            "resend a failed delivery GET",
            r["admin:meetings_delivery_resend"],
            "GET",
            lambda w: reverse(
                "admin:meetings_delivery_resend", args=[w.objects["meetings.delivery"].pk]
            ),
            by_permission(holds(Delivery, "change"), 405),
        ),
        Case(
            "export of an unknown kind",
            r["admin:meetings_session_export"],
            "GET",
            session_url("export", "nothing"),
            by_permission(holds(Session, "view"), 302),
        ),
    ]
    for kind in KINDS:
        model = CSV_MODELS[kind]
        cases.append(
            Case(
                f"export {kind}",
                r["admin:meetings_session_export"],
                "GET",
                session_url("export", kind),
                by_permission(holds(model, "view"), 200),
            )
        )
    app_labels = sorted(
        {m._meta.app_label for m in apps.get_models() if admin.site.is_registered(m)}
    )
    for app_label in app_labels:
        cases.append(
            Case(
                f"app index {app_label}",
                r["admin:app_list"],
                "GET",
                lambda w, a=app_label: reverse("admin:app_list", args=[a]),
                by_permission(
                    lambda role, a=app_label: a in MANAGED_APPS and bool(ROLE_ACTIONS[role]),
                    200,
                    no=404,
                ),
            )
        )
    return cases


# Each API write operation of the OpenAPI description: a payload an editor's request succeeds
# with, the editor's status, and which session it goes to (the published one by default).
API_WRITES: dict[tuple[str, str], tuple[Callable[[Any], Any], int, str]] = {
    ("POST", "/api/v1/documents/"): (lambda w: {"symbol": "MC/4999", "title": "New"}, 201, ""),
    ("POST", "/api/v1/sessions/"): (
        lambda w: {
            "body": "council",
            "number": 150,
            "kind": "regular",
            "start_date": "2031-11-24",
            "end_date": "2031-11-27",
        },
        201,
        "",
    ),
    ("PUT", "/api/v1/sessions/{key}/"): (
        lambda w: {
            "key": w.unpublished.key,
            "body": "council",
            "number": w.unpublished.number,
            "kind": "regular",
            "start_date": "2031-09-01",
            "end_date": "2031-09-02",
        },
        200,
        "unpublished",
    ),
    ("PATCH", "/api/v1/sessions/{key}/"): (lambda w: {"theme": "Migration"}, 200, "unpublished"),
    ("POST", "/api/v1/sessions/{key}/reschedule/"): (
        lambda w: {"start_date": "2031-06-02", "end_date": "2031-06-04"},
        200,
        "",
    ),
    ("POST", "/api/v1/sessions/{key}/cancel/"): (lambda w: {"note": "No quorum"}, 200, ""),
    ("POST", "/api/v1/sessions/{key}/publish/"): (lambda w: {}, 200, "unpublished"),
    ("POST", "/api/v1/sessions/{key}/agenda-items/"): (
        lambda w: {"title": "Any other business", "label": "9"},
        201,
        "unpublished",
    ),
    ("POST", "/api/v1/sessions/{key}/agenda-states/"): (
        lambda w: {"state": "provisional", "on": "2030-11-01"},
        201,
        "",
    ),
    ("PUT", "/api/v1/sessions/{key}/draft/"): (
        lambda w: {"values": {"theme": "Migration and climate"}},
        200,
        "",
    ),
    ("DELETE", "/api/v1/sessions/{key}/draft/"): (lambda w: None, 204, "drafted"),
    ("POST", "/api/v1/planning/year/"): (lambda w: {"year": 2032, "commit": True}, 201, ""),
    ("POST", "/api/v1/planning/special-sessions/"): (
        lambda w: {"body": "council", "requested_on": "2031-03-01", "start_date": "2031-04-20"},
        201,
        "",
    ),
    # A language version's file, of the world's restricted document (multipart; the delete
    # removes the file build_world gave it).
    ("POST", "/api/v1/documents/{key}/versions/{language}/file/"): (
        lambda w: {"file": upload("new.pdf", pdf_bytes("New file"))},
        201,
        "file-upload",
    ),
    ("DELETE", "/api/v1/documents/{key}/versions/{language}/file/"): (
        lambda w: None,
        204,
        "file-delete",
    ),
    ("POST", "/api/v1/imports/{kind}/"): (
        lambda w: "body,number,start_date\ncouncil,97,2031-11-23\n",
        200,
        "csv",
    ),
    # Delegations are written with a mission's API token only (tests/security/test_portal_matrix.py
    # walks those): the secretariat's accounts read registrations, every write is refused.
    ("POST", "/api/v1/registrations/"): (
        lambda w: {"session": w.registration.session.key},
        403,
        "registration",
    ),
    ("POST", "/api/v1/registrations/{id}/delegates/"): (
        lambda w: {"position": "head", "name": "Head", "email": "head@matrixland.example"},
        403,
        "registration",
    ),
    ("DELETE", "/api/v1/registrations/{id}/delegates/{delegate_id}/"): (
        lambda w: None,
        403,
        "registration",
    ),
    ("POST", "/api/v1/registrations/{id}/letter/"): (
        lambda w: {"letter": upload("letter.pdf", pdf_bytes("Letter"))},
        403,
        "registration-upload",
    ),
    ("POST", "/api/v1/registrations/{id}/submit/"): (lambda w: None, 403, "registration"),
    ("POST", "/api/v1/registrations/{id}/withdraw/"): (lambda w: None, 403, "registration"),
}


def schema_writes() -> list[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in {"POST", "PUT", "PATCH", "DELETE"}
    )


def api_cases() -> list[Case]:
    cases = []
    for (method, path), (payload, status, which) in API_WRITES.items():

        def url(w, path=path, which=which):
            session = {"unpublished": w.unpublished, "drafted": w.drafted}.get(
                which, w.objects["meetings.session"]
            )
            query = "?commit=1" if which == "csv" else ""
            if which.startswith("registration"):
                return path.replace("{id}", str(w.registration.pk)).replace("{delegate_id}", "1")
            if which.startswith("file-"):
                language = "fr" if which == "file-upload" else "en"
                return path.replace("{key}", w.filed.key).replace("{language}", language)
            return path.replace("{key}", session.key).replace("{kind}", "sessions") + query

        cases.append(
            Case(
                f"API {method} {path}",
                path,
                method,
                url,
                {"anonymous": 401, "bare": 403, "viewer": 403, "editor": status},
                data=payload,
                write=True,
                content_type={
                    "csv": "text/csv",
                    "file-upload": None,
                    "registration-upload": None,
                }.get(which, "application/json"),
            )
        )
    return cases


CASES = model_cases() + site_cases()
API_CASES = api_cases()


# --- the world: realistic rows of every model, built once for the module ---------------------


class World:
    """What the cases act on (build_world)."""

    users: dict[str, Any]
    unpublished: Session
    drafted: Session
    filed: DocumentReference  # with a file in English
    deleted_history_id: int
    objects: dict[str, Model]
    change_forms: dict[str, dict[str, Any]]
    version_forms: dict[str, dict[str, Any]]
    mission: Any = None
    registration: Any = None


def form_payload(response) -> dict:
    """What a browser posts back from an admin form page: every field as shown; the inline
    formsets' management forms empty, so their rows are left alone."""
    data: dict[str, Any] = {}
    for bound in response.context["adminform"].form:
        data.update(field_data(bound))
    for inline in response.context.get("inline_admin_formsets") or []:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def field_data(bound) -> dict:
    widget = bound.field.widget
    widget = getattr(widget, "widget", widget)  # the admin's related-object wrapper
    value, name = bound.value(), bound.html_name
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if value else {}
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        # The stubs know neither widgets_names (set by MultiWidget) nor that decompress gives a list.
        suffixes = widget.widgets_names  # type: ignore[attr-defined]
        return {
            f"{name}{suffix}": sub.format_value(part) or ""
            for suffix, sub, part in zip(suffixes, widget.widgets, parts, strict=True)  # type: ignore[arg-type]
        }
    if isinstance(widget, forms.widgets.ChoiceWidget):
        values = widget.format_value(value)
        return {name: values if widget.allow_multiple_selected else (values[0] if values else "")}
    formatted = widget.format_value(value)
    return {name: "" if formatted is None else formatted}


def build_world() -> World:
    from governance.models import Body, SourceDiscrepancy
    from meetings.models import Delivery, Session
    from meetings.services import publishing

    make_world(1)
    # Failed for good, so that a resend (the desk's button, the list action) has work to do.
    Delivery.objects.update(state="failed", attempts=5, error="SMTPServerDisconnected: gone")
    w = World()
    User = get_user_model()
    # No usable passwords: nothing here logs in with one, and hashing is slow.
    w.users = {
        role: User.objects.create_user(role, f"{role}@example.org", None, is_staff=True)
        for role in ("bare", "viewer", "editor")
    }
    w.users["viewer"].groups.add(Group.objects.get(name=VIEWERS))
    w.users["editor"].groups.add(Group.objects.get(name=EDITORS))
    Token.objects.create(user=w.users["bare"])
    body = Body.objects.get()
    body.sessions_per_year, body.usual_months = 1, [11]
    body.save()
    w.unpublished = SessionFactory.create(
        body=body, key="council-301", number=301, is_published=False
    )
    w.drafted = SessionFactory.create(body=body, key="council-302", number=302)
    publishing.session_edit(session=w.drafted, fields={"theme": "Drafted"}, by=None)
    w.filed = DocumentFactory.create(symbol="MC/3999", access="restricted", is_published=False)
    document_file_attach(
        version=DocumentVersion.objects.create(document=w.filed, language="en"),
        upload=upload("filed.pdf", pdf_bytes("Filed")),
    )
    gone = BodyFactory.create(key="sbf", name="Subcommittee on Budget and Finance")
    gone.delete()
    SourceDiscrepancy.objects.update(quotes=["Line 2: 1,000", "Line 2: 1,100"])
    w.deleted_history_id = Body.history.filter(key="sbf", history_type="-").get().history_id
    interval = IntervalSchedule.objects.create(every=10, period="minutes")
    CrontabSchedule.objects.create(minute="5")
    SolarSchedule.objects.create(event="sunrise", latitude=46.2, longitude=6.1)
    ClockedSchedule.objects.create(clocked_time=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    # A task name no worker knows, so "run" ends in a message and sends nothing to the broker.
    PeriodicTask.objects.create(name="matrix", task="tests.no-such-task", interval=interval)
    from governance.models import Mission
    from meetings.models import Registration, RegistrationPeriod

    w.mission = Mission.objects.create(
        entity=EntityFactory.create(key="matrixland", short_name="Matrixland")
    )
    # A submitted registration with its letter, for the secretariat's checks.
    registered = Session.objects.filter(is_published=True).exclude(pk=w.drafted.pk).get()
    now = timezone.now()
    # make_world may have opened it already.
    RegistrationPeriod.objects.update_or_create(
        session=registered, defaults={"opens_at": now, "closes_at": now + dt.timedelta(days=3)}
    )
    w.registration = Registration.objects.create(
        session=registered, mission=w.mission, status="submitted"
    )
    w.registration.letter.save("letter.pdf", ContentFile(pdf_bytes("Credentials")), save=False)
    w.registration.letter_name, w.registration.letter_media_type = "letter.pdf", "application/pdf"
    w.registration.save()
    w.objects = {}
    for model in apps.get_models():
        if admin.site.is_registered(model):
            obj = model._default_manager.order_by("-pk").first()
            if model is Session:
                obj = Session.objects.filter(is_published=True).exclude(pk=w.drafted.pk).first()
            if model is get_user_model():
                obj = w.users["bare"]
            assert obj is not None, f"no {model.__name__} in the world"
            w.objects[model._meta.label_lower] = obj
    # What the editor's browser would post back from each change form and version page.
    editor = logged_in("editor", w)
    w.change_forms, w.version_forms = {}, {}
    for case in CASES:
        if case.id.endswith(" change POST"):
            label = case.id.removesuffix(" change POST")
            page = editor.get(case.url(w))
            w.change_forms[label] = form_payload(page) if page.status_code == 200 else {}
        if case.id.endswith(" revert POST"):
            label = case.id.removesuffix(" revert POST")
            w.version_forms[label] = form_payload(editor.get(case.url(w)))
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the module, inside a transaction rolled back at its end; each test runs in a
    savepoint of it (pytest-django's db fixture), so no test sees another's writes."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # A refused password change still runs the hasher once (Django evens out timings).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def fingerprint() -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row, per table, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(fingerprint_sql())
        return {name: (count, digest) for name, count, digest in cursor.fetchall()}


@functools.cache
def fingerprint_sql() -> str:
    tables = sorted(set(connection.introspection.table_names()) - UNTRACKED_TABLES)
    # An order-free sum of row hashes: no sort, and any changed, added or removed row shows.
    sql = " UNION ALL ".join(
        f"SELECT '{t}', count(*), coalesce(sum(hashtextextended(x::text, 0)), 0)::text "
        f'FROM "{t}" x'
        for t in tables
    )
    return sql


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


def logged_in(role: str, w: World) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(w.users[role])
    return client


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    """One logged-in client per role for the module (their sessions live in the module's
    transaction, so each test's rollback leaves them)."""
    with django_db_blocker.unblock():
        return {role: logged_in(role, world) for role in ROLES}


def attempt(case: Case, role: str, w: World, client: Client):
    if case.own_client:
        client = logged_in(role, w)
    url = case.url(w)
    data = case.data(w) if case.data else None
    before = fingerprint() if case.write else None
    method = getattr(client, case.method.lower())
    if case.content_type == "application/json":
        response = method(
            url, json.dumps(data) if data is not None else "", content_type="application/json"
        )
    elif case.content_type:
        response = method(url, data, content_type=case.content_type)
    elif case.method == "GET":
        response = method(url)
    else:
        response = method(url, data or {})
    after = fingerprint() if case.write else None
    return response, before, after


def check(case: Case, role: str, w: World, client: Client) -> None:
    response, before, after = attempt(case, role, w, client)
    expected = case.expect[role]
    assert response.status_code == expected, (
        f"{case.id} as {role}: {response.status_code}, expected {expected}"
    )
    if role == "anonymous" and expected == 302 and case.to_login:
        assert response["Location"].startswith("/admin/login/"), response["Location"]
    if not case.write:
        return
    changed = changed_tables(before, after)
    if role != "editor" or expected in (401, 403, 404):
        assert changed == [], f"{case.id} as {role} changed {changed}"
    elif not case.may_keep:
        assert changed, f"{case.id} as editor changed nothing: the payload proves nothing"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_admin_url(case, role, world, clients, db, postgres_only):
    check(case, role, world, clients[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", API_CASES, ids=[c.id for c in API_CASES])
def test_api_write(case, role, world, clients, db, postgres_only):
    check(case, role, world, clients[role])


def test_every_admin_url_is_in_the_matrix():
    covered = {case.route for case in CASES}
    missing = sorted(set(ROUTES.values()) - covered)
    assert missing == [], f"admin URLs without a row in the permission matrix: {missing}"


def test_every_api_write_is_in_the_matrix():
    listed = {(case.method, case.route) for case in API_CASES}
    missing = [op for op in schema_writes() if op not in listed]
    stale = sorted(listed - set(schema_writes()))
    assert (missing, stale) == ([], []), "API writes missing from (or stale in) the matrix"
