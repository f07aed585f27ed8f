"""Score Counterpoint on both annotated corpora, per corpus, per language and per fold.

    python eval/crossval.py [--shared ../shared] [--out /tmp/cv] [--no-link] [--json]

Runs `counterpoint analyze` on each corpus, then (unless --no-link) ingests both corpora
into one store, links, and lists incidents. Scores come from ../shared/eval/score.py and
incidents_score.py. Each figure is given pooled over a corpus and as the mean and the
lowest value over the grouped folds of eval/folds.py (whole clusters held out), so that a
rule that fits one cluster shows up as a spread between folds.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import folds as folds_mod  # noqa: E402

ANALYZE_KEYS = ("event_precision", "event_recall", "event_f1", "count_acc", "date_acc", "date_invented",
                "place_acc", "quote_f1", "speaker_acc", "claim_f1", "claim_attr_acc", "label_recall",
                "published_acc")
LINK_KEYS = ("pair_precision", "pair_recall", "pair_f1")


def _run(args: list, **kw) -> str:
    res = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kw)
    if res.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, args))} failed:\n{res.stderr[-3000:]}")
    return res.stdout


def _gold_subset(corpus: Path, ids: set[str], where: Path) -> Path:
    """A gold folder holding only the given documents (symlinks), for the shared scorers."""
    if where.exists():  # an earlier run's subset: start afresh
        for old in where.iterdir():
            old.unlink()
    where.mkdir(parents=True, exist_ok=True)
    for g in (corpus / "gold").glob("[a-z][0-9][0-9][0-9].json"):
        if g.stem in ids:
            (where / g.name).symlink_to(g.resolve())
    return where


def _score(shared: Path, script: str, pred: Path, corpus: Path, gold: Path, lang: str) -> dict:
    out = _run([sys.executable, shared / "eval" / script, pred, "--lang", lang, "--corpus", corpus, "--gold", gold])
    return json.loads(out.strip().splitlines()[-1])


def evaluate(shared: Path, work: Path, link: bool = True) -> dict:
    cmd = [sys.executable, "-m", "counterpoint"]
    fold = folds_mod.folds(shared)
    report: dict = {"analyze": {}, "incidents": {}}
    db = work / "both.db"
    if db.exists():
        db.unlink()
    inputs = {}
    for name in folds_mod.CORPORA:
        corpus = shared / name
        inp = work / f"{name}.jsonl"
        inp.write_text(_run([sys.executable, shared / "eval" / "make_input.py", "--corpus", corpus]))
        inputs[name] = inp
        pred = work / f"{name}.out.jsonl"
        pred.write_text(_run(cmd + ["analyze", inp, "--json"]))
    inc = work / "incidents.json"
    if link:
        for name in folds_mod.CORPORA:
            _run(cmd + ["ingest", inputs[name], "--db", db])
        _run(cmd + ["link", "--db", db])
        inc.write_text(_run(cmd + ["incidents", "--db", db, "--json"]))
    for name in folds_mod.CORPORA:
        corpus = shared / name
        pred = work / f"{name}.out.jsonl"
        ids = {p.stem for p in (corpus / "gold").glob("[a-z][0-9][0-9][0-9].json")}
        for lang in ("en", "fr", "all"):
            report["analyze"][f"{name}/{lang}"] = {"pooled": _score(shared, "score.py", pred, corpus,
                                                                    corpus / "gold", lang)}
            if link:
                report["incidents"][f"{name}/{lang}"] = {"pooled": _score(shared, "incidents_score.py", inc,
                                                                          corpus, corpus / "gold", lang)}
        for k in range(folds_mod.K):
            held = {i for i in ids if fold.get(i) == k}
            gold = _gold_subset(corpus, held, work / f"gold-{name}-{k}")
            for lang in ("en", "fr"):
                report["analyze"][f"{name}/{lang}"][f"fold{k}"] = _score(shared, "score.py", pred, corpus, gold, lang)
                if link:
                    report["incidents"][f"{name}/{lang}"][f"fold{k}"] = _score(
                        shared, "incidents_score.py", inc, corpus, gold, lang)
    return report


def summary(report: dict) -> list[str]:
    lines = []
    for section, keys in (("analyze", ANALYZE_KEYS), ("incidents", LINK_KEYS)):
        for where, res in report[section].items():
            pooled = res["pooled"]
            lines.append(f"[{section}] {where}")
            for key in keys:
                per_fold = [v[key] for f, v in res.items() if f.startswith("fold") and _has_data(v, key)]
                spread = (f"  folds mean {statistics.mean(per_fold):.3f} min {min(per_fold):.3f}"
                          if per_fold else "")
                lines.append(f"    {key:16s} {pooled.get(key, 0):.3f}{spread}")
    return lines


def _has_data(score: dict, key: str) -> bool:
    """A fold counts for a measure only if it holds something to measure."""
    n = score.get("n", {})
    need = {"event": "ev_gold", "count": "cnt_gold", "date": "date_gold", "place": "place_gold",
            "quote": "q_gold", "speaker": "q_gold", "claim": "cl_gold", "label": "lab_gold",
            "published": "pub_gold"}
    for prefix, field in need.items():
        if key.startswith(prefix):
            return n.get(field, 0) > 0
    return score.get("gold_events", 1) > 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=folds_mod.SHARED)
    ap.add_argument("--out", type=Path, default=None, help="keep inputs, outputs and the store here")
    ap.add_argument("--no-link", action="store_true", help="analysis only")
    ap.add_argument("--json", action="store_true", help="print the whole report as JSON")
    args = ap.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="counterpoint-cv-"))
    work.mkdir(parents=True, exist_ok=True)
    report = evaluate(args.shared.resolve(), work, link=not args.no_link)
    (work / "report.json").write_text(json.dumps(report, indent=1))
    print(json.dumps(report) if args.json else "\n".join(summary(report)))


if __name__ == "__main__":
    main()
