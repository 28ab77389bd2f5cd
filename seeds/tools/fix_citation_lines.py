"""Point every citation at the line where its quoted words really stand (nearest the one given).

Usage: python seeds/tools/fix_citation_lines.py seeds/data/*.yaml
Quotes found on no line are listed, and the command exits 1.
"""

import re
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1]
CITATION = re.compile(
    r'file: (?P<file>[\w.]+), line: (?P<line>\d+), (?:place: "(?P<place>[^"]*)", )?quote: "(?P<quote>(?:[^"\\]|\\.)*)"'
)


def normalized(text: str) -> str:
    return " ".join(text.split())


def main(paths: list[str]) -> int:
    lost = 0
    cache: dict[str, list[str]] = {}
    for name in paths:
        path = Path(name)
        text = path.read_text(encoding="utf-8")

        def fix(match: re.Match, path: Path = path) -> str:
            nonlocal lost
            lines = cache.setdefault(
                match["file"], (SEEDS / match["file"]).read_text(encoding="utf-8").splitlines()
            )
            quote = normalized(match["quote"].replace('\\"', '"'))
            hits = [i + 1 for i, line in enumerate(lines) if quote in normalized(line)]
            if not hits:
                lost += 1
                print(f"{path.name}: quote not found in {match['file']}: {quote!r}")
                return match.group(0)
            best = min(hits, key=lambda n: abs(n - int(match["line"])))
            return match.group(0).replace(f"line: {match['line']},", f"line: {best},", 1)

        path.write_text(CITATION.sub(fix, text), encoding="utf-8")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
