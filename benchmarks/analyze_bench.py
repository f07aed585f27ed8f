"""Throughput of `counterpoint analyze` against bare spaCy on the same texts, in one run.

usage: python benchmarks/analyze_bench.py [--docs 300] [--n-process 1] [--shared ../shared]

Texts are the seed and development-corpus documents of ../shared, cycled to --docs
documents (read at run time; nothing is copied into the repository). The analyze run is
a subprocess of the real command, start-up included; bare spaCy is `nlp.pipe` of the
same pipeline, single process, in this process. Prints words/s for both, their ratio and
the peak resident memory of each.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def texts(shared: Path, n: int) -> list[str]:
    pool = [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    pool += [json.loads(p.read_text(encoding="utf-8"))["text"]
             for p in sorted((shared / "corpus").glob("v*.json"))
             if json.loads(p.read_text(encoding="utf-8")).get("language") == "en"]
    if not pool:
        sys.exit(f"no texts under {shared}")
    # distinct documents (a marker line) so duplicate detection does not skip any
    return [f"Item {i}.\n\n{pool[i % len(pool)]}" for i in range(n)]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--n-process", type=int, default=1)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args(argv)
    docs = texts(Path(args.shared), args.docs)
    words = sum(len(t.split()) for t in docs)

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.jsonl"
        src.write_text("".join(json.dumps({"id": f"b{i}", "text": t}) + "\n" for i, t in enumerate(docs)),
                       encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(ROOT), COUNTERPOINT_N_PROCESS=str(args.n_process))
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "counterpoint", "analyze", str(src), "--json"],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
        t_an = time.perf_counter() - t0
        n_out = len(out.stdout.splitlines())
    mem_an = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    import spacy

    from counterpoint.settings import Settings

    t0 = time.perf_counter()
    nlp = spacy.load(Settings.load().model_en)
    for _ in nlp.pipe(docs, batch_size=16):
        pass
    t_sp = time.perf_counter() - t0
    mem_sp = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    wa, ws = words / t_an, words / t_sp
    print(f"documents {len(docs)} (outputs {n_out}), words {words}, n_process {args.n_process}")
    print(f"counterpoint analyze (start-up included): {t_an:.1f} s, {wa:,.0f} words/s, peak {mem_an:.0f} MB")
    print(f"bare spaCy nlp.pipe (model load included): {t_sp:.1f} s, {ws:,.0f} words/s, peak {mem_sp:.0f} MB")
    print(f"ratio analyze / bare spaCy: {wa / ws:.2f}")


if __name__ == "__main__":
    main()
