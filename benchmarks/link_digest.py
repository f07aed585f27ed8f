"""A digest of what `counterpoint link` stored: every incident and every mention link.

    .venv/bin/python benchmarks/link_digest.py STORE [STORE ...]

Prints, per store, the number of incidents and links and a SHA-256 over their rows (all
columns but `updated_at`, JSON decoded and re-encoded with sorted keys, rows in key order).
Two stores linked from the same documents by two versions of the code give the same digest
when the linking result and the way it is stored are the same.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from counterpoint.store import Store  # noqa: E402
from counterpoint.store import schema as t  # noqa: E402


def digest(db: str) -> tuple[int, int, str]:
    store = Store(db, upgrade=False)
    h = hashlib.sha256()
    counts = []
    with store.engine.connect() as conn:
        for table, key in ((t.incidents, t.incidents.c.id), (t.mention_links, t.mention_links.c.event_key)):
            n = 0
            for row in conn.execute(select(table).order_by(key)):
                data = {k: v for k, v in row._mapping.items() if k != "updated_at"}
                h.update(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode() + b"\n")
                n += 1
            counts.append(n)
    store.engine.dispose()
    return counts[0], counts[1], h.hexdigest()


if __name__ == "__main__":
    for db in sys.argv[1:]:
        incidents, links, sha = digest(db)
        print(f"{sha}  {incidents} incidents, {links} links  {db.split('@')[-1]}")
