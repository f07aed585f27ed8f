"""A static HTML report in one self-contained file: charts of incidents over time, by type
and by source (plotly.js), a map (Leaflet, with circle markers so it works without tiles),
and the incident list with each source's sentence. Every library is inlined from its
installed package; every document text is HTML-escaped."""
from __future__ import annotations

import json
from collections import Counter
from html import escape
from pathlib import Path
from typing import TextIO

from ..headline import headline
from .csv import conflict_text
from .redact import redact_incidents

STATIC = Path(__file__).resolve().parents[1] / "web" / "static"


def plotly_js() -> str:
    from plotly.offline import get_plotlyjs
    return get_plotlyjs()


def leaflet_files() -> tuple[str, str]:
    import xstatic.pkg.leaflet as leaflet
    base = Path(leaflet.BASE_DIR)
    return (base / "leaflet.js").read_text(encoding="utf-8"), \
        (base / "leaflet.css").read_text(encoding="utf-8")


def script_safe(text: str) -> str:
    """Inline code or data cannot close its <script> element early."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def chart_data(incidents: list[dict]) -> dict:
    # undated incidents are counted apart: a bar called "unknown" would read as a month
    months = Counter(i["date_start"][:7] for i in incidents if i.get("date_start"))
    types = Counter(i.get("type") or "unknown" for i in incidents)
    sources = Counter(s for i in incidents for s in i.get("sources") or [])
    ordered = sorted(months)
    return {
        "time": {"x": ordered, "y": [months[m] for m in ordered]},
        "types": {"x": [t for t, _ in types.most_common()], "y": [n for _, n in types.most_common()]},
        "sources": {"x": [s for s, _ in sources.most_common(30)],
                    "y": [n for _, n in sources.most_common(30)]},
    }


def map_points(incidents: list[dict]) -> list[dict]:
    return [{"lat": i["lat"], "lon": i["lon"], "id": i["id"], "sources": len(i.get("sources") or []),
             "conflicts": len(i.get("conflicts") or []),
             "weak": isinstance(i.get("confidence"), (int, float)) and i["confidence"] < 0.5,
             "label": f"{i.get('date_start') or 'undated'}: {headline(i)}"}
            for i in incidents if i.get("lat") is not None and i.get("lon") is not None]


def incident_html(inc: dict) -> str:
    rows = "".join(
        f"<li><b>{escape(str(m.get('source') or m.get('document')))}</b> "
        f"<i>({escape(str(m.get('type')))}, {escape(str(m.get('date') or 'no date'))})</i>: "
        f"{escape(m.get('sentence') or '')}</li>" for m in inc.get("mentions") or [])
    conflicts = "".join(f"<li class=conflict>{escape(conflict_text(c))}</li>"
                        for c in inc.get("conflicts") or [])
    figures = "; ".join(f"{escape(f['what'])} ({escape(f['category'])}): {f['conservative']}"
                        f"{'' if not f['spread'] else '–' + str(f['high'])}"
                        for f in inc.get("figure_summary") or [])
    inferred = " (publication date)" if inc.get("date_start") and inc.get("date_basis") == "published" else ""
    return (f"<section class=incident id=\"{escape(inc['id'])}\"><h3>{escape(headline(inc))}</h3>"
            f"<p class=meta>{escape(str(inc.get('date_start') or 'undated'))}{inferred} · {escape(str(inc.get('type')))}"
            f" · {escape(str(inc.get('place') or 'place unknown'))}</p>"
            f"<p>{escape(', '.join(inc.get('sources') or []))}"
            f"{' · figures: ' + figures if figures else ''}</p>"
            f"<ul>{rows}</ul>{'<ul>' + conflicts + '</ul>' if conflicts else ''}</section>")


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>{leaflet_css}
body{{font-family:sans-serif;margin:1em auto;max-width:1100px}} .charts{{display:flex;flex-wrap:wrap}}
.chart{{width:540px;height:320px}} #map{{height:440px;background:#cfe3ef}} .conflict{{color:#a00}}
.meta{{color:#555;margin:0}} .map-legend{{background:#fff;padding:4px 8px;border:1px solid #ccc;font-size:12px}}
.map-legend .swatch{{display:inline-block;width:12px;height:12px;border-radius:50%;border:2px solid}}
.map-legend .swatch.town{{width:6px;height:6px;background:#555;border:0}}
.leaflet-tooltip.town-label{{background:none;border:0;box-shadow:none;font-size:11px;padding:0 2px}}
.leaflet-tooltip.town-label::before{{display:none}}
</style>
<script>{plotly}</script>
<script>{leaflet}</script>
<script>{basemap_js}</script></head>
<body><h1>{title}</h1><p>{summary}</p>
<div class=charts><div id=time class=chart></div><div id=types class=chart></div>
<div id=sources class=chart></div></div>
<p>{undated} incidents have no date and are not in the chart by month.</p>
<h2>Map</h2><div id=map></div><p>{unlocated} incidents have no coordinates and are not on the map.
The basemap (coastlines, borders, towns) is part of this file: the report makes no request.</p>
<h2>Incidents</h2>{incidents}
<script id=data type="application/json">{data}</script>
<script>
const data = JSON.parse(document.getElementById('data').textContent);
for (const [id, title] of [['time', 'Incidents per month'], ['types', 'Incidents by type'],
                           ['sources', 'Incidents by source']]) {{
  Plotly.newPlot(id, [{{type: 'bar', x: data.charts[id].x, y: data.charts[id].y}}],
                 {{title: {{text: title}}, margin: {{b: 120}}}}, {{displaylogo: false}});
}}
const map = L.map('map');
const CM = window.CounterpointMap;
const markers = data.points.map(p => L.circleMarker([p.lat, p.lon], {{radius: 6 + Math.min(p.sources, 6),
  color: CM.colorOf(p), weight: 2, fillOpacity: 0.35}}).bindTooltip(p.label));
const group = L.featureGroup(markers);
if (markers.length) map.fitBounds(group.getBounds().pad(0.3), {{maxZoom: data.tiles ? 11 : 9}});
else map.fitBounds([[data.basemap.bbox[1], data.basemap.bbox[0]], [data.basemap.bbox[3], data.basemap.bbox[2]]]);
if (data.tiles) L.tileLayer(data.tiles, {{maxZoom: 18, attribution: 'Map tiles: configured tile server'}}).addTo(map);
else CM.drawBasemap(map, data.basemap);
group.addTo(map);
CM.legend(map);
</script></body></html>
"""


