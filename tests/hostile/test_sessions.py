"""Sessions: made only at login, kept in the database (restart, several processes), expiring, safe cookies."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from counterpoint.settings import Settings
from counterpoint.store import schema as t
from counterpoint.web import create_app
from tests.web.conftest import PASSWORD, csrf_of, login, make_client


def _sessions(app) -> int:
    with app.state.store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.sessions)).scalar()


def test_sessions_anonymous_requests_create_none(app, accounts):
    for _ in range(50):
        r = make_client(app).get("/login")
        assert r.status_code == 200 and "cp_session" not in r.headers.get("set-cookie", "")
        make_client(app).get("/api/incidents")
        make_client(app).get("/static/app.css")
    assert _sessions(app) == 0


def test_sessions_anonymous_flood_does_not_log_users_out(app, accounts):
    user = login(app, "vic")
    for _ in range(300):
        make_client(app).get("/login")
    assert user.get("/api/incidents").status_code == 200
    assert _sessions(app) == 1


def test_sessions_single_user_mode_stores_none(client, app):
    for _ in range(20):
        assert client.get("/incidents").status_code == 200
        client.cookies.clear()
    assert _sessions(app) == 0


def test_sessions_survive_a_restart_and_work_in_another_process(db_path, accounts):
    first = create_app(db_path, Settings.load(db=db_path))
    c = login(first, "ana")
    cookie = c.cookies["cp_session"]
    second = create_app(db_path, Settings.load(db=db_path))  # a restarted or second server process
    other = make_client(second, cookies={"cp_session": cookie})
    assert other.get("/api/incidents").status_code == 200
    other.headers["X-CSRF-Token"] = csrf_of(other, "/incidents")
    r = other.post("/api/incidents/inc-clash/confirm", json={})
    assert r.status_code == 200 and accounts.audit(limit=1)[0]["user"] == "ana"


def test_sessions_are_stored_as_hashes(app, accounts):
    c = login(app, "ana")
    with app.state.store.engine.connect() as conn:
        stored = [r.id for r in conn.execute(select(t.sessions.c.id))]
    assert stored and c.cookies["cp_session"] not in stored


def test_sessions_expire(db_path, accounts, monkeypatch):
    monkeypatch.setenv("COUNTERPOINT_SESSION_HOURS", "2")
    app = create_app(db_path, Settings.load(db=db_path))
    c = login(app, "ana")
    assert c.get("/api/incidents").status_code == 200
    later = datetime.now(timezone.utc) + timedelta(hours=2, minutes=1)
    monkeypatch.setattr("counterpoint.store.accounts.now", lambda: later)
    assert c.get("/api/incidents").status_code == 401
    assert _sessions(app) == 0  # an expired session is deleted when met


def test_sessions_expiry_setting_is_checked(monkeypatch):
    from counterpoint.errors import SettingsError

    monkeypatch.setenv("COUNTERPOINT_SESSION_HOURS", "0")
    with pytest.raises(SettingsError, match="session_hours"):
        Settings.load()


def test_sessions_logout_deletes_the_stored_session(app, accounts):
    c = login(app, "vic")
    assert _sessions(app) == 1
    c.post("/logout", data={"csrf_token": csrf_of(c, "/incidents")})
    assert _sessions(app) == 0 and c.get("/api/incidents").status_code == 401


def test_sessions_role_change_and_deletion_end_sessions(app, accounts):
    c = login(app, "vic")
    admin = login(app, "admin")
    admin.post("/api/users/vic/role", json={"role": "analyst"})
    assert c.get("/api/incidents").status_code == 401
    c = login(app, "vic")
    accounts.delete_user("vic")
    assert c.get("/api/incidents").status_code == 401


def test_sessions_fixation_a_planted_cookie_is_not_adopted(app, accounts):
    c = make_client(app, cookies={"cp_session": "planted-by-attacker"})
    token = csrf_of(c)
    r = c.post("/login", data={"name": "vic", "password": PASSWORD, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    [cookie] = [h for h in r.headers.get_list("set-cookie") if h.startswith("cp_session=")]
    assert "planted-by-attacker" not in cookie


def _login_cookie(app, **kw) -> str:
    c = make_client(app, **kw)
    page = c.get("/login")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    csrf_cookie = page.cookies.get("cp_csrf") or c.cookies["cp_csrf"]
    # sent by hand: a Secure cookie set behind an HTTPS proxy is not sent back by httpx over http://
    r = c.post("/login", data={"name": "vic", "password": PASSWORD, "csrf_token": token},
               headers={"Cookie": f"cp_csrf={csrf_cookie}"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return [h for h in r.headers.get_list("set-cookie") if h.startswith("cp_session=")][0].lower()


def test_sessions_cookie_flags_on_plain_loopback(app, accounts):
    cookie = _login_cookie(app)
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie


def test_sessions_cookie_is_secure_over_https(app, accounts):
    assert "secure" in _login_cookie(app, base_url="https://127.0.0.1")


def test_sessions_cookie_is_secure_behind_a_configured_proxy(db_path, accounts, monkeypatch):
    monkeypatch.setenv("COUNTERPOINT_TRUSTED_PROXIES", "10.0.0.5")
    app = create_app(db_path, Settings.load(db=db_path))
    proxied = {"client": ("10.0.0.5", 40000), "headers": {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.4"}}
    assert "secure" in _login_cookie(app, **proxied)
    # the same header from a machine that is not the proxy is not believed
    assert "secure" not in _login_cookie(app, client=("10.0.0.6", 40000), headers={"X-Forwarded-Proto": "https"})


def test_sessions_csrf_token_of_the_login_form_is_bound_to_its_cookie(app, accounts):
    """No stored session before login: the form's token must match the browser's own signed cookie."""
    c = make_client(app)
    token = csrf_of(c)
    stranger = make_client(app)
    r = stranger.post("/login", data={"name": "vic", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 403
    forged = make_client(app, cookies={"cp_csrf": "forged"})
    assert forged.post("/login", data={"name": "vic", "password": PASSWORD, "csrf_token": "forged"}).status_code == 403
