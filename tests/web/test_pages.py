"""Pages and JSON API in single-user mode: every route answers, ids with / and ~ work, text is escaped."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from counterpoint.settings import Settings
from counterpoint.web import create_app
from tests.review_data import HOSTILE_ID
from tests.web.conftest import make_client

PAGES = ["/incidents", "/incidents?type=eviction&has_conflict=true&date_from=2021-03-01&date_to=2021-03-31",
         "/incidents/inc-evict", "/documents", "/documents/" + quote("notes/2021/03~1", safe=""),
         "/documents/" + quote(HOSTILE_ID, safe=""), "/sources", "/sources/Gazette", "/map", "/review", "/audit",
         "/search?q=camp", "/search", "/ingest", "/login"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_answer_html(client, url):
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Content-Security-Policy" in r.headers and "script-src 'self'" in r.headers["Content-Security-Policy"]


def test_pages_root_redirects_to_incidents(client):
    assert client.get("/", follow_redirects=False).headers["location"] == "/incidents"


def test_api_incidents_has_contract_shape(client):
    body = client.get("/api/incidents").json()
    assert body["total"] == 3 and len(body["incidents"]) == 3
    inc = next(i for i in body["incidents"] if i["id"] == "inc-evict")
    for key in ("id", "type", "types", "date_start", "date_end", "place", "lat", "lon", "documents", "sources",
                "mentions", "figures", "conflicts", "status", "row_version"):
        assert key in inc
    assert {"document", "source", "sentence", "type", "date", "place", "participants", "casualties", "killed",
            "injured", "arrested"} <= set(inc["mentions"][0])
    assert inc["conflicts"][0]["kind"] == "figure"


@pytest.mark.parametrize("query,ids", [
    ("type=clash", ["inc-clash"]), ("place=calais", ["inc-evict", "inc-hostile"]), ("source=Gazette", ["inc-evict"]),
    ("date_from=2021-03-04", ["inc-clash"]), ("date_to=2021-03-02", ["inc-evict"]), ("has_conflict=true", ["inc-evict"]),
    ("has_conflict=false", ["inc-hostile", "inc-clash"]), ("status=rejected", []),
])
def test_api_incidents_filters(client, query, ids):
    assert [i["id"] for i in client.get(f"/api/incidents?{query}").json()["incidents"]] == ids


def test_api_incidents_paginates(client):
    page = client.get("/api/incidents?limit=2&offset=2").json()
    assert page["total"] == 3 and [i["id"] for i in page["incidents"]] == ["inc-clash"]
    assert client.get("/api/incidents?limit=0").status_code == 422


def test_api_incident_and_document(client):
    assert client.get("/api/incidents/inc-clash").json()["type"] == "clash"
    doc = client.get("/api/documents/" + quote("notes/2021/03~1", safe="")).json()
    assert doc["id"] == "notes/2021/03~1" and doc["events"][0]["incident"] == "inc-evict"
    assert doc["retracted"] is False and doc["source"] == "Field Notes"


@pytest.mark.parametrize("url", ["/api/incidents/nope", "/api/documents/nope", "/api/nothing-here"])
def test_api_errors_have_one_shape(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert set(r.json()) == {"error"} and {"status", "message"} <= set(r.json()["error"])
    assert r.json()["error"]["status"] == 404


def test_pages_error_is_html(client):
    r = client.get("/incidents/nope")
    assert r.status_code == 404 and "no incident" in r.text and r.headers["content-type"].startswith("text/html")


def test_pages_incident_shows_sources_side_by_side(client):
    html = client.get("/incidents/inc-evict").text
    assert html.count('class="side-col"') == 2 and "Gazette" in html and "Field Notes" in html
    assert "Sources disagree" in html and "about 120" in html
    assert '<mark class="evidence">' in html and '<mark class="evidence term">evicted</mark>' in html
    assert "(security_forces)" in html  # who did what


def test_pages_hostile_document_is_escaped_everywhere(client):
    for url in ("/documents/" + quote(HOSTILE_ID, safe=""), "/incidents/inc-hostile", "/incidents", "/search?q=canal",
                "/sources/" + quote("<img src=x onerror=alert(1)>", safe=""), "/review", "/map", "/documents"):
        html = client.get(url).text
        assert "<script>window" not in html and "<img src=x" not in html and "<svg onload" not in html, url
        assert not re.search(r"<[^>]+\son\w+=", html), url  # no live event-handler attribute


def test_pages_chart_and_map_data_are_json_not_html(client):
    html = client.get("/sources/" + quote("<img src=x onerror=alert(1)>", safe="")).text
    data = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data and "\\u003c" in data
    html = client.get("/map").text
    assert re.search(r'<script type="application/json" id="map-data">\[', html)


def test_pages_source_profile_is_computed_when_opened(client):
    html = client.get("/sources/Gazette").text
    assert "figures attributed" in html and "1 of 1 (100%)" in html
    assert "not computed" not in html and "No framing" not in html


def test_pages_source_with_stored_profile(app, client):
    from counterpoint.store import schema as t
    from sqlalchemy import delete, insert
    client.get("/sources")  # computes the profiles; a stored one with the same basis is fresh
    basis = app.state.store.profiles()[0]["basis"]
    with app.state.store.engine.begin() as conn:
        conn.execute(delete(t.profiles).where(t.profiles.c.source == "Gazette"))
        conn.execute(insert(t.profiles).values(source="Gazette", data={"basis": basis,
            "source": "Gazette", "documents": 1, "words": 26,
            "labels": {"migrants": {"people": 2, "illegals": 1}, "security_forces": {"police": 1}},
            "violence": {"security_forces": {"agent": 1, "target": 0}, "migrants": {"agent": 0, "target": 1}},
            "quotes": {"total": 1, "direct": 1, "by_category": {"migrants": 1}},
            "figures": {"total": 2, "attributed": 1, "share_attributed": 0.5},
            "loaded": {"count": 1, "per_1000_words": 38.5, "terms": {"swarm": 1}},
            "extra_measure": {"a": 1}}))
    html = client.get("/sources/Gazette").text
    assert "1 of 2 (50%)" in html and "38.5 per 1000 words" in html
    for chart in ("p-labels", "p-violence", "p-voices", "p-loaded"):
        assert f'id="chart-{chart}"' in html
    assert "migrants: illegals" in html and "extra measure" in html
    assert "Words for migrants" not in html  # the counted charts stand in only without a profile


def test_pages_search_highlights_escaped_snippets(client):
    html = client.get("/search?q=canal").text
    assert "<mark>canal</mark>" in html and "&lt;script&gt;" in html


def test_pages_map_without_tiles_still_works(db_path):
    c = make_client(create_app(db_path, Settings.load(db=db_path, tile_url="")))
    html = c.get("/map").text
    assert 'data-tiles=""' in html and "no tile server is asked" in html and "inc-evict" in html


def test_assets_are_served_by_the_app(client):
    assert "leaflet" in client.get("/assets/leaflet/leaflet.js").text[:2000].lower()
    assert client.get("/assets/leaflet/leaflet.css").status_code == 200
    assert client.get("/assets/plotly.min.js").text.lstrip().startswith("/**")
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../__init__.py").status_code == 404
    assert client.get("/assets/leaflet/../../../__init__.py").status_code == 404


def test_pages_load_no_external_scripts(client):
    for url in PAGES:
        html = client.get(url).text
        assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', html), url


def test_openapi_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/incidents", "/api/incidents/{incident_id}", "/api/documents/{doc_id}", "/api/incidents/merge",
              "/api/audit/{pk}/undo", "/api/ingest"):
        assert p in paths


def test_single_user_mode_refuses_other_machines(app):
    remote = make_client(app, client=("192.0.2.7", 4000))
    r = remote.get("/api/incidents")
    assert r.status_code == 403 and "loopback" in r.json()["error"]["message"]


def test_single_user_mode_refuses_foreign_host_names(app):
    """A DNS-rebinding page reaches 127.0.0.1 under its own name: refused."""
    r = make_client(app, base_url="http://attacker.example:8000").get("/api/incidents")
    assert r.status_code == 400 and "127.0.0.1" in r.json()["error"]["message"]
    assert make_client(app, base_url="http://127.0.0.1:8000").get("/api/incidents").status_code == 200
    assert make_client(app, base_url="http://localhost:8000").get("/api/incidents").status_code == 200


def test_api_unexpected_error_keeps_the_error_shape(app, monkeypatch):
    monkeypatch.setattr(app.state.review, "incident", lambda _id: 1 / 0)
    r = make_client(app, raise_server_exceptions=False).get("/api/incidents/inc-evict")
    assert r.status_code == 500 and r.json()["error"]["message"].startswith("internal error (ZeroDivisionError)")


@pytest.mark.parametrize("doc_id", ["odd/?#% name~2.txt", "/abs/path.txt", "https://example.org/a/b?x=1"])
def test_pages_document_ids_with_reserved_characters(app, client, doc_id):
    from counterpoint.models import Document

    app.state.store.save_document(Document(id=doc_id, text="Volunteers handed out food in Calais."), raw=None,
                                  signature=None, text_hash="h-odd" + doc_id, analysis_version="test")
    assert client.get("/api/documents/" + quote(doc_id, safe="")).json()["id"] == doc_id
    html = client.get("/documents").text
    assert f'href="/documents/{quote(doc_id, safe="")}"' in html
    assert client.get("/documents/" + quote(doc_id, safe="")).status_code == 200
