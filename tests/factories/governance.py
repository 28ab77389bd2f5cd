import datetime as dt

import factory

from governance.models import Body, DocumentReference, Entity, Membership, Person
from tests.factories.base import ModelFactory


class BodyFactory(ModelFactory[Body]):
    class Meta:
        model = Body
        django_get_or_create = ("key",)

    key = "council"
    name = "Council"
    name_fr = "le Conseil"
    name_es = "el Consejo"
    kind = "governing_body"
    document_series = "MC"
    notice_days_regular = 30
    notice_days_special = 15
    special_notice_within_days = 10
    reminder_lead_days = factory.LazyFunction(lambda: [30, 7, 1])


class EntityFactory(ModelFactory[Entity]):
    class Meta:
        model = Entity

    key = factory.Sequence(lambda n: f"state-{n}")
    official_name = factory.Sequence(lambda n: f"Republic of State {n}")
    short_name = factory.Sequence(lambda n: f"State {n}")


class MembershipFactory(ModelFactory[Membership]):
    class Meta:
        model = Membership

    entity = factory.SubFactory(EntityFactory)
    status = "member"
    start_earliest = dt.date(2000, 1, 1)
    start_latest = dt.date(2000, 1, 1)


class PersonFactory(ModelFactory[Person]):
    class Meta:
        model = Person

    key = factory.Sequence(lambda n: f"person-{n}")
    name = factory.Sequence(lambda n: f"Delegate {n}")
    honorific = "Mr."


class DocumentFactory(ModelFactory[DocumentReference]):
    class Meta:
        model = DocumentReference

    symbol = factory.Sequence(lambda n: f"MC/{3000 + n}")
    title = factory.Sequence(lambda n: f"Document {n}")
    kind = "report"
    issued_on = dt.date(2008, 10, 1)
