"""Typed input at the API: wrongly typed or oversized input gives 400/404/422 with a message, never 500."""
from __future__ import annotations

import pytest

from counterpoint.settings import Settings
from counterpoint.web import create_app
from tests.review_data import build
from tests.web.conftest import csrf_of, make_client

BIG = 2 ** 64 + 1

BODIES = [
    ("/api/incidents/inc-evict/edit", {"type": ["a"], "row_version": 1}, "type"),
    ("/api/incidents/inc-evict/edit", {"type": "x" * 300, "row_version": 1}, "type"),
    ("/api/incidents/inc-evict/edit", {"type": "picnic", "row_version": 1}, "picnic"),
    ("/api/incidents/inc-evict/edit", {"fields": {"type": {"a": 1}}, "row_version": 1}, "type"),
    ("/api/incidents/inc-evict/edit", {"place": 5, "row_version": 1}, "place"),
    ("/api/incidents/inc-evict/edit", {"lat": "north", "row_version": 1}, "lat"),
    ("/api/incidents/inc-evict/edit", {"row_version": "one"}, "row_version"),
    ("/api/incidents/inc-evict/edit", {"row_version": BIG}, "row_version"),
    ("/api/incidents/inc-evict/edit", {"colour": "red", "row_version": 1}, "colour"),
    ("/api/incidents/inc-evict/status", {"status": 5}, "status"),
    ("/api/incidents/inc-evict/status", {"status": "maybe"}, "status"),
    ("/api/incidents/inc-evict/confirm", {"row_version": [1]}, "row_version"),
    ("/api/incidents/inc-evict/notes", {"text": {"a": 1}}, "text"),
    ("/api/incidents/inc-evict/notes", {"text": "nul \x00 byte"}, "text"),
    ("/api/incidents/inc-evict/split", {"keys": 5, "row_version": 1}, "keys"),
    ("/api/incidents/inc-evict/split", {"keys": [1, {"x": 2}], "row_version": 1}, "keys"),
    ("/api/incidents/merge", {"ids": 5}, "ids"),
    ("/api/incidents/merge", {"ids": ["inc-evict", "inc-clash"], "row_versions": [1, 2]}, "row_versions"),
    ("/api/incidents/merge", {"ids": ["inc-evict", "inc-clash"], "row_versions": {"inc-evict": "x"}}, "row_versions"),
    ("/api/mentions/k/move", {"target": ["inc-evict"]}, "target"),
    ("/api/users", {"name": 5, "role": "viewer", "password": "a long passphrase"}, "name"),
    ("/api/users", {"name": "zed", "role": ["admin"], "password": "a long passphrase"}, "role"),
    ("/api/users", {"name": "zed", "role": "viewer", "password": 12345678}, "password"),
    ("/api/users/vic/role", {"role": None}, "role"),
    ("/api/audit/1/undo", {"next": 5}, "next"),
    ("/api/ingest", {"urls": "http://example.org/a"}, "urls"),
    ("/api/ingest", {"urls": ["http://example.org/a"], "link": "perhaps"}, "link"),
]


@pytest.fixture
def typed_app(db_url):
    """The workbench over each store: PostgreSQL refuses NULs and overlong values that SQLite takes."""
    build(db_url)
    return create_app(db_url, Settings.load(db=db_url))


@pytest.fixture
def api(typed_app):
    c = make_client(typed_app, raise_server_exceptions=False)
    c.headers["X-CSRF-Token"] = csrf_of(c, "/incidents")
    return c


@pytest.mark.parametrize("path,body,field", BODIES)
def test_typed_api_wrong_bodies_are_refused_with_a_message(api, path, body, field):
    r = api.post(path, json=body)
    assert r.status_code in (400, 404, 422), (path, body, r.status_code, r.text)
    error = r.json()["error"]
    assert error["status"] == r.status_code and field in error["message"], error


