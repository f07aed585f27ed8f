"""DNS rebinding: only exact loopback names (and names the user configures) reach the workbench."""
from __future__ import annotations

import pytest

from counterpoint.settings import Settings
from counterpoint.web import create_app
from tests.web.conftest import make_client

REFUSED = [
    "127.0.0.1.evil.example", "127.0.0.1.evil.example:8000", "127.0.0.1.nip.io", "127.0.0.1.evil.example.",
    "localhost.evil.example", "localhost.evil.example:8000", "evil.example", "evil.example:8000",
    "127.evil.example", "127.0.0.2", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.0.0.1.",
    "localhost.", "[::1].evil.example", "[::ffff:127.0.0.1]", "[0:0:0:0:0:0:0:1]", "::1", "127.0.0.1:8001",
    "localhost:9999", "127.0.0.1:", "127.0.0.1:80x", "127.0.0.1:8000:8000", "127.0.0.1 evil.example",
    "evil.example#127.0.0.1", "127.0.0.1@evil.example", "localhost\tevil", "xlocalhost", "localhostx",
    "sub.localhost", "workbench.lan.evil.example", "evilworkbench.lan", "",
]
ACCEPTED = ["127.0.0.1", "127.0.0.1:8000", "localhost", "localhost:8000", "LocalHost:8000", "[::1]", "[::1]:8000",
            "workbench.lan", "Workbench.LAN:8000"]


@pytest.fixture
def bound_app(db_path, monkeypatch):
    monkeypatch.setenv("COUNTERPOINT_ALLOWED_HOSTS", "workbench.lan")
    return create_app(db_path, Settings.load(db=db_path), port=8000)


@pytest.mark.parametrize("host", REFUSED)
def test_host_check_refuses_rebinding_names_in_single_user_mode(bound_app, host):
    r = make_client(bound_app).get("/api/incidents", headers={"host": host})
    assert r.status_code == 400, host
    assert "Host" in r.json()["error"]["message"]


@pytest.mark.parametrize("host", ACCEPTED)
def test_host_check_accepts_loopback_literals_and_configured_names(bound_app, host):
    assert make_client(bound_app).get("/api/incidents", headers={"host": host}).status_code == 200, host


def test_host_check_refuses_pages_and_assets_too(bound_app):
    c = make_client(bound_app)
    for url in ("/incidents", "/static/app.css", "/login"):
        assert c.get(url, headers={"host": "127.0.0.1.evil.example"}).status_code == 400, url


def test_host_check_cannot_read_the_csrf_token_and_create_an_admin(bound_app):
    """The probe's attack: read the token from /incidents under the rebinding name, then POST /api/users."""
    c = make_client(bound_app, base_url="http://127.0.0.1.evil.example:8000")
    page = c.get("/incidents")
    assert page.status_code == 400 and 'name="csrf-token" content=""' in page.text and "cp_csrf" not in c.cookies
    r = c.post("/api/users", json={"name": "mallory", "role": "admin", "password": "a long passphrase"},
               headers={"X-CSRF-Token": "guess"})
    assert r.status_code == 400
    assert not bound_app.state.review.has_users()


def test_host_check_without_a_known_port_accepts_any_port_on_loopback_names(app):
    c = make_client(app)
    assert c.get("/api/incidents", headers={"host": "127.0.0.1:5123"}).status_code == 200
    assert c.get("/api/incidents", headers={"host": "127.0.0.1.evil.example:5123"}).status_code == 400


def test_host_check_with_accounts_enforces_configured_names(db_path, accounts, monkeypatch):
    monkeypatch.setenv("COUNTERPOINT_ALLOWED_HOSTS", "team.example.org, workbench.lan")
    app = create_app(db_path, Settings.load(db=db_path))
    c = make_client(app)
    assert c.get("/login", headers={"host": "team.example.org"}).status_code == 200
    assert c.get("/login", headers={"host": "team.example.org.evil.example"}).status_code == 400
    assert c.get("/login", headers={"host": "localhost"}).status_code == 200


def test_host_check_setting_rejects_malformed_names(monkeypatch):
    from counterpoint.errors import SettingsError

    monkeypatch.setenv("COUNTERPOINT_ALLOWED_HOSTS", "good.example, bad host/")
    with pytest.raises(SettingsError, match="allowed_hosts"):
        Settings.load()


def test_host_check_serve_option_adds_names(cli, db, monkeypatch):
    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: seen.update(app=app, **kw))
    r = cli("serve", "--db", db, "--allowed-host", "workbench.lan", "--port", "8123")
    assert r.exit_code == 0, r.stderr
    c = make_client(seen["app"])
    assert c.get("/api/incidents", headers={"host": "workbench.lan:8123"}).status_code == 200
    assert c.get("/api/incidents", headers={"host": "workbench.lan:8000"}).status_code == 400
    assert seen["proxy_headers"] is False  # uvicorn must not rewrite the client address from X-Forwarded-For
