"""GeoJSON export: one Point feature per located incident. Incidents without coordinates
are not dropped: they are listed under the top-level "unlocated" key (a foreign member,
which GeoJSON readers ignore), with the same properties."""
from __future__ import annotations

import json
from typing import TextIO

from ..headline import headline
from .csv import conflict_text
from .redact import redact_incidents

PROPERTIES = ("id", "type", "types", "date_start", "date_end", "date_precision", "place",
              "sources", "source_count", "killed", "injured", "arrested", "participants",
              "confidence", "weak")


def properties(incident: dict) -> dict:
    props = {"headline": headline(incident), **{k: incident.get(k) for k in PROPERTIES}}
    props["conflicts"] = [conflict_text(c) for c in incident.get("conflicts") or []]
    props["evidence"] = [m.get("sentence") for m in incident.get("mentions") or []]
    return props


def collection(incidents: list[dict]) -> dict:
    features, unlocated = [], []
    for inc in incidents:
        if inc.get("lat") is None or inc.get("lon") is None:
            unlocated.append(properties(inc))
            continue
        features.append({"type": "Feature", "id": inc["id"], "properties": properties(inc),
                         "geometry": {"type": "Point", "coordinates": [inc["lon"], inc["lat"]]}})
    return {"type": "FeatureCollection", "features": features, "unlocated": unlocated}


def write(incidents: list[dict], out: TextIO, *, redact: bool = False) -> None:
    json.dump(collection(redact_incidents(incidents, redact)), out, ensure_ascii=False)
    out.write("\n")
