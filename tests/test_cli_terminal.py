"""What the terminal shows: tables that fit 80 columns, the link summary, profiles, safe exports."""
from __future__ import annotations

import json

import pytest

from tests.review_data import build


@pytest.fixture
def built(tmp_path) -> str:
    path = str(tmp_path / "review.db")
    build(path)
    return path


def test_cli_incidents_table_fits_80_columns_with_short_ids(cli, built):
    res = cli("incidents", "--db", built)
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert max(len(x) for x in lines) <= 80
    assert any(x.startswith("evict ") for x in lines)  # "inc-evict" shortened to 7 characters
    assert "Police evict" in res.stdout and "inc-evict" not in res.stdout


def test_cli_incidents_wide_shows_full_ids_sources_and_figures(cli, built):
    res = cli("incidents", "--db", built, "--wide")
    assert "inc-evict" in res.stdout and "Field Notes" in res.stdout and "participants" in res.stdout


def test_cli_incidents_json_carries_headlines(cli, built):
    found = json.loads(cli("incidents", "--db", built, "--json").stdout)["incidents"]
    assert all(i["headline"] for i in found)
    clash = next(i for i in found if i["id"] == "inc-clash")
    assert clash["headline"] == "Migrants and police clash in Dunkirk, 3 injured — 1 source"


def test_cli_link_ends_with_a_summary(cli, built):
    res = cli("link", "--db", built)
    assert res.exit_code == 0
    for words in ("incidents from", "reported by 2+ sources", "undated", "with conflicting sources", "weak links"):
        assert words in res.stderr, words


def test_cli_profile_prints_a_table_per_source(cli, built):
    res = cli("profile", "--db", built)
    assert res.exit_code == 0
    assert "Gazette: 1 documents" in res.stdout and "figures attributed" in res.stdout
    assert "None" not in res.stdout and "{" not in res.stdout


def test_cli_failed_export_leaves_no_file_and_keeps_an_old_one(cli, built, tmp_path):
    out = tmp_path / "profiles.csv"
    res = cli("export", "--db", built, "--what", "profiles", "--format", "csv", "-o", out)
    assert res.exit_code == 1 and "Error:" in res.stderr
    assert not out.exists() and list(tmp_path.glob(".counterpoint-export-*")) == []
    out.write_text("earlier export")
    cli("export", "--db", built, "--what", "profiles", "--format", "csv", "-o", out)
    assert out.read_text() == "earlier export"


def test_cli_export_writes_the_file_with_headlines(cli, built, tmp_path):
    out = tmp_path / "incidents.csv"
    res = cli("export", "--db", built, "--format", "csv", "-o", out)
    assert res.exit_code == 0
    header, *rows = out.read_text().splitlines()
    columns = header.split(",")
    assert columns[0] == "event_id" and "headline" in columns and len(rows) == 3


def test_cli_progress_counts_inputs_as_they_are_found(tmp_path):
    """The total grows input by input, before the batch they join is analysed."""
    from counterpoint.pipeline import analyze_inputs
    from counterpoint.settings import Settings

    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Volunteers handed out {n + 2} hundred meals in Calais on Monday.")
    events = []
    docs = list(analyze_inputs([str(tmp_path)], Settings.load(n_process=1),
                               on_found=lambda n: events.append(("found", n)),
                               on_progress=lambda n: events.append(("done", n))))
    assert len(docs) == 3
    assert events == [("found", 1)] * 3 + [("done", 3)]
