"""CSV export with ACLED-like columns, one row per incident; lists joined with "; "."""
from __future__ import annotations

import csv
from typing import TextIO

from ..headline import headline
from ..link.figures import count_text
from .redact import redact_incidents, redact_value

# New columns go at the end: spreadsheets and scripts downstream read these by position.
COLUMNS = ["event_id", "event_date", "date_precision", "event_type", "actor1", "actor2",
           "location", "latitude", "longitude", "geo_precision", "participants", "killed",
           "injured", "arrested", "sources", "source_count", "conflicts", "evidence", "headline",
           "confidence", "weak"]  # how sure the linker is that the reports belong together
SEP = "; "


def actors(incident: dict, role: str) -> str:
    found = []
    for m in incident.get("mentions") or []:
        for p in m.get("participants") or []:
            if p.get("role") == role and p.get("category") not in found:
                found.append(p.get("category"))
    return SEP.join(filter(None, found))


def geo_precision(incident: dict) -> str:
    """ACLED codes 1 (the place itself) to 3 (a wider region); here: named point or none."""
    if incident.get("lat") is None:
        return ""
    return "1" if incident.get("place") else "3"


def conflict_text(c: dict) -> str:
    sides = " vs ".join(f"{s['value']} ({', '.join(s['sources'])})" for s in c.get("sides") or [])
    return f"{c['kind']} {c.get('what', '')}: {sides}"


def figure(incident: dict, what: str) -> str:
    value = incident.get(what)
    return "" if value is None else str(value)


def row(incident: dict) -> dict:
    date = incident.get("date_start") or ""
    if incident.get("date_end") and incident["date_end"] != date:
        date = f"{date}/{incident['date_end']}"
    return {
        "event_id": incident["id"], "headline": headline(incident), "event_date": date,
        "date_precision": incident.get("date_precision") or "",
        "event_type": incident.get("type") or "",
        "actor1": actors(incident, "agent"), "actor2": actors(incident, "target"),
        "location": incident.get("place") or "",
        "latitude": "" if incident.get("lat") is None else incident["lat"],
        "longitude": "" if incident.get("lon") is None else incident["lon"],
        "geo_precision": geo_precision(incident),
        "participants": figure(incident, "participants"), "killed": figure(incident, "killed"),
        "injured": figure(incident, "injured"), "arrested": figure(incident, "arrested"),
        "sources": SEP.join(incident.get("sources") or []),
        "source_count": incident.get("source_count", len(incident.get("sources") or [])),
        "conflicts": SEP.join(conflict_text(c) for c in incident.get("conflicts") or []),
        "evidence": SEP.join(dict.fromkeys(m.get("sentence") or "" for m in incident.get("mentions") or [])),
        "confidence": "" if incident.get("confidence") is None else incident["confidence"],
        "weak": "" if incident.get("weak") is None else str(bool(incident["weak"])).lower(),
    }


def write(incidents: list[dict], out: TextIO, *, redact: bool = False) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for incident in redact_incidents(incidents, redact):
        writer.writerow(row(incident))


def write_rows(rows: list[dict], out: TextIO, *, redact: bool = False) -> None:
    """Flat rows (events, quotes or claims) with their own columns."""
    rows = redact_value(rows) if redact else rows
    columns = list(dict.fromkeys(k for r in rows for k in r)) or ["document"]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


__all__ = ["COLUMNS", "write", "write_rows", "count_text"]
