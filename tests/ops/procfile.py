"""The Procfile's commands as the shell that honcho starts would run them under an environment
(a variable the environment lacks stays as written)."""

from __future__ import annotations

import shlex
from pathlib import Path
from string import Template

from honcho.environ import parse_procfile

PROCFILE = Path(__file__).resolve().parents[2] / "Procfile"


def procfile_commands(env: dict[str, str]) -> dict[str, list[str]]:
    processes = parse_procfile(PROCFILE.read_text()).processes
    return {
        name: shlex.split(Template(line).safe_substitute(env)) for name, line in processes.items()
    }
