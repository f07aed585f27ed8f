"""Full-text search over documents: SQLite FTS5 (`documents_fts`) or PostgreSQL `to_tsvector`.

Documents are never edited in place (a changed text is a new row), so the SQLite index is
filled lazily: before each search, rows with a pk above the highest indexed one are added.
That needs no triggers, which SQLite's batch migrations would silently drop.
Snippets are returned as (text, is_match) segments for the caller to escape, never as HTML.
"""
from __future__ import annotations

import re

from sqlalchemy import bindparam, text

WORD = re.compile(r"\w+", re.UNICODE)


def terms(query: str) -> list[str]:
    return [w.lower() for w in WORD.findall(query or "")][:12]


def segments(body: str, words: list[str], *, width: int = 240) -> list[tuple[str, bool]]:
    """A window of `body` around the first match, cut into (text, matched) pieces."""
    if not words:
        return [(body[:width], False)]
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    first = pattern.search(body)
    start = max(0, (first.start() if first else 0) - width // 3)
    window = body[start:start + width]
    out: list[tuple[str, bool]] = [("…", False)] if start else []
    pos = 0
    for m in pattern.finditer(window):
        if m.start() > pos:
            out.append((window[pos:m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    out.append((window[pos:], False))
    if start + width < len(body):
        out.append(("…", False))
    return out


class Search:
    def __init__(self, store):
        self.engine = store.engine
        self.is_sqlite = store.is_sqlite

    def sync(self) -> int:
        """Index documents added since the last search (SQLite); returns how many."""
        if not self.is_sqlite:
            return 0
        with self.engine.begin() as conn:
            return conn.execute(text(
                "INSERT INTO documents_fts(rowid, title, text) SELECT pk, coalesce(title, ''), text FROM documents "
                "WHERE pk > (SELECT coalesce(max(rowid), 0) FROM documents_fts) ORDER BY pk")).rowcount or 0

    def documents(self, query: str, *, limit: int = 50) -> list[dict]:
        """Current documents matching every word of `query` (prefixes too), best first, with snippets."""
        words = terms(query)
        if not words:
            return []
        if self.is_sqlite:
            self.sync()
            match = " AND ".join('"' + w.replace('"', '') + '"*' for w in words)
            sql = text("SELECT d.doc_id, d.source, d.title, d.published, d.text, d.retracted FROM documents_fts f "
                       "JOIN documents d ON d.pk = f.rowid WHERE documents_fts MATCH :q AND d.is_current "
                       "ORDER BY bm25(documents_fts) LIMIT :n")
            params = {"q": match, "n": limit}
        else:
            tsq = " & ".join(w + ":*" for w in words)
            vec = "to_tsvector('simple', coalesce(d.title, '') || ' ' || d.text)"
            sql = text(f"SELECT d.doc_id, d.source, d.title, d.published, d.text, d.retracted FROM documents d "
                       f"WHERE d.is_current AND {vec} @@ to_tsquery('simple', :q) "
                       f"ORDER BY ts_rank({vec}, to_tsquery('simple', :q)) DESC LIMIT :n")
            params = {"q": tsq, "n": limit}
        with self.engine.connect() as conn:
            rows = conn.execute(sql.bindparams(bindparam("q"), bindparam("n")), params).fetchall()
        return [{"doc_id": r.doc_id, "source": r.source, "title": r.title, "published": r.published,
                 "retracted": bool(r.retracted), "snippet": segments(r.text, words)} for r in rows]
