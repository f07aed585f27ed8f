"""List the found events whose date disagrees with the gold, and the events dated anyway.

    python eval/date_errors.py PRED.jsonl [--corpus ../shared/train] [--lang en] [--invented]

PRED.jsonl is the `counterpoint analyze --json` output of the corpus (eval/crossval.py
leaves it as OUT/<corpus>.out.jsonl). Matching follows ../shared/eval/score.py: a gold event
is found when a predicted event of an acceptable type overlaps its evidence; its date is right
when one of those events has the gold date at the gold's precision. Each line shows the
document, the publication date (predicted / gold), the gold date, the predicted dates with
whether the text stated them, and the start of the predicted sentence, so errors can be
grouped into classes. --invented lists the events the gold leaves undated that got a date.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from folds import SHARED, annotated, found_by, load_scorer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pred")
    ap.add_argument("--corpus", default=str(SHARED / "train"))
    ap.add_argument("--lang", default="all")
    ap.add_argument("--invented", action="store_true", help="list events dated where the gold has no date")
    args = ap.parse_args()
    score = load_scorer()
    corpus = Path(args.corpus)
    preds = score.load_pred(args.pred)
    wrong = right = invented = 0
    for gold, doc in annotated(corpus, args.lang):
        outs = score.pred_for(preds, gold["id"])
        pub = ",".join(str(o.get("published")) + "/" + str(o.get("published_basis")) for o in outs)
        pev = [e for o in outs for e in (o.get("events") or [])]
        for ge in gold["events"]:
            hits = found_by(score, pev, ge)
            if not hits:
                continue
            got = "; ".join(f"{pe.get('date')}{'' if (pe.get('extra') or {}).get('date_stated') else '~'}"
                            f"{' bg' if pe.get('background') else ''} «{(pe.get('sentence') or '')[:90]}»"
                            for pe in hits)
            if ge.get("date"):
                if any(score.date_eq(pe.get("date"), ge["date"]) for pe in hits):
                    right += 1
                    continue
                wrong += 1
                if not args.invented:
                    print(f"{gold['id']} pub {pub} gold-pub {gold.get('published')} | {ge['type']} gold {ge['date']}"
                          f" | got {got}")
            elif all(pe.get("date") for pe in hits):
                invented += 1
                if args.invented:
                    print(f"{gold['id']} pub {pub} gold-pub {gold.get('published')} | {ge['type']} undated"
                          f" | got {got}")
    print(f"# dates right {right}, wrong {wrong}, dated anyway {invented}")


if __name__ == "__main__":
    main()
