"""No silent coercions: a field of the wrong type or an impossible value gets a warning or a
rejection that names the input and the field, and text in UTF-16 is read, not refused."""
from __future__ import annotations

import json

import httpx

TEXT = "Police removed tents near the canal on Tuesday, volunteers said; forty people slept there."


def _analyze(cli, path, *args):
    res = cli("analyze", path, "--json", *args)
    docs = {d["id"]: d for d in map(json.loads, res.stdout.splitlines())}
    return res, docs


def _jsonl(tmp_path, *records) -> str:
    p = tmp_path / "r.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return str(p)


def test_wrongly_typed_fields_are_named_in_warnings(cli, tmp_path):
    path = _jsonl(tmp_path,
                  {"id": "lang", "text": TEXT, "language": 42},
                  {"id": "title", "text": TEXT + " Again.", "title": ["Tents", "taken"]},
                  {"id": "source", "text": TEXT + " Third.", "source": {"nothing": "useful"}, "url": 7},
                  {"id": "fine", "text": TEXT + " Fourth.", "language": "en", "title": "Tents"})
    res, docs = _analyze(cli, path)
    assert res.exit_code == 0, res.stderr
    assert docs["lang"]["language"] == "en"
    assert "bad_field: language 42 is not a language code (detected from the text instead)" in docs["lang"]["warnings"]
    assert docs["title"]["title"] is None
    assert "bad_field: title is a list, not text (ignored)" in docs["title"]["warnings"]
    assert docs["source"]["source"] is None and docs["source"]["url"] is None
    assert "bad_field: source is an object, not text (ignored)" in docs["source"]["warnings"]
    assert "bad_field: url is a number, not text (ignored)" in docs["source"]["warnings"]
    assert docs["fine"]["warnings"] == []


def test_text_of_the_wrong_type_is_not_called_missing(cli, tmp_path):
    path = _jsonl(tmp_path, {"id": "n", "text": 123}, {"id": "l", "text": ["a", "b"]}, {"id": "none"},
                  {"id": "ok", "text": TEXT})
    res, docs = _analyze(cli, path)
    assert res.exit_code == 1 and set(docs) == {"ok"}
    assert f"{path} record 1: `text` is a number, not text" in res.stderr
    assert f"{path} record 2: `text` is a list, not text" in res.stderr
    assert f"{path} record 3: no `text` field (or `maintext`/`content`)" in res.stderr


def test_impossible_publication_dates_are_named_and_not_used(cli, tmp_path):
    path = _jsonl(tmp_path, {"id": "zero", "text": TEXT, "published": "0000-00-00"},
                  {"id": "far", "text": TEXT + " Again.", "published": "9999-12-31"},
                  {"id": "ok", "text": TEXT + " Third.", "published": "2021-03-02"})
    res, docs = _analyze(cli, path)
    assert docs["zero"]["published"] is None and docs["far"]["published"] is None
    assert "bad_field: published '0000-00-00' is not a possible publication date (ignored)" in docs["zero"]["warnings"]
    assert any(w.startswith("bad_field: published '9999-12-31' is in the future") for w in docs["far"]["warnings"])
    assert docs["ok"]["published"] == "2021-03-02" and docs["ok"]["warnings"] == []


def test_utf16_text_with_a_bom_is_read(cli, tmp_path):
    for name, data in (("le.txt", "\ufeff" + TEXT), ("be.md", "\ufeff" + TEXT)):
        (tmp_path / name).write_bytes(data.encode("utf-16-le" if name == "le.txt" else "utf-16-be"))
    (tmp_path / "page.html").write_bytes(("\ufeff<html><body><article><p>" + TEXT + "</p><p>" + TEXT +
                                          "</p></article></body></html>").encode("utf-16-le"))
    (tmp_path / "r.json").write_bytes(("\ufeff" + json.dumps({"id": "j", "text": TEXT})).encode("utf-16-le"))
    res, docs = _analyze(cli, tmp_path)
    assert res.exit_code == 0, res.stderr
    assert docs["le.txt"]["text"] == TEXT and docs["be.md"]["text"] == TEXT and docs["j"]["text"] == TEXT
    assert TEXT in docs["page.html"]["text"]


def test_feed_item_whose_page_is_gone_keeps_its_summary_with_a_warning(monkeypatch):
    from counterpoint.ingest import Rejected, walk
    from counterpoint.ingest.fetch import Fetcher
    from counterpoint.settings import Settings

    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>Gone</title><link>https://news.example/gone</link><description>""" + TEXT.encode() + \
        b"""</description></item>
    <item><title>Inside</title><link>http://10.0.0.7/admin</link><description>Summary.</description></item>
    <item><title>No link</title><description>Only a summary.</description></item>
    </channel></rss>"""

    def handler(request):
        if request.url.path == "/feed.xml":
            return httpx.Response(200, content=feed, headers={"content-type": "application/rss+xml"})
        return httpx.Response(404)

    import socket

    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7" if host.startswith("10.") else "93.184.216.34", port))])
    fetcher = Fetcher(transport=httpx.MockTransport(handler))
    items = list(walk(["https://news.example/feed.xml"], Settings.load(), fetcher=fetcher))
    records = [i for i in items if not isinstance(i, Rejected)]
    rejected = {r.name: r for r in items if isinstance(r, Rejected)}
    [summary] = records
    assert summary.text == TEXT and summary.url == "https://news.example/gone"
    assert summary.warnings == ["page_unavailable: https://news.example/gone: HTTP 404; the feed's summary "
                                "is stored instead"]
    assert rejected["http://10.0.0.7/admin"].code == "private_target"  # refused, not replaced
    assert rejected["https://news.example/feed.xml item 3"].code == "no_link"
