"""List the quotes whose speaker and the claims whose source disagree with the gold.

    python eval/attribution_errors.py PRED.jsonl [--corpus ../shared/train] [--lang fr]
                                      [--what speakers|claims|both] [--missed]

PRED.jsonl is the `counterpoint analyze --json` output of the corpus (eval/crossval.py
leaves it as OUT/<corpus>.out.jsonl). Matching follows ../shared/eval/score.py: a quote is
found when its text overlaps the gold quote, and right when the gold speaker's last word is
in the predicted speaker; a claim is found when value and sentence match, and right when the
gold source's last word is in `attributed_to`. Each error line shows the document, the gold,
what was predicted and the start of the gold text, so errors can be grouped into classes.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from folds import SHARED, annotated, load_scorer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pred")
    ap.add_argument("--corpus", default=str(SHARED / "train"))
    ap.add_argument("--lang", default="all")
    ap.add_argument("--what", default="both", choices=("speakers", "claims", "both"))
    ap.add_argument("--missed", action="store_true", help="also list gold items not found at all")
    args = ap.parse_args()
    score = load_scorer()
    corpus = Path(args.corpus)
    preds = score.load_pred(args.pred)
    norm, overlaps = score.norm, score.overlaps
    for gold, doc in annotated(corpus, args.lang):
        outs = score.pred_for(preds, gold["id"])
        pq = [q for o in outs for q in o.get("quotes") or []]
        pcl = [c for o in outs for c in o.get("claims") or []]
        if args.what in ("speakers", "both"):
            for gq in gold["quotes"]:
                hits = [q for q in pq if overlaps(q.get("text", ""), gq["text"])]
                if not hits:
                    if args.missed:
                        print(f"{gold['id']} Q-MISSED gold={gq.get('speaker')!r} | {gq['text'][:90]!r}")
                    continue
                if not gq.get("speaker"):
                    continue
                last = norm(gq["speaker"]).split()[-1]
                if any(last in norm(q.get("speaker") or "") for q in hits):
                    continue
                got = sorted({str(q.get("speaker")) for q in hits})
                verbs = sorted({str(q.get("verb")) for q in hits})
                print(f"{gold['id']} SPEAKER gold={gq['speaker']!r} got={got} verb={verbs} | {gq['text'][:90]!r}")
        if args.what in ("claims", "both"):
            for gc in gold["claims"]:
                hits = [c for c in pcl if score.count_eq(c.get("value"), gc)
                        and overlaps(c.get("sentence", ""), gc["evidence"])]
                if not hits:
                    if args.missed:
                        print(f"{gold['id']} C-MISSED gold={gc['attributed_to']!r} | {gc['evidence'][:110]!r}")
                    continue
                key = norm(gc["attributed_to"]).split()[-1]
                if any(key in norm(c.get("attributed_to") or "") for c in hits):
                    continue
                got = sorted({str(c.get("attributed_to")) for c in hits})
                print(f"{gold['id']} CLAIM gold={gc['attributed_to']!r} got={got} | {gc['evidence'][:110]!r}")


if __name__ == "__main__":
    main()
