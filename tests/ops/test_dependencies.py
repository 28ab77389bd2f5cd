"""What the app imports at run time is declared in pyproject's `dependencies`, not only among the
dev extras: an install without them (production) would fail on first use."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ("config", "governance", "meetings")
TYPE_CHECKING = {"TYPE_CHECKING", "typing.TYPE_CHECKING"}


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _run_time_nodes(tree: ast.AST):
    """Every node but those under `if TYPE_CHECKING:`, which only the type checker reads (the
    stubs' helpers, such as django_stubs_ext, are dev dependencies)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in TYPE_CHECKING:
            for other in node.orelse:
                yield other
                yield from _run_time_nodes(other)
            continue
        yield node
        yield from _run_time_nodes(node)


def imported_modules() -> dict[str, str]:
    """Top-level module -> a file of the app (migrations and tests aside) that imports it."""
    found: dict[str, str] = {}
    for package in APP:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in _run_time_nodes(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def test_every_third_party_module_the_app_imports_is_a_declared_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_name(requirement) for requirement in project["dependencies"]}
    distributions = packages_distributions()
    missing = []
    for module, where in sorted(imported_modules().items()):
        if module in sys.stdlib_module_names or module in APP or module == "__future__":
            continue
        names = {_name(d) for d in distributions.get(module, [module])}
        if not names & declared:
            missing.append(f"{module} ({', '.join(sorted(names))}) imported by {where}")
    assert missing == []


def test_imports_only_the_type_checker_reads_are_not_run_time_imports():
    tree = ast.parse(
        "import a\nif TYPE_CHECKING:\n    import b\nelse:\n    import c\n"
        "def f():\n    if typing.TYPE_CHECKING:\n        import d\n    import e\n"
    )
    imports = [n for n in _run_time_nodes(tree) if isinstance(n, ast.Import)]
    assert [alias.name for node in imports for alias in node.names] == ["a", "c", "e"]


def test_the_feed_linter_s_parser_is_a_run_time_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "vobject" in {_name(requirement) for requirement in project["dependencies"]}
