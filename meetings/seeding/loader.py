"""Idempotent, all-or-nothing loading of the seed records.

Each kind of record lives in one YAML file. A record is matched to its row by a
natural key, then created, updated or left unchanged; the counts are returned per
kind. Any malformed record aborts the whole load (one transaction) with the file,
the record and the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction

from config.changes import data_changed
from governance.services.missions import missions_ensure
from governance.services.search_index import search_index_rebuild
from meetings.seeding import (
    agenda,
    bodies,
    bureau,
    decisions,
    discrepancies,
    documents,
    memberships,
    people,
    sessions,
)
from meetings.seeding.fields import Context, RecordError

# In this order: a record refers only to kinds loaded before it (or links in the second pass).
LOADERS = [
    ("venues.yaml", sessions.load_venue),
    ("bodies.yaml", bodies.load_body),
    ("entities.yaml", memberships.load_entity),
    ("people.yaml", people.load_person),
    ("documents.yaml", documents.load_document),
    ("sessions.yaml", sessions.load_session),
    ("schedule_revisions.yaml", sessions.load_revision),
    ("meetings.yaml", sessions.load_meeting),
    ("agenda_items.yaml", agenda.load_agenda_item),
    ("bureau.yaml", bureau.load_bureau),
    ("decisions.yaml", decisions.load_decision),
    ("memberships.yaml", memberships.load_membership),
    ("membership_counts.yaml", memberships.load_membership_count),
    ("idm_themes.yaml", bodies.load_theme),
    ("contradictions.yaml", discrepancies.load_discrepancy),
]

# Links that may point forward in their own file are set once every row exists.
SECOND_PASS = [
    ("bodies.yaml", bodies.link_body),
    ("documents.yaml", documents.link_document),
    ("schedule_revisions.yaml", sessions.link_revision),
    ("decisions.yaml", decisions.link_decision),
]


class SeedError(Exception):
    """A record that cannot be loaded: says which file, which record and why."""

    def __init__(self, file: str, index: int | None, record: Any, reason: str) -> None:
        self.file, self.index, self.record, self.reason = file, index, record, reason
        where = f"{file}" if index is None else f"{file}, record {index + 1}"
        ident = ""
        if isinstance(record, dict):
            for name in ("key", "symbol", "session", "entity", "year", "date"):
                if record.get(name):
                    ident = f" ({name}={record[name]})"
                    break
        super().__init__(f"{where}{ident}: {reason}")


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class LoadReport:
    counts: dict[str, KindCounts] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())

    def lines(self) -> list[str]:
        width = max((len(k) for k in self.counts), default=4)
        rows = [f"{'kind':<{width}}  created  updated  unchanged"]
        for kind, c in self.counts.items():
            rows.append(f"{kind:<{width}}  {c.created:>7}  {c.updated:>7}  {c.unchanged:>9}")
        rows.append("Nothing changed." if not self.changed else "Seed data loaded.")
        return rows


class _SeedYamlLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad date is reported with its field name."""


_SeedYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_records(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SeedYamlLoader)
    except yaml.YAMLError as error:
        raise SeedError(path.name, None, None, f"not valid YAML: {error}") from error
    if data is None:
        return []
    if not isinstance(data, list):
        raise SeedError(path.name, None, None, "the file must hold a list of records")
    for index, record in enumerate(data):
        if not isinstance(record, dict):
            raise SeedError(path.name, index, record, "a record must be a mapping")
    return data


def _run_kind(
    directory: Path,
    filename: str,
    loader: Callable[[dict[str, Any], Context], Iterable[str]],
    context: Context,
    report: LoadReport,
) -> None:
    path = directory / filename
    if not path.exists():
        return
    kind = filename.removesuffix(".yaml")
    counts = report.counts.setdefault(kind, KindCounts())
    for index, record in enumerate(read_records(path)):
        try:
            with transaction.atomic():
                for outcome in loader(record, context):
                    setattr(counts, outcome, getattr(counts, outcome) + 1)
        except SeedError:
            raise
        except RecordError as error:
            raise SeedError(filename, index, record, str(error)) from error
        except ValidationError as error:
            raise SeedError(filename, index, record, "; ".join(_messages(error))) from error
        except ObjectDoesNotExist as error:
            raise SeedError(
                filename, index, record, f"refers to something that does not exist ({error})"
            ) from error
        except (ValueError, TypeError, KeyError) as error:
            raise SeedError(filename, index, record, f"{type(error).__name__}: {error}") from error


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items()]
    return list(error.messages)


def load_seeds(directory: Path, *, today: dt.date | None = None) -> LoadReport:
    """Load every seed file in ``directory`` in one transaction."""
    report = LoadReport()
    context = Context()
    with transaction.atomic():
        for filename, loader in LOADERS:
            _run_kind(directory, filename, loader, context, report)
        for filename, link in SECOND_PASS:
            path = directory / filename
            if path.exists():
                for index, record in enumerate(read_records(path)):
                    try:
                        link(record, context)
                    except (RecordError, ObjectDoesNotExist, ValueError) as error:
                        raise SeedError(filename, index, record, str(error)) from error
        # Each State or organization with a status gets its mission (its portal account).
        missions_ensure()
        # The records were saved past the services: the search index is built once, here.
        search_index_rebuild()
        data_changed()  # the records are saved past the services: said once, here
    return report
