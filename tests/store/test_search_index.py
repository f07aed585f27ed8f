"""PostgreSQL answers a search from the index on the folded expression (migration 0004)."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from counterpoint.store import Store
from counterpoint.store.search import folded_vector


def test_search_index_serves_the_folded_query(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite searches its FTS5 table")
    store = Store(db_url)
    assert store.schema_revision() >= "0004"  # 0004 or a later migration on top of it
    with store.engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))  # an empty table: make the planner show its options
        plan = "\n".join(r[0] for r in conn.execute(text(
            f"EXPLAIN SELECT doc_id FROM documents d WHERE {folded_vector('d')} @@ to_tsquery('simple', 'evacue:*')")))
    assert "ix_documents_fts_folded" in plan, plan
