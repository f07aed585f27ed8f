"""PostgreSQL: index the folded search expression (accents and separators folded)

The search query folds accents and separators before `to_tsvector` so that both stores
find the same documents; the 0002 index on the unfolded expression no longer serves it.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite searches its FTS5 table
    from counterpoint.store.search import folded_vector

    op.execute("DROP INDEX IF EXISTS ix_documents_fts")
    op.execute(f"CREATE INDEX IF NOT EXISTS ix_documents_fts_folded ON documents USING GIN ({folded_vector()})")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_documents_fts_folded")
    op.execute("CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents USING GIN "
               "(to_tsvector('simple', coalesce(title, '') || ' ' || text))")
