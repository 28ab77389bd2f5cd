"""The search index's rows for the calendar's records: sessions, their meetings and agenda items,
decisions and resolutions, and the people of the bureaus (governance/services/search_index.py
holds the writes and governance's own records).

A session's rows and everything shown only through it (meetings, agenda items, decisions taken
at it, its documents, whose audience follows its publication, and the people of its bureau) are
written again by ``session_index``, which the services that change a session call in their own
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from governance.domain.languages import LANGUAGES, in_language
from governance.domain.ordinals import ordinal_number
from governance.models import DocumentReference, Person, SearchEntry, SearchKind
from governance.models.search import SearchAudience
from governance.paths import path_for
from governance.services.search_index import (
    CHUNK,
    SearchEntryData,
    document_index,
    documents_index,
    register_builder,
    register_indexer,
    search_index_remove,
    search_index_replace,
)
from meetings.models import AgendaItem, BureauMember, Decision, Meeting, Session

MEETING_WORD = {"en": "meeting", "fr": "séance", "es": "sesión"}
RESOLUTION_WORD = {"en": "Resolution No.", "fr": "Résolution n°", "es": "Resolución n.º"}


def _session_audience(session: Session | None) -> str:
    if session is None or session.is_published:
        return SearchAudience.PUBLIC
    return SearchAudience.SECRETARIAT


def _session_year(session: Session) -> int | None:
    return session.start_date.year if session.start_date else None


def _session_path(session: Session, anchor: str = "") -> str:
    return path_for("meetings:session-detail", key=session.key) + anchor


def session_entries(session: Session) -> list[SearchEntryData]:
    """A session in the three languages (its title is built in each)."""
    text = " ".join(
        part
        for part in (session.theme, session.venue.name if session.venue else "", session.notes)
        if part
    )
    return [
        SearchEntryData(
            kind=SearchKind.SESSION,
            key=session.key,
            path=_session_path(session),
            title=session.title_in(language),
            language=language,
            text=text if language == "en" else session.theme,
            body=session.body.key,
            body_acronym=session.body.acronym,
            year=_session_year(session),
            audience=_session_audience(session),
        )
        for language in LANGUAGES
    ]


def meeting_entries(meeting: Meeting, session: Session) -> list[SearchEntryData]:
    entries = []
    for language in LANGUAGES:
        if meeting.number:
            label = f"{ordinal_number(meeting.number, language)} {MEETING_WORD[language]}"
        else:
            label = meeting.title or str(meeting.date or "")
        entries.append(
            SearchEntryData(
                kind=SearchKind.MEETING,
                key=str(meeting.pk),
                path=_session_path(session, "#meetings-heading"),
                title=f"{label}, {session.title_in(language)}",
                language=language,
                text=meeting.title if meeting.number else "",
                body=session.body.key,
                body_acronym=session.body.acronym,
                year=meeting.date.year if meeting.date else _session_year(session),
                audience=_session_audience(session),
                session=session.key,
            )
        )
    return entries


def agenda_item_entries(item: AgendaItem, session: Session) -> list[SearchEntryData]:
    entries = []
    for language in LANGUAGES:
        title, got = in_language(item, "title", language)
        if got != language and language != "en":
            continue
        entries.append(
            SearchEntryData(
                kind=SearchKind.AGENDA_ITEM,
                key=str(item.pk),
                path=_session_path(session, "#agenda-heading"),
                title=f"{item.label} {title}".strip(),
                language=language,
                text=session.title_in(language),
                body=session.body.key,
                body_acronym=session.body.acronym,
                year=_session_year(session),
                audience=_session_audience(session),
                session=session.key,
            )
        )
    return entries


def decision_entries(decision: Decision) -> list[SearchEntryData]:
    """A decision in each language its title is in; a resolution under its number (the
    ``symbol`` "1150", so the number alone finds it)."""
    session = decision.session
    path = (
        _session_path(session, "#decisions-heading")
        if session is not None
        else path_for("meetings:resolutions")
    )
    year = decision.adopted_on.year if decision.adopted_on else None
    entries = []
    for language in LANGUAGES:
        title, got = in_language(decision, "title", language)
        if got != language and language != "en" and not decision.resolution_number:
            continue  # a resolution's label is in every language, its title or not
        if decision.resolution_number:
            numeral = f" ({decision.numeral})" if decision.numeral else ""
            label = f"{RESOLUTION_WORD[language]} {decision.resolution_number}{numeral}"
            title = f"{label}: {title}" if title else label
        entries.append(
            SearchEntryData(
                kind=SearchKind.DECISION,
                key=decision.key,
                path=path,
                title=title or decision.key,
                language=language,
                text=decision.notes if language == "en" else "",
                symbol=str(decision.resolution_number or ""),
                body=session.body.key if session is not None else "",
                body_acronym=session.body.acronym if session is not None else "",
                year=year,
                audience=_session_audience(session),
                session=session.key if session is not None else "",
            )
        )
    return entries


def person_entries(person: Person, offices: list[BureauMember]) -> list[SearchEntryData]:
    """A person of a bureau, with the offices held (public only through a published session)."""
    published = [office for office in offices if office.session.is_published]
    shown = published or offices
    if not shown:
        return []
    latest = max(shown, key=lambda office: (office.session.start_date or 0, office.pk))
    text = "; ".join(
        f"{office.get_role_display()}, {office.session.title_in('en')}, {office.state.short_name}"
        for office in shown
    )
    return [
        SearchEntryData(
            kind=SearchKind.PERSON,
            key=person.key,
            path=_session_path(latest.session, "#bureau-heading"),
            title=str(person),
            language="en",
            text=text,
            body=latest.body.key,
            body_acronym=latest.body.acronym,
            year=_session_year(latest.session),
            audience=SearchAudience.PUBLIC if published else SearchAudience.SECRETARIAT,
        )
    ]


def _offices() -> Prefetch[Any, Any, Any]:
    return Prefetch(
        "offices",
        queryset=BureauMember.objects.select_related("session__body", "body", "state").order_by(
            "pk"
        ),
    )


def people_index(*, people: Iterable[Person]) -> None:
    """Index people again (their offices asked of the database)."""
    keys = [person.pk for person in people]
    for person in Person.objects.filter(pk__in=keys).prefetch_related(_offices()):
        search_index_replace(
            kind=SearchKind.PERSON,
            key=person.key,
            entries=person_entries(person, list(person.offices.all())),
        )


def _session_queryset() -> QuerySet[Session]:
    return Session.objects.select_related("body", "venue").prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.order_by("pk")),
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("pk")),
        Prefetch(
            "decisions", queryset=Decision.objects.select_related("session__body").order_by("pk")
        ),
    )


def session_index(*, session: Session, documents: bool = True) -> None:
    """Index a session again with what is shown through it: its meetings, agenda items,
    decisions, the people of its bureau and (``documents``) the documents tied to it, whose
    audience follows its publication. In the caller's transaction."""
    session = _session_queryset().get(pk=session.pk)
    search_index_replace(kind=SearchKind.SESSION, key=session.key, entries=session_entries(session))
    for meeting in session.meetings.all():
        search_index_replace(
            kind=SearchKind.MEETING, key=str(meeting.pk), entries=meeting_entries(meeting, session)
        )
    for item in session.agenda_items.all():
        search_index_replace(
            kind=SearchKind.AGENDA_ITEM,
            key=str(item.pk),
            entries=agenda_item_entries(item, session),
        )
    for decision in session.decisions.all():
        search_index_replace(
            kind=SearchKind.DECISION, key=decision.key, entries=decision_entries(decision)
        )
    held = [f"{SearchKind.MEETING}:{meeting.pk}" for meeting in session.meetings.all()]
    held += [f"{SearchKind.AGENDA_ITEM}:{item.pk}" for item in session.agenda_items.all()]
    held += [f"{SearchKind.DECISION}:{decision.key}" for decision in session.decisions.all()]
    # What the session no longer holds (an agenda replaced, a meeting moved): its rows go.
    SearchEntry.objects.filter(session=session.key).exclude(record__in=held).delete()
    people_index(people=Person.objects.filter(offices__session=session).distinct())
    if documents:
        documents_index(documents=session_documents(session))


