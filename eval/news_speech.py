"""Score quotes and speakers on the small English news-speech set (eval/data/news_speech.en.json).

    python eval/news_speech.py [--set eval/data/news_speech.en.json] [--threshold 0.3] [-v]

(eval/data/news_speech_2.en.json is a second set, written after the first was used for tuning.)

The set is invented news prose written for the project (reported and direct speech in the
constructions of ordinary English news: "X said (that) …", "…, X said.", "according to X,
…", "X described … as …", "he/she said" after other people). Matching follows the usual
quote-extraction evaluation: a predicted quote matches a gold quote when their character
overlap is at least `threshold` of the longer of the two (each gold matched once, best
overlap first); a speaker is right when the gold speaker's last word is in the predicted
speaker. Prints quote precision/recall/F1, recall of direct and of reported speech, speaker
accuracy of the quotes found (all, and where the text gives a pronoun), and with -v each miss.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
PRONOUN_CASE = re.compile(r"\b(?:he|she|they)\b")


def _norm(s: str) -> str:
    return re.sub(r"[^\w ]", "", (s or "").lower().replace("’", "'").replace("'s ", " ")).strip()


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, inter) / max(a[1] - a[0], b[1] - b[0], 1)


def speaker_right(gold: str, got: str | None) -> bool:
    last = _norm(gold).split()[-1]
    return last in _norm(got or "").split()


def score(articles: list[dict], found: dict[str, list], threshold: float = 0.3) -> dict:
    """Figures and misses of predicted quotes `found[id]` (Quote objects) against the set."""
    n_gold = n_pred = n_match = 0
    direct = {True: [0, 0], False: [0, 0]}  # direct? -> [found, gold]
    spk = {"all": [0, 0], "pronoun": [0, 0]}  # -> [right, found]
    misses = []
    for art in articles:
        text = art["text"]
        preds = found.get(art["id"], [])
        n_pred += len(preds)
        pairs = []
        for gi, g in enumerate(art["quotes"]):
            a = text.index(g["text"])
            gspan = (a, a + len(g["text"]))
            for pi, p in enumerate(preds):
                ov = _overlap(gspan, (p.start, p.end))
                if ov >= threshold:
                    pairs.append((ov, gi, pi))
        used_g, used_p, match = set(), set(), {}
        for ov, gi, pi in sorted(pairs, reverse=True):
            if gi not in used_g and pi not in used_p:
                used_g.add(gi)
                used_p.add(pi)
                match[gi] = preds[pi]
        for gi, g in enumerate(art["quotes"]):
            n_gold += 1
            direct[g["direct"]][1] += 1
            p = match.get(gi)
            if p is None:
                misses.append(f"{art['id']:8} MISSED  [{g['case']}] {g['text'][:70]!r}")
                continue
            n_match += 1
            direct[g["direct"]][0] += 1
            right = speaker_right(g["speaker"], p.speaker)
            keys = ["all"] + (["pronoun"] if PRONOUN_CASE.search(g["case"]) else [])
            for k in keys:
                spk[k][0] += right
                spk[k][1] += 1
            if not right:
                misses.append(f"{art['id']:8} SPEAKER [{g['case']}] gold={g['speaker']!r} got={p.speaker!r} "
                              f"| {g['text'][:50]!r}")
            span = text[p.start:p.end]
            if _overlap((text.index(g["text"]), text.index(g["text"]) + len(g["text"])), (p.start, p.end)) < 0.8:
                misses.append(f"{art['id']:8} SPAN    [{g['case']}] got={span[:90]!r}")
        for pi, p in enumerate(preds):
            if pi not in used_p:
                misses.append(f"{art['id']:8} EXTRA   {text[p.start:p.end][:70]!r} ({p.speaker})")
    prec = n_match / n_pred if n_pred else 0.0
    rec = n_match / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0

    def ratio(xy):
        return xy[0] / xy[1] if xy[1] else 0.0
    return {"quote_precision": prec, "quote_recall": rec, "quote_f1": f1,
            "direct_recall": ratio(direct[True]), "reported_recall": ratio(direct[False]),
            "speaker_acc": ratio(spk["all"]), "pronoun_speaker_acc": ratio(spk["pronoun"]),
            "gold": n_gold, "predicted": n_pred, "misses": misses}


def run(path: Path, threshold: float = 0.3) -> dict:
    from counterpoint.analyze import Context, quotes
    from counterpoint.analyze.nlp import pipeline_for
    from counterpoint.settings import Settings

    articles = json.loads(path.read_text())["articles"]
    settings = Settings()
    nlp = pipeline_for("en", settings)
    found = {a["id"]: quotes.extract(nlp(a["text"]), Context("en", None, settings)) for a in articles}
    return score(articles, found, threshold)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=HERE / "data" / "news_speech.en.json")
    ap.add_argument("--threshold", type=float, default=0.3)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    res = run(args.set, args.threshold)
    for k, v in res.items():
        if isinstance(v, float):
            print(f"    {k:20} {v:.3f}")
    print(f"    gold {res['gold']}, predicted {res['predicted']}")
    if args.verbose:
        print("\n".join(res["misses"]))


if __name__ == "__main__":
    main()
