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


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A database for store tests: a SQLite file, then a fresh schema on the PostgreSQL
    server named by COUNTERPOINT_TEST_PG (skipped when none is set)."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    pg = os.environ.get("COUNTERPOINT_TEST_PG")
    if not pg:
        pytest.skip("COUNTERPOINT_TEST_PG is not set (.ci/run starts a server)")
    import uuid

    from sqlalchemy import create_engine, text

    from counterpoint.store import database_url

    schema = "t_" + uuid.uuid4().hex[:10]
    admin = create_engine(database_url(pg))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield pg + ("&" if "?" in pg else "?") + f"options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()
