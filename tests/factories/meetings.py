import datetime as dt

import factory

from meetings.models import AgendaItem, BureauMember, Decision, Meeting, Session, Venue
from tests.factories.base import ModelFactory
from tests.factories.governance import BodyFactory, EntityFactory, PersonFactory

LOCAL_NAMES = {"Geneva": ("Genève", "Ginebra")}


class VenueFactory(ModelFactory[Venue]):
    class Meta:
        model = Venue
        django_get_or_create = ("key",)

    key = "geneva"
    name = "Geneva"
    city = "Geneva"
    country = "Switzerland"
    timezone = "Europe/Zurich"
    # Headquarters' names in French and Spanish; another venue has none unless a test gives them.
    name_fr = factory.LazyAttribute(lambda v: LOCAL_NAMES.get(v.name, ("", ""))[0])
    name_es = factory.LazyAttribute(lambda v: LOCAL_NAMES.get(v.name, ("", ""))[1])
    city_fr = factory.LazyAttribute(lambda v: LOCAL_NAMES.get(v.city, ("", ""))[0])
    city_es = factory.LazyAttribute(lambda v: LOCAL_NAMES.get(v.city, ("", ""))[1])
    country_code = factory.LazyAttribute(lambda v: "CH" if v.country == "Switzerland" else "")


class SessionFactory(ModelFactory[Session]):
    class Meta:
        model = Session

    key = factory.Sequence(lambda n: f"session-{n}")
    body = factory.SubFactory(BodyFactory)
    # Ordinals are written up to 999 (titles): the numbers wrap, so a long test run never reaches 1000.
    number = factory.Sequence(lambda n: 200 + n % 800)
    kind = "regular"
    start_date = dt.date(2030, 12, 2)
    end_date = factory.LazyAttribute(
        lambda o: o.start_date + dt.timedelta(days=3) if o.start_date else None
    )
    status = "tentative"
    is_published = True


class MeetingFactory(ModelFactory[Meeting]):
    class Meta:
        model = Meeting

    session = factory.SubFactory(SessionFactory)
    number = factory.Sequence(lambda n: 600 + n)
    date = factory.LazyAttribute(lambda o: o.session.start_date)


class AgendaItemFactory(ModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(SessionFactory)
    label = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class BureauMemberFactory(ModelFactory[BureauMember]):
    class Meta:
        model = BureauMember

    session = factory.SubFactory(SessionFactory)
    body = factory.LazyAttribute(lambda o: o.session.body)
    role = "chairperson"
    person = factory.SubFactory(PersonFactory)
    state = factory.SubFactory(EntityFactory)


class DecisionFactory(ModelFactory[Decision]):
    class Meta:
        model = Decision

    key = factory.Sequence(lambda n: f"decision-{n}")
    kind = "resolution"
    session = factory.SubFactory(SessionFactory)
    resolution_number = factory.Sequence(lambda n: 2000 + n)
    adopted_on = dt.date(2030, 12, 5)
