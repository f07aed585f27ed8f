"""The tables, as SQLAlchemy Core metadata: one schema for SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, LargeBinary,
                        MetaData, String, Table, Text, UniqueConstraint, func)

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"})

# What was read: the exact bytes, when, from where. Documents point here (provenance).
inputs = Table(
    "inputs", metadata,
    Column("pk", Integer, primary_key=True),
    Column("name", Text, nullable=False),  # path, URL or "<stdin>" (+ record number)
    Column("content_hash", String(64), nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("media_type", String(100)),
    Column("url", Text), Column("final_url", Text),
    Column("retrieved_at", String(40), nullable=False),
    UniqueConstraint("name", "content_hash", name="uq_inputs_name_hash"),
)

documents = Table(
    "documents", metadata,
    Column("pk", Integer, primary_key=True),
    Column("doc_id", Text, nullable=False),  # the contract id
    Column("version", Integer, nullable=False, default=1),
    Column("is_current", Boolean, nullable=False, default=True),
    Column("input_pk", Integer, ForeignKey("inputs.pk"), nullable=True),
    Column("source", Text), Column("url", Text), Column("title", Text),
    Column("language", String(8), nullable=False),
    Column("published", String(10)), Column("published_basis", String(12)),
    Column("duplicate_of", Text), Column("similarity", Float),
    Column("text", Text, nullable=False),
    Column("raw_text", Text),
    Column("offset_map", JSON),
    Column("warnings", JSON),
    Column("migrant_labels", JSON),
    Column("text_hash", String(64), nullable=False),
    Column("signature", JSON),
    Column("analysis_version", String(200)),
    Column("retracted", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), server_default=func.now()),
    UniqueConstraint("doc_id", "version", name="uq_documents_doc_version"),
)
Index("ix_documents_current", documents.c.doc_id, documents.c.is_current)
Index("ix_documents_text_hash", documents.c.text_hash)

events = Table(
    "events", metadata,
    Column("pk", Integer, primary_key=True),
    Column("document_pk", Integer, ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False, index=True),
    Column("key", String(64), nullable=False, unique=True),  # stable mention key for linking
    Column("type", String(40), nullable=False),
    Column("sentence", Text, nullable=False),
    Column("start", Integer), Column("end", Integer),
    Column("date", String(10)), Column("place", Text),
    Column("lat", Float), Column("lon", Float),
    Column("data", JSON, nullable=False),  # the full contract event
)

quotes = Table(
    "quotes", metadata,
    Column("pk", Integer, primary_key=True),
    Column("document_pk", Integer, ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False, index=True),
    Column("speaker", Text), Column("speaker_category", String(40)),
    Column("direct", Boolean), Column("text", Text, nullable=False),
    Column("data", JSON, nullable=False),
)

claims = Table(
    "claims", metadata,
    Column("pk", Integer, primary_key=True),
    Column("document_pk", Integer, ForeignKey("documents.pk", ondelete="CASCADE"), nullable=False, index=True),
    Column("attributed_to", Text), Column("subject", Text),
    Column("sentence", Text, nullable=False),
    Column("data", JSON, nullable=False),
)

rejections = Table(
    "rejections", metadata,
    Column("pk", Integer, primary_key=True),
    Column("input_key", String(64), nullable=False, unique=True),  # hash of name + content
    Column("name", Text, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("message", Text, nullable=False),
    Column("times", Integer, nullable=False, default=1),
    Column("last_seen", DateTime(timezone=True), server_default=func.now()),
)

incidents = Table(
    "incidents", metadata,
    Column("id", String(64), primary_key=True),
    Column("type", String(40)),
    Column("date_start", String(10)), Column("date_end", String(10)),
    Column("place", Text), Column("lat", Float), Column("lon", Float),
    Column("status", String(20), nullable=False, default="auto"),  # auto | confirmed | rejected
    Column("data", JSON, nullable=False),  # the contract incident
    Column("row_version", Integer, nullable=False, default=1),  # optimistic locking
    Column("updated_at", DateTime(timezone=True), server_default=func.now()),
)

# Which incident each event mention belongs to, why, and whether an analyst fixed it.
mention_links = Table(
    "mention_links", metadata,
    Column("event_key", String(64), primary_key=True),
    Column("incident_id", String(64), nullable=False, index=True),
    Column("score", Float),
    Column("features", JSON),
    Column("locked", Boolean, nullable=False, default=False),
)

profiles = Table(
    "profiles", metadata,
    Column("source", Text, primary_key=True),
    Column("data", JSON, nullable=False),
)

users = Table(
    "users", metadata,
    Column("pk", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", Text),
    Column("created_at", DateTime(timezone=True), server_default=func.now()),
)

api_tokens = Table(
    "api_tokens", metadata,
    Column("pk", Integer, primary_key=True),
    Column("user_pk", Integer, ForeignKey("users.pk", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), server_default=func.now()),
    Column("expires_at", DateTime(timezone=True)),  # none: until revoked
    Column("last_used_at", DateTime(timezone=True)),
)

audit_log = Table(
    "audit_log", metadata,
    Column("pk", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), server_default=func.now()),
    Column("user", String(100)),
    Column("action", String(40), nullable=False),
    Column("target", Text, nullable=False),
    Column("before", JSON), Column("after", JSON),
    Column("undone", Boolean, nullable=False, default=False),
)

notes = Table(
    "notes", metadata,
    Column("pk", Integer, primary_key=True),
    Column("incident_id", String(64), nullable=False, index=True),
    Column("user", String(100)),
    Column("text", Text, nullable=False),
    Column("at", DateTime(timezone=True), server_default=func.now()),
)

# Analyst edits of incident fields, kept apart from `incidents` so that relinking (which
# rewrites `incidents`) cannot lose them: they are applied on top of the linker's values.
incident_edits = Table(
    "incident_edits", metadata,
    Column("incident_id", String(64), primary_key=True),
    Column("fields", JSON, nullable=False),
    Column("user", String(100)),
    Column("at", DateTime(timezone=True), server_default=func.now()),
)

# Workbench logins: one row per signed-in browser. `id` is the SHA-256 of the cookie's
# value, so a copy of the database holds no usable session.
sessions = Table(
    "sessions", metadata,
    Column("id", String(64), primary_key=True),
    Column("user_pk", Integer, ForeignKey("users.pk", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("flash", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)

# Secrets the server keeps for itself (the key that signs the CSRF cookie of visitors
# who are not signed in), shared by every server process on the database.
server_keys = Table(
    "server_keys", metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(128), nullable=False),
)

# One row: a counter that triggers (migration 0005) bump on every write to incidents,
# mention_links and incident_edits. Readers cache what they derive from those per value.
store_generation = Table(
    "store_generation", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("value", BigInteger, nullable=False),
)
