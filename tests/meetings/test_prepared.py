"""Prepared queries give what their querysets give, in one query, compiled once."""

import datetime as dt

import pytest
from django.db.models import Count, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings import selectors
from meetings.models import AgendaItem, BureauMember, ScheduleRevision, Session
from meetings.prepared import Prepared, PreparedError, PreparedRows
from meetings.querysets import ROLE_ORDER

pytestmark = pytest.mark.django_db


def rows(objects, *paths):
    """Each object as the values it holds along the given attribute paths."""

    def value(obj, path):
        for name in path.split("."):
            obj = getattr(obj, name) if obj is not None else None
        return obj

    return [tuple(value(obj, path) for path in paths) for obj in objects]


SESSION_PATHS = (
    "pk",
    "key",
    "start_date",
    "end_date",
    "updated_at",
    "is_published",
    "body.key",
    "body.name_fr",
    "venue.timezone",
    "report.symbol",
)


def test_select_related_rows_equal_the_querysets_for_every_session(seeded):
    by_key = Prepared(
        lambda key: Session.objects.filter(key=key).select_related("body", "venue", "report"), str
    )
    for session in Session.objects.select_related("body", "venue", "report"):
        assert rows(by_key(session.key), *SESSION_PATHS) == rows([session], *SESSION_PATHS)
    assert by_key("no-such-session") == []


