"""The HTML report in a real browser: no script errors, no network request, charts and map."""
import io
import shutil

import pytest

from counterpoint import export
from counterpoint.link import link_mentions

CHROMIUM = shutil.which("chromium")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM, reason="needs Debian chromium")]


def test_html_renders_offline_in_browser(tmp_path):
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    mentions = [{"key": "a#0", "document": "a", "source": "Wire", "type": "eviction",
                 "sentence": "Police cleared the camp in Calais. <script>window.bad=1</script>",
                 "date": "2023-05-02", "place": "Calais", "lat": 50.95, "lon": 1.86},
                {"key": "b#0", "document": "b", "source": "Blog", "type": "protest",
                 "sentence": "A march crossed Lille.", "date": "2023-06-01"}]
    out = io.StringIO()
    export.write("html", link_mentions(mentions).incidents, out)
    page_file = tmp_path / "report.html"
    page_file.write_text(out.getvalue(), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        errors, requests = [], []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        page.wait_for_selector(".main-svg")
        assert page.locator("path.leaflet-interactive").count() == 1
        assert page.evaluate("window.bad") is None  # the sentence's script never ran
        assert "Incidents by type" in page.content()
        browser.close()
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
