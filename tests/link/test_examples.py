"""Linking the example documents (our own retellings, several styles and formats) end to end."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def incidents(tmp_path_factory):
    from typer.testing import CliRunner

    from counterpoint.cli import app

    db = str(tmp_path_factory.mktemp("examples") / "ex.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db]).exit_code == 0
    assert runner.invoke(app, ["link", "--db", db]).exit_code == 0
    out = runner.invoke(app, ["incidents", "--db", db, "--json"]).stdout
    return json.loads(out)["incidents"]


def _docs(inc):
    return {d.split("~")[0] for d in inc["documents"]}


def test_examples_three_versions_of_the_jungle_clearance_share_an_incident(incidents):
    versions = {"jungle-wire-2016-10-24.txt", "jungle-tabloid.html", "jungle-ngo-report.md"}
    assert any(versions <= _docs(i) for i in incidents)


def test_examples_earlier_clearance_of_the_same_camp_stays_apart(incidents):
    for inc in incidents:
        if "jungle-south-2016-03.txt" in _docs(inc):
            assert _docs(inc) == {"jungle-south-2016-03.txt"}


def test_examples_sinking_reports_from_three_outlets_are_linked(incidents):
    channel = {"coastline-2021-11-24-channel-sinking", "nordobs-2021-11-25-toll-revised",
               "channelwatch-2021-11-26-vigil"}
    assert any(len(channel & _docs(i)) == 3 for i in incidents)


def test_examples_unrelated_treaty_links_to_nothing_else(incidents):
    for inc in incidents:
        if "uk-france-sandhurst-2018.txt" in _docs(inc):
            assert _docs(inc) == {"uk-france-sandhurst-2018.txt"}


def test_examples_figures_name_their_sources(incidents):
    jungle = next(i for i in incidents if "jungle-tabloid.html" in _docs(i))
    assert jungle["figures"] and all(f["document"] for f in jungle["figures"])
