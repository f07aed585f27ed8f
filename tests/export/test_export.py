"""Exporters: CSV columns, GeoJSON with unlocated incidents, self-contained HTML, redaction."""
import csv
import io
import json

from counterpoint import export
from counterpoint.export.csv import COLUMNS
from counterpoint.export.redact import WITHHELD, redact_text
from counterpoint.link import link_mentions

CALAIS = {"place": "Calais", "lat": 50.95, "lon": 1.86}


def mention(key, document, source, type_, sentence, *, date=None, participants=(), **where):
    return {"key": key, "document": document, "source": source, "duplicate_of": None,
            "published": None, "language": "en", "type": type_, "sentence": sentence,
            "evidence": [], "date": date, "place": where.get("place"), "lat": where.get("lat"),
            "lon": where.get("lon"), "participants": list(participants), "casualties": [],
            "killed": None, "injured": None, "arrested": None}


def evicted(n):
    return {"role": "target", "category": "migrants", "label": "migrants",
            "count": {"min": n, "max": n, "approximate": False}}


def incidents():
    ms = [mention("a#0", "a", "Wire", "eviction",
                  "Police cleared the camp in Calais, evicting 400 migrants.",
                  date="2023-05-02", participants=[evicted(400)], **CALAIS),
          mention("b#0", "b", "Blog", "eviction",
                  "The police cleared the Calais camp, evicting 650 migrants. <script>alert(1)</script>",
                  date="2023-05-02", participants=[evicted(650)], **CALAIS),
          mention("c#0", "c", "Blog", "protest",
                  "Jane Placeholder, a volunteer, joined the march in Lille; the prefect watched.",
                  date="2023-07-01")]
    return link_mentions(ms).incidents


def render(fmt, **kw):
    out = io.StringIO()
    export.write(fmt, incidents(), out, **kw)
    return out.getvalue()


def test_csv_parses_and_has_the_columns():
    rows = list(csv.DictReader(io.StringIO(render("csv"))))
    assert list(rows[0]) == COLUMNS and len(rows) == 2
    evict = next(r for r in rows if r["event_type"] == "eviction")
    assert evict["sources"] == "Blog; Wire" and evict["source_count"] == "2"
    assert "400" in evict["conflicts"] and evict["participants"] == "400"


def test_geojson_parses_and_lists_unlocated():
    data = json.loads(render("geojson"))
    assert data["type"] == "FeatureCollection"
    assert [f["geometry"]["coordinates"] for f in data["features"]] == [[1.86, 50.95]]
    assert [u["type"] for u in data["unlocated"]] == ["protest"]


def test_json_round_trips():
    data = json.loads(render("json"))
    assert {i["type"] for i in data["incidents"]} == {"eviction", "protest"}


def test_html_is_self_contained_and_escapes_text():
    page = render("html")
    assert '<script src="http' not in page and "<link rel" not in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Plotly.newPlot" in page and "L.map(" in page


def test_redact_removes_private_name_keeps_the_prefect():
    for fmt in ("csv", "json", "geojson", "html"):
        page = render(fmt, redact=True)
        assert "Jane Placeholder" not in page, fmt
        assert "the prefect" in page and WITHHELD in page, fmt


def test_redact_keeps_officials_and_organisations():
    text = "Prefect Anne Example met Utopia 56 in Calais; Samir Invented, 16, was hurt."
    got = redact_text(text)
    assert "Prefect Anne Example" in got and "Calais" in got and "Samir Invented" not in got


def test_rows_export_events_quotes_claims():
    docs = [{"id": "d1", "source": "Wire", "published": "2023-05-02", "language": "en",
             "events": [{"type": "arrest", "sentence": "Police arrested 12 people.",
                         "participants": [], "arrested": {"min": 12, "max": 12, "approximate": False}}],
             "quotes": [{"speaker": "a spokesman", "speaker_category": "officials", "text": "Calm.",
                         "direct": True}],
             "claims": [{"value": {"min": 12, "max": 12, "approximate": False}, "subject": "arrests",
                         "attributed_to": "the police", "sentence": "12, said the police."}]}]
    for what in ("events", "quotes", "claims"):
        out = io.StringIO()
        export.write_rows(what, docs, out, "csv")
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert len(rows) == 1 and rows[0]["document"] == "d1"
