"""A store generation: a counter that database triggers bump on every write to incidents,
their links or their edits

The workbench caches its answers about incidents per generation: one cheap read tells a
server process whether anything it cached may have changed, whichever process or command
(`link`, another server worker, a reanalysis) wrote. Triggers, not application code, bump
it, so no writer can forget to.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

WATCHED = ("incidents", "mention_links", "incident_edits")
BUMP = "UPDATE store_generation SET value = value + 1 WHERE id = 1"


def upgrade():
    op.create_table('store_generation',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('value', sa.BigInteger(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_store_generation')))
    op.execute("INSERT INTO store_generation (id, value) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        # one bump per statement (SQLite has row triggers only), before the statement's rows:
        # writers queue on the counter's row before they lock any incident, so it adds no deadlock
        op.execute("CREATE OR REPLACE FUNCTION counterpoint_bump_generation() RETURNS trigger "
                    f"LANGUAGE plpgsql AS $$ BEGIN {BUMP}; RETURN NULL; END $$")
        for table in WATCHED:
            op.execute(f"CREATE TRIGGER generation_{table} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION counterpoint_bump_generation()")
        return
    for table in WATCHED:
        for action in ("insert", "update", "delete"):
            op.execute(f"CREATE TRIGGER generation_{table}_{action} AFTER {action.upper()} ON {table} "
                       f"BEGIN {BUMP}; END")


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        if postgres:
            op.execute(f"DROP TRIGGER IF EXISTS generation_{table} ON {table}")
        else:
            for action in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS generation_{table}_{action}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS counterpoint_bump_generation()")
    op.drop_table('store_generation')
