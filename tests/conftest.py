"""Shared fixtures: where ../shared is, and a CLI runner."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COUNTERPOINT_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture
def cli():
    """Invoke the CLI in-process; returns the Click result (exit_code, stdout, stderr)."""
    from typer.testing import CliRunner

    from counterpoint.cli import app

    runner = CliRunner()

    def run(*args, input=None, env=None):
        return runner.invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)

    return run


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "test.db")
