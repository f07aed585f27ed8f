"""The cost of storing one linking result: `IncidentStore.save` of a stored result, again.

    .venv/bin/python benchmarks/save_bench.py LINKED_STORE TARGET_STORE

Reads the incidents and links a `counterpoint link` stored in LINKED_STORE and saves them
into TARGET_STORE (a copy of the same store before linking, so the rows are the same):
wall and CPU seconds of the save, and how many times the store generation moved. Run it
with two versions of the code (PYTHONPATH) on two copies to compare them in one run.
"""
from __future__ import annotations

import os
import sys
import time

from sqlalchemy import select

from counterpoint.store import IncidentStore, Store
from counterpoint.store import schema as t


def main(linked: str, target: str) -> None:
    src = Store(linked, upgrade=False)
    with src.engine.connect() as conn:
        incidents = [r.data for r in conn.execute(select(t.incidents.c.data).order_by(t.incidents.c.id))]
        rows = conn.execute(select(t.mention_links).order_by(t.mention_links.c.event_key)).fetchall()
    assignment = {r.event_key: r.incident_id for r in rows}
    links = [{"a": r.event_key, "score": r.score, "features": r.features} for r in rows]
    dest = Store(target)
    before = dest.generation()
    wall, cpu = time.perf_counter(), time.process_time()
    IncidentStore(dest).save(incidents, assignment, links)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"save: {len(incidents)} incidents, {len(links)} links in {wall:.1f} s ({cpu:.1f} CPU s), "
          f"generation +{dest.generation() - before}, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
