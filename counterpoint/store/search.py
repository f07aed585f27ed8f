"""Full-text search over documents: SQLite FTS5 (`documents_fts`) or PostgreSQL `to_tsvector`.

Documents are never edited in place (a changed text is a new row), so the SQLite index is
filled lazily: before each search, rows with a pk above the highest indexed one are added.
That needs no triggers, which SQLite's batch migrations would silently drop.
Snippets are returned as (text, is_match) segments for the caller to escape, never as HTML.

Both stores match alike: a word is a run of letters and digits (anything else separates
words, as in FTS5's unicode61 tokenizer), compared without case or accents. On PostgreSQL
the text is folded to that form in SQL (translate, then lower) before `to_tsvector`, whose
parser would otherwise keep URLs, paths and hyphenated words whole and accents on.
"""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import text

WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Characters that separate words in FTS5's unicode61 tokenizer but that PostgreSQL's parser
# can keep inside a token (URLs, file paths, e-mail addresses, hyphenated words, numbers).
SEPARATORS = "_-./:@'’‘“”«»\"–—…,;!?()[]{}<>|\\+=*&%$#~^`"


def fold_char(ch: str) -> str:
    """One character in lower case without its accents; always one character, so that
    offsets in a folded text are offsets in the text."""
    parts = unicodedata.normalize("NFKD", ch)
    if len(parts) > 1 and all(unicodedata.combining(c) for c in parts[1:]):
        ch = parts[0]
    low = ch.lower()
    return low if len(low) == 1 else ch


def fold(s: str) -> str:
    return "".join(fold_char(c) for c in s)


def _translation() -> tuple[str, str]:
    """Arguments of PostgreSQL's translate(): accented Latin letters to their base letter,
    separators to spaces."""
    src, dst = [], []
    for code in range(0xC0, 0x250):
        ch = chr(code)
        folded = fold_char(ch)
        if folded != ch.lower() and len(ch.lower()) == 1:
            src.append(ch)
            dst.append(folded)
    return "".join(src) + SEPARATORS, "".join(dst) + " " * len(SEPARATORS)


FOLD_FROM, FOLD_TO = _translation()


def folded_vector(table: str = "") -> str:
    """The SQL expression PostgreSQL searches and indexes (migration 0004): the title and
    text, accents and separators folded as `fold` does, as a `simple` tsvector. Literals,
    not bound parameters, so that the planner matches the expression index."""
    col = f"{table}." if table else ""

    def literal(s: str) -> str:
        return "'" + s.replace("'", "''") + "'"

    return (f"to_tsvector('simple', lower(translate(coalesce({col}title, '') || ' ' || {col}text, "
            f"{literal(FOLD_FROM)}, {literal(FOLD_TO)})))")


def terms(query: str) -> list[str]:
    return [fold(w) for w in WORD.findall(query or "")][:12]


def segments(body: str, words: list[str], *, width: int = 240) -> list[tuple[str, bool]]:
    """A window of `body` around the first match, cut into (text, matched) pieces."""
    if not words:
        return [(body[:width], False)]
    # found in the folded text (same length), shown as written
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in words) + r")[^\W_]*")
    first = pattern.search(fold(body))
    start = max(0, (first.start() if first else 0) - width // 3)
    window = body[start:start + width]
    out: list[tuple[str, bool]] = [("…", False)] if start else []
    pos = 0
    for m in pattern.finditer(fold(window)):
        if m.start() > pos:
            out.append((window[pos:m.start()], False))
        out.append((window[m.start():m.end()], True))
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
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # two searching processes must not index the same rows
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
            match = " AND ".join('"' + w + '"*' for w in words)
            sql = text("SELECT d.doc_id, d.source, d.title, d.published, d.text, d.retracted FROM documents_fts f "
                       "JOIN documents d ON d.pk = f.rowid WHERE documents_fts MATCH :q AND d.is_current "
                       "ORDER BY bm25(documents_fts), d.doc_id LIMIT :n")
            params = {"q": match, "n": limit}
        else:
            # the folded words hold only letters and digits; quoted, to_tsquery takes each as one lexeme
            tsq = " & ".join("'" + w + "':*" for w in words)
            vec = folded_vector("d")
            sql = text(f"SELECT d.doc_id, d.source, d.title, d.published, d.text, d.retracted FROM documents d "
                       f"WHERE d.is_current AND {vec} @@ to_tsquery('simple', :q) "
                       f"ORDER BY ts_rank({vec}, to_tsquery('simple', :q)) DESC, d.doc_id LIMIT :n")
            params = {"q": tsq, "n": limit}
        with self.engine.connect() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [{"doc_id": r.doc_id, "source": r.source, "title": r.title, "published": r.published,
                 "retracted": bool(r.retracted), "snippet": segments(r.text, words)} for r in rows]
