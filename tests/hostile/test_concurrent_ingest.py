"""Two ingests into one store at the same time (two processes): both finish, and the store
holds every document once, on SQLite and on PostgreSQL."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counterpoint.store import Store
from counterpoint.store import schema as t

# Short texts the two processes share or split; written here, not taken from any article.
PLACES = ["the canal", "the old station", "the dunes", "the ring road", "the port gate", "the sports hall"]


def _write(folder: Path, names: range) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        place = PLACES[n % len(PLACES)]
        (folder / f"doc{n:02d}.txt").write_text(
            f"Report {n}. Police removed {n + 3} tents near {place} on a Tuesday, volunteers said. "
            f"They counted {n + 20} people sleeping there the night before.\n")


def _ingest_together(db: str, *args_per_process: list[str]) -> list[subprocess.CompletedProcess]:
    env = {**os.environ, "COUNTERPOINT_N_PROCESS": "1"}
    cmd = [sys.executable, "-m", "counterpoint", "ingest", "--db", db]
    procs = [subprocess.Popen(cmd + list(a), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for a in args_per_process]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


def _counts(db: str) -> dict[str, int]:
    store = Store(db)
    with store.engine.connect() as conn:
        docs = conn.execute(select(t.documents.c.doc_id, func.count()).group_by(t.documents.c.doc_id)).fetchall()
        inputs = conn.execute(select(t.inputs.c.name, t.inputs.c.content_hash, func.count())
                              .group_by(t.inputs.c.name, t.inputs.c.content_hash)).fetchall()
        events = conn.execute(select(func.count()).select_from(t.events)).scalar()
    assert all(n == 1 for _, n in docs), "a document was stored twice"
    assert all(n == 1 for *_, n in inputs), "an input was stored twice"
    return {"documents": len(docs), "inputs": len(inputs), "events": events}


@pytest.mark.slow
def test_two_ingests_of_the_same_and_of_different_inputs_both_finish(tmp_path, db_url):
    shared, mine, yours = tmp_path / "shared", tmp_path / "mine", tmp_path / "yours"
    _write(shared, range(0, 12))
    _write(mine, range(12, 18))
    _write(yours, range(18, 24))
    # a fresh store: both processes also create the schema at the same moment
    results = _ingest_together(db_url, [str(shared), str(mine)], [str(shared), str(yours)])
    for r in results:
        assert r.returncode == 0, r.stderr
        assert "0 rejected" in r.stderr
    first = _counts(db_url)
    assert first["documents"] == 24 and first["inputs"] == 24
    # the same again, together: nothing changes
    results = _ingest_together(db_url, [str(shared), str(mine)], [str(shared), str(yours)])
    for r in results:
        assert r.returncode == 0 and "0 stored, 18 unchanged" in r.stderr, r.stderr
    assert _counts(db_url) == first


def _doc(n: int, text: str | None = None):
    from counterpoint.ingest.readers import RawRecord
    from counterpoint.models import Document

    text = text or f"Police removed {n + 3} tents near {PLACES[n % len(PLACES)]} on a Tuesday, volunteers said."
    return Document(id=f"doc{n}", text=text, language="en", source="Gazette"), RawRecord(f"in/doc{n}.txt", text,
                                                                                         text.encode())


def test_save_document_races_on_both_stores(db_url):
    """Eight writers at once, half of them on the same documents: no error, no duplicate."""
    import hashlib
    import threading

    Store(db_url)  # the schema first; the schema race is the process test's
    barrier = threading.Barrier(8)
    errors: list[str] = []

    def writer(k: int) -> None:
        store = Store(db_url, upgrade=False)
        barrier.wait()
        for n in ([0, 1, 2, 3] if k % 2 else [10 + k, 20 + k]):
            doc, raw = _doc(n)
            try:
                store.save_document(doc, raw=raw, signature=None, analysis_version="v",
                                    text_hash=hashlib.sha256(doc.text.encode()).hexdigest())
                store.record_rejection(f"bad{n}.bin", "same", "binary", f"bad{n}.bin: binary")
            except Exception as exc:  # pragma: no cover - what the assertion below reports
                errors.append(f"writer {k} doc{n}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
        store.engine.dispose()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    counts = _counts(db_url)
    assert counts["documents"] == 4 + 8 and counts["inputs"] == 12
    rejections = Store(db_url).rejections()
    assert len(rejections) == 12 and sum(r["times"] for r in rejections) == 4 * 4 + 8


def test_new_store_opened_by_several_writers_at_once(db_url):
    """Each opening runs the migrations: one creates the schema, the others wait and find it."""
    import threading

    barrier = threading.Barrier(4)
    errors: list[str] = []

    def opener() -> None:
        barrier.wait()
        try:
            Store(db_url).engine.dispose()
        except Exception as exc:  # pragma: no cover - what the assertion below reports
            errors.append(f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}")

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert Store(db_url).schema_revision() is not None
