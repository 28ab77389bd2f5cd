"""Cross-check the seed data against the raw texts: every mention found must be in the data."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from django.conf import settings

from governance.models import DocumentReference
from meetings.models import Decision, Session

KINDS = ("symbol", "resolution", "session", "numbered")


def _patterns() -> ModuleType:
    """The scanner lives beside the texts (seeds/crosscheck_patterns.py), stdlib only."""
    path = Path(settings.BASE_DIR) / "seeds" / "crosscheck_patterns.py"
    spec = importlib.util.spec_from_file_location("seeds_crosscheck_patterns", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Coverage:
    found: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (file, kind) -> mentions
    missing: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not any(self.missing.values())

    def table(self) -> list[str]:
        rows = [f"{'text':<28} {'kind':<11} {'found':>5} {'in data':>7} {'missing':>7}"]
        for (name, kind), mentions in sorted(self.found.items()):
            missing = self.missing.get((name, kind), set())
            rows.append(
                f"{name:<28} {kind:<11} {len(mentions):>5} {len(mentions) - len(missing):>7} {len(missing):>7}"
            )
        for (name, kind), missing in sorted(self.missing.items()):
            if missing:
                rows.append(
                    f"  missing from the data ({name}, {kind}): {', '.join(sorted(missing))}"
                )
        rows.append("Full coverage." if self.complete else "Coverage is INCOMPLETE.")
        return rows


def known_mentions() -> dict[str, set[str]]:
    """What the database holds, in the scanner's normalized forms."""
    return {
        "symbol": {
            symbol
            for symbol in DocumentReference.objects.exclude(symbol=None).values_list(
                "symbol", flat=True
            )
            if symbol is not None
        },
        "resolution": {
            str(n)
            for n in Decision.objects.exclude(resolution_number=None).values_list(
                "resolution_number", flat=True
            )
        },
        "session": set(Session.objects.values_list("key", flat=True)),
        # A document cited by number only is seeded under the key the scanner gives it.
        "numbered": set(DocumentReference.objects.values_list("key", flat=True)),
    }


def crosscheck(seed_dir: Path | None = None) -> Coverage:
    seed_dir = seed_dir or Path(settings.BASE_DIR) / "seeds"
    scan = _patterns().scan
    known = known_mentions()
    coverage = Coverage()
    for path in sorted(seed_dir.glob("0*.txt")):
        mentions = scan(path.read_text(encoding="utf-8"))
        for kind in KINDS:
            found = set(mentions.get(kind, set()))
            coverage.found[(path.name, kind)] = found
            coverage.missing[(path.name, kind)] = found - known[kind]
    return coverage
