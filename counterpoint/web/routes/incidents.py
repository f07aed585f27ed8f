"""Incidents: the filterable list with its timeline, the incident page, the map, and their JSON API."""
from __future__ import annotations

import re
from collections import OrderedDict
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse

from ...store.review import EVENT_TYPES, STATUSES
from ..bodies import MAX_ID
from ...headline import headline, source_count, with_headlines
from ..render import context, count_text, figure_sentence, is_weak, nearby_sentences
from ..security import need
from . import cached_json, page, store

router = APIRouter()
MAX_LIMIT = 10000
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
API_LIMIT = 1000  # the API's default page: whole databases of a few hundred incidents in one call


class Filters:
    """The list filters, shared by the page and /api/incidents."""

    def __init__(self, type: Optional[str] = Query(None, description="event type (main or any)"),
                 place: Optional[str] = Query(None, description="part of the place name"),
                 source: Optional[str] = Query(None), date_from: Optional[str] = Query(None, description="YYYY-MM-DD"),
                 date_to: Optional[str] = Query(None, description="YYYY-MM-DD"),
                 has_conflict: Optional[str] = Query(None, description="true or false"),
                 status: Optional[str] = Query(None, description="auto, confirmed or rejected")):
        self.values = {"type": type or None, "place": place or None, "source": source or None,
                       "date_from": date_from or None, "date_to": date_to or None, "status": status or None,
                       "has_conflict": {"true": True, "1": True, "on": True, "yes": True, "false": False, "0": False,
                                        "no": False}.get((has_conflict or "").lower())}
        if has_conflict and self.values["has_conflict"] is None:
            raise HTTPException(422, f"has_conflict={has_conflict!r} must be true or false")
        if status and status not in STATUSES:
            raise HTTPException(422, f"status={status[:40]!r} must be one of {', '.join(STATUSES)}")
        for key in ("date_from", "date_to"):
            if self.values[key] and not DATE.fullmatch(self.values[key]):
                raise HTTPException(422, f"{key}={self.values[key][:40]!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
        for key, most in (("type", 40), ("place", 500), ("source", 500)):
            if self.values[key] and len(self.values[key]) > most:
                raise HTTPException(422, f"{key} must have at most {most} characters")


@router.get("/", include_in_schema=False)
def home():
    return RedirectResponse("/incidents", status_code=303)


@router.get("/api/incidents", tags=["incidents"])
def incidents_api(request: Request, filters: Filters = Depends(), limit: int = Query(API_LIMIT, ge=1, le=MAX_LIMIT),
                  offset: int = Query(0, ge=0, le=MAX_ID), user=Depends(need("viewer"))):
    """Incidents in the shape of `counterpoint incidents --json`, filtered and paginated."""
    def build() -> bytes:
        items, total = store(request, "review").incidents(**filters.values, limit=limit, offset=offset)
        # plain JSON already (it comes from JSON columns): encoded as FastAPI would, without its
        # walk over every value (jsonable_encoder), which cost 5 times the rest of the request
        return JSONResponse({"incidents": with_headlines(items), "total": total, "limit": limit,
                             "offset": offset}).body

    return cached_json(request, ("incidents", tuple(sorted(filters.values.items())), limit, offset), build)


@router.get("/api/incidents/{incident_id}", tags=["incidents"])
def incident_api(incident_id: str, request: Request, user=Depends(need("viewer"))):
    inc = store(request, "review").incident(incident_id)
    if inc is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return {**inc, "headline": headline(inc)}


def _day(value: str | None):
    from datetime import date

    if not value:
        return None
    parts = (value.split("-") + ["01", "01"])[:3]
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _ticks(lo, hi, left: float, right: float) -> list[dict]:
    """Axis ticks at month starts (every month, or every 2, 3, 6, 12 months for long spans), with labels."""
    from datetime import date

    span = max((hi - lo).days, 1)
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= 12), 120)
    ticks, y, m = [], lo.year, lo.month
    while True:
        d = date(y, m, 1)
        if d > hi:
            break
        on_step = (m - 1) % step == 0 if step < 12 else (m == 1 and y % (step // 12) == 0)
        if d >= lo and on_step:
            x = left + (d - lo).days / span * (right - left)
            ticks.append({"x": x, "label": d.strftime("%Y") if step >= 12 else d.strftime("%b %Y")})
        m += 1
        if m == 13:
            y, m = y + 1, 1
    if not ticks:  # a span inside one month: its two ends
        ticks = [{"x": left, "label": lo.isoformat()}, {"x": right, "label": hi.isoformat()}]
    return ticks


def _chart(items: list[dict], width: int = 1000, row: int = 26) -> dict:
    """An SVG timeline: one row per type, one dot per incident at its first date, month ticks on the
    axis; undated incidents are counted apart (they have no place on a time axis)."""
    dated = [(i, _day(i.get("date_start"))) for i in items]
    undated = sum(1 for _, d in dated if d is None)
    dated = [(i, d) for i, d in dated if d]
    if not dated:
        return {"dots": [], "undated": undated}
    lo, hi = min(d for _, d in dated), max(d for _, d in dated)
    span = max((hi - lo).days, 1)
    types = sorted({i.get("type") or "?" for i, _ in dated})
    left, right = 110, width - 20
    dots = [{"id": i["id"], "x": left + (d - lo).days / span * (right - left),
             "y": 20 + types.index(i.get("type") or "?") * row, "r": 4 + min(len(i.get("sources") or []), 5),
             "conflict": bool(i.get("conflicts")), "inferred": i.get("date_basis") == "published",
             "label": f"{i.get('date_start')}: {i.get('headline') or headline(i)}"}
            for i, d in dated]
    height = 30 + len(types) * row
    return {"width": width, "height": height, "rows": [(t, 20 + k * row) for k, t in enumerate(types)],
            "dots": dots, "lo": lo.isoformat(), "hi": hi.isoformat(), "left": left, "right": right,
            "ticks": _ticks(lo, hi, left, right), "undated": undated, "dated": len(dated)}


PAGE = 50  # incidents per page of the list


@router.get("/incidents", include_in_schema=False)
def incidents_page(request: Request, filters: Filters = Depends(), limit: int = Query(PAGE, ge=1, le=MAX_LIMIT),
                   offset: int = Query(0, ge=0, le=MAX_ID), user=Depends(need("viewer"))):
    review = store(request, "review")
    everything, total = review.incidents(**filters.values)
    items = everything[offset:offset + limit]
    for inc in items:
        inc["headline"] = headline(inc)
    query = {k: ("true" if v is True else "false" if v is False else v) for k, v in filters.values.items() if v is not None}
    # the timeline shows every match (it is the overview); the list below is one page of them
    return page(request, "incidents.html", incidents=items, total=total, limit=limit, offset=offset,
                chart=_chart(everything), facets=review.facets(), f=filters.values, query=query,
                pages=_pages(total, limit, offset))


def _pages(total: int, limit: int, offset: int) -> list[dict]:
    """Page links: the first, the last, and two either side of the current one."""
    count = max(1, -(-total // limit))
    current = offset // limit
    shown = sorted({0, count - 1, *range(max(0, current - 2), min(count, current + 3))})
    out, last = [], None
    for n in shown:
        if last is not None and n > last + 1:
            out.append({"gap": True})
        out.append({"number": n + 1, "offset": n * limit, "current": n == current})
        last = n
    return out


def _sides(inc: dict, texts: dict[str, str], events: dict[str, dict] | None = None) -> list[dict]:
    """One column per source: its mentions with figures, labels, who did what, and evidence in context."""
    sides: OrderedDict[str, dict] = OrderedDict()
    events = events or {}
    for m in inc.get("mentions") or []:
        m = {**events.get(m.get("key"), {}), **m}  # the stored event fills in trigger, offsets, evidence
        name = m.get("source") or m.get("document") or "?"
        side = sides.setdefault(name, {"source": m.get("source"), "name": name, "documents": [], "mentions": []})
        if m.get("document") not in side["documents"]:
            side["documents"].append(m.get("document"))
        parts = m.get("participants") or []
        agents = [p for p in parts if p.get("role") == "agent"]
        targets = [p for p in parts if p.get("role") == "target"]
        sentences = [m.get("sentence") or ""] + list(m.get("evidence") or [])
        # then the document's other sentences, nearest the event's first: a number is often given
        # in the sentence after the one that tells the event
        sentences += nearby_sentences(texts.get(m.get("document"), ""), m.get("sentence") or "", m.get("start"))
        figures = [_figure(f"{count_text(p['count'])} {p.get('label')}", p, sentences) for p in parts if p.get("count")]
        casualties = [c for c in m.get("casualties") or [] if c.get("count")]
        figures += [_figure(f"{c.get('what')}: {count_text(c['count'])} {c.get('label') or ''}".strip(), c, sentences)
                    for c in casualties]
        figures += [_figure(f"{w}: {count_text(m[w])}", {"count": m[w]}, sentences)
                    for w in ("killed", "injured", "arrested") if m.get(w) and w not in {c.get("what") for c in casualties}]
        labels = sorted({p.get("label") for p in parts if p.get("label")})
        marks = [m.get("trigger")] + [p.get("label") for p in parts]
        evidence = [context(texts.get(m.get("document"), ""), m.get("sentence") or "", m.get("start"), m.get("end"), marks)]
        for extra in m.get("evidence") or []:
            evidence.append(context(texts.get(m.get("document"), ""), extra, None, None, marks))
        side["mentions"].append({**m, "agents": agents, "targets": targets, "figure_texts": figures,
                                 "inferred_date": not m.get("date"),
                                 "labels": labels, "evidence_segments": evidence})
    return list(sides.values())


def _figure(text: str, item: dict, sentences: list[str]) -> dict:
    """A figure with the sentence its number came from (the item's own, when the analysis kept one)."""
    found = item.get("sentence") or figure_sentence(item.get("count"), item.get("label"), sentences)
    return {"text": text, "sentence": found, "own": bool(found and found != sentences[0])}


def _closeness(inc: dict, other: dict) -> tuple:
    a, b = _day(inc.get("date_start")), _day(other.get("date_start"))
    days = abs((a - b).days) if a and b else 10 ** 6
    return (other.get("place") != inc.get("place"), days, other.get("type") != inc.get("type"), other["id"])


@router.get("/api/incidents/{incident_id}/notes", tags=["incidents"])
def notes_api(incident_id: str, request: Request, user=Depends(need("viewer"))):
    if store(request, "review").incident(incident_id) is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return {"notes": store(request, "review").notes(incident_id)}


@router.get("/incidents/{incident_id}", include_in_schema=False)
def incident_page(incident_id: str, request: Request, user=Depends(need("viewer"))):
    review = store(request, "review")
    inc = review.incident(incident_id)
    if inc is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    texts = {}
    for doc_id in inc.get("documents") or []:
        doc = store(request, "store").document(doc_id)
        if doc is not None:
            texts[doc_id] = doc.text
    others = sorted((i for i in review.all_incidents(include_rejected=False) if i["id"] != incident_id),
                    key=lambda o: _closeness(inc, o))  # likely merge partners first
    events = review.events_by_key(m.get("key") for m in inc.get("mentions") or [])
    return page(request, "incident.html", inc=inc, sides=_sides(inc, texts, events), notes=review.notes(incident_id),
                history=review.audit(target=incident_id, limit=50), others=others,
                types=sorted(set(EVENT_TYPES) | set(review.facets()["types"])))


def map_points(items: list[dict]) -> list[dict]:
    """What a marker needs: where, the headline, how many sources, conflicts, a weak link."""
    return [{"id": i["id"], "type": i.get("type"), "date": i.get("date_start"), "place": i.get("place"),
             "lat": i.get("lat"), "lon": i.get("lon"), "sources": source_count(i),
             "conflicts": len(i.get("conflicts") or []), "headline": i.get("headline") or headline(i),
             "weak": is_weak(i)} for i in items]


@router.get("/map", include_in_schema=False)
def map_page(request: Request, filters: Filters = Depends(), user=Depends(need("viewer"))):
    from ...basemap import basemap, box_around

    review = store(request, "review")
    items, total = review.incidents(**filters.values)
    points = map_points(items)
    located = [p for p in points if p["lat"] is not None]
    tile = request.app.state.settings.tile_url or ""
    base = basemap(box_around([(p["lat"], p["lon"]) for p in located]))
    return page(request, "map.html", points=points, located=located,
                unlocated=[p for p in points if p["lat"] is None], facets=review.facets(), f=filters.values,
                tile=tile, basemap=base)
