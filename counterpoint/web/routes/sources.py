"""Source profiles: labels, agency and voices, as charts (data handed to plotly as JSON, never as HTML)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request

from ..security import need
from . import page, store

router = APIRouter()


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
    charts = [{"id": "labels", "title": "Words for migrants", "data": prof["labels"]},
              {"id": "agents", "title": "Agents of violence (who does it)", "data": prof["agents"]},
              {"id": "targets", "title": "Targets of violence", "data": prof["targets"]},
              {"id": "voices", "title": "Whose voices are quoted", "data": prof["voices"]}]
    return page(request, "source.html", prof=prof, charts=charts, documents=review.documents(source=source))