def write(incidents: list[dict], out: TextIO, *, redact: bool = False,
          title: str = "Counterpoint incident report", tile_url: str | None = None) -> None:
    """`tile_url` (e.g. the tile_url setting) adds a background map that needs the network;
    without it the report makes no request at all."""
    from ..basemap import basemap, box_around

    incidents = redact_incidents(incidents, redact)
    leaflet, leaflet_css = leaflet_files()
    points = map_points(incidents)
    data = {"charts": chart_data(incidents), "points": points, "tiles": tile_url,
            "basemap": None if tile_url else basemap(box_around([(p["lat"], p["lon"]) for p in points]))}
    located = len(data["points"])
    out.write(PAGE.format(
        title=escape(title), leaflet_css=leaflet_css.replace("</", "<\\/"),
        plotly=script_safe(plotly_js()), leaflet=script_safe(leaflet),
        basemap_js=script_safe((STATIC / "basemap.js").read_text(encoding="utf-8")),
        undated=sum(1 for i in incidents if not i.get("date_start")),
        summary=f"{len(incidents)} incidents from "
                f"{len({s for i in incidents for s in i.get('sources') or []})} sources.",
        unlocated=len(incidents) - located,
        incidents="\n".join(incident_html(i) for i in incidents),
        data=script_safe(json.dumps(data, ensure_ascii=False))))