def test_orderings_and_annotations_survive(seeded):
    bureau = Prepared(
        lambda session: (
            BureauMember.objects.filter(session_id=session)
            .select_related("person", "state")
            .annotate(offices=Count("state__bureau_seats"))
            .order_by(ROLE_ORDER, "is_acting")
        ),
        int,
    )
    for session in Session.objects.filter(bureau_members__isnull=False).distinct():
        expected = (
            BureauMember.objects.filter(session=session)
            .select_related("person", "state")
            .annotate(offices=Count("state__bureau_seats"))
            .order_by(ROLE_ORDER, "is_acting")
        )
        paths = ("pk", "role", "person.name", "state.short_name", "offices")
        assert rows(bureau(session.pk), *paths) == rows(expected, *paths)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(today=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_a_date_argument_used_twice_is_bound_in_both_places(seeded, today):
    upcoming = Session.objects.public().upcoming(today).order_by("start_date", "pk")
    expected = [s.key for s in upcoming.select_related("body", "venue")[:12]]
    assert [s.key for s in selectors.home_data(today)["upcoming"]] == expected


def test_pages_and_counts_match_slices_of_the_queryset(seeded):
    queryset = Session.objects.public().for_listing().order_by("start_date", "pk")
    prepared = PreparedRows(Prepared(lambda: queryset.all(), paged=True))
    total = queryset.count()
    assert prepared.count() == total > 20
    for start, stop in ((0, 5), (5, 25), (total - 3, total + 10), (total + 5, total + 9)):
        assert [s.key for s in prepared[start:stop]] == [s.key for s in queryset[start:stop]]


def test_one_query_a_call(seeded, django_assert_num_queries):
    items = Prepared(lambda session: AgendaItem.objects.filter(session_id=session), int)
    session = Session.objects.get(key="council-96")
    expected = session.agenda_items.count()
    items(session.pk)  # compiled here, on first use
    with django_assert_num_queries(1):
        found = items(session.pk)
    assert len(found) == expected > 0


def test_sql_that_depends_on_an_argument_is_refused():
    with pytest.raises(PreparedError, match="changes with the arguments"):
        Prepared(lambda n: Session.objects.all()[: abs(n)], int)(3)
    with pytest.raises(PreparedError, match="not used"):
        Prepared(lambda key: Session.objects.all(), str)("x")
    with pytest.raises(PreparedError, match="prefetch_related"):
        Prepared(lambda: Session.objects.prefetch_related("meetings"))()


def test_a_values_list_gives_the_querysets_tuples(seeded):
    def listed(body):
        return (
            Session.objects.filter(body__key=body)
            .order_by("start_date", "pk")
            .values_list("key", "start_date", "updated_at", "venue__timezone", "report__key")
        )

    prepared = Prepared(listed, str, paged=True)
    for body in ("council", "scpf", "no-such-body"):
        expected = list(listed(body))
        assert prepared(body, limit=1000) == expected
        assert prepared(body, limit=2, offset=1) == expected[1:3]
    assert any(row[3] is None for row in prepared("council", limit=1000))  # no venue: None


@pytest.mark.parametrize("shape", ["values", "flat", "named"])
def test_other_shapes_of_rows_are_refused(shape):
    queryset = Session.objects.filter(key="x")
    queryset = {
        "values": queryset.values("key"),
        "flat": queryset.values_list("key", flat=True),
        "named": queryset.values_list("key", named=True),
    }[shape]
    with pytest.raises(PreparedError, match="values_list"):
        Prepared(lambda: queryset)()


def test_arguments_must_match_the_declared_ones():
    by_key = Prepared(lambda key: Session.objects.filter(key=key), str)
    with pytest.raises(TypeError, match="takes 1 arguments"):
        by_key()


def test_a_filter_on_two_arguments_of_two_kinds(seeded):
    both = Prepared(
        lambda key, day: ScheduleRevision.objects.filter(
            Q(session__key=key) & (Q(start_date__gte=day) | Q(start_date__isnull=True))
        ).order_by("pk"),
        str,
        dt.date,
    )
    for day in (dt.date(2000, 1, 1), dt.date(2009, 5, 8), dt.date(2030, 1, 1)):
        expected = ScheduleRevision.objects.filter(
            Q(session__key="scpf-4") & (Q(start_date__gte=day) | Q(start_date__isnull=True))
        ).order_by("pk")
        assert [r.pk for r in both("scpf-4", day)] == [r.pk for r in expected]


def _state(obj):
    """Everything an instance holds: its attributes, its state and the related objects cached."""
    values = {k: v for k, v in vars(obj).items() if k != "_state"}
    related = {
        name: None if other is None else _state(other)
        for name, other in obj._state.fields_cache.items()
    }
    return values, obj._state.adding, obj._state.db, related


def test_instances_hold_exactly_what_the_querysets_instances_hold(seeded):
    listing = Prepared(
        lambda: Session.objects.public().for_listing().order_by("start_date", "pk"), paged=True
    )
    expected = list(Session.objects.public().for_listing().order_by("start_date", "pk")[:500])
    found = listing(limit=500)
    assert listing._compiled["default"].fast is not None  # made without Model.__init__
    assert [_state(s) for s in found] == [_state(s) for s in expected]
    assert all(s._loaded for s in found)  # what CalendarTracked.from_db remembers


def test_a_tracked_change_on_a_prepared_instance_raises_the_sequence(seeded):
    by_key = Prepared(lambda key: Session.objects.filter(key=key), str)
    (session,) = by_key("council-96")
    before = session.sequence
    session.start_date += dt.timedelta(days=1)
    session.save()
    session.refresh_from_db()
    assert session.sequence == before + 1


def test_instances_go_through_init_when_something_listens_for_it(seeded):
    from django.db.models.signals import post_init

    by_key = Prepared(lambda key: Session.objects.filter(key=key).select_related("body"), str)
    by_key("council-96")  # planned with no receivers
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(type(instance).__name__)

    post_init.connect(receiver, sender=Session)
    try:
        (session,) = by_key("council-96")
    finally:
        post_init.disconnect(receiver, sender=Session)
    assert seen == ["Session"]
    assert session.body.key == "council" and session._loaded


def test_two_arguments_of_one_kind_each_go_to_their_own_place(seeded):
    by_body_and_kind = Prepared(
        lambda body, kind: Session.objects.filter(body__key=body, kind=kind).order_by("pk"),
        str,
        str,
    )
    for body, kind in (("council", "special"), ("council", "regular"), ("scpf", "regular")):
        expected = Session.objects.filter(body__key=body, kind=kind).order_by("pk")
        assert [s.pk for s in by_body_and_kind(body, kind)] == [s.pk for s in expected]
    assert by_body_and_kind("regular", "council") == []


def test_statements_run_together_give_what_each_gives_alone(seeded, django_assert_num_queries):
    from meetings.prepared import together

    session = Session.objects.get(key="council-96")
    items = Prepared(lambda session: AgendaItem.objects.filter(session_id=session), int)
    bureau = Prepared(lambda session: BureauMember.objects.filter(session_id=session), int)
    listing = Prepared(lambda: Session.objects.public().order_by("start_date", "pk"), paged=True)
    alone = (items(session.pk), bureau(session.pk), listing(limit=7, offset=3), listing.count())
    with django_assert_num_queries(4):
        found = together(
            items.rows(session.pk),
            bureau.rows(session.pk),
            listing.rows(limit=7, offset=3),
            listing.counted(),
        )
    assert [[o.pk for o in objs] for objs in found[:3]] == [[o.pk for o in a] for a in alone[:3]]
    assert found[3] == alone[3] > 7
    assert together() == []


def test_a_failing_statement_run_together_raises_djangos_error_and_loses_nothing(seeded):
    from django.db import DatabaseError, transaction

    from meetings.prepared import Statement, together

    items = Prepared(lambda session: AgendaItem.objects.filter(session_id=session), int)
    broken = Statement("SELECT no_such_column FROM meetings_session", [], "default", list)
    with pytest.raises(DatabaseError), transaction.atomic():
        together(items.rows(1), broken)
    assert Session.objects.filter(key="council-96").exists()  # the connection still works
