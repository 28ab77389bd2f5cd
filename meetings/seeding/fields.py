"""Reading a seed record: its keys, dates, times, texts and source, and the references between
records (Context). Every record kind's module uses these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from governance.models import DocumentReference


class RecordError(ValueError):
    pass


class Context:
    """Cache of rows by key, so references between records cost one query each."""

    def __init__(self) -> None:
        self.cache: dict[tuple[type[models.Model], str, Any], Any] = {}

    def get(self, model: type[models.Model], field: str, value: Any, *, what: str) -> Any:
        if value in (None, ""):
            return None
        cache_key = (model, field, value)
        if cache_key not in self.cache:
            obj = model._default_manager.filter(**{field: value}).first()
            if obj is None:
                raise RecordError(f"unknown {what} '{value}'")
            self.cache[cache_key] = obj
        return self.cache[cache_key]

    def document(self, ref: str) -> DocumentReference:
        obj = (
            DocumentReference.objects.filter(key=ref).first()
            or DocumentReference.objects.filter(symbol=ref).first()
        )
        if obj is None:
            raise RecordError(f"unknown document '{ref}'")
        return obj


def check_keys(record: dict[str, Any], required: set[str], optional: set[str]) -> None:
    missing = sorted(required - record.keys())
    if missing:
        raise RecordError(f"missing field(s): {', '.join(missing)}")
    unknown = sorted(record.keys() - required - optional - {"source"})
    if unknown:
        raise RecordError(f"unknown field(s): {', '.join(unknown)}")


def date_of(value: Any, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise RecordError(f"{name}: '{value}' is not a date (YYYY-MM-DD)") from error


def time_of(value: Any, name: str) -> dt.time | None:
    if value in (None, ""):
        return None
    if isinstance(value, int):  # YAML reads 09:30 as sexagesimal minutes
        return dt.time(value // 60, value % 60)
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError as error:
        raise RecordError(f"{name}: '{value}' is not a time (HH:MM)") from error


def source_fields(record: dict[str, Any]) -> dict[str, Any]:
    source = record.get("source") or {}
    if not isinstance(source, dict):
        raise RecordError("source must be a mapping with file, line, place and quote")
    line = source.get("line")
    if line is not None and not isinstance(line, int):
        raise RecordError(f"source line '{line}' is not a number")
    return {
        "source_file": source.get("file") or "",
        "source_line": line,
        "source_place": source.get("place") or "",
        "source_quote": (source.get("quote") or "").strip(),
    }


def text(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)
