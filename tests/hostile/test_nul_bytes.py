"""NUL characters: PostgreSQL refuses them in text, so the readers remove them from every
field (with a warning naming the field) and both stores end up with the same documents."""
from __future__ import annotations

import json

from counterpoint.store import Store

GOOD = "Volunteers said police took tents from the canal camp on Tuesday; about forty people slept there."
OTHER = "The town hall opened a night shelter with thirty beds for families, a spokesman said."


def _jsonl(*records: dict) -> str:
    return "\n".join(json.dumps(r) for r in records) + "\n"


def test_nul_in_any_field_is_removed_on_both_stores(cli, tmp_path, db_url):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "records.jsonl").write_text(_jsonl(
        {"id": "good", "text": GOOD, "title": "Tents taken"},
        {"id": "nul-title", "text": OTHER, "title": "Shelter\u0000 opens", "source": "Daily\u0000 Post"},
        {"id": "nul-text", "text": "Police\u0000 cleared the square on Monday morning, witnesses said."},
        {"id": "nul\u0000id", "text": "A boat with twelve people reached the beach at dawn, the coastguard said.",
         "url": "https://example.org/\u0000a", "published": "2021-03-02\u0000", "language": "en\u0000"},
    ))
    # a NUL far into a plain text file (binary sniffing only reads the first 4 KB)
    (inputs / "late.txt").write_bytes((GOOD + " ") .encode() * 60 + b"Then\x00 the bus left.")
    res = cli("ingest", inputs, "--db", db_url)
    assert res.exit_code == 0, res.stderr
    docs = {d.id: d for d in Store(db_url).documents()}
    assert set(docs) == {"good", "nul-title", "nul-text", "nulid", "late.txt"}
    for d in docs.values():
        for value in (d.text, d.title, d.source, d.url, d.published, d.language, d.raw_text):
            assert "\x00" not in (value or "")
    assert docs["nul-title"].title == "Shelter opens" and docs["nul-title"].source == "Daily Post"
    assert "nul_removed: title, source" in docs["nul-title"].warnings
    assert "nul_removed: text" in docs["nul-text"].warnings
    assert docs["nulid"].published == "2021-03-02" and docs["nulid"].language == "en"
    assert "nul_removed: text" in docs["late.txt"].warnings
    assert docs["good"].warnings == []
    # the rerun is exact on both stores
    res = cli("ingest", inputs, "--db", db_url)
    assert res.exit_code == 0 and "0 stored, 5 unchanged" in res.stderr


def test_binary_text_field_is_rejected_by_name_and_the_others_stored(cli, tmp_path, db_url):
    (tmp_path / "r.jsonl").write_text(_jsonl(
        {"id": "bin", "text": "\u0000\u0001\u0002\u0003\u0004\u0005ab\u0000\u0006\u0007\u0008"},
        {"id": "ok", "text": GOOD}))
    res = cli("ingest", tmp_path / "r.jsonl", "--db", db_url)
    assert res.exit_code == 1
    assert "r.jsonl record 1: the text holds binary data" in res.stderr
    assert {d.id for d in Store(db_url).documents()} == {"ok"}


def test_nul_in_stdin_and_in_analyze_output(cli):
    res = cli("analyze", "-", "--json", input=("Police\u0000 cleared the square on Monday, witnesses said. " * 100))
    # a NUL near the start of a text is binary sniffing's job: it stays a named rejection
    assert res.exit_code == 1 and "<stdin>: this looks like binary data" in res.stderr
    res = cli("analyze", "-", "--json", input=(GOOD + " ") * 60 + "Then\u0000 the bus left.")
    [doc] = [json.loads(x) for x in res.stdout.splitlines()]
    assert "\u0000" not in doc["text"] and "nul_removed: text" in doc["warnings"]
