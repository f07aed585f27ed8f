"""Source profiles: labels, agency and voices, as charts (data handed to plotly as JSON, never as HTML)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from ..security import need
from . import page, store

router = APIRouter()


def _numeric(d) -> bool:
    return isinstance(d, dict) and bool(d) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                   for v in d.values())


def _flat(value) -> dict | None:
    """{name: n} as is, {group: {name: n}} as {"group: name": n}; anything else None."""
    if _numeric(value):
        return value
    if isinstance(value, dict) and value and all(_numeric(v) or not v for v in value.values()):
        return {f"{group}: {name}": n for group, inner in value.items() for name, n in (inner or {}).items()} or None
    return None


def _top(data: dict, n: int = 25) -> dict:
    return dict(sorted(data.items(), key=lambda kv: -kv[1])[:n])


KNOWN = ("source", "documents", "words", "labels", "violence", "quotes", "figures", "loaded")


def profile_view(profile: dict | None) -> tuple[list[tuple[str, str]], list[dict]]:
    """Summary lines and charts from a stored profile (the `counterpoint profile` shape; other keys charted generically)."""
    if not profile:
        return [], []
    summary, charts = [], []
    q, f, loaded = profile.get("quotes") or {}, profile.get("figures") or {}, profile.get("loaded") or {}
    if "documents" in profile:
        summary.append(("documents", f"{profile['documents']} ({profile.get('words', '?')} words)"))
    if q:
        summary.append(("quotes", f"{q.get('total', 0)} ({q.get('direct', 0)} direct)"))
    if f:
        share = f.get("share_attributed")
        summary.append(("figures attributed", f"{f.get('attributed', 0)} of {f.get('total', 0)}"
                        + (f" ({share:.0%})" if isinstance(share, (int, float)) else "")))
    if loaded:
        summary.append(("loaded language", f"{loaded.get('count', 0)} terms, {loaded.get('per_1000_words', 0)} per 1000 words"))
    labels = _flat(profile.get("labels"))
    if labels:
        charts.append({"id": "p-labels", "title": "Labels for each actor", "data": _top(labels)})
    violence = profile.get("violence")
    if isinstance(violence, dict) and violence:
        series = {role: {cat: (v or {}).get(role, 0) for cat, v in violence.items()} for role in ("agent", "target")}
        charts.append({"id": "p-violence", "title": "Violence: agent or target, by actor", "series": series,
                       "data": {f"{cat} as {role}": n for role, d in series.items() for cat, n in d.items()}})
    voices = q.get("by_category") if isinstance(q, dict) else None
    if _numeric(voices):
        charts.append({"id": "p-voices", "title": "Voices quoted, by category", "data": _top(voices)})
    terms = loaded.get("terms") if isinstance(loaded, dict) else None
    if _numeric(terms):
        charts.append({"id": "p-loaded", "title": "Loaded terms", "data": _top(terms)})
    for key, value in profile.items():
        data = _flat(value) if key not in KNOWN else None
        if data:
            charts.append({"id": f"p-{len(charts)}", "title": key.replace("_", " "), "data": _top(data)})
    return summary, charts


def _basis(request: Request) -> str:
    """What the profiles were computed from: the documents and the analysis counts."""
    import hashlib
    import json

    meta = store(request, "review").documents()
    counts = store(request, "store").status()
    return hashlib.sha1(json.dumps([meta, counts], default=str, sort_keys=True).encode()).hexdigest()[:16]


def fresh_profiles(request: Request) -> list[dict]:
    """The stored profiles, recomputed first when the documents changed since (never 'not computed')."""
    from ...profile import profile_sources

    st = store(request, "store")
    basis = _basis(request)
    stored = st.profiles()
    if stored and all(p.get("basis") == basis for p in stored):
        return stored
    docs = [d.to_contract() for d in st.documents()]
    profiles = profile_sources(docs, getattr(request.app.state.settings, "taxonomy_dir", None))
    for p in profiles:
        p["basis"] = basis
    st.save_profiles(profiles)
    return profiles


def display_name(p: dict) -> str:
    return p.get("source") or f"unnamed source ({p.get('page') or '?'})"


def _top_lines(counts: dict | None, n: int = 4, share: bool = False) -> list[str]:
    items = sorted((counts or {}).items(), key=lambda kv: -kv[1])[:n]
    total = sum((counts or {}).values()) or 1
    return [f"{str(k).replace('_', ' ')} ({v / total:.0%})" if share else f"{str(k).replace('_', ' ')} ({v})"
            for k, v in items]


def comparison(profiles: list[dict]) -> list[dict]:
    """Rows of the side-by-side table: one measure per row, one cell (a list of lines) per source."""
    rows = [("Documents", lambda p: [f"{p.get('documents', 0)} ({p.get('words', 0):,} words)"]),
            ("Words for migrants", lambda p: _top_lines((p.get("labels") or {}).get("migrants"))),
            ("Words for police", lambda p: _top_lines((p.get("labels") or {}).get("security_forces"), 3)),
            ("Agent of violence (who does it)", lambda p: _top_lines({c: v.get("agent", 0) for c, v in (p.get("violence") or {}).items()
                                                               if v.get("agent")}, 3)),
            ("Target of violence", lambda p: _top_lines({c: v.get("target", 0) for c, v in (p.get("violence") or {}).items()
                                                  if v.get("target")}, 3)),
            ("Voices quoted", lambda p: [f"{(p.get('quotes') or {}).get('total', 0)} quotes"]
             + _top_lines((p.get("quotes") or {}).get("by_category"), 3, share=True)),
            ("Figures attributed", lambda p: [_attributed(p.get("figures") or {})]),
            ("Loaded language", lambda p: [_loaded(p.get("loaded") or {})] + _top_lines((p.get("loaded") or {}).get("terms"), 3))]
    return [{"measure": name, "cells": [fn(p) or ["–"] for p in profiles]} for name, fn in rows]


def _attributed(f: dict) -> str:
    share = f.get("share_attributed")
    if not f.get("total"):
        return "no figures"
    return f"{f.get('attributed', 0)} of {f.get('total', 0)}" + (f" ({share:.0%})" if isinstance(share, (int, float)) else "")


def _loaded(loaded: dict) -> str:
    rate = loaded.get("per_1000_words")
    return f"{loaded.get('count', 0)} terms" + (f", {rate} per 1,000 words" if rate is not None else "")


COMPARE = 6  # sources side by side when none are chosen: those with the most documents


@router.get("/sources", include_in_schema=False)
def sources_page(request: Request, compare: list[str] = Query(default=[]), user=Depends(need("viewer"))):
    profiles = sorted(fresh_profiles(request), key=lambda p: (-(p.get("documents") or 0), display_name(p)))
    for p in profiles:
        p["name"] = display_name(p)
    chosen = [p for p in profiles if p["name"] in compare] if compare else profiles[:COMPARE]
    return page(request, "sources.html", profiles=profiles, chosen=chosen, rows=comparison(chosen),
                compare=[p["name"] for p in chosen])


@router.get("/api/sources/{source:path}", tags=["sources"])
def source_api(source: str, request: Request, user=Depends(need("viewer"))):
    prof = store(request, "review").source_profile(source)
    if prof is None:
        raise HTTPException(404, f"no source {source!r}")
    return prof


@router.get("/sources/{source:path}", include_in_schema=False)
def source_page(source: str, request: Request, user=Depends(need("viewer"))):
    review = store(request, "review")
    fresh_profiles(request)  # a stale profile is recomputed before it is shown
    prof = review.source_profile(source)
    if prof is None:
        raise HTTPException(404, f"no source {source!r}")
    summary, charts = profile_view(prof["profile"])
    counted = [{"id": "labels", "title": "Words for migrants", "data": prof["labels"]},
              {"id": "agents", "title": "Agents of violence (who does it)", "data": prof["agents"]},
              {"id": "targets", "title": "Targets of violence", "data": prof["targets"]},
              {"id": "voices", "title": "Whose voices are quoted", "data": prof["voices"]}]
    if not charts:  # no stored profile: count what the analysis found
        charts = counted
    return page(request, "source.html", prof=prof, summary=summary, charts=charts,
                documents=review.documents(source=source))
