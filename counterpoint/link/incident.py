"""One incident's record from its member mentions: type, dates, place, sources, figures."""
from __future__ import annotations

import hashlib
from collections import Counter
from statistics import median

from .conflicts import find_conflicts
from .figures import conservative, incident_figures, summarise
from .mention import date_interval, precision_of
from .rules import Rules

MENTION_FIELDS = ("key", "document", "source", "sentence", "type", "date", "place", "lat", "lon",
                  "participants", "casualties", "killed", "injured", "arrested",
                  "background", "confidence")  # confidence: of the mention's placement here


def new_id(keys: list[str]) -> str:
    """Stable: derived from the earliest member key, so reruns don't renumber."""
    return "inc-" + hashlib.sha1(min(keys).encode("utf-8")).hexdigest()[:10]


def main_type(mentions: list[dict], rules: Rules) -> str:
    counts = Counter(m.get("type") for m in mentions)
    return min(counts, key=lambda t: (-counts[t], rules.priority(t), t))


def date_range(mentions: list[dict]) -> dict:
    """The most precise dates the mentions give; else the earliest publication date."""
    dated = [(m["date"], date_interval(m["date"])) for m in mentions if date_interval(m.get("date"))]
    if dated:
        order = {"day": 0, "month": 1, "year": 2}
        best = min(order[iv[2]] for _, iv in dated)
        values = sorted(d for d, iv in dated if order[iv[2]] == best)
        return {"date_start": values[0], "date_end": values[-1],
                "date_precision": precision_of(values[0]), "date_basis": "event"}
    published = sorted(m["published"] for m in mentions if m.get("published"))
    if published:
        return {"date_start": published[0], "date_end": published[0],
                "date_precision": precision_of(published[0]), "date_basis": "published"}
    return {"date_start": None, "date_end": None, "date_precision": None, "date_basis": None}


def place_of(mentions: list[dict]) -> dict:
    names = Counter(m["place"] for m in mentions if m.get("place"))
    place = min(names, key=lambda p: (-names[p], -len(p), p)) if names else None
    located = [m for m in mentions if isinstance(m.get("lat"), (int, float))
               and isinstance(m.get("lon"), (int, float))]
    lat = round(median(m["lat"] for m in located), 5) if located else None
    lon = round(median(m["lon"] for m in located), 5) if located else None
    return {"place": place, "lat": lat, "lon": lon}


def first_report(mentions: list[dict]) -> dict | None:
    dated = sorted((m["published"], str(m.get("document"))) for m in mentions if m.get("published"))
    if not dated:
        return None
    by_doc = {str(m.get("document")): m for m in mentions}
    pub, doc = dated[0]
    return {"document": doc, "source": by_doc[doc].get("source"), "published": pub}


def build(incident_id: str, mentions: list[dict], rules: Rules) -> dict:
    mentions = sorted(mentions, key=lambda m: (str(m.get("published") or "9999"), str(m["key"])))
    documents = sorted({str(m.get("document")) for m in mentions})
    sources = sorted({m.get("source") or str(m.get("document")) for m in mentions})
    # a spun copy speaks for the story it copies: it is not a second, independent source
    origins = {str(m.get("duplicate_of") or m.get("document")) for m in mentions}
    independent = sorted({m.get("source") or str(m.get("document")) for m in mentions
                          if not m.get("duplicate_of")})
    # a passing mention of the occurrence (background) is listed with the others, but its type,
    # date, place and figures count only when no report tells the occurrence itself
    told = [m for m in mentions if not m.get("background")] or mentions
    figures = incident_figures(told)
    summary = summarise(figures)
    return {
        "id": incident_id,
        "type": main_type(told, rules),
        "types": sorted({m.get("type") for m in mentions}),
        **date_range(told),
        **place_of(told),
        "documents": documents,
        "sources": sources,
        "independent_sources": independent,
        "source_count": len(origins),
        "mentions": [{**{k: m.get(k) for k in MENTION_FIELDS}, "background": bool(m.get("background"))}
                     for m in mentions],
        "figures": figures,
        "figure_summary": summary,
        "killed": conservative(summary, "killed"),
        "injured": conservative(summary, "injured"),
        "arrested": conservative(summary, "arrested"),
        "participants": conservative(summary, "participants"),
        "conflicts": find_conflicts(told, figures, rules),
        "first_report": first_report(mentions),
    }
