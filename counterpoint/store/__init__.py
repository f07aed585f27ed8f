"""The store: the only module that talks to the database (SQLite by default, or PostgreSQL)."""
from __future__ import annotations

import hashlib
import json
import random
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from sqlalchemy import JSON, create_engine, event, func, insert, select, update, delete, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from ..errors import StoreError
from ..models import Analysis, Claim, Count, Document, Event, Quote
from . import schema as t

MIGRATIONS = Path(__file__).parent / "migrations"
# Writers that lose a race (a unique key another process inserted first, SQLite busy past its
# timeout) run their transaction again, this many times in all.
WRITE_ATTEMPTS = 5
SQLITE_BUSY_MS = 30_000
T = TypeVar("T")


def database_url(db: str) -> str:
    """A SQLAlchemy URL from what the user typed: a SQLite path or a postgresql:// URL."""
    if db.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        url = db.replace("postgres://", "postgresql://", 1)
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    if db.startswith("sqlite:"):
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def event_key(doc_id: str, version: int, index: int, ev: Event) -> str:
    """A stable id for one event mention: same document version and event -> same key."""
    raw = f"{doc_id}\x00{version}\x00{index}\x00{ev.type}\x00{ev.start}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


class Store:
    def __init__(self, db: str, *, upgrade: bool = True):
        self.db = db
        self.url = database_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        try:
            if self.is_sqlite:
                path = self.url.removeprefix("sqlite:///")
                if path and path != ":memory:":
                    parent = Path(path).parent
                    if not parent.exists():
                        raise StoreError(f"cannot create database {db}: folder {parent} does not exist")
                self.engine: Engine = create_engine(self.url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})
                event.listen(self.engine, "connect", _sqlite_pragmas)
            else:
                self.engine = create_engine(self.url, pool_pre_ping=True)
            if upgrade:
                self.upgrade()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open database {db}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}") from None

    # -- schema -------------------------------------------------------------------------
    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to `revision` with the Alembic migrations (idempotent)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self._writing() as conn:
            if not self.is_sqlite:  # two processes opening a new store: one migrates, the other waits
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('counterpoint schema'))")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)

    # -- writing ----------------------------------------------------------------------------
    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction; on SQLite it takes the write lock at once.

        A deferred SQLite transaction that reads and then writes fails at once ("database is
        locked", busy_timeout does not apply) when another writer committed in between;
        BEGIN IMMEDIATE waits for the lock instead.
        """
        with self.engine.begin() as conn:
            if self.is_sqlite:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            yield conn

    def _retrying(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in a write transaction, again when a concurrent writer won a race."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self._writing() as conn:
                    return work(conn)
            except (IntegrityError, OperationalError) as exc:
                if attempt == WRITE_ATTEMPTS or not _lost_race(exc):
                    raise
                time.sleep(random.uniform(0.01, 0.05) * attempt)
        raise AssertionError("unreachable")

    def _insert(self, table):
        """INSERT in the store's dialect (for ON CONFLICT clauses)."""
        return (sqlite.insert if self.is_sqlite else postgresql.insert)(table)

    def _bulk_insert(self, conn: Connection, table, rows: list[dict]) -> None:
        """Insert many rows at once, in the transaction of `conn`.

        PostgreSQL: one COPY. An executemany is one statement per row there, and every
        statement on a watched table fires the store-generation trigger: a linking result of
        100k links updated the counter's row 100k times in one transaction (2.5 minutes of a
        3-minute save). SQLite: executemany (its row triggers fire per row either way).
        """
        if not rows:
            return
        if self.is_sqlite:
            conn.execute(insert(table), rows)
            return
        from psycopg.types.json import Json

        columns = list(rows[0])
        as_json = {c for c in columns if isinstance(table.c[c].type, JSON)}
        names = ", ".join(f'"{c}"' for c in columns)
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                # JSON columns as SQLAlchemy writes them (None too: a JSON null, as executemany stored it)
                copy.write_row([Json(row[c]) if c in as_json else row[c] for c in columns])

    def generation(self) -> int:
        """A number that changes whenever incidents, their links or their edits change, whoever
        wrote them (database triggers bump it): what is derived from those can be cached per value."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(t.store_generation.c.value).where(t.store_generation.c.id == 1))
                       .scalar() or 0)

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    def backup(self, dest: str) -> int:
        """Copy the database: a SQLite file copy, or JSON Lines of every table (any backend)."""
        if self.is_sqlite and not dest.endswith(".jsonl"):
            import sqlite3

            src = sqlite3.connect(self.url.removeprefix("sqlite:///"))
            out = sqlite3.connect(dest)
            with out:
                src.backup(out)
            src.close()
            out.close()
            return Path(dest).stat().st_size
        rows = 0
        with self.engine.connect() as conn, open(dest, "w", encoding="utf-8") as fh:
            for table in t.metadata.sorted_tables:
                for row in conn.execute(select(table)):
                    data = {k: (v.hex() if isinstance(v, bytes) else v) for k, v in row._mapping.items()}
                    fh.write(json.dumps({"table": table.name, "row": data}, default=str, ensure_ascii=False) + "\n")
                    rows += 1
        return rows

    # -- inputs and rejections ------------------------------------------------------------
    def has_input(self, name: str, content_hash: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(t.inputs.c.pk).where(
                t.inputs.c.name == name, t.inputs.c.content_hash == content_hash)).first() is not None

    def record_rejection(self, name: str, content_key: str, reason: str, message: str) -> None:
        key = hashlib.sha256(f"{name}\x00{content_key}".encode()).hexdigest()
        # what a rejection quotes of its input must not stop PostgreSQL from recording it
        name, message = name.replace("\x00", ""), message.replace("\x00", "")
        upsert = self._insert(t.rejections).values(input_key=key, name=name, reason=reason, message=message)
        upsert = upsert.on_conflict_do_update(index_elements=[t.rejections.c.input_key], set_={
            "times": t.rejections.c.times + 1, "last_seen": datetime.now(timezone.utc), "message": message})
        self._retrying(lambda conn: conn.execute(upsert))

    def rejections(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(t.rejections).order_by(t.rejections.c.pk))]

    # -- documents ----------------------------------------------------------------------
    def current_version(self, doc_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.documents.c.pk, t.documents.c.version, t.documents.c.text_hash)
                               .where(t.documents.c.doc_id == doc_id, t.documents.c.is_current)).first()
            return dict(row._mapping) if row else None

    def signatures(self) -> Iterator[tuple[str, dict, str | None]]:
        """(doc id, dedup signature, published) of every current document, oldest first."""
        with self.engine.connect() as conn:
            for r in conn.execute(select(t.documents.c.doc_id, t.documents.c.signature, t.documents.c.published)
                                  .where(t.documents.c.is_current).order_by(t.documents.c.pk)):
                if r.signature:
                    yield r.doc_id, r.signature, r.published

    def save_document(self, doc: Document, *, raw: Any, signature: dict | None, text_hash: str,
                      analysis_version: str) -> int:
        """Store one document with its analysis in one transaction; a changed text is a new version.

        `raw` is the RawRecord it came from (kept in `inputs` for provenance).
        Returns the document's pk. Safe against a concurrent ingest of the same document: the
        writer that loses the race runs again and finds the document stored.
        """
        return self._retrying(lambda conn: self._save_document(conn, doc, raw, signature, text_hash,
                                                               analysis_version))

    def _save_document(self, conn, doc: Document, raw: Any, signature: dict | None, text_hash: str,
                       analysis_version: str) -> int:
        input_pk = self._input(conn, raw)
        prev = conn.execute(select(t.documents.c.pk, t.documents.c.version, t.documents.c.text_hash)
                            .where(t.documents.c.doc_id == doc.id, t.documents.c.is_current)).first()
        if prev and prev.text_hash == text_hash:
            return prev.pk
        version = 1
        if prev:
            version = prev.version + 1
            conn.execute(update(t.documents).where(t.documents.c.pk == prev.pk).values(is_current=False))
            self._retire_links(conn, prev.pk)
        pk = conn.execute(insert(t.documents).values(
            doc_id=doc.id, version=version, is_current=True, input_pk=input_pk, source=doc.source,
            url=doc.url, title=doc.title, language=doc.language, published=doc.published,
            published_basis=doc.published_basis, duplicate_of=doc.duplicate_of, similarity=doc.similarity,
            text=doc.text, raw_text=doc.raw_text if doc.raw_text != doc.text else None,
            offset_map=doc.offset_map, warnings=doc.warnings, text_hash=text_hash, signature=signature,
            analysis_version=analysis_version, retracted=False)).inserted_primary_key[0]
        self._write_analysis(conn, pk, doc.id, version, doc.analysis)
        return pk

    def _input(self, conn, raw) -> int | None:
        if raw is None:
            return None
        conn.execute(self._insert(t.inputs).values(
            name=raw.input_name, content_hash=raw.content_hash, raw=raw.raw, media_type=raw.media_type,
            url=raw.url, final_url=raw.final_url, retrieved_at=raw.retrieved_at)
            .on_conflict_do_nothing(index_elements=[t.inputs.c.name, t.inputs.c.content_hash]))
        return conn.execute(select(t.inputs.c.pk).where(
            t.inputs.c.name == raw.input_name, t.inputs.c.content_hash == raw.content_hash)).scalar_one()

    def _write_analysis(self, conn, pk: int, doc_id: str, version: int, a: Analysis) -> None:
        # one executemany per table, not one statement per row: a round trip each on PostgreSQL
        if a.events:
            conn.execute(insert(t.events), [
                dict(document_pk=pk, key=event_key(doc_id, version, i, ev), type=ev.type, sentence=ev.sentence,
                     start=ev.start, end=ev.end, date=ev.date, place=ev.place, lat=ev.lat, lon=ev.lon,
                     data=ev.to_dict()) for i, ev in enumerate(a.events)])
        if a.quotes:
            conn.execute(insert(t.quotes), [
                dict(document_pk=pk, speaker=q.speaker, speaker_category=q.speaker_category, direct=q.direct,
                     text=q.text, data=q.to_dict()) for q in a.quotes])
        if a.claims:
            conn.execute(insert(t.claims), [
                dict(document_pk=pk, attributed_to=c.attributed_to, subject=c.subject, sentence=c.sentence,
                     data=c.to_dict()) for c in a.claims])
        conn.execute(update(t.documents).where(t.documents.c.pk == pk).values(migrant_labels=a.migrant_labels))

    def _retire_links(self, conn, document_pk: int) -> None:
        """Mentions of a replaced version leave their incidents (unless an analyst locked them)."""
        keys = [r.key for r in conn.execute(select(t.events.c.key).where(t.events.c.document_pk == document_pk))]
        if keys:
            conn.execute(delete(t.mention_links).where(t.mention_links.c.event_key.in_(keys),
                                                       t.mention_links.c.locked.is_(False)))

    def replace_analysis(self, document_pk: int, a: Analysis, analysis_version: str) -> None:
        """Swap a document's stored analysis for a fresh one (reanalyze), in one transaction."""
        def work(conn) -> None:
            row = conn.execute(select(t.documents.c.doc_id, t.documents.c.version)
                               .where(t.documents.c.pk == document_pk)).first()
            old = {r.key for r in conn.execute(select(t.events.c.key).where(t.events.c.document_pk == document_pk))}
            conn.execute(delete(t.events).where(t.events.c.document_pk == document_pk))
            conn.execute(delete(t.quotes).where(t.quotes.c.document_pk == document_pk))
            conn.execute(delete(t.claims).where(t.claims.c.document_pk == document_pk))
            self._write_analysis(conn, document_pk, row.doc_id, row.version, a)
            new = {r.key for r in conn.execute(select(t.events.c.key).where(t.events.c.document_pk == document_pk))}
            gone = old - new
            if gone:  # analyst-locked links of vanished mentions go too: their sentence is gone
                conn.execute(delete(t.mention_links).where(t.mention_links.c.event_key.in_(gone)))
            conn.execute(update(t.documents).where(t.documents.c.pk == document_pk)
                         .values(analysis_version=analysis_version))
        self._retrying(work)

    def documents(self, *, current: bool = True, stale_for: str | None = None) -> Iterator[Document]:
        """Stored documents with their analysis (current versions by default)."""
        q = select(t.documents).order_by(t.documents.c.pk)
        if current:
            q = q.where(t.documents.c.is_current)
        if stale_for is not None:
            q = q.where((t.documents.c.analysis_version != stale_for) | t.documents.c.analysis_version.is_(None))
        with self.engine.connect() as conn:
            rows = conn.execute(q).fetchall()
            for r in rows:
                yield self._document(conn, r)

    def document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(t.documents).where(t.documents.c.doc_id == doc_id,
                                                       t.documents.c.is_current)).first()
            return self._document(conn, r) if r else None

    def _document(self, conn, r) -> Document:
        evs = [Event.from_dict(e.data) for e in conn.execute(
            select(t.events.c.data).where(t.events.c.document_pk == r.pk).order_by(t.events.c.pk))]
        qs = [_quote(q.data) for q in conn.execute(
            select(t.quotes.c.data).where(t.quotes.c.document_pk == r.pk).order_by(t.quotes.c.pk))]
        cs = [_claim(c.data) for c in conn.execute(
            select(t.claims.c.data).where(t.claims.c.document_pk == r.pk).order_by(t.claims.c.pk))]
        doc = Document(id=r.doc_id, text=r.text, source=r.source, url=r.url, title=r.title, language=r.language,
                       published=r.published, published_basis=r.published_basis, duplicate_of=r.duplicate_of,
                       similarity=r.similarity, raw_text=r.raw_text or r.text,
                       offset_map=r.offset_map, warnings=list(r.warnings or []),
                       analysis=Analysis(evs, qs, cs, list(r.migrant_labels or [])), pk=r.pk)
        return doc

    # -- profiles -------------------------------------------------------------------------
    def save_profiles(self, profiles: list[dict]) -> None:
        def work(conn) -> None:
            conn.execute(delete(t.profiles))
            for p in profiles:
                # an unnamed source is keyed by its page (posts of one blog are one source)
                key = p.get("source") or (f"(unnamed) {p['page']}" if p.get("page") else "(unknown)")
                conn.execute(insert(t.profiles).values(source=key, data=p))
        self._retrying(work)

    def profiles(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [r.data for r in conn.execute(select(t.profiles.c.data).order_by(t.profiles.c.source))]

    # -- status ---------------------------------------------------------------------------
    def status(self) -> dict[str, int]:
        cur = t.documents.c.is_current
        with self.engine.connect() as conn:
            def n(q):
                return int(conn.execute(q).scalar() or 0)
            current_pks = select(t.documents.c.pk).where(cur)
            return {
                "documents": n(select(func.count()).select_from(t.documents).where(cur)),
                "duplicates": n(select(func.count()).select_from(t.documents).where(cur, t.documents.c.duplicate_of.is_not(None))),
                "rejected": n(select(func.count()).select_from(t.rejections)),
                "events": n(select(func.count()).select_from(t.events).where(t.events.c.document_pk.in_(current_pks))),
                "quotes": n(select(func.count()).select_from(t.quotes).where(t.quotes.c.document_pk.in_(current_pks))),
                "claims": n(select(func.count()).select_from(t.claims).where(t.claims.c.document_pk.in_(current_pks))),
                "incidents": n(select(func.count()).select_from(t.incidents).where(t.incidents.c.status != "rejected")),
                "versions": n(select(func.count()).select_from(t.documents)),
                "inputs": n(select(func.count()).select_from(t.inputs)),
            }


def _dating(published: str | None, basis: str | None) -> str | None:
    """A publication date fit to date a story's events: not a month guessed from background."""
    if basis == "inferred" and len(published or "") < 10:
        return None
    return published


def _next_version(old, data: dict) -> int:
    """A relink that changed an incident bumps its version: forms opened before it get a conflict."""
    if old is None:
        return 1
    same = json.dumps(old.data, sort_keys=True, default=str) == json.dumps(data, sort_keys=True, default=str)
    return old.row_version if same else old.row_version + 1


def _quote(d: dict) -> Quote:
    known = {"text", "speaker", "speaker_category", "direct", "start", "end"}
    return Quote(d["text"], d.get("speaker"), d.get("speaker_category", "other"), d.get("direct", True),
                 d.get("start", 0), d.get("end", 0), {k: v for k, v in d.items() if k not in known})


def _claim(d: dict) -> Claim:
    known = {"value", "subject", "attributed_to", "sentence", "start", "end"}
    return Claim(Count.from_dict(d["value"]) or Count(), d.get("subject", ""), d.get("attributed_to"),
                 d.get("sentence", ""), d.get("start", 0), d.get("end", 0),
                 {k: v for k, v in d.items() if k not in known})


def _lost_race(exc: SQLAlchemyError) -> bool:
    """A unique key a concurrent writer inserted first, or SQLite still busy: worth another try."""
    if isinstance(exc, IntegrityError):
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text or "deadlock detected" in text


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    _wal(cur)
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _wal(cur) -> None:
    """Put the database in WAL mode (a killed writer leaves the last commit intact).

    The mode is stored in the file, so it is usually set already. Switching a new file to WAL
    needs it to itself, and SQLite answers "database is locked" at once, without waiting out
    busy_timeout, when several processes open the new store together: wait and try again.
    """
    import sqlite3
    import time

    deadline = time.monotonic() + SQLITE_BUSY_MS / 1000
    delay = 0.005
    while True:
        try:
            if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


class IncidentStore:
    """Mentions for linking, and the incidents and links that linking produces."""

    def __init__(self, store: Store):
        self.store = store
        self.engine = store.engine

    def mentions(self) -> list[dict]:
        """Every event mention of current, unretracted documents, as the linker takes them."""
        d, e = t.documents, t.events
        q = (select(e.c.key, e.c.data, d.c.doc_id, d.c.source, d.c.duplicate_of, d.c.published,
                    d.c.published_basis, d.c.language, d.c.title,
                    func.substr(d.c.text, 1, 400).label("lead"))
             .join(d, d.c.pk == e.c.document_pk).where(d.c.is_current, d.c.retracted.is_(False))
             .order_by(d.c.pk, e.c.pk))
        with self.engine.connect() as conn:
            return [{**r.data, "key": r.key, "document": r.doc_id, "source": r.source,
                     "duplicate_of": r.duplicate_of, "published": _dating(r.published, r.published_basis),
                     "language": r.language, "title": r.title, "lead": r.lead}
                    for r in conn.execute(q)]

    def assignment(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return {r.event_key: r.incident_id for r in conn.execute(
                select(t.mention_links.c.event_key, t.mention_links.c.incident_id))}

    def locked(self) -> dict[str, str]:
        """Mention -> incident placements an analyst decided (they survive relinking)."""
        with self.engine.connect() as conn:
            return {r.event_key: r.incident_id for r in conn.execute(
                select(t.mention_links.c.event_key, t.mention_links.c.incident_id)
                .where(t.mention_links.c.locked))}

    def save(self, incidents: list[dict], assignment: dict[str, str], links: list[dict]) -> None:
        """Replace the automatic incidents with a new linking result, in one transaction.

        Analyst-confirmed incidents keep their status; locked placements are kept as they are.
        """
        why: dict[str, dict] = {}
        for link in links:
            for k in (link.get("a"), link.get("b")):
                if k and (k not in why or (link.get("score") or 0) > (why[k].get("score") or 0)):
                    why[k] = link
        def work(conn) -> None:  # run again when a concurrent relink inserted the same ids first
            old = {r.id: r for r in conn.execute(
                select(t.incidents.c.id, t.incidents.c.status, t.incidents.c.row_version, t.incidents.c.data))}
            locked = {r.event_key for r in conn.execute(
                select(t.mention_links.c.event_key).where(t.mention_links.c.locked))}
            conn.execute(delete(t.mention_links).where(t.mention_links.c.locked.is_(False)))
            conn.execute(delete(t.incidents))
            # in bulk: a million links are a million rows
            rows = [dict(id=inc["id"], type=inc.get("type"), date_start=inc.get("date_start"),
                         date_end=inc.get("date_end"), place=inc.get("place"), lat=inc.get("lat"), lon=inc.get("lon"),
                         status=old[inc["id"]].status if inc["id"] in old else "auto", data=inc,
                         # a form opened before this relink must get a conflict, not edit changed data
                         row_version=_next_version(old.get(inc["id"]), inc)) for inc in incidents]
            self.store._bulk_insert(conn, t.incidents, rows)
            rows = [dict(event_key=key, incident_id=inc_id, score=(why.get(key) or {}).get("score"),
                         features=(why.get(key) or {}).get("features"), locked=False)
                    for key, inc_id in assignment.items() if key not in locked]
            self.store._bulk_insert(conn, t.mention_links, rows)
        self.store._retrying(work)

    def incidents(self, *, include_rejected: bool = False) -> list[dict]:
        """Incidents as analysts left them: the linker's data with their edits applied."""
        from .review import ReviewStore

        return ReviewStore(self.engine).all_incidents(include_rejected=include_rejected)

    def weakest_links(self, limit: int = 50) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(t.mention_links).where(t.mention_links.c.score.is_not(None), t.mention_links.c.locked.is_(False))
                .order_by(t.mention_links.c.score, t.mention_links.c.event_key).limit(limit))]