def session_documents(session: Session) -> list[DocumentReference]:
    """The documents tied to a session (its papers, its agenda's, its report)."""
    ties = (
        Q(session_links__session=session) | Q(agenda_items__session=session) | Q(report_of=session)
    )
    return list(DocumentReference.objects.filter(ties).distinct().order_by("pk"))


def session_unindex(*, session: Session) -> None:
    """A deleted session's rows gone, with those shown only through it."""
    search_index_remove(kind=SearchKind.SESSION, key=session.key)
    SearchEntry.objects.filter(
        session=session.key, kind__in=[SearchKind.MEETING, SearchKind.AGENDA_ITEM]
    ).delete()


def decision_index(*, decision: Decision) -> None:
    decision = Decision.objects.select_related("session__body").get(pk=decision.pk)
    search_index_replace(
        kind=SearchKind.DECISION, key=decision.key, entries=decision_entries(decision)
    )


def meeting_index(*, meeting: Meeting) -> None:
    meeting = Meeting.objects.select_related("session__body").get(pk=meeting.pk)
    search_index_replace(
        kind=SearchKind.MEETING,
        key=str(meeting.pk),
        entries=meeting_entries(meeting, meeting.session),
    )


def agenda_item_index(*, item: AgendaItem) -> None:
    item = AgendaItem.objects.select_related("session__body").get(pk=item.pk)
    search_index_replace(
        kind=SearchKind.AGENDA_ITEM,
        key=str(item.pk),
        entries=agenda_item_entries(item, item.session),
    )


