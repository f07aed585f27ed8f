"""Readers: each format gives records with the right fields; bad bytes give InputErrors."""
from __future__ import annotations

import json

import pytest

from counterpoint.errors import InputError
from counterpoint.ingest import readers
from counterpoint.ingest.readers import RawRecord

STORY = ("Police cleared a small camp near the ring road on Tuesday morning. "
         "Around forty people were told to leave, and volunteers said tents were taken away.")


def _records(data: bytes, suffix: str, name="input"):
    return list(readers.read_bytes(data, name, suffix, base_id="base"))


def test_readers_text_keeps_text_and_id():
    [rec] = _records(STORY.encode(), ".txt")
    assert isinstance(rec, RawRecord)
    assert rec.text == STORY and rec.id == "base" and rec.raw == STORY.encode()


def test_readers_html_main_text_and_metadata():
    html = f"""<html><head><title>Camp cleared</title>
    <meta property="og:site_name" content="Harbour Gazette">
    <meta property="article:published_time" content="2021-03-02T09:00:00Z"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Camp cleared near ring road</h1>
    <p>{STORY}</p><p>{STORY}</p></article><footer>Copyright</footer></body></html>"""
    [rec] = _records(html.encode(), ".html")
    assert "Police cleared a small camp" in rec.text
    assert "Home | World" not in rec.text
    assert rec.source == "Harbour Gazette"
    assert rec.published and rec.published.startswith("2021-03-02")


def test_readers_jsonl_maps_export_field_names():
    lines = [
        {"id": "a1", "url": "https://example.org/a1", "source": "Gazette", "title": "T", "published": "2020-01-05", "text": STORY},
        {"maintext": STORY, "date_publish": "2020-01-06 10:00:00", "source_domain": "example.net", "url": "https://example.net/x"},
        {"story_text": STORY, "publish_date": "2020-01-07", "media_name": "Media Name", "stories_id": 99},
    ]
    data = "\n".join(json.dumps(x) for x in lines).encode()
    recs = _records(data, ".jsonl")
    assert [r.id for r in recs] == ["a1", None, "99"]
    assert [r.source for r in recs] == ["Gazette", "example.net", "Media Name"]
    assert recs[1].published.startswith("2020-01-06")


def test_readers_jsonl_bad_line_is_rejected_alone():
    data = (json.dumps({"id": "ok", "text": STORY}) + "\n{not json\n" + json.dumps({"id": "x"})).encode()
    out = _records(data, ".jsonl", "feed.jsonl")
    assert isinstance(out[0], RawRecord)
    assert isinstance(out[1], InputError) and "feed.jsonl line 2" in str(out[1])
    assert isinstance(out[2], InputError) and out[2].code == "no_text"


def test_readers_csv_same_columns():
    data = f'id,source,title,published,text\nc1,Gazette,Title,2019-09-17,"{STORY}"\n'.encode()
    [rec] = _records(data, ".csv")
    assert rec.id == "c1" and rec.published == "2019-09-17" and rec.text == STORY


def test_readers_csv_without_text_column_is_rejected():
    [err] = _records(b"a,b\n1,2\n", ".csv", "table.csv")
    assert isinstance(err, InputError) and "no `text` column" in str(err)


@pytest.mark.parametrize("data,code", [
    (b"", "empty"),
    (b"   \n", "empty"),
    (bytes(range(256)) * 20, "binary"),
    ("café".encode("latin-1") + b" and more words", "bad_encoding"),
])
def test_readers_bad_text_gives_named_error(data, code):
    [err] = _records(data, ".txt", "bad.txt")
    assert isinstance(err, InputError) and err.code == code and str(err).startswith("bad.txt:")


def test_readers_corrupt_pdf_is_rejected():
    [err] = _records(b"%PDF-1.4 this is not really a pdf", ".pdf", "report.pdf")
    assert isinstance(err, InputError) and err.code == "bad_pdf" and "report.pdf" in str(err)


def test_readers_pdf_text_layer(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=600, height=800)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 50 700 Td (Forty tents were seized near the port.) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    path = tmp_path / "r.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    [rec] = _records(path.read_bytes(), ".pdf")
    assert "Forty tents were seized" in rec.text


def test_readers_url_list_detected():
    assert readers.url_list("# my list\nhttps://a.example/1\n\nhttp://b.example/2\n") == [
        "https://a.example/1", "http://b.example/2"]
    assert readers.url_list("https://a.example/1 is where it was said") is None


@pytest.mark.parametrize("head,suffix", [(b"%PDF-1.7", ".pdf"), (b"<!DOCTYPE html><html>", ".html"),
                                         (b'{"text": "x"}', ".jsonl"), (b"Plain words", ".txt"),
                                         (b'<?xml version="1.0"?><rss version="2.0">', ".rss")])
def test_readers_sniff_stdin_format(head, suffix):
    assert readers.sniff(head) == suffix
