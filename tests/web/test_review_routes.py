"""Review actions over HTTP: JSON for scripts, redirects for forms, 409 on stale versions, undo."""
from __future__ import annotations

import threading
import time
from types import SimpleNamespace
from urllib.parse import quote

import pytest

from counterpoint.settings import Settings
from counterpoint.web import create_app
from tests.review_data import HOSTILE_ID
from tests.web.conftest import csrf_of, make_client


@pytest.fixture
def api(client):
    client.headers["X-CSRF-Token"] = csrf_of(client, "/incidents")
    return client


def test_review_routes_confirm_reject_and_reopen(api):
    assert api.post("/api/incidents/inc-evict/confirm", json={"row_version": 1}).json()["status"] == "confirmed"
    assert api.post("/api/incidents/inc-evict/reject", json={}).json()["status"] == "rejected"
    assert "inc-evict" not in [i["id"] for i in api.get("/api/incidents").json()["incidents"]]
    assert [i["id"] for i in api.get("/api/incidents?status=rejected").json()["incidents"]] == ["inc-evict"]
    r = api.post("/api/incidents/inc-evict/status", json={"status": "auto"})
    assert r.json()["status"] == "auto"
    assert api.post("/api/incidents/inc-evict/status", json={"status": "maybe"}).status_code == 422


def test_review_routes_stale_edit_is_409_and_keeps_submitted_values(api):
    assert api.post("/api/incidents/inc-evict/edit", json={"row_version": 1, "place": "Calais port"}).status_code == 200
    r = api.post("/api/incidents/inc-evict/edit", json={"row_version": 1, "place": "Coquelles"})
    assert r.status_code == 409
    err = r.json()["error"]
    assert err["current_row_version"] == 2 and err["submitted"]["place"] == "Coquelles" and "nothing was saved" in err["message"]
    # the same through the HTML form: the page shows what was typed
    r = api.post("/api/incidents/inc-evict/edit", data={"row_version": "1", "place": "Coquelles <b>x</b>",
                                                        "csrf_token": api.headers["X-CSRF-Token"]})
    assert r.status_code == 409 and "Someone changed this first" in r.text
    assert "Coquelles &lt;b&gt;x&lt;/b&gt;" in r.text
    assert api.get("/api/incidents/inc-evict").json()["place"] == "Calais port"


