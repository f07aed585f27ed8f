"""Writing to the store: documents with their analysis, then a linking result, before/after.

    .venv/bin/python benchmarks/store_bench.py --baseline /tmp/base --pg postgresql://.../db [--docs 500]

Runs the same synthetic work (no parse: `--docs` documents of 12 events, 4 quotes and 3
claims each, saved one transaction per document as ingest does; then one linking result of
every mention in incidents of 4) with this checkout's code and with `--baseline` (a checkout
of the code before), each in a fresh process, on SQLite and, with --pg, on PostgreSQL (a
fresh schema per run). Prints seconds per phase and the child's peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import json, resource, sys, time
from counterpoint.models import Analysis, Claim, Count, Document, Event, Quote
from counterpoint.store import IncidentStore, Store

db, docs = sys.argv[1], int(sys.argv[2])
store = Store(db)
text = "Officers moved forty people from a camp near the canal on Monday. " * 12
t0 = time.perf_counter()
for i in range(docs):
    events = [Event(type="eviction", trigger="moved", sentence=text[:66], start=66 * k, end=66 * k + 65,
                    date="2021-03-01", place="Calais", lat=50.9, lon=1.8) for k in range(12)]
    quotes = [Quote("We had nowhere to go", "a resident", "migrants", True, 0, 20) for _ in range(4)]
    claims = [Claim(Count.exact(40), "people", "The prefecture", text[:66], 0, 66) for _ in range(3)]
    doc = Document(id=f"doc-{i}", text=text + str(i), source="Gazette", language="en",
                   analysis=Analysis(events, quotes, claims, ["people"]))
    store.save_document(doc, raw=None, signature=None, text_hash=f"h{i}", analysis_version="bench")
saved = time.perf_counter() - t0
links = IncidentStore(store)
mentions = links.mentions()
t0 = time.perf_counter()
incidents, assignment = [], {}
for k in range(0, len(mentions), 4):
    group = mentions[k:k + 4]
    incidents.append({"id": f"inc-{k}", "type": "eviction", "place": "Calais", "date_start": "2021-03-01",
                      "mentions": [m["key"] for m in group]})
    assignment.update({m["key"]: f"inc-{k}" for m in group})
link_rows = [{"a": m["key"], "score": 0.5, "features": {"place": 1.0}} for m in mentions]
links.save(incidents, assignment, link_rows)
linked = time.perf_counter() - t0
print(json.dumps({"save_s": saved, "docs_per_s": docs / saved, "mentions": len(mentions),
                  "link_save_s": linked, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''


def fresh_pg(url: str, name: str) -> str:
    from sqlalchemy import create_engine, text

    from counterpoint.store import database_url

    engine = create_engine(database_url(url))
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {name}"))
    engine.dispose()
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{name}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", required=True, help="a checkout of the code before")
    ap.add_argument("--pg", help="a PostgreSQL URL (a schema is made per run)")
    ap.add_argument("--docs", type=int, default=500)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="store_bench_") as tmp:
        print(f"load average {os.getloadavg()[0]:.1f}; {args.docs} documents")
        for backend in ["sqlite"] + (["postgresql"] if args.pg else []):
            for label, source in (("before", args.baseline), ("after", str(ROOT))):
                db = (str(Path(tmp) / f"{label}.db") if backend == "sqlite"
                      else fresh_pg(args.pg, f"store_bench_{label}"))
                out = subprocess.run([sys.executable, "-c", CHILD, db, str(args.docs)], cwd=source, check=True,
                                     capture_output=True, env={**os.environ, "PYTHONPATH": source}).stdout
                r = json.loads(out)
                print(f"{backend:10s} {label:6s} save {r['save_s']:6.1f} s ({r['docs_per_s']:5.1f} docs/s)  "
                      f"link save of {r['mentions']} mentions {r['link_save_s']:5.1f} s  peak {r['peak_mb']:.0f} MiB",
                      flush=True)


if __name__ == "__main__":
    main()
