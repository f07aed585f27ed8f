"""full-text search over documents, and analyst edits of incident fields

Revision ID: 0002
Revises: 0001

SQLite gets an FTS5 table (`documents_fts`, rowid = documents.pk) that
`counterpoint.store.search` fills lazily; PostgreSQL gets a GIN index on the
`to_tsvector('simple', ...)` expression that the search query uses.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('incident_edits',
    sa.Column('incident_id', sa.String(length=64), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('user', sa.String(length=100), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=True),
    sa.PrimaryKeyConstraint('incident_id', name=op.f('pk_incident_edits'))
    )
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
                   "title, text, tokenize='unicode61 remove_diacritics 2')")
    else:
        op.execute("CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents USING GIN "
                   "(to_tsvector('simple', coalesce(title, '') || ' ' || text))")


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TABLE IF EXISTS documents_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_documents_fts")
    op.drop_table('incident_edits')