def test_review_routes_form_redirects_with_message(api):
    r = api.post("/api/incidents/inc-evict/notes", data={"text": "Two sources, one eviction.",
                                                         "csrf_token": api.headers["X-CSRF-Token"]},
                 follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/incidents/inc-evict"
    html = api.get("/incidents/inc-evict").text
    assert "note added" in html and "Two sources, one eviction." in html
    assert api.get("/api/incidents/inc-evict/notes").json()["notes"][0]["text"] == "Two sources, one eviction."


def test_review_routes_merge_then_undo(api):
    r = api.post("/api/incidents/merge", json={"ids": ["inc-evict", "inc-hostile"], "row_versions": {"inc-evict": 1}})
    assert r.status_code == 200 and len(r.json()["mentions"]) == 3
    assert api.get("/api/incidents/inc-hostile").status_code == 404
    entry = api.get("/api/audit").json()["audit"][0]
    assert entry["action"] == "merge" and entry["user"] == "local"
    assert api.post(f"/api/audit/{entry['pk']}/undo", json={}).json()["action"] == "merge"
    assert api.get("/api/incidents/inc-hostile").status_code == 200
    assert api.post(f"/api/audit/{entry['pk']}/undo", json={}).status_code == 400  # already undone


def test_review_routes_split_and_move(api):
    inc = api.get("/api/incidents/inc-evict").json()
    key = next(m["key"] for m in inc["mentions"] if m["source"] == "Field Notes")
    new = api.post("/api/incidents/inc-evict/split", json={"keys": [key], "row_version": inc["row_version"]}).json()
    assert new["id"] == "inc-evict-2"
    moved = api.post(f"/api/mentions/{key}/move", json={"target": "inc-evict"}).json()
    assert moved["id"] == "inc-evict" and len(moved["mentions"]) == 2
    assert api.get("/api/incidents/inc-evict-2").status_code == 404
    assert api.post(f"/api/mentions/{key}/move", json={}).status_code == 400


def test_review_routes_retract_document_with_slash_and_tilde(api):
    r = api.post("/api/documents/" + quote("notes/2021/03~1", safe="") + "/retract", json={})
    assert r.json() == {"retracted": "notes/2021/03~1", "incidents": ["inc-evict"]}
    assert api.get("/api/documents/" + quote("notes/2021/03~1", safe="")).json()["retracted"] is True
    assert api.get("/api/incidents/inc-evict").json()["sources"] == ["Gazette"]
    html = api.get("/documents/" + quote("notes/2021/03~1", safe="")).text
    assert "This document is retracted" in html


def test_review_routes_queue_and_search_api(api):
    queue = api.get("/api/queue").json()["queue"]
    assert queue[0]["score"] == 0.42
    found = api.get("/api/search?q=canal").json()
    assert {d["doc_id"] for d in found["documents"]} == {HOSTILE_ID, "notes/2021/03~1"}
    assert api.get("/api/search?q=dunkirk").json()["incidents"][0]["id"] == "inc-clash"


def test_review_routes_bad_body_is_400(api):
    r = api.post("/api/incidents/inc-evict/edit", content=b"[1,2]", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "JSON object" in r.json()["error"]["message"]


def test_ingest_runs_in_background_and_reports_progress(db_path):
    calls = []
    gate = threading.Event()

    def fake_ingest(args, store, settings, on_progress=None, on_reject=None):
        calls.append(args)
        gate.wait(5)
        on_progress(2)
        on_reject(SimpleNamespace(name=f"{args[1]}/bad.bin", code="unreadable", message=f"{args[1]}/bad.bin: not a text"))
        return SimpleNamespace(stored=1, unchanged=0, duplicates=0, documents=2)

    linked = []
    app = create_app(db_path, Settings.load(db=db_path), ingest=fake_ingest,
                     link=lambda store: linked.append(store) or SimpleNamespace(incidents=[1, 2]))
    c = make_client(app)
    token = csrf_of(c, "/ingest")
    r = c.post("/api/ingest", data={"urls": "https://example.org/report", "csrf_token": token, "link": "on"},
               files=[("files", ("../../evil name.txt", b"Police cleared a camp.", "text/plain"))],
               headers={"X-CSRF-Token": token, "accept": "application/json"}, follow_redirects=False)
    assert r.status_code == 200  # a client asking for JSON gets the job, not a redirect
    job_id = r.json()["id"]
    assert job_id in app.state.jobs
    assert c.get(f"/api/ingest/{job_id}").json()["state"] in ("queued", "running")
    gate.set()
    for _ in range(50):
        job = c.get(f"/api/ingest/{job_id}").json()
        if job["state"] == "done":
            break
        time.sleep(0.05)
    assert job["state"] == "done" and job["processed"] == 2 and job["stored"] == 1
    assert job["incidents"] == 2 and len(linked) == 1
    assert job["rejected"][0] == {"name": "bad.bin", "reason": "unreadable", "message": "bad.bin: not a text"}
    args = calls[0]
    assert args[0] == "https://example.org/report" and args[1].startswith("/") and len(args) == 2
    assert "job" not in c.get("/ingest").text or "bad.bin" in c.get("/ingest").text


def test_ingest_refuses_other_schemes_and_empty(client):
    token = csrf_of(client, "/ingest")
    assert client.post("/api/ingest", data={"urls": "file:///etc/passwd", "csrf_token": token}).status_code == 400
    assert client.post("/api/ingest", data={"urls": "", "csrf_token": token}).status_code == 400
