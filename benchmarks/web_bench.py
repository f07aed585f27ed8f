"""Workbench throughput: `/api/incidents` under many concurrent clients, 1 vs N server processes.

    .venv/bin/python benchmarks/web_bench.py [--db STORE] [--concurrency 50] [--requests 3000]

Without --db it builds a store of the two shared corpora (../shared/corpus and ../shared/train:
ingest, then link) in a temporary folder. For each server size (`--workers 1 2`) it starts
`counterpoint serve --workers N` as a subprocess, keeps `--concurrency` HTTP/1.1 keep-alive
connections busy until `--requests` answers came back, and prints requests per second, p50
and p95. Three request mixes, in the same run:

- `same`: every client asks for the same list (what a team watching one store does); served
  from the per-generation cache after the first request; the client accepts gzip, as
  browsers and httpx do;
- `same-plain`: the same, from a client that does not accept gzip;
- `distinct`: every request asks for a different page size, so none is in the cache: the cost
  of building an answer (what every request cost before the cache).

It also counts the SQL statements of one request, and profiles building one answer in-process.
The client is a small asyncio loop on raw sockets: it shares the 2 cores with the server, and
an HTTP library would take more of them than the server it measures.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def build_store(shared: Path, folder: Path) -> str:
    db = folder / "web.db"
    for corpus in ("corpus", "train"):
        inp = folder / f"{corpus}.jsonl"
        inp.write_bytes(subprocess.run([PYTHON, shared / "eval" / "make_input.py", "--corpus", shared / corpus],
                                       check=True, capture_output=True).stdout)
        subprocess.run([PYTHON, "-m", "counterpoint", "ingest", inp, "--db", db, "--workers", "2"], check=True,
                       capture_output=True)
    subprocess.run([PYTHON, "-m", "counterpoint", "link", "--db", db], check=True, capture_output=True)
    return str(db)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, workers: int, source: str | None = None) -> tuple[subprocess.Popen, int]:
    """`counterpoint serve` on a free port; `source`: a checkout whose code to run instead (one process)."""
    port = free_port()
    env = dict(os.environ)
    cmd = [PYTHON, "-m", "counterpoint", "serve", "--db", db, "--port", str(port)]
    if source:
        env["PYTHONPATH"] = source
    else:
        cmd += ["--workers", str(workers)]
    # `python -m` puts the working folder first on the path: run from the checkout to serve
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=source or ROOT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            status, _ = asyncio.run(one_request(port, "/api/incidents"))
            if status == 200:
                return proc, port
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("server did not answer within 120 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()  # uvicorn stops its worker processes on SIGTERM
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


async def read_response(reader) -> tuple[int, int]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:"))
    await reader.readexactly(length)
    return status, length


def request_bytes(port: int, path: str) -> bytes:
    """A GET as httpx or a browser sends it; a path ending in `#plain` asks for no compression."""
    path, _, plain = path.partition("#")
    encoding = "" if plain else "Accept-Encoding: gzip, deflate\r\n"
    return (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n{encoding}"
            "Connection: keep-alive\r\n\r\n").encode()


async def one_request(port: int, path: str) -> tuple[int, int]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request_bytes(port, path))
    await writer.drain()
    out = await read_response(reader)
    writer.close()
    return out


async def load(port: int, paths, total: int, concurrency: int) -> dict:
    latencies: list[float] = []
    errors = 0
    sent = 0
    size = 0

    async def client() -> None:
        nonlocal sent, errors, size
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while sent < total:
            path = paths(sent)
            sent += 1
            t0 = time.perf_counter()
            writer.write(request_bytes(port, path))
            await writer.drain()
            status, size = await read_response(reader)
            latencies.append(time.perf_counter() - t0)
            errors += status != 200
        writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000, "errors": errors, "bytes": size}


MIXES = {
    "same": lambda i: "/api/incidents",
    "same-plain": lambda i: "/api/incidents#plain",  # a client that does not accept gzip
    "distinct": lambda i: f"/api/incidents?limit={1000 + i}",  # a new cache key every request
}


def profile(db: str) -> None:
    """SQL statements per request, and where building one answer spends its time."""
    import cProfile
    import io
    import pstats

    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from counterpoint.settings import Settings
    from counterpoint.web import create_app

    app = create_app(db, Settings.load(db=db))
    statements: list[str] = []
    event.listen(app.state.store.engine, "before_cursor_execute", lambda conn, cur, sql, *a: statements.append(sql))
    client = TestClient(app, base_url="http://127.0.0.1:8000", client=("127.0.0.1", 50000))
    for label, path in (("uncached", "/api/incidents"), ("cached", "/api/incidents")):
        statements.clear()
        t0 = time.perf_counter()
        r = client.get(path, headers={"accept": "application/json"})
        ms = (time.perf_counter() - t0) * 1000
        print(f"{label:9s} one request in-process: {ms:6.1f} ms, {len(r.content) / 1024:.0f} KiB, "
              f"{len(statements)} SQL statements")
    review = app.state.review
    from counterpoint.headline import with_headlines
    from fastapi.responses import JSONResponse

    def build() -> None:  # what the route does on a cache miss
        items, total = review.incidents(limit=1000)
        JSONResponse({"incidents": with_headlines(items), "total": total})

    prof = cProfile.Profile()
    prof.enable()
    for _ in range(10):
        build()
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(14)
    print("building an answer, 10 times (cProfile, cumulative):")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:3000])


def schema_0004_copy(db: str, folder: Path) -> str:
    """A copy of the store with the generation migration undone, for code that predates it."""
    import shutil

    from alembic import command
    from alembic.config import Config

    from counterpoint.store import MIGRATIONS, Store

    copy = str(folder / "before.db")
    shutil.copy(db, copy)
    store = Store(copy)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    store.engine.dispose()
    return copy


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="an existing store (default: build one of the shared corpora)")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--mixes", nargs="+", default=list(MIXES), choices=list(MIXES))
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--baseline", help="a checkout of the code before the cache (e.g. /work/main at the commit "
                    "before it): served with one process from a copy of the store at schema 0004, same run")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="web_bench_")
    db = args.db or build_store(Path(args.shared), Path(tmp.name))
    env_cores = os.cpu_count()
    print(f"store {db}; {env_cores} cores; concurrency {args.concurrency}; {args.requests} requests per run")
    if not args.no_profile:
        profile(db)
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'workers':>10} {'mix':>10} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6} {'KiB':>5}")
    runs = [(w, None, db) for w in args.workers]
    if args.baseline:
        runs.insert(0, (1, args.baseline, schema_0004_copy(db, Path(tmp.name))))
    for workers, source, store in runs:
        proc, port = start_server(store, workers, source)
        label = f"{workers}" + (" (before)" if source else "")
        try:
            # the code before answers a few a second: fewer requests, the `same` mix alone
            for mix in (["same"] if source else args.mixes):
                warm = min(200 if not source else 50, args.requests)
                total = min(args.requests, 300) if source else args.requests
                asyncio.run(load(port, MIXES[mix], warm, args.concurrency))  # warm up
                r = asyncio.run(load(port, lambda i: MIXES[mix](warm + i), total, args.concurrency))
                print(f"{label:>10} {mix:>10} {r['rps']:7.0f} {r['p50']:7.1f} {r['p95']:7.1f} {r['errors']:>6} "
                      f"{r['bytes'] / 1024:5.0f}", flush=True)
        finally:
            stop_server(proc)


if __name__ == "__main__":
    main()
