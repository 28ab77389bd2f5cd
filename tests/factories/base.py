"""The base of every factory: rows it makes are written past the services, as the seed loader
writes them, so it says the public data changed as the loader does (config.changes)."""

from typing import Any, TypeVar

import factory
from django.db.models import Model

from config.changes import data_changed

T = TypeVar("T", bound=Model)


class ModelFactory(factory.django.DjangoModelFactory[T]):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: type[T], *args: Any, **kwargs: Any) -> T:
        instance = super()._create(model_class, *args, **kwargs)
        data_changed()
        return instance
