"""Static assets: our CSS/JS, Leaflet from the xstatic-leaflet package, plotly.js from the plotly package."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, Response

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parents[1] / "static"
CACHE = {"Cache-Control": "public, max-age=86400"}
TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}


def _file(base: Path, path: str) -> FileResponse:
    try:  # a NUL byte or an overlong name raises instead of answering "no such file"
        target = (base / path).resolve()
        found = base.resolve() in target.parents and target.is_file() and target.suffix in TYPES
    except (ValueError, OSError):
        found = False
    if not found:
        raise HTTPException(404, "not found")
    return FileResponse(target, media_type=TYPES[target.suffix], headers=CACHE)


@router.get("/static/{path:path}")
def static(path: str):
    return _file(STATIC, path)


@router.get("/assets/leaflet/{path:path}")
def leaflet(path: str):
    from xstatic.pkg import leaflet as pkg

    return _file(Path(pkg.BASE_DIR), path)


@lru_cache(maxsize=1)
def _plotly() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


@router.get("/assets/plotly.min.js")
def plotly_js():
    return Response(_plotly(), media_type="text/javascript", headers=CACHE)
