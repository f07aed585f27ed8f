"""Source profiles: labels, agency and voices, as charts (data handed to plotly as JSON, never as HTML)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request

from ..security import need
from . import page, store

router = APIRouter()


def _numeric(d) -> bool:
    return isinstance(d, dict) and bool(d) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                   for v in d.values())


def profile_charts(profile: dict | None) -> list[dict]:
    """Bar charts from a stored profile: every {name: number} mapping, and {group: {name: number}} flattened."""
    charts = []
    for key, value in (profile or {}).items():
        data = None
        if _numeric(value):
            data = value
        elif isinstance(value, dict) and value and all(_numeric(v) or not v for v in value.values()):
            data = {f"{group}: {name}": n for group, inner in value.items() for name, n in (inner or {}).items()}
        if data:
            top = dict(sorted(data.items(), key=lambda kv: -kv[1])[:25])
            charts.append({"id": f"profile-{len(charts)}", "title": key.replace("_", " "), "data": top})
    return charts


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
    charts = profile_charts(prof["profile"]) + [{"id": "labels", "title": "Words for migrants", "data": prof["labels"]},
              {"id": "agents", "title": "Agents of violence (who does it)", "data": prof["agents"]},
              {"id": "targets", "title": "Targets of violence", "data": prof["targets"]},
              {"id": "voices", "title": "Whose voices are quoted", "data": prof["voices"]}]
    return page(request, "source.html", prof=prof, charts=charts, documents=review.documents(source=source))
