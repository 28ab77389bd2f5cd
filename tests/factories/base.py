"""The base of every factory: rows it makes are written past the services, as the seed loader
writes them, so it says the public data changed as the loader does (config.changes)."""

import factory

from config.changes import data_changed


class ModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        instance = super()._create(model_class, *args, **kwargs)
        data_changed()
        return instance
