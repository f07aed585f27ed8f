"""Accounts and safety: login required once an account exists, roles, CSRF, rate limit, cookies, tokens."""
from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from tests.web.conftest import PASSWORD, csrf_of, login, make_client


def test_auth_anonymous_api_request_is_refused_once_an_account_exists(app, accounts):
    c = make_client(app)
    r = c.get("/api/incidents")
    assert r.status_code == 401 and r.json()["error"]["status"] == 401
    assert c.get("/openapi.json").status_code == 401


@pytest.mark.parametrize("url", ["/incidents", "/incidents/inc-evict", "/documents/gazette-1", "/map", "/admin/users"])
def test_auth_anonymous_page_redirects_to_login(app, accounts, url):
    r = make_client(app).get(url, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")


def test_auth_login_page_and_assets_stay_public(app, accounts):
    c = make_client(app)
    assert c.get("/login").status_code == 200 and c.get("/static/app.css").status_code == 200
    assert c.get("/assets/leaflet/leaflet.css").status_code == 200


def test_auth_login_sets_safe_cookie_and_logout_ends_session(app, accounts):
    c = make_client(app)
    token = csrf_of(c)
    r = c.post("/login", data={"name": "vic", "password": PASSWORD, "csrf_token": token, "next": "/map"},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/map"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert c.get("/api/incidents").status_code == 200
    c.post("/logout", data={"csrf_token": csrf_of(c, "/incidents")})
    assert c.get("/api/incidents").status_code == 401


def test_auth_login_refuses_offsite_next(app, accounts):
    c = make_client(app)
    r = c.post("/login", data={"name": "vic", "password": PASSWORD, "csrf_token": csrf_of(c), "next": "//evil.example"},
               follow_redirects=False)
    assert r.headers["location"] == "/incidents"


def test_auth_login_wrong_password_then_rate_limited(app, accounts):
    c = make_client(app)
    token = csrf_of(c)
    for _ in range(5):
        r = c.post("/login", data={"name": "ana", "password": "wrong guess", "csrf_token": token})
        assert r.status_code == 401 and "Wrong name or password" in r.text
    r = c.post("/login", data={"name": "ana", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 429 and "Too many failed attempts" in r.text
    other = make_client(app, client=("127.0.0.2", 1))  # another user+address pair is not blocked
    assert other.post("/login", data={"name": "ana", "password": PASSWORD, "csrf_token": csrf_of(other)},
                      follow_redirects=False).status_code == 303


def test_auth_login_needs_csrf(app, accounts):
    r = make_client(app).post("/login", data={"name": "ana", "password": PASSWORD})
    assert r.status_code == 403 and "CSRF" in r.text


def _post_routes(app):
    from counterpoint.web.routes import accounts, documents, incidents, ingest, review, sources

    routes = [r for m in (accounts, documents, incidents, ingest, review, sources) for r in m.router.routes]
    for route in routes:
        if isinstance(route, APIRoute) and "POST" in route.methods:
            yield route.path.replace("{incident_id}", "inc-evict").replace("{doc_id:path}", "gazette-1") \
                .replace("{doc_id}", "gazette-1").replace("{key}", "k").replace("{pk}", "1").replace("{name}", "vic")


def test_auth_every_post_route_needs_csrf(app, accounts):
    c = login(app, "admin")
    del c.headers["X-CSRF-Token"]
    paths = list(_post_routes(app))
    assert len(paths) >= 15
    for path in paths:
        r = c.post(path, data={"x": "1"}, follow_redirects=False)
        assert r.status_code == 403, path
        r = c.post(path, json={"x": 1}, follow_redirects=False)
        assert r.status_code == 403, path


def test_auth_single_user_mode_also_needs_csrf(client):
    r = client.post("/api/incidents/inc-evict/confirm", json={})
    assert r.status_code == 403
    r = client.post("/api/incidents/inc-evict/confirm", json={}, headers={"X-CSRF-Token": csrf_of(client, "/incidents")})
    assert r.status_code == 200 and r.json()["status"] == "confirmed"


@pytest.mark.parametrize("who,status", [("vic", 403), ("ana", 200), ("admin", 200)])
def test_auth_roles_for_editing(app, accounts, who, status):
    c = login(app, who)
    assert c.get("/api/incidents").status_code == 200
    r = c.post("/api/incidents/inc-evict/edit", json={"row_version": 1, "place": "Calais port"})
    assert r.status_code == status


@pytest.mark.parametrize("who,status", [("vic", 403), ("ana", 403), ("admin", 200)])
def test_auth_only_admins_manage_accounts(app, accounts, who, status):
    c = login(app, who)
    assert c.get("/api/users").status_code == status
    r = c.post("/api/users", json={"name": "new", "role": "viewer", "password": "another long one"})
    assert r.status_code == status


def test_auth_viewer_sees_no_edit_forms(app, accounts):
    html = login(app, "vic").get("/incidents/inc-evict").text
    assert "/edit" not in html and "/split" not in html and "Undo" not in html


def test_auth_admin_manages_users_through_the_page(app, accounts):
    c = login(app, "admin")
    token = csrf_of(c, "/admin/users")
    r = c.post("/api/users", data={"name": "zoe", "role": "analyst", "password": "zoe's passphrase", "csrf_token": token})
    assert r.status_code == 200 and "user zoe added" in r.text
    c.post("/api/users/zoe/role", data={"role": "viewer", "csrf_token": token})
    assert accounts.user("zoe")["role"] == "viewer"
    r = c.post("/api/users/zoe/token", data={"csrf_token": token})
    new_token = r.text.split('id="new-token">')[1].split("<")[0]
    assert accounts.user_for_token(new_token)["name"] == "zoe"
    c.post("/api/users/zoe/delete", data={"csrf_token": token})
    assert accounts.user("zoe") is None


def test_auth_deleting_a_user_ends_their_session(app, accounts):
    c = login(app, "vic")
    accounts.delete_user("vic")
    assert c.get("/api/incidents").status_code == 401


def test_auth_bearer_token_for_scripts_needs_no_csrf(app, accounts):
    token = accounts.create_token("ana")
    c = make_client(app, headers={"Authorization": f"Bearer {token}"})
    assert c.get("/api/incidents").json()["total"] == 3
    r = c.post("/api/incidents/inc-clash/confirm", json={})
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert accounts.audit(limit=1)[0]["user"] == "ana"
    bad = make_client(app, headers={"Authorization": "Bearer cp_not-a-token"})
    assert bad.get("/api/incidents").status_code == 401
