"""API clients get JSON: POST /api/ingest answers the job, and every /api/ error is JSON."""
from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from counterpoint.settings import Settings
from counterpoint.web import create_app
from tests.web.conftest import csrf_of, login, make_client


def fake_ingest(args, store, settings, on_progress=None, on_reject=None):
    from types import SimpleNamespace

    return SimpleNamespace(stored=0, unchanged=0, duplicates=0, documents=0)


@pytest.fixture
def ingest_app(db_path, accounts):
    return create_app(db_path, Settings.load(db=db_path), ingest=fake_ingest)


def test_api_answers_ingest_with_the_job_for_a_token(ingest_app, accounts):
    token = accounts.create_token("ana")
    c = make_client(ingest_app, headers={"Authorization": f"Bearer {token}"})
    r = c.post("/api/ingest", files={"files": ("a.txt", b"Police cleared a camp in Calais.")}, follow_redirects=False)
    assert r.status_code == 200, r.text
    job = r.json()
    assert job["user"] == "ana" and job["inputs"] == 1 and job["state"] in ("queued", "running", "done")
    assert c.get(f"/api/ingest/{job['id']}").json()["id"] == job["id"]


def test_api_answers_ingest_with_the_job_when_json_is_accepted(ingest_app):
    c = login(ingest_app, "ana")
    r = c.post("/api/ingest", data={"urls": "https://example.org/a"}, headers={"Accept": "application/json"},
               follow_redirects=False)
    assert r.status_code == 200 and r.json()["inputs"] == 1


def test_api_answers_ingest_takes_a_json_body(ingest_app, accounts):
    token = accounts.create_token("ana")
    c = make_client(ingest_app, headers={"Authorization": f"Bearer {token}"})
    r = c.post("/api/ingest", json={"urls": ["https://example.org/a", "https://example.org/b"], "link": True})
    assert r.status_code == 200 and r.json()["inputs"] == 2 and r.json()["link"] is True
    r = c.post("/api/ingest", json={"urls": ["file:///etc/passwd"]})
    assert r.status_code == 400 and "http(s)" in r.json()["error"]["message"]


def test_api_answers_browser_form_still_redirects(ingest_app):
    c = login(ingest_app, "ana")
    r = c.post("/api/ingest", data={"urls": "https://example.org/a"},
               headers={"Accept": "text/html,application/xhtml+xml"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ingest"


def _api_routes(app):
    from counterpoint.web.routes import accounts, assets, documents, incidents, ingest, review, sources

    for route in [r for m in (accounts, assets, documents, incidents, ingest, review, sources) for r in m.router.routes]:
        if isinstance(route, APIRoute) and route.path.startswith("/api/"):
            path = route.path.replace("{doc_id:path}", "nope").replace("{source:path}", "nope")
            for name in ("incident_id", "doc_id", "key", "name", "job_id", "source"):
                path = path.replace("{" + name + "}", "nope")
            yield sorted(route.methods)[0], path.replace("{pk}", "999")


def test_api_answers_every_api_error_in_json_for_a_token_form(ingest_app, accounts):
    """A script posting a form with a token used to get an HTML error page."""
    token = accounts.create_token("ana")
    c = make_client(ingest_app, headers={"Authorization": f"Bearer {token}", "Accept": "text/html"},
                    raise_server_exceptions=False)
    routes = list(_api_routes(ingest_app))
    assert len(routes) >= 20
    for method, path in routes:
        r = c.request(method, path, data={"row_version": "x", "status": "maybe"}) if method == "POST" else c.get(path)
        if r.status_code >= 400:
            assert r.headers["content-type"].startswith("application/json"), (method, path, r.status_code)
            assert r.json()["error"]["status"] == r.status_code, (method, path)


@pytest.mark.parametrize("headers", [{}, {"Accept": "text/html"},
                                     {"Content-Type": "multipart/form-data; boundary=x", "Accept": "application/json"}])
def test_api_answers_unknown_api_routes_in_json(ingest_app, headers):
    c = login(ingest_app, "vic")
    for method in ("get", "post", "delete"):
        r = c.request(method, "/api/nothing-here", headers=headers)
        assert r.status_code in (404, 405) and r.json()["error"]["status"] == r.status_code


def test_api_answers_errors_before_login_in_json(ingest_app):
    c = make_client(ingest_app)
    r = c.post("/api/ingest", data={"urls": "https://example.org/a"}, headers={"Accept": "application/json"})
    assert r.status_code in (401, 403) and r.json()["error"]["status"] == r.status_code


def test_api_answers_method_not_allowed_in_json(ingest_app):
    c = login(ingest_app, "vic")
    r = c.delete("/api/incidents", headers={"X-CSRF-Token": csrf_of(c, "/incidents")})
    assert r.status_code == 405 and r.json()["error"]["status"] == 405
