"""Every command of the CLI has a section in docs/commands.md (and the README tours them)."""
from __future__ import annotations

from pathlib import Path

import typer.main

from counterpoint.cli import app

DOCS = (Path(__file__).resolve().parents[1] / "docs" / "commands.md").read_text()


def _commands(typer_app, prefix="counterpoint"):
    group = typer.main.get_command(typer_app)
    for name, cmd in group.commands.items():
        yield "##", f"{prefix} {name}"
        for sub in getattr(cmd, "commands", {}):  # the commands of a group: `counterpoint users tokens`
            yield "###", f"{prefix} {name} {sub}"


def test_docs_every_command_has_a_section():
    missing = [c for level, c in _commands(app) if f"{level} {c}\n" not in DOCS]
    assert not missing, f"commands without a section in docs/commands.md: {missing}"


def test_lock_pins_every_declared_dependency_with_hashes():
    """The README installs from requirements.lock: it must hold each pin of pyproject.toml."""
    import re
    import tomllib

    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    lock = (root / "requirements.lock").read_text()
    locked = {m.group(1).lower().replace("_", "-"): m.group(2)
              for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$", lock, re.M)}
    for req in declared:
        name, version = re.match(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", req).groups()
        assert locked.get(name.lower().replace("_", "-")) == version, f"{req} is not in requirements.lock"
    assert all("--hash=sha256:" in b for b in re.split(r"\n(?=[a-z0-9])", lock)
               if re.match(r"[A-Za-z0-9]", b) and "==" in b.split("\n")[0]), "a lock entry has no hash"
