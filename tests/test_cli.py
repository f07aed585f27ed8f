"""The command line end to end: contract output, idempotent ingest, bad inputs, exit codes."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

STORY = ("Police cleared a camp of about eighty people beside the canal on Tuesday morning, "
         "volunteers said. Officers took tents and sleeping bags, and several people were put on buses "
         "to reception centres further inland. The prefecture described the operation as a routine "
         "safety measure; aid groups called it the third clearance of the site this month.")
OTHER = ("A new shelter for families opened in the town hall annex this week, offering forty beds. "
         "The council said it would stay open through the winter, and a charity will run an evening meal "
         "service there twice a week for anyone who needs it.")


def _contract(shared: Path, out: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(shared / "tools" / "check_contract.py")], input=out,
                          capture_output=True, text=True)


def test_cli_analyze_seeds_keeps_the_contract(cli, shared):
    res = cli("analyze", shared / "seeds", "--json")
    assert res.exit_code == 0, res.stderr
    checked = _contract(shared, res.stdout)
    assert checked.returncode == 0, checked.stdout
    docs = [json.loads(x) for x in res.stdout.splitlines()]
    assert all(d["text"] for d in docs)


def test_cli_analyze_every_input_gets_an_output_duplicates_included(cli, tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY)
    (tmp_path / "c.txt").write_text(OTHER)
    res = cli("analyze", tmp_path, "--json")
    docs = {d["id"]: d for d in map(json.loads, res.stdout.splitlines())}
    assert set(docs) == {"a.txt", "b.txt", "c.txt"}
    assert docs["a.txt"]["duplicate_of"] is None and docs["b.txt"]["duplicate_of"] == "a.txt"
    assert docs["c.txt"]["duplicate_of"] is None


def test_cli_analyze_keeps_input_ids_and_hashes_missing_ones(cli, tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps({"id": "my/id 1", "text": STORY}) + "\n" + json.dumps({"text": OTHER}) + "\n")
    docs = [json.loads(x) for x in cli("analyze", f, "--json").stdout.splitlines()]
    assert docs[0]["id"] == "my/id 1"
    assert docs[1]["id"].startswith("sha1:")


def test_cli_analyze_stdin(cli):
    res = cli("analyze", "-", "--json", input=STORY)
    [doc] = [json.loads(x) for x in res.stdout.splitlines()]
    assert doc["text"].startswith("Police cleared") and doc["language"] == "en"


def test_cli_ingest_twice_changes_nothing(cli, shared, db):
    assert cli("ingest", shared / "seeds", "--db", db).exit_code == 0
    first = json.loads(cli("status", "--db", db, "--json").stdout)
    assert cli("ingest", shared / "seeds", "--db", db).exit_code == 0
    second = json.loads(cli("status", "--db", db, "--json").stdout)
    assert first == second
    assert {"documents", "duplicates", "rejected", "events", "quotes", "claims", "incidents"} <= set(first)


def test_cli_db_from_environment(cli, tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    env_db = str(tmp_path / "env.db")
    assert cli("ingest", tmp_path / "a.txt", env={"COUNTERPOINT_DB": env_db}).exit_code == 0
    assert json.loads(cli("status", "--json", env={"COUNTERPOINT_DB": env_db}).stdout)["documents"] == 1


def _bad_folder(root: Path) -> Path:
    bad = root / "batch"
    bad.mkdir()
    (bad / "good.txt").write_text(STORY)
    (bad / "good2.md").write_text(OTHER)
    (bad / "noise.bin").write_bytes(os.urandom(4000))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "latin1.txt").write_bytes("Réfugiés évacués du camp".encode("latin-1"))
    (bad / "truncated.html").write_text("<html><head><title>x</title></head><body><div><p>")
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.5\n1 0 obj << /Type /Catalog")
    (bad / "huge.txt").write_bytes(b"word " * (11 * 1024 * 1024))  # about 55 MB
    (bad / "dates.txt").write_text("Published 31/06/2020\n\n" + STORY)
    return bad


def test_cli_bad_inputs_are_named_and_good_ones_stored(cli, tmp_path, db):
    bad = _bad_folder(tmp_path)
    res = cli("ingest", bad, "--db", db)
    assert res.exit_code == 1
    assert "Traceback" not in res.stderr + res.stdout
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("Error: ")]
    for name in ("noise.bin", "empty.txt", "latin1.txt", "truncated.html", "corrupt.pdf", "huge.txt"):
        assert any(name in ln for ln in errors), (name, errors)
    counts = json.loads(cli("status", "--db", db, "--json").stdout)
    assert counts["documents"] == 3  # good.txt, good2.md, dates.txt
    assert counts["rejected"] == 6
    # re-ingesting the same bad files does not raise the count of distinct rejected inputs
    cli("ingest", bad, "--db", db)
    assert json.loads(cli("status", "--db", db, "--json").stdout) == counts


def test_cli_impossible_date_is_a_warning_not_a_date(cli, tmp_path):
    f = tmp_path / "d.txt"
    f.write_text("Published 31/06/2020\n\n" + STORY)
    [doc] = [json.loads(x) for x in cli("analyze", f, "--json").stdout.splitlines()]
    assert doc["published"] is None or not doc["published"].startswith("2020-06-31")


def test_cli_missing_path_is_an_error_line(cli, db):
    res = cli("ingest", "/no/such/folder", "--db", db)
    assert res.exit_code == 1 and "Error: /no/such/folder: no such file or folder" in res.stderr


def test_cli_usage_error_exits_2(cli):
    assert cli("ingest").exit_code == 2
    assert cli("status", "--no-such-option").exit_code == 2


@pytest.mark.parametrize("command", ["ingest", "analyze", "status", "reanalyze", "db"])
def test_cli_help_everywhere(cli, command):
    res = cli(command, "--help")
    assert res.exit_code == 0 and "Usage" in res.stdout


def test_cli_changed_text_is_a_new_version(cli, tmp_path, db):
    f = tmp_path / "story.txt"
    f.write_text(STORY)
    cli("ingest", f, "--db", db)
    f.write_text(STORY + " Two more tents were found later.")
    cli("ingest", f, "--db", db)
    counts = json.loads(cli("status", "--db", db, "--json").stdout)
    assert counts["documents"] == 1 and counts["versions"] == 2
    con = sqlite3.connect(db)
    texts = [r[0] for r in con.execute("select text from documents where doc_id='story.txt' order by version")]
    assert texts[0] == STORY and texts[1].endswith("found later.")


def test_cli_backup_and_upgrade(cli, tmp_path, db):
    (tmp_path / "a.txt").write_text(STORY)
    cli("ingest", tmp_path / "a.txt", "--db", db)
    assert cli("db", "upgrade", "--db", db).exit_code == 0
    dest = tmp_path / "copy.db"
    assert cli("db", "backup", dest, "--db", db).exit_code == 0
    assert sqlite3.connect(dest).execute("select count(*) from documents").fetchone()[0] == 1
    dump = tmp_path / "dump.jsonl"
    assert cli("db", "backup", dump, "--db", db).exit_code == 0
    rows = [json.loads(x) for x in dump.read_text().splitlines()]
    assert any(r["table"] == "documents" for r in rows)


def test_cli_ingest_killed_half_way_is_consistent_and_rerun_completes(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(120):
        (folder / f"doc{i:03d}.txt").write_text(f"Report number {i}. " + STORY.replace("eighty", str(i + 10)) * 3)
    db = str(tmp_path / "kill.db")
    exe = [sys.executable, "-m", "counterpoint", "ingest", str(folder), "--db", db]
    proc = subprocess.Popen(exe, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.5)
        try:
            stored = sqlite3.connect(db, timeout=1).execute("select count(*) from documents").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= 32:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    # every stored document has its analysis rows committed with it (no half-written document)
    assert con.execute("select count(*) from documents where text is null").fetchone()[0] == 0
    con.close()
    done = subprocess.run(exe, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from documents").fetchone()[0] == 120
    assert con.execute("select count(distinct doc_id) from documents").fetchone()[0] == 120


def test_cli_reanalyze_refreshes_stale_analysis_only(cli, tmp_path, db):
    (tmp_path / "a.txt").write_text(STORY)
    cli("ingest", tmp_path / "a.txt", "--db", db)
    before = json.loads(cli("status", "--db", db, "--json").stdout)
    res = cli("reanalyze", "--db", db)
    assert res.exit_code == 0 and "0 documents reanalyzed" in res.stderr
    con = sqlite3.connect(db)
    con.execute("update documents set analysis_version = 'rules=old'")
    con.commit()
    res = cli("reanalyze", "--db", db)
    assert "1 documents reanalyzed" in res.stderr
    assert json.loads(cli("status", "--db", db, "--json").stdout) == before
    assert con.execute("select analysis_version from documents").fetchone()[0] != "rules=old"
