"""Benchmark: do French and English reports of one incident share an incident?

usage: python benchmarks/cross_language_pairs.py INCIDENTS.json [--corpus ../shared/corpus]

INCIDENTS.json is what `counterpoint incidents --json` printed after ingesting and linking the
corpus (commands in french_load.md). Like ../shared/eval/incidents_score.py, but over the
pairs of gold events from an English and a French document only: a pair of one gold incident
should share a predicted incident, a pair of two should not. Prints pair counts, precision and
recall. Reads the corpus and its gold at run time (nothing of it is kept here).
"""
from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("incidents")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    corpus = Path(args.corpus)
    sys.path.insert(0, str(corpus.parent / "eval"))
    from score import overlaps  # the scorer's own sentence matching

    raw = json.loads(Path(args.incidents).read_text())
    incidents = raw["incidents"] if isinstance(raw, dict) else raw
    gold = []
    for g in sorted((corpus / "gold").glob("[a-z][0-9][0-9][0-9].json")):
        doc = json.loads(g.read_text())
        lang = json.loads((corpus / g.name).read_text())["language"]
        gold += [(doc["id"], e["incident"], e["evidence"], lang) for e in doc["events"] if e.get("incident")]

    def placed(doc_id, evidence):
        return {inc.get("id", n) for n, inc in enumerate(incidents) for m in inc.get("mentions") or []
                if (str(m.get("document")) == doc_id or re.match(re.escape(doc_id) + r"\W", str(m.get("document"))))
                and any(overlaps(m.get("sentence", ""), ev) for ev in evidence)}

    where = [placed(d, ev) for d, _, ev, _ in gold]
    tp = fp = fn = 0
    for (i, a), (j, b) in itertools.combinations(enumerate(gold), 2):
        if a[0] == b[0] or a[3] == b[3]:
            continue
        same_gold, same_pred = a[1] == b[1], bool(where[i] & where[j])
        tp += same_gold and same_pred
        fn += same_gold and not same_pred
        fp += (not same_gold) and same_pred
    print(json.dumps({"cross_language_gold_pairs": tp + fn, "joined": tp, "missed": fn, "wrongly_joined": fp,
                      "pair_recall": round(tp / (tp + fn), 3) if tp + fn else None,
                      "pair_precision": round(tp / (tp + fp), 3) if tp + fp else None}))


if __name__ == "__main__":
    main()
