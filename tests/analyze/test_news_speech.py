"""Reported and direct speech in ordinary English news prose: the invented articles of
eval/data/news_speech*.en.json ("X said (that) …", "…, X said.", "according to X, …", "X described
… as …", "he/she said" after other people, "they" for an organisation). Each quote of the set
must be found (its span overlapping the expected one by at least half of the longer) with the
expected speaker; no quote may be found where the set has none."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from counterpoint.analyze import Context, quotes
from counterpoint.settings import Settings

SETS = sorted((Path(__file__).resolve().parents[2] / "eval" / "data").glob("news_speech*.en.json"))
ARTICLES = {a["id"]: a for path in SETS for a in json.loads(path.read_text(encoding="utf-8"))["articles"]}
CASES = [(a["id"], i) for a in ARTICLES.values() for i in range(len(a["quotes"]))]


def _overlap(a, b) -> float:
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / max(a[1] - a[0], b[1] - b[0])


@pytest.fixture(scope="module")
def found(nlp):
    @lru_cache(maxsize=None)
    def run(art_id):
        return quotes.extract(nlp(ARTICLES[art_id]["text"]), Context("en", None, Settings()))
    return run


@pytest.mark.parametrize("art_id,i", CASES, ids=[f"{a}-{ARTICLES[a]['quotes'][i]['case']}" for a, i in CASES])
def test_quote_and_speaker(found, art_id, i):
    art = ARTICLES[art_id]
    gold = art["quotes"][i]
    a = art["text"].index(gold["text"])
    span = (a, a + len(gold["text"]))
    hits = [q for q in found(art_id) if _overlap(span, (q.start, q.end)) >= 0.5]
    assert hits, f"not found: {gold['text']!r}"
    best = max(hits, key=lambda q: _overlap(span, (q.start, q.end)))
    assert gold["speaker"].split()[-1] in (best.speaker or ""), (gold["speaker"], best.speaker)
    assert best.direct == gold["direct"]


@pytest.mark.parametrize("art_id", sorted(ARTICLES))
def test_nothing_else_is_a_quote(found, art_id):
    art = ARTICLES[art_id]
    golds = [(art["text"].index(g["text"]), art["text"].index(g["text"]) + len(g["text"])) for g in art["quotes"]]
    extra = [art["text"][q.start:q.end] for q in found(art_id)
             if not any(_overlap(g, (q.start, q.end)) >= 0.3 for g in golds)]
    assert not extra
