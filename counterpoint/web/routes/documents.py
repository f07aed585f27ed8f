"""Documents: the text with its events, quotes and claims highlighted, and its JSON."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request

from ..render import find, segments
from ..security import need
from . import page, store

router = APIRouter()


@router.get("/api/documents/{doc_id:path}", tags=["documents"])
def document_api(doc_id: str, request: Request, user=Depends(need("viewer"))):
    """The document's JSON contract, plus `retracted` and each event's `key` and `incident`."""
    doc = store(request, "review").document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return doc


def _spans(doc: dict) -> list[tuple[int, int, str]]:
    text = doc["text"]
    spans = []
    for ev in doc["events"]:
        where = find(text, ev.get("sentence"), ev.get("start"), ev.get("end"))
        if where:
            spans.append((*where, "ev"))
        for extra in ev.get("evidence") or []:  # further sentences asserting the same event
            where = find(text, extra)
            if where:
                spans.append((*where, "ev"))
    for q in doc["quotes"]:
        where = find(text, q.get("text"), q.get("start"), q.get("end"))
        if where:
            spans.append((*where, "quote"))
    for c in doc["claims"]:
        where = find(text, c.get("sentence"), c.get("start"), c.get("end"))
        if where:
            spans.append((*where, "claim"))
    return spans


@router.get("/documents", include_in_schema=False)
def documents_page(request: Request, user=Depends(need("viewer"))):
    return page(request, "documents.html", documents=store(request, "review").documents())


@router.get("/documents/{doc_id:path}", include_in_schema=False)
def document_page(doc_id: str, request: Request, user=Depends(need("viewer"))):
    doc = store(request, "review").document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return page(request, "document.html", doc=doc, text=segments(doc["text"], _spans(doc)))
