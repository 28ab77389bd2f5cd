"""Bump the data version (config/caching.py) whenever a row that a feed, a public page or the API
reads changes: the page cache and the feeds key on it."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from config.caching import data_version_bump
from governance.history import is_historical

# What no public output reads: reminders, drafts (unpublished by definition), API tombstones.
PRIVATE_MODELS = {
    "meetings.subscriber",
    "meetings.subscription",
    "meetings.delivery",
    "meetings.pendingchange",
    "meetings.personalfeed",
    "meetings.sessiondraft",
    "meetings.tombstone",
}


def _bump(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    data_version_bump()


def _bump_m2m(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        data_version_bump()


def public_models() -> list[type]:
    return [
        model
        for label in ("governance", "meetings")
        for model in apps.get_app_config(label).get_models()
        if model._meta.label_lower not in PRIVATE_MODELS and not is_historical(model)
    ]


for model in public_models():
    post_save.connect(_bump, sender=model, dispatch_uid=f"feeds-save-{model.__name__}")
    post_delete.connect(_bump, sender=model, dispatch_uid=f"feeds-delete-{model.__name__}")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            _bump_m2m,
            sender=field.remote_field.through,
            dispatch_uid=f"feeds-m2m-{model.__name__}-{field.name}",
        )
