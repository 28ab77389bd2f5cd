"""The type checker's configuration does what pyproject.toml says: the pure functions, services
and selectors get every flag of `mypy --strict`, the rest of the code none of the per-module ones.

A per-module `strict = true` would turn strict mode on for every module (python/mypy#11401), so
[tool.mypy] spells the flags out; a mypy that adds a flag to --strict fails here until it is
added there too."""

from pathlib import Path

import pytest
from mypy.main import process_options
from mypy.options import PER_MODULE_OPTIONS, Options

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
STRICT_MODULES = [
    "meetings.domain.*",
    "meetings.selectors.*",
    "meetings.services.*",
    "governance.domain.*",
]
# Kept per module by mypy whatever a section says.
ERROR_CODE_LISTS = {"disable_error_code", "enable_error_code"}


def options(*args: str) -> Options:
    return process_options(list(args), require_targets=False)[1]


def differences(options: Options, default: Options) -> dict[str, object]:
    names = (name for name in dir(default) if not name.startswith("_"))
    return {
        name: getattr(options, name)
        for name in names
        if not callable(getattr(default, name)) and getattr(options, name) != getattr(default, name)
    }


@pytest.fixture
def mypy_options(tmp_path, monkeypatch) -> tuple[Options, Options, Options]:
    """(mypy's defaults, --strict, this project's), none of them read from another config file."""
    monkeypatch.delenv("MYPY_CONFIG_FILE_DIR", raising=False)  # mypy sets it when it reads one
    empty = tmp_path / "mypy.ini"
    empty.write_text("[mypy]\n")
    return (
        options("--config-file", str(empty)),
        options("--strict", "--config-file", str(empty)),
        options("--config-file", str(PYPROJECT)),
    )


def test_strict_modules_get_every_per_module_flag_of_strict_mode(mypy_options):
    default, strict, ours = mypy_options
    wanted = {k: v for k, v in differences(strict, default).items() if k in PER_MODULE_OPTIONS}
    assert wanted  # the comparison below would pass vacuously if mypy renamed its options
    for pattern in STRICT_MODULES:
        section = ours.per_module_options[pattern]
        assert {k: v for k, v in section.items() if k not in ERROR_CODE_LISTS} == wanted, pattern


def test_other_modules_keep_mypys_default_level_and_strict_modes_global_flags(mypy_options):
    default, strict, ours = mypy_options
    turned_on = differences(strict, default)
    # warn_unused_ignores is per-module but harmless everywhere: an ignore nothing needs is a lie.
    everywhere = {"warn_unused_ignores"}
    per_module = {k for k in turned_on if k in PER_MODULE_OPTIONS} - everywhere
    assert {k: getattr(ours, k) for k in per_module} == {k: getattr(default, k) for k in per_module}
    global_only = {k: v for k, v in turned_on.items() if k not in PER_MODULE_OPTIONS}
    assert {k: getattr(ours, k) for k in global_only} == global_only