def _follow_office(office: BureauMember) -> None:
    if office.person_id:
        people_index(people=Person.objects.filter(pk=office.person_id))


def _follow_link(link: Any) -> None:
    document = DocumentReference.objects.filter(pk=link.document_id).first()
    if document is not None:
        document_index(document=document)


# --- The rebuild's walks (registered with governance's rebuild) ------------------------------


def _all_sessions() -> Iterator[tuple[str, list[SearchEntryData]]]:
    for session in (
        Session.objects.select_related("body", "venue").order_by("pk").iterator(chunk_size=CHUNK)
    ):
        yield f"{SearchKind.SESSION}:{session.key}", session_entries(session)


def _all_meetings() -> Iterator[tuple[str, list[SearchEntryData]]]:
    queryset = Meeting.objects.select_related("session__body").order_by("pk")
    for meeting in queryset.iterator(chunk_size=CHUNK):
        yield f"{SearchKind.MEETING}:{meeting.pk}", meeting_entries(meeting, meeting.session)


def _all_agenda_items() -> Iterator[tuple[str, list[SearchEntryData]]]:
    queryset = AgendaItem.objects.select_related("session__body").order_by("pk")
    for item in queryset.iterator(chunk_size=CHUNK):
        yield f"{SearchKind.AGENDA_ITEM}:{item.pk}", agenda_item_entries(item, item.session)


def _all_decisions() -> Iterator[tuple[str, list[SearchEntryData]]]:
    queryset = Decision.objects.select_related("session__body").order_by("pk")
    for decision in queryset.iterator(chunk_size=CHUNK):
        yield f"{SearchKind.DECISION}:{decision.key}", decision_entries(decision)


def _all_people() -> Iterator[tuple[str, list[SearchEntryData]]]:
    queryset = Person.objects.prefetch_related(_offices()).order_by("pk")
    for person in queryset.iterator(chunk_size=CHUNK):
        entries = person_entries(person, list(person.offices.all()))
        if entries:
            yield f"{SearchKind.PERSON}:{person.key}", entries


def _remover(kind: str, key: Any) -> Any:
    return lambda record: search_index_remove(kind=kind, key=str(key(record)))


def register() -> None:
    """Add the calendar's walks to the rebuild and its models to search_index_follow/forget
    (meetings/apps.py, when the app is ready)."""
    register_indexer(
        "meetings.session",
        follow=lambda session: session_index(session=session),
        forget=lambda session: session_unindex(session=session),
    )
    register_indexer(
        "meetings.meeting",
        follow=lambda meeting: meeting_index(meeting=meeting),
        forget=_remover(SearchKind.MEETING, lambda meeting: meeting.pk),
    )
    register_indexer(
        "meetings.agendaitem",
        follow=lambda item: agenda_item_index(item=item),
        forget=_remover(SearchKind.AGENDA_ITEM, lambda item: item.pk),
    )
    register_indexer(
        "meetings.decision",
        follow=lambda decision: decision_index(decision=decision),
        forget=_remover(SearchKind.DECISION, lambda decision: decision.key),
    )
    register_indexer(
        "meetings.bureaumember",
        follow=_follow_office,
        deleted=_follow_office,
    )
    register_indexer(
        "meetings.sessiondocument",
        follow=_follow_link,
        deleted=_follow_link,
    )
    register_indexer(
        "governance.person",
        follow=lambda person: people_index(people=[person]),
        forget=_remover(SearchKind.PERSON, lambda person: person.key),
    )
    register_builder("sessions", _all_sessions)
    register_builder("meetings", _all_meetings)
    register_builder("agenda items", _all_agenda_items)
    register_builder("decisions", _all_decisions)
    register_builder("people", _all_people)
