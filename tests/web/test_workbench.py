"""The analyst's pages: headlines, pagination, the review queue's order and reasons, sources side by
side, the offline map, and no page that makes the browser ask an outside host."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from counterpoint.settings import Settings
from counterpoint.store import IncidentStore
from counterpoint.web import create_app
from tests.web.conftest import make_client
from tests.web.test_pages import PAGES

# what makes a browser fetch something: attributes and CSS url() that name another host
OUTSIDE = re.compile(r"""(?:src|href|action|data-tiles)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.I)


def test_workbench_incident_list_is_one_paginated_table_with_headlines(client):
    html = client.get("/incidents?limit=2").text
    assert html.count("<table") == 1
    assert len(re.findall(r"<tr[ >]", html.split("<tbody>")[1])) == 2
    assert "1–2 of 3" in html and 'rel="next"' in html and 'aria-current="page"' in html
    assert "Police evict" in html and "— 2 sources" in html
    second = client.get("/incidents?limit=2&offset=2").text
    assert "3–3 of 3" in second and 'rel="prev"' in second


def test_workbench_timeline_has_an_axis_and_counts_undated_apart(client, app):
    IncidentStore(app.state.store)  # the built database: three dated incidents
    html = client.get("/incidents").text
    assert "3 dated" in html and "undated, not on the axis" not in html
    assert re.search(r'class="tl-axis"[^>]*>Mar 2021<', html)


def test_workbench_incident_page_shows_the_sentence_behind_each_figure(client):
    html = client.get("/incidents/inc-evict").text
    assert 'class="figure-source"' in html
    assert re.search(r"40 people<blockquote class=\"figure-source\"[^>]*>Police evicted forty people", html)
    assert "Volunteers counted about 120 exiles left without shelter." in html  # the number's own sentence


def test_workbench_move_and_merge_start_empty_and_merge_names_the_survivor(client):
    html = client.get("/incidents/inc-evict").text
    assert '<select name="target"' not in html and 'list="incident-options"' in html
    assert re.search(r'<input type="search" name="target"[^>]*value=""', html)
    assert "<code>inc-evict</code>, survives" in html
    assert 'data-confirm="Merge incident {value} into inc-evict?' in html


def test_workbench_queue_sorted_by_confidence_paginated_with_reasons(client, app):
    from counterpoint.store import schema as t
    from sqlalchemy import update

    with app.state.store.engine.begin() as conn:  # the linker's features, as it stores them
        conn.execute(update(t.mention_links).values(features={"place": 1.0, "date": 0.7, "wording": 0.25}))
    body = client.get("/api/queue?limit=2").json()
    assert body["total"] == 4 and len(body["queue"]) == 2
    assert [q["confidence"] for q in body["queue"]] == sorted(q["confidence"] for q in body["queue"])
    assert {"what": "place", "text": "same", "level": "same", "value": 1.0} in body["queue"][0]["reasons"]
    html = client.get("/review?limit=2").text
    assert "place</span> same" in html and "wording</span> 25% shared" in html
    assert 'rel="next"' in html and "1–2 of 4" in html


def test_workbench_queue_prefers_the_linkers_confidence(client, app):
    from counterpoint.store import schema as t
    from sqlalchemy import select, update

    with app.state.store.engine.begin() as conn:
        keys = [r.event_key for r in conn.execute(select(t.mention_links.c.event_key).order_by(t.mention_links.c.score))]
        # the weakest placement becomes the surest: the queue follows the linker's confidence
        conn.execute(update(t.mention_links).where(t.mention_links.c.event_key == keys[0]).values(score=0.99))
    order = [q["event_key"] for q in client.get("/api/queue").json()["queue"]]
    assert order[-1] == keys[0]


def test_workbench_sources_side_by_side_computed_on_opening(client):
    html = client.get("/sources").text
    assert "not computed" not in html and 'id="compare"' in html
    for measure in ("Words for migrants", "Agent of violence", "Target of violence", "Voices quoted",
                    "Figures attributed", "Loaded language"):
        assert measure in html
    assert re.search(r"<th scope=\"col\"><a href=\"/sources/Gazette\">Gazette</a>", html)
    only = client.get("/sources?compare=Gazette").text
    assert only.split('id="compare"')[1].split("</thead>")[0].count('scope="col"') == 2


def test_workbench_map_is_offline_with_a_basemap_and_legend(client):
    html = client.get("/map").text
    assert 'data-tiles=""' in html and 'id="basemap-data"' in html and "/static/basemap.js" in html
    assert '"kind": "land"' in html and '"kind": "town"' in html
    assert "Police evict" in html  # headlines in the list beside the map


def test_workbench_tile_server_only_when_configured(db_path):
    c = make_client(create_app(db_path, Settings.load(db=db_path, tile_url="https://tiles.example.org/{z}/{x}/{y}.png")))
    r = c.get("/map")
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in r.text
    assert "tiles.example.org" in r.headers["Content-Security-Policy"]


def test_workbench_default_settings_name_no_tile_server(monkeypatch):
    monkeypatch.delenv("COUNTERPOINT_TILE_URL", raising=False)
    assert Settings.load().tile_url == ""


@pytest.mark.parametrize("url", PAGES + ["/static/app.css", "/static/app.js", "/static/map.js", "/static/basemap.js",
                                         "/static/charts.js", "/assets/leaflet/leaflet.css"])
def test_workbench_no_served_page_references_an_outside_host(client, url):
    r = client.get(url)
    assert r.status_code == 200
    assert not OUTSIDE.search(r.text), OUTSIDE.search(r.text)
    csp = r.headers.get("Content-Security-Policy", "")
    assert "http" not in csp  # nothing but 'self' (and data: images)


def test_workbench_html_report_references_no_outside_host(app):
    import io

    from counterpoint.export import html

    out = io.StringIO()
    html.write(IncidentStore(app.state.store).incidents(), out)
    page = out.getvalue()
    # the inlined libraries hold URLs in strings and comments; what the page itself loads holds none
    markup = re.sub(r"<script\b[^>]*>.*?</script>|<style>.*?</style>", "", page, flags=re.S)
    assert not OUTSIDE.search(markup)
    assert '"tiles": null' in page and '"kind": "land"' in page
