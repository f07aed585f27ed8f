"""A pathological document (megabytes of one unpunctuated line) cannot stall its batch: runs
without sentence ends are cut before parsing, and a document over its time budget is
rejected as too_slow while the good documents of its batch are stored."""
from __future__ import annotations

import random

import pytest

from counterpoint.analyze import pieces
from counterpoint.store import Store

GOOD = "Police removed tents near the canal on Tuesday, volunteers said; forty people slept there."
WORDS = "police camp tents people canal morning volunteers shelter bus night road town hall group".split()


def _run_on(n_words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


@pytest.mark.parametrize("run", [200, 2000])
def test_pieces_cut_long_unpunctuated_runs_at_spaces(run):
    text = GOOD + "\n" + _run_on(3000) + ". " + GOOD
    out = pieces(text, 100_000, run=run)
    assert "".join(p for _, p in out) == text  # nothing lost, offsets exact
    assert all(text[off:off + len(p)] == p for off, p in out)
    for _, p in out:  # no stretch longer than `run` without a sentence end or a line break
        stretches = [len(s) for s in p.replace("\n", ". ").split(". ")]
        assert max(stretches) <= run
        assert not p[:1].isspace() or p is out[0][1]


def test_pieces_leave_ordinary_text_whole():
    text = (GOOD + " ") * 200
    assert pieces(text, 100_000) == [(0, text)]


@pytest.mark.slow
def test_document_over_its_time_budget_is_rejected_and_the_batch_stored(cli, tmp_path, db):
    inputs = tmp_path / "batch"
    inputs.mkdir()
    for n in range(3):
        (inputs / f"good{n}.txt").write_text(GOOD.replace("forty", ["ten", "twenty", "thirty"][n]))
    (inputs / "huge.txt").write_text(_run_on(12_000))  # one line, no sentence end, ~80 KB
    env = {"COUNTERPOINT_DOC_TIME_BUDGET": "0.5", "COUNTERPOINT_CHUNK_CHARS": "5000"}
    res = cli("ingest", inputs, "--db", db, env=env)
    assert res.exit_code == 1
    assert f"{inputs / 'huge.txt'}: analysis took longer than the budget of 0.5 s" in res.stderr
    assert "(setting doc_time_budget)" in res.stderr
    assert {d.id for d in Store(db).documents()} == {"good0.txt", "good1.txt", "good2.txt"}
    assert [r["reason"] for r in Store(db).rejections()] == ["too_slow"]
    # with the default budget the same document is analysed
    res = cli("analyze", inputs / "huge.txt", "--json", env={"COUNTERPOINT_CHUNK_CHARS": "5000"})
    assert res.exit_code == 0, res.stderr