@pytest.mark.parametrize("body", ["[1, 2]", "5", '"text"', "null", "{not json", "\xff\xfe"])
def test_typed_api_body_that_is_not_an_object(api, body):
    r = api.post("/api/incidents/inc-evict/notes", content=body.encode("latin-1"),
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "JSON object" in r.json()["error"]["message"], r.text


@pytest.mark.parametrize("method,url", [
    ("post", f"/api/audit/{BIG}/undo"), ("post", f"/api/audit/-{BIG}/undo"), ("post", "/api/audit/0/undo"),
    ("get", f"/api/incidents?offset={BIG}"), ("get", f"/api/incidents?limit={BIG}"), ("get", f"/api/audit?limit={BIG}"),
    ("get", "/static/%00"), ("get", "/static/app.css%00.js"), ("get", "/assets/leaflet/leaflet.css%00"),
    ("get", "/api/incidents?place=%00"), ("get", "/api/incidents?type=a%00"), ("get", "/api/documents/a%00b"),
    ("get", "/api/incidents/inc%00"), ("get", "/api/search?q=%00"), ("get", "/api/sources/a%00"),
    ("get", "/api/audit?target=%00"), ("get", "/incidents/inc%00"), ("get", "/documents/x%00"),
    ("get", "/api/incidents/" + "i" * 300), ("get", "/api/incidents?type=" + "t" * 300),
    ("get", "/api/incidents?date_from=" + "9" * 300), ("get", "/api/incidents?status=" + "s" * 300),
    ("post", "/api/mentions/" + "k" * 300 + "/move"), ("post", "/api/incidents/" + "i" * 300 + "/confirm"),
    ("get", "/api/ingest/" + "j" * 300), ("get", "/api/incidents?has_conflict=maybe"),
])
def test_typed_api_odd_paths_and_parameters_never_crash(api, method, url):
    kw = {"json": {"target": "inc-evict"}} if method == "post" else {}
    r = getattr(api, method)(url, **kw)
    assert r.status_code in (400, 404, 422), (url, r.status_code, r.text[:300])
    if url.startswith("/api/") or not r.headers["content-type"].startswith("text/html"):
        assert r.json()["error"]["message"]


def test_typed_api_types_come_from_the_taxonomy(api, tmp_path, typed_app, monkeypatch):
    import json
    from pathlib import Path

    from counterpoint import taxonomy

    data = json.loads((Path(taxonomy.__file__).parent / "events.en.json").read_text())
    data["types"]["vigil"] = {"triggers": []}
    (tmp_path / "events.en.json").write_text(json.dumps(data))
    app = create_app(typed_app.state.store.db, Settings.load(db=typed_app.state.store.db, taxonomy_dir=str(tmp_path)))
    c = make_client(app)
    c.headers["X-CSRF-Token"] = csrf_of(c, "/incidents")
    r = c.post("/api/incidents/inc-evict/edit", json={"type": "vigil", "row_version": 1})
    assert r.status_code == 200 and r.json()["type"] == "vigil"
    assert api.post("/api/incidents/inc-clash/edit", json={"type": "vigil"}).status_code == 422  # default taxonomy


def test_typed_api_good_bodies_still_work(api):
    r = api.post("/api/incidents/inc-evict/edit", json={"type": "clash", "place": "Calais port", "row_version": 1})
    assert r.status_code == 200 and r.json()["type"] == "clash"
    r = api.post("/api/incidents/inc-evict/edit", json={"fields": {"lat": "50.95"}, "row_version": r.json()["row_version"]})
    assert r.status_code == 200 and r.json()["lat"] == 50.95
    current = str(r.json()["row_version"])  # a number in a string, as forms send it
    r = api.post("/api/incidents/merge", json={"ids": ["inc-evict", "inc-clash"], "row_versions": {"inc-evict": current}})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("q", ['"', "AND", "*", "a OR", "NEAR(", "(", "-", "x:y", "^", "'", 'a"b', "\\", "%", "_",
                               "NOT", "💥", "x" * 5000])
def test_typed_api_search_syntax_never_crashes(api, q):
    for url in ("/api/search", "/search"):
        r = api.get(url, params={"q": q})
        assert r.status_code == 200, (url, q, r.text[:300])
