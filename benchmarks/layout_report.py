"""Print how the shared corpora are read as laid out: event sentences spanning two layout lines,
unit roles, units of the events, and pages split into posts.

    python benchmarks/layout_report.py [--shared ../shared] [--pred corpus=OUT.jsonl --pred train=OUT.jsonl]

Without --pred it runs `counterpoint analyze` on each corpus (as eval/make_input.py gives it).
An event sentence "spans two layout lines" when, stripped, it still holds a line break: a
headline, caption or dateline glued onto the sentence under it.
"""
from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CORPORA = ("corpus", "train")


def _analyze(shared: Path, name: str, work: Path) -> Path:
    inp = work / f"{name}.jsonl"
    inp.write_text(subprocess.run([sys.executable, shared / "eval" / "make_input.py", "--corpus", shared / name],
                                  capture_output=True, text=True, check=True).stdout)
    out = work / f"{name}.out.jsonl"
    out.write_text(subprocess.run([sys.executable, "-m", "counterpoint", "analyze", inp, "--json"],
                                  capture_output=True, text=True).stdout)
    return out


def _languages(shared: Path, name: str) -> dict[str, str]:
    return {p.stem: json.loads(p.read_text())["language"]
            for p in (shared / name).glob("[a-z][0-9][0-9][0-9].json")}


def report(shared: Path, preds: dict[str, Path]) -> list[str]:
    from counterpoint.analyze.units import layout
    from counterpoint.ingest.segment import split_posts

    lines = []
    for name in CORPORA:
        langs = _languages(shared, name)
        spans = collections.Counter()
        total = collections.Counter()
        units = collections.Counter()
        background = collections.Counter()
        docs = [json.loads(x) for x in preds[name].read_text().splitlines() if x.strip()]
        for d in docs:
            lang = langs.get(d["id"].split("~")[0], d.get("language"))
            for e in d["events"]:
                total[lang] += 1
                spans[lang] += "\n" in e["sentence"].strip()
                units[e.get("unit")] += 1
                background[lang] += bool(e.get("background"))
        roles = collections.Counter()
        split = []
        for p in sorted((shared / name).glob("[a-z][0-9][0-9][0-9].json")):
            text = json.loads(p.read_text())["text"]
            roles.update(u.role for u in layout(text))
            n = len(split_posts(text))
            if n > 1:
                split.append(f"{p.stem}:{n}")
        for lang in sorted(total):
            share = spans[lang] / total[lang] if total[lang] else 0.0
            lines.append(f"{name}/{lang}: {spans[lang]}/{total[lang]} event sentences span two layout lines "
                         f"({share:.1%}); background {background[lang]}")
        lines.append(f"{name}: event units {dict(units)}")
        lines.append(f"{name}: unit roles {dict(roles)}")
        lines.append(f"{name}: {len(split)} of {len(langs)} documents split into posts {split}")
    seeds = sorted((shared / "seeds").glob("*.txt"))
    lines.append("seeds: " + ", ".join(f"{p.name[:3]}:{len(split_posts(p.read_text()))}" for p in seeds))
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1] / ".." / "shared"))
    ap.add_argument("--pred", action="append", default=[], help="NAME=OUT.jsonl, an analyze output to read")
    args = ap.parse_args()
    shared = Path(args.shared).resolve()
    given = dict(p.split("=", 1) for p in args.pred)
    with tempfile.TemporaryDirectory() as tmp:
        preds = {n: Path(given[n]) if n in given else _analyze(shared, n, Path(tmp)) for n in CORPORA}
        print("\n".join(report(shared, preds)))


if __name__ == "__main__":
    main()
