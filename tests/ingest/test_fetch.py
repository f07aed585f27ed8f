"""Fetching: private targets refused, redirects checked, feeds and URL lists from a local server."""
from __future__ import annotations

import http.server
import socket
import threading

import httpx
import pytest

from counterpoint.errors import FetchError
from counterpoint.ingest.fetch import Fetcher, check_target, parse_feed

ARTICLE = """<html><head><title>{title}</title><meta property="og:site_name" content="Local Test Site"></head>
<body><article><h1>{title}</h1><p>Volunteers reported that police removed tents from a site by the canal on
Thursday. About thirty people had been sleeping there, according to the group, and several bags were taken.</p>
<p>The group said it would keep handing out blankets and food at the same place every evening this week.</p>
</article></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>
<item><title>First story</title><link>{base}/one.html</link><pubDate>Tue, 02 Mar 2021 09:00:00 GMT</pubDate></item>
<item><title>Second story</title><link>{base}/two.html</link><description>Summary of the second</description></item>
</channel></rss>"""


@pytest.fixture
def server():
    pages = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "/one.html")
                self.end_headers()
                return
            body = pages.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            ctype = "application/rss+xml" if self.path.endswith(".xml") else "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_port}"
    pages["/one.html"] = ARTICLE.format(title="Tents removed by the canal")
    pages["/two.html"] = ARTICLE.format(title="Blankets handed out")
    pages["/feed.xml"] = FEED.format(base=base)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()


def test_fetch_refuses_loopback_without_allow_private():
    with pytest.raises(FetchError) as exc:
        check_target("http://127.0.0.1:8000/x", allow_private=False)
    assert exc.value.code == "private_target" and "--allow-private" in exc.value.hint


def test_fetch_refuses_redirect_into_private_network(monkeypatch):
    def handler(request):
        return httpx.Response(302, headers={"Location": "http://10.0.0.5/secret"})
    fetcher = Fetcher(transport=httpx.MockTransport(handler))
    real = socket.getaddrinfo

    def resolve(host, port, *args):
        if host == "public.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
        return real(host, port, *args)
    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchError) as exc:
        fetcher.get("http://public.example/page")
    assert exc.value.code == "private_target" and "10.0.0.5" in str(exc.value)


def test_fetch_rejects_non_http_scheme():
    with pytest.raises(FetchError):
        check_target("file:///etc/passwd", allow_private=True)


def test_fetch_follows_redirect_and_keeps_final_url(server):
    got = Fetcher(allow_private=True).get(f"{server}/moved")
    assert got.final_url.endswith("/one.html") and b"Tents removed" in got.content


def test_fetch_parse_feed_rss_items(server):
    items = parse_feed(FEED.format(base="https://x.example").encode(), "feed")
    assert [i.title for i in items] == ["First story", "Second story"]
    assert items[0].link == "https://x.example/one.html" and items[1].summary == "Summary of the second"


def test_fetch_parse_feed_atom():
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>Entry</title><link href="https://x.example/e1"/><updated>2022-05-01T00:00:00Z</updated></entry></feed>"""
    [item] = parse_feed(atom, "atom")
    assert item.link == "https://x.example/e1" and item.published.startswith("2022-05-01")


def test_fetch_ingest_feed_from_local_server(server, cli, db):
    res = cli("ingest", f"{server}/feed.xml", "--db", db, "--allow-private")
    assert res.exit_code == 0, res.output
    res = cli("status", "--db", db, "--json")
    import json
    counts = json.loads(res.stdout)
    assert counts["documents"] == 2


def test_fetch_ingest_refuses_local_server_without_flag(server, cli, db):
    res = cli("ingest", f"{server}/one.html", "--db", db)
    assert res.exit_code == 1
    assert "private or loopback" in res.stderr


def test_fetch_ingest_url_list_file(server, cli, db, tmp_path):
    lst = tmp_path / "urls.txt"
    lst.write_text(f"# reading list\n{server}/one.html\n{server}/two.html\n")
    res = cli("analyze", str(lst), "--json", "--allow-private")
    assert res.exit_code == 0, res.stderr
    import json
    docs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [d["id"] for d in docs] == [f"{server}/one.html", f"{server}/two.html"]
    assert docs[0]["source"] == "Local Test Site" and docs[0]["title"] == "Tents removed by the canal"
