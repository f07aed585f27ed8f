"""Source profiles: labels, agency and voices, as charts (data handed to plotly as JSON, never as HTML)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request

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


@router.get("/sources", include_in_schema=False)
def sources_page(request: Request, user=Depends(need("viewer"))):
    return page(request, "sources.html", sources=store(request, "review").sources())


@router.get("/api/sources/{source:path}", tags=["sources"])
def source_api(source: str, request: Request, user=Depends(need("viewer"))):
    prof = store(request, "review").source_profile(source)
    if prof is None:
        raise HTTPException(404, f"no source {source!r}")
    return prof


@router.get("/sources/{source:path}", include_in_schema=False)
def source_page(source: str, request: Request, user=Depends(need("viewer"))):
    review = store(request, "review")
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
