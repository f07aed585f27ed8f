"""List the counts and places of found events that disagree with the gold.

    python eval/count_place_errors.py PRED.jsonl [--corpus ../shared/train] [--lang en]
                                      [--what counts|places|both]

PRED.jsonl is the `counterpoint analyze --json` output of the corpus. Matching follows
../shared/eval/score.py: a gold event is found when a predicted event of an acceptable type
says one of its evidence sentences; a gold count is right when one of those events carries
it in the same slot, a gold place when one of them shares a significant word with it. Each
error line shows the document, the gold, what the found events hold and the gold evidence,
so that errors can be grouped by cause.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from folds import SHARED, annotated, found_by, load_scorer


def _fmt(c) -> str:
    if not isinstance(c, dict):
        return "-"
    return f"{c.get('min')}..{c.get('max')}"


def _slot(pe, what) -> list[str]:
    if what in ("killed", "injured", "arrested"):
        out = [_fmt(pe.get(what))] if pe.get(what) else []
        out += [_fmt(x.get("count")) + ":" + str(x.get("category")) for x in pe.get("casualties") or []
                if x.get("what") == what]
        return out
    return [_fmt(p.get("count")) + ":" + str(p.get("label")) for p in pe.get("participants") or []]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pred")
    ap.add_argument("--corpus", default=str(SHARED / "train"))
    ap.add_argument("--lang", default="all")
    ap.add_argument("--what", default="both", choices=("counts", "places", "both"))
    args = ap.parse_args()
    score = load_scorer()
    corpus = Path(args.corpus)
    preds = score.load_pred(args.pred)
    n_count = n_place = 0
    for gold, doc in annotated(corpus, args.lang):
        pev = [e for o in score.pred_for(preds, gold["id"]) for e in (o.get("events") or [])]
        for ge in gold["events"]:
            hits = found_by(score, pev, ge)
            if not hits:
                continue
            if args.what in ("counts", "both"):
                for c in ge.get("counts", []):
                    ok = any(score.count_eq(x, c) for pe in hits for x in
                             [pe.get(c["what"])] + [y.get("count") for y in pe.get("casualties") or []
                                                    if y.get("what") == c["what"]]
                             + ([p.get("count") for p in pe.get("participants") or []]
                                if c["what"] not in ("killed", "injured", "arrested") else []))
                    if ok:
                        continue
                    n_count += 1
                    have = sorted({s for pe in hits for s in _slot(pe, c["what"])})
                    print(f"COUNT {gold['id']} {ge['type']} {c['what']} gold {_fmt(c)} have {have}\n"
                          f"      gold: {c.get('evidence', '')[:160]!r}\n"
                          f"      pred: {hits[0].get('sentence', '')[:160]!r}")
            if args.what in ("places", "both") and ge.get("place"):
                if any(score.place_eq(pe.get("place"), ge["place"]) for pe in hits):
                    continue
                n_place += 1
                have = sorted({str(pe.get("place")) for pe in hits})
                print(f"PLACE {gold['id']} {ge['type']} gold {ge['place']!r} have {have}\n"
                      f"      pred: {hits[0].get('sentence', '')[:160]!r}")
    print(f"# {n_count} wrong counts, {n_place} wrong places", file=sys.stderr)


if __name__ == "__main__":
    main()
