"""Every seed record's citation points at words that are really there."""

from pathlib import Path

import pytest
import yaml

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def citations():
    for path in sorted((SEEDS / "data").glob("*.yaml")):
        for index, record in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            if not isinstance(record, dict):
                continue
            sources = [record.get("source"), *record.get("quotes", [])]
            for number, source in enumerate(s for s in sources if s and s.get("quote")):
                yield pytest.param(source, id=f"{path.stem}-{index + 1}-{number}")


@pytest.mark.parametrize("source", list(citations()))
def test_quote_stands_on_the_cited_line(source):
    lines = (SEEDS / source["file"]).read_text(encoding="utf-8").splitlines()
    line = lines[source["line"] - 1]
    assert source["quote"].strip() in " ".join(line.split()) or source["quote"].strip() in line, (
        f"{source['file']}:{source['line']} reads {line!r}"
    )
