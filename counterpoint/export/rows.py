"""Flat rows of the contract documents for `--what events|quotes|claims`."""
from __future__ import annotations

from ..link.figures import count_text


def _doc(d: dict) -> dict:
    return {"document": d.get("id"), "source": d.get("source"), "published": d.get("published"),
            "language": d.get("language")}


def event_rows(documents: list[dict]) -> list[dict]:
    rows = []
    for d in documents:
        for e in d.get("events") or []:
            rows.append({**_doc(d), "type": e.get("type"), "date": e.get("date"),
                         "place": e.get("place"), "lat": e.get("lat"), "lon": e.get("lon"),
                         "agents": "; ".join(sorted({p.get("category") for p in e.get("participants") or []
                                                     if p.get("role") == "agent"})),
                         "targets": "; ".join(sorted({p.get("category") for p in e.get("participants") or []
                                                      if p.get("role") == "target"})),
                         "killed": _n(e.get("killed")), "injured": _n(e.get("injured")),
                         "arrested": _n(e.get("arrested")), "sentence": e.get("sentence")})
    return rows


def quote_rows(documents: list[dict]) -> list[dict]:
    return [{**_doc(d), "speaker": q.get("speaker"), "speaker_category": q.get("speaker_category"),
             "direct": q.get("direct"), "text": q.get("text")}
            for d in documents for q in d.get("quotes") or []]


def claim_rows(documents: list[dict]) -> list[dict]:
    return [{**_doc(d), "value": count_text(c.get("value")), "subject": c.get("subject"),
             "attributed_to": c.get("attributed_to"), "sentence": c.get("sentence")}
            for d in documents for c in d.get("claims") or []]


ROWS = {"events": event_rows, "quotes": quote_rows, "claims": claim_rows}


def rows_of(what: str, documents: list[dict]) -> list[dict]:
    """`what` is events, quotes or claims."""
    return ROWS[what](documents)


def _n(count: dict | None) -> str:
    return count_text(count) if count else ""
