"""End to end in headless Chromium: log in, filter, open, merge, undo; hostile text never runs; map and charts.

Screenshots go to artifacts/screenshots/ (or $COUNTERPOINT_ARTIFACTS) as test artefacts.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from counterpoint.settings import Settings
from counterpoint.web import create_app
from tests.review_data import HOSTILE_ID
from tests.web.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("COUNTERPOINT_ARTIFACTS", Path(__file__).resolve().parents[2] / "artifacts")) / "screenshots"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")]


def fake_ingest(args, store, settings, on_progress=None, on_reject=None):
    """Stands in for the pipeline: slow enough for the page to show progress."""
    from types import SimpleNamespace

    time.sleep(1.0)
    on_progress(1)
    return SimpleNamespace(stored=1, unchanged=0, duplicates=0, documents=1)


@pytest.fixture
def server(db_path, accounts):
    import uvicorn
    from types import SimpleNamespace

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    app = create_app(db_path, Settings.load(db=db_path, tile_url=""), ingest=fake_ingest,
                     link=lambda store: SimpleNamespace(incidents=[1, 2, 3]))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.dialogs = []
    pg.errors = []
    pg.accept_dialogs = False  # a test that expects a confirmation says so; any other dialog is dismissed
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.accept() if pg.accept_dialogs else d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    ctx.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page, name="ana"):
    page.goto("/incidents")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/incidents")


def test_browser_login_filter_open_merge_undo(page):
    log_in(page)
    shot(page, "01-incidents")
    assert page.locator("#incident-list tbody tr").count() == 3
    page.select_option("select[name=type]", "clash")  # the filter form submits on change
    page.wait_for_url("**type=clash**")
    assert page.locator("#incident-list tbody tr").count() == 1
    assert page.locator(".tl-chart circle").count() == 1
    shot(page, "02-filtered")
    page.goto("/incidents")
    page.click("#incident-list tr:has-text('inc-evict') td:first-child a")
    page.wait_for_url("**/incidents/inc-evict")
    assert page.locator(".side-col").count() == 2
    assert page.locator("mark.evidence").count() >= 2
    assert page.locator(".conflicts").is_visible()
    shot(page, "03-incident")
    page.click("summary:has-text('Merge with another incident')")
    merge_input = page.locator("#merge-form input[name=ids][list]")
    assert merge_input.input_value() == ""  # starts empty: nothing is merged by accident
    merge_input.fill("inc-hostile")
    page.accept_dialogs = True  # the confirmation says which incident survives
    page.click("#merge-form button[type=submit]")
    page.wait_for_selector("text=merged 2 incidents into inc-evict")
    assert any("inc-evict" in m and "survives" in m and "inc-hostile" in m for m in page.dialogs)
    assert page.locator(".side-col").count() == 3
    shot(page, "04-merged")
    page.click(".history button.undo")
    page.wait_for_selector("text=undid merge")
    page.goto("/incidents")
    assert page.locator("#incident-list tbody tr").count() == 3
    shot(page, "05-undone")
    assert page.errors == [] and len(page.dialogs) == 1


def test_browser_hostile_document_runs_nothing(page, db_path):
    from counterpoint.store import Store

    hostile = "<img src=x onerror=alert(1)>"
    Store(db_path).save_profiles([{"source": hostile, "documents": 1, "labels": {"migrants": {"<svg onload=alert(1)>": 1}},
                                   "violence": {"<b onmouseover=alert(1)>x</b>": {"agent": 1, "target": 0}},
                                   "loaded": {"count": 1, "terms": {"<script>window.__pwned=5</script>": 1}}}])
    log_in(page)
    for url in ("/documents/" + quote(HOSTILE_ID, safe=""), "/incidents/inc-hostile", "/sources/"
                + quote("<img src=x onerror=alert(1)>", safe=""), "/search?q=canal", "/map"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") is None, url
        assert page.evaluate("document.querySelectorAll('img[src=x], svg[onload], [onmouseover], "
                             "script:not([src]):not([type])').length") == 0
    page.goto("/documents/" + quote(HOSTILE_ID, safe=""))
    assert "<script>window.__pwned=1</script>" in page.inner_text("#doc-text")  # shown as text
    shot(page, "06-hostile-document")
    assert page.dialogs == []


def test_browser_map_without_tiles_and_charts(page):
    log_in(page)
    page.goto("/map")
    page.wait_for_selector("path.leaflet-interactive")
    assert page.locator("path.leaflet-interactive").count() == 3  # one marker per placed incident, no tiles needed
    assert page.locator(".leaflet-tooltip.town-label", has_text="Calais").is_visible()  # the basemap names towns
    assert page.locator(".map-legend").is_visible()
    shot(page, "07-map")
    page.goto("/sources/Coast%20Courier")
    page.wait_for_selector("#chart-p-violence .main-svg")
    shot(page, "08-source")
    assert page.errors == []


def test_browser_stale_edit_shows_conflict(browser, server, page):
    log_in(page)
    page.goto("/incidents/inc-clash")
    other = browser.new_context(base_url=server).new_page()
    log_in(other, "admin")
    other.goto("/incidents/inc-clash")
    other.fill("#edit-form input[name=place]", "Dunkirk port")
    other.click("#edit-form button[type=submit]")
    other.wait_for_selector("text=changes saved")
    page.fill("#edit-form input[name=place]", "Grande-Synthe")
    page.click("#edit-form button[type=submit]")
    page.wait_for_selector("text=Someone changed this first")
    assert "Grande-Synthe" in page.inner_text("dl.submitted")
    shot(page, "09-conflict")


def test_browser_ingest_upload_shows_progress(page, tmp_path):
    upload = tmp_path / "report.txt"
    upload.write_text("Volunteers handed out food near the port of Calais.")
    log_in(page)
    page.goto("/ingest")
    page.set_input_files("input[name=files]", str(upload))
    page.click("#ingest-form button[type=submit]")
    page.wait_for_selector("text=ingest started (1 inputs)")
    page.wait_for_selector('#jobs td[data-k="state"]:has-text("done")', timeout=10000)
    assert page.inner_text('#jobs td[data-k="stored"]') == "1"
    assert page.inner_text('#jobs td[data-k="incidents"]') == "3"
    shot(page, "10-ingest")
    assert page.errors == []


def test_browser_incident_list_paginates_and_ids_do_not_wrap(page):
    log_in(page)
    page.goto("/incidents?limit=2")
    assert page.locator("#incident-list tbody tr").count() == 2
    assert page.locator("#incident-list tbody tr").first.locator("a").first.inner_text().endswith("source") or \
        "sources" in page.locator("#incident-list tbody tr").first.inner_text()
    cell = page.locator("#incident-list td.inc-id").first
    box = cell.bounding_box()
    line = float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('#incident-list td.inc-id code')).lineHeight) || 20"))
    assert box["height"] < 2.5 * line + 12  # one line of id, however narrow the column
    assert page.locator(".tl-axis").count() >= 1
    shot(page, "11-incidents-page-1")
    page.click("a[rel=next]")
    page.wait_for_url("**offset=2**")
    assert page.locator("#incident-list tbody tr").count() == 1
    shot(page, "12-incidents-page-2")
    assert page.errors == []


def test_browser_incident_page_figures_show_their_sentences(page):
    log_in(page)
    page.goto("/incidents/inc-evict")
    sources = page.locator("blockquote.figure-source")
    assert sources.count() >= 2
    assert "Volunteers counted about 120 exiles" in " ".join(sources.all_inner_texts())
    shot(page, "13-incident-figures")
    assert page.errors == []


def test_browser_review_queue_moves_with_a_search_box(page):
    log_in(page)
    page.goto("/review?limit=2")
    assert page.locator("#queue tbody tr").count() == 2
    first_confidence = float(page.locator("#queue tbody tr td").first.inner_text())
    assert page.locator("#queue ul.reasons li").count() >= 2
    target = page.locator("#queue tbody tr").first.locator("input[name=target][list]")
    assert target.input_value() == ""
    assert page.locator("datalist#incident-options option").count() >= 3
    shot(page, "14-review-queue")
    target.fill("inc-clash")
    page.locator("#queue tbody tr").first.locator(".move-form button").click()
    page.wait_for_selector("text=mention placed in inc-clash")
    assert page.locator("#queue tbody tr").count() == 2
    assert float(page.locator("#queue tbody tr td").first.inner_text()) >= first_confidence
    page.click("a[rel=next]")
    page.wait_for_url("**offset=2**")
    shot(page, "15-review-queue-page-2")
    assert page.errors == []


def test_browser_sources_side_by_side(page):
    log_in(page)
    page.goto("/sources")
    table = page.locator("table#compare")
    assert table.is_visible()
    heads = table.locator("thead th").all_inner_texts()
    assert "Gazette" in heads and "Field Notes" in heads
    assert "not computed" not in page.content()
    shot(page, "16-sources-compared")
    page.uncheck("input[name=compare][value='Field Notes']")
    page.click("#compare-form button[type=submit]")
    page.wait_for_url("**compare=**")
    assert "Field Notes" not in page.locator("table#compare thead").inner_text()
    assert page.errors == []


def test_browser_no_page_asks_an_outside_host(page, server):
    """Every request a page makes, scripts and styles included, goes to the workbench itself."""
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    log_in(page)
    for url in ("/incidents", "/incidents/inc-evict", "/map", "/review", "/sources", "/sources/Gazette",
                "/documents", "/audit", "/search?q=camp", "/ingest"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    outside = [u for u in asked if not u.startswith((server, "data:", "blob:"))]
    assert outside == []
    assert any(u.endswith("/static/basemap.js") for u in asked)


def test_browser_html_report_is_offline(browser, db_path, tmp_path):
    from counterpoint.export import html
    from counterpoint.store import IncidentStore, Store

    report = tmp_path / "report.html"
    with open(report, "w", encoding="utf-8") as fh:
        html.write(IncidentStore(Store(db_path)).incidents(), fh)
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    asked, errors = [], []
    pg.on("request", lambda r: asked.append(r.url))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(report.as_uri())
    pg.wait_for_selector("#map path.leaflet-interactive")
    assert pg.locator(".map-legend").is_visible()
    assert pg.locator(".leaflet-tooltip.town-label", has_text="Calais").is_visible()
    assert "Police evict" in pg.inner_text("body")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "17-html-report.png"), full_page=True)
    assert [u for u in asked if not u.startswith(("file:", "data:", "blob:"))] == []
    assert errors == []
    pg.close()
