"""Sessions, API tokens and server keys in the store, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from counterpoint.store import Store
from counterpoint.store.accounts import Accounts, TokenError
from counterpoint.store.review import ReviewStore


@pytest.fixture
def accounts(db_url, monkeypatch):
    from argon2 import PasswordHasher

    monkeypatch.setattr("counterpoint.store.review._hasher", lambda: PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    store = Store(db_url)
    ReviewStore(store).add_user("ana", "analyst", "long enough")
    return Accounts(store)


def test_accounts_session_round_trip_and_expiry(accounts, monkeypatch):
    sid, session = accounts.start_session("ana", hours=1)
    again = accounts.session(sid)
    assert again == {"user": "ana", "role": "analyst", "csrf": session["csrf"], "flash": []}
    accounts.save_flash(sid, [["ok", "saved"]])
    assert accounts.session(sid)["flash"] == [["ok", "saved"]]
    assert accounts.session(sid + "x") is None and accounts.session("") is None
    later = datetime.now(timezone.utc) + timedelta(hours=1, seconds=1)
    monkeypatch.setattr("counterpoint.store.accounts.now", lambda: later)
    assert accounts.session(sid) is None


def test_accounts_sessions_end_with_the_user(accounts, db_url):
    sid, _ = accounts.start_session("ana", hours=1)
    other, _ = accounts.start_session("ana", hours=1)
    accounts.end_sessions_of("ana")
    assert accounts.session(sid) is None and accounts.session(other) is None
    sid, _ = accounts.start_session("ana", hours=1)
    review = ReviewStore(Store(db_url))
    review.add_user("boss", "admin", "long enough")
    review.delete_user("ana")
    assert accounts.session(sid) is None


def test_accounts_tokens_expire_record_use_and_revoke(accounts, monkeypatch):
    forever = accounts.create_token("ana")
    month = accounts.create_token("ana", expires_days=30)
    rows = accounts.tokens("ana")
    assert [r["expires"] is None for r in rows] == [True, False] and all(r["last_used"] is None for r in rows)
    assert accounts.user_for_token(month) == {"name": "ana", "role": "analyst"}
    assert accounts.tokens("ana")[1]["last_used"] is not None
    later = datetime.now(timezone.utc) + timedelta(days=30, seconds=1)
    monkeypatch.setattr("counterpoint.store.accounts.now", lambda: later)
    assert accounts.user_for_token(month) == {"expired": True}
    assert accounts.user_for_token(forever)["name"] == "ana"
    accounts.revoke_token(rows[0]["id"])
    assert accounts.user_for_token(forever) is None
    with pytest.raises(TokenError, match="no API token"):
        accounts.revoke_token(rows[0]["id"])
    with pytest.raises(TokenError, match="at least 1"):
        accounts.create_token("ana", expires_days=0)


def test_accounts_server_key_is_made_once(accounts, db_url):
    key = accounts.server_key("csrf")
    assert len(key) == 32 and Accounts(Store(db_url)).server_key("csrf") == key
    assert accounts.server_key("other") != key


def test_accounts_migrations_build_the_schema_the_code_declares(db_url):
    """Migration 0003 and schema.py agree (tables, columns, indexes), so `db upgrade` gives what the code reads."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from counterpoint.store import schema

    store = Store(db_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), schema.metadata)

    def name(d):
        item = d[1] if isinstance(d, tuple) else d[0][1]
        return str(getattr(item, "name", item))

    diff = [d for d in diff if "fts" not in name(d)]  # full-text search is made by hand in migration 0002
    assert diff == []
