"""Scale: ingest N generated documents into PostgreSQL through a Dask cluster, link, serve.

    .venv/bin/python benchmarks/scale_bench.py --db postgresql://postgres@127.0.0.1:55433/cp_scale \\
        [--docs 100000] [--cluster local:2]

The database must be empty (a fresh one: `createdb`), or the figures measure a rerun. It
makes the corpus with make_corpus.py (in a temporary folder), then runs, each as a
subprocess whose whole process tree (Dask scheduler and workers included) is sampled for
memory every half second:

1. `counterpoint ingest CORPUS --db URL --cluster local:2`: documents per second, peak memory;
2. `counterpoint link --db URL`: link time for the stored mentions, peak memory;
3. `counterpoint serve --workers 2`: `/api/incidents` p50/p95, one client and 50 at once.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # noqa: E402
import web_bench  # noqa: E402

PYTHON = sys.executable


def run_measured(cmd: list[str]) -> dict:
    """Run `cmd`; its wall time and the peak of the summed RSS of it and all its descendants."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            done.wait(0.5)

    t0 = time.perf_counter()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - t0
    done.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])} failed: {err.decode()[-2000:]}")
    return {"seconds": elapsed, "peak_mb": peak / 2**20, "stderr": err.decode()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--db", default=os.environ.get("COUNTERPOINT_SCALE_DB"),
                    help="an empty PostgreSQL database URL [env COUNTERPOINT_SCALE_DB]")
    ap.add_argument("--cluster", default="local:2")
    ap.add_argument("--shared", default=str(make_corpus.ROOT.parent / "shared"))
    ap.add_argument("--requests", type=int, default=500)
    args = ap.parse_args()
    if not args.db:
        sys.exit("give --db postgresql://... (an empty database) or set COUNTERPOINT_SCALE_DB")

    with tempfile.TemporaryDirectory(prefix="scale_bench_") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        t0 = time.perf_counter()
        with corpus.open("w", encoding="utf-8") as fh:
            import json

            for record in make_corpus.generate(Path(args.shared), args.docs):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"corpus: {args.docs} documents, {corpus.stat().st_size / 2**20:.1f} MiB, "
              f"made in {time.perf_counter() - t0:.1f} s", flush=True)

        ingest = run_measured([PYTHON, "-m", "counterpoint", "ingest", str(corpus), "--db", args.db,
                               "--cluster", args.cluster])
        print(f"ingest --cluster {args.cluster}: {ingest['seconds']:.0f} s, "
              f"{args.docs / ingest['seconds']:.2f} documents/s, peak memory {ingest['peak_mb']:.0f} MiB "
              f"(all processes)  [{ingest['stderr'].strip().splitlines()[-1] if ingest['stderr'].strip() else ''}]",
              flush=True)

        from counterpoint.store import Store

        link = run_measured([PYTHON, "-m", "counterpoint", "link", "--db", args.db])
        status = Store(args.db).status()
        print(f"link: {status['events']} mentions -> {status['incidents']} incidents in {link['seconds']:.0f} s, "
              f"peak memory {link['peak_mb']:.0f} MiB", flush=True)
        print(f"store: {status}", flush=True)

    proc, port = web_bench.start_server(args.db, 2)
    try:
        print(f"load average {os.getloadavg()[0]:.1f}")
        for concurrency in (1, 50):
            asyncio.run(web_bench.load(port, web_bench.MIXES["same"], 20, concurrency))
            r = asyncio.run(web_bench.load(port, web_bench.MIXES["same"], args.requests, concurrency))
            print(f"/api/incidents, serve --workers 2, concurrency {concurrency}: {r['rps']:.0f} req/s, "
                  f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, {r['bytes'] / 1024:.0f} KiB (gzip)", flush=True)
    finally:
        web_bench.stop_server(proc)


if __name__ == "__main__":
    main()
