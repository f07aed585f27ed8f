"""Every command of the CLI has a section in docs/commands.md (and the README tours them)."""
from __future__ import annotations

from pathlib import Path

import typer.main

from counterpoint.cli import app

DOCS = (Path(__file__).resolve().parents[1] / "docs" / "commands.md").read_text()


def _commands(typer_app, prefix="counterpoint"):
    group = typer.main.get_command(typer_app)
    for name, cmd in group.commands.items():
        yield f"{prefix} {name}"


def test_docs_every_command_has_a_section():
    missing = [c for c in _commands(app) if f"## {c}\n" not in DOCS]
    assert not missing, f"commands without a section in docs/commands.md: {missing}"
