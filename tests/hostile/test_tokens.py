"""API tokens: listed, revoked one at a time, expiring, last use recorded; the login limit and X-Forwarded-For."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from counterpoint.settings import Settings
from counterpoint.store import Store
from counterpoint.store.review import ReviewStore
from counterpoint.web import create_app
from tests.web.conftest import PASSWORD, csrf_of, make_client


@pytest.fixture
def bot(cli, db):
    r = cli("users", "add", "bot", "--role", "analyst", "--password-stdin", "--db", db, input="a long passphrase\n")
    assert r.exit_code == 0, r.stderr
    return db


def _rows(cli, db, name="bot"):
    r = cli("users", "tokens", name, "--db", db)
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split("\t") == ["id", "created", "expires", "last used"]
    return [line.split("\t") for line in lines[1:]]


def test_tokens_listed_with_created_expiry_and_last_use(cli, bot):
    plain = cli("users", "token", "bot", "--db", bot).stdout.strip()
    expiring = cli("users", "token", "bot", "--expires-days", "30", "--db", bot).stdout.strip()
    rows = _rows(cli, bot)
    assert len(rows) == 2
    (id1, created1, expires1, used1), (id2, created2, expires2, used2) = rows
    assert expires1 == "never" and used1 == "never"
    created = datetime.fromisoformat(created2)
    assert timedelta(days=29, hours=23) < datetime.fromisoformat(expires2) - created <= timedelta(days=30, minutes=1)
    assert plain not in "\n".join("\t".join(r) for r in rows)  # the secret itself is never shown again
    assert ReviewStore(Store(bot)).user_for_token(expiring)["name"] == "bot"
    assert _rows(cli, bot)[1][3] != "never"


def test_tokens_revoke_one_leaves_the_others(cli, bot):
    a = cli("users", "token", "bot", "--db", bot).stdout.strip()
    b = cli("users", "token", "bot", "--db", bot).stdout.strip()
    first_id = _rows(cli, bot)[0][0]
    r = cli("users", "revoke", first_id, "--db", bot)
    assert r.exit_code == 0 and f"token {first_id} revoked" in r.stderr
    review = ReviewStore(Store(bot))
    assert review.user_for_token(a) is None and review.user_for_token(b)["name"] == "bot"
    assert [row[0] for row in _rows(cli, bot)] != [first_id]


@pytest.mark.parametrize("args,message", [
    (["revoke", "999"], "Error: no API token 999"),
    (["revoke", "abc"], "Error: token id 'abc' is not a number"),
    (["token", "bot", "--expires-days", "0"], "Error: --expires-days must be at least 1 (got 0)"),
    (["tokens", "ghost"], "Error: no user 'ghost'"),
])
def test_tokens_command_errors(cli, bot, args, message):
    r = cli("users", *args, "--db", bot)
    assert r.exit_code in (1, 2) and message in r.stderr, r.stderr


def test_tokens_expired_token_is_refused_by_the_api(db_path, accounts, monkeypatch):
    token = accounts.create_token("ana", expires_days=1)
    app = create_app(db_path, Settings.load(db=db_path))
    c = make_client(app, headers={"Authorization": f"Bearer {token}"})
    assert c.get("/api/incidents").status_code == 200
    later = datetime.now(timezone.utc) + timedelta(days=1, minutes=1)
    monkeypatch.setattr("counterpoint.store.accounts.now", lambda: later)
    r = c.get("/api/incidents")
    assert r.status_code == 401 and "expired" in r.json()["error"]["message"]


def test_tokens_revoked_token_is_refused_by_the_api(db_path, accounts):
    token = accounts.create_token("ana")
    app = create_app(db_path, Settings.load(db=db_path))
    c = make_client(app, headers={"Authorization": f"Bearer {token}"})
    assert c.get("/api/incidents").status_code == 200
    [row] = app.state.accounts.tokens("ana")
    assert row["last_used"] is not None
    app.state.accounts.revoke_token(row["id"])
    assert c.get("/api/incidents").status_code == 401


def _fail_logins(app, n, *, client, forwarded):
    c = make_client(app, client=client, headers={"X-Forwarded-Proto": "http"})  # so httpx sends the cookies back
    token = csrf_of(c)
    codes = []
    for i in range(n):
        codes.append(c.post("/login", data={"name": "ana", "password": "wrong guess", "csrf_token": token},
                            headers={"X-Forwarded-For": forwarded(i)}).status_code)
    return codes


def test_tokens_login_limit_ignores_forwarded_for_without_a_proxy(app, accounts):
    codes = _fail_logins(app, 7, client=("203.0.113.9", 5000), forwarded=lambda i: f"198.51.100.{i}")
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]


def test_tokens_login_limit_uses_forwarded_for_from_a_configured_proxy(db_path, accounts, monkeypatch):
    monkeypatch.setenv("COUNTERPOINT_TRUSTED_PROXIES", "10.0.0.5")
    app = create_app(db_path, Settings.load(db=db_path))
    # behind the proxy, each client address has its own count...
    codes = _fail_logins(app, 7, client=("10.0.0.5", 5000), forwarded=lambda i: f"198.51.100.{i}")
    assert codes == [401] * 7
    # ...and one client is blocked, whatever it puts in front of the proxy's entry
    codes = _fail_logins(app, 7, client=("10.0.0.5", 5000), forwarded=lambda i: f"192.0.2.{i}, 198.51.100.77")
    assert codes[5:] == [429, 429]
