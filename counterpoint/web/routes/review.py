"""Review actions (confirm, reject, edit, notes, merge, split, move, retract, undo), the queue, audit and search.

Every action route answers JSON to scripts and redirects forms back with a message; a stale
`row_version` gives 409 with the submitted values echoed back, so nothing typed is lost.
"""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from ..bodies import MAX_ID, Back, Edit, Merge, Move, Note, Split, StatusChange, Versioned, event_types
from ..security import need
from . import answer, body, page, safe_next, store

router = APIRouter()


def _inc_url(incident_id: str) -> str:
    return "/incidents/" + quote(incident_id, safe="")


def _check_type(request: Request, incident_id: str, new_type: str) -> None:
    """Types come from the taxonomy; an incident may keep the type it has."""
    allowed = event_types(request.app.state.settings.taxonomy_dir)
    current = (store(request, "review").incident(incident_id) or {}).get("type")
    if new_type not in allowed and new_type != current:
        raise HTTPException(422, f"type {new_type[:60]!r} is not an event type of the taxonomy "
                                 f"({', '.join(sorted(allowed))})")


@router.post("/api/incidents/{incident_id}/status", tags=["review"])
async def set_status(incident_id: str, request: Request, user=Depends(need("analyst"))):
    """Body: `status` (confirmed | rejected | auto), `row_version`."""
    data = await body(request, StatusChange)
    inc = store(request, "review").set_status(incident_id, data.status, data.row_version, user["name"])
    return answer(request, inc, next=safe_next(data.next, _inc_url(incident_id)),
                  message=f"incident {incident_id} is now {inc['status']}")


@router.post("/api/incidents/{incident_id}/confirm", tags=["review"])
async def confirm(incident_id: str, request: Request, user=Depends(need("analyst"))):
    data = await body(request, Versioned)
    inc = store(request, "review").set_status(incident_id, "confirmed", data.row_version, user["name"])
    return answer(request, inc, next=_inc_url(incident_id), message=f"incident {incident_id} confirmed")


@router.post("/api/incidents/{incident_id}/reject", tags=["review"])
async def reject(incident_id: str, request: Request, user=Depends(need("analyst"))):
    data = await body(request, Versioned)
    inc = store(request, "review").set_status(incident_id, "rejected", data.row_version, user["name"])
    return answer(request, inc, next=_inc_url(incident_id), message=f"incident {incident_id} rejected")


@router.post("/api/incidents/{incident_id}/edit", tags=["review"])
async def edit(incident_id: str, request: Request, user=Depends(need("analyst"))):
    """Body: `row_version` and any of type, date_start, date_end, place, lat, lon."""
    data = await body(request, Edit)
    fields = data.changes()
    if fields.get("type"):
        _check_type(request, incident_id, fields["type"])
    inc = store(request, "review").edit(incident_id, fields, data.row_version, user["name"])
    return answer(request, inc, next=_inc_url(incident_id), message="changes saved")


@router.post("/api/incidents/{incident_id}/notes", tags=["review"])
async def add_note(incident_id: str, request: Request, user=Depends(need("analyst"))):
    data = await body(request, Note)
    pk = store(request, "review").add_note(incident_id, data.text, user["name"])
    return answer(request, {"note": pk}, next=_inc_url(incident_id), message="note added")


@router.post("/api/incidents/merge", tags=["review"])
async def merge(request: Request, user=Depends(need("analyst"))):
    """Body: `ids` (the first one is kept), optional `row_versions` {id: version} or `row_version` of the first."""
    data = await body(request, Merge, lists=("ids",))
    ids = data.ids
    versions = {k: v for k, v in data.row_versions.items() if v is not None}
    if data.row_version is not None and ids:
        versions[ids[0]] = data.row_version
    inc = store(request, "review").merge(ids, versions, user["name"])
    return answer(request, inc, next=_inc_url(inc["id"]), message=f"merged {len(ids)} incidents into {inc['id']}")


@router.post("/api/incidents/{incident_id}/split", tags=["review"])
async def split(incident_id: str, request: Request, user=Depends(need("analyst"))):
    """Body: `keys` (mention keys to move into a new incident), `row_version`."""
    data = await body(request, Split, lists=("keys",))
    new = store(request, "review").split(incident_id, data.keys, data.row_version, user["name"])
    return answer(request, new, next=_inc_url(new["id"]), message=f"split into {new['id']}")


@router.post("/api/mentions/{key}/move", tags=["review"])
async def move(key: str, request: Request, user=Depends(need("analyst"))):
    """Body: `target` (incident id). Moving to the current incident keeps it there (locks it)."""
    data = await body(request, Move)
    target = data.target.strip()
    if not target:
        raise HTTPException(400, "give the incident to move the mention to (target)")
    inc = store(request, "review").move_mention(key, target, user["name"])
    return answer(request, inc, next=safe_next(data.next, _inc_url(target)), message=f"mention placed in {target}")


@router.post("/api/documents/{doc_id:path}/retract", tags=["review"])
async def retract(doc_id: str, request: Request, user=Depends(need("analyst"))):
    touched = store(request, "review").retract(doc_id, user["name"])
    return answer(request, {"retracted": doc_id, "incidents": touched},
                  next="/documents/" + quote(doc_id, safe=""), message=f"document retracted from {len(touched)} incident(s)")


@router.post("/api/audit/{pk}/undo", tags=["review"])
async def undo(request: Request, pk: int = Path(ge=1, le=MAX_ID), user=Depends(need("analyst"))):
    data = await body(request, Back)
    result = store(request, "review").undo(pk, user["name"])
    return answer(request, result, next=safe_next(data.next, "/audit"), message=f"undid {result['action']} #{pk}")


@router.get("/api/audit", tags=["review"])
def audit_api(request: Request, target: str | None = None, limit: int = Query(200, ge=1, le=2000),
              user=Depends(need("viewer"))):
    return {"audit": store(request, "review").audit(target=target, limit=limit)}


@router.get("/audit", include_in_schema=False)
def audit_page(request: Request, user=Depends(need("viewer"))):
    return page(request, "audit.html", entries=store(request, "review").audit(limit=300))


FEATURES = {"type": "event type", "date": "date", "place": "place", "numbers": "figures", "actors": "actors",
            "wording": "wording"}
QUEUE_PAGE = 25


def reasons(features) -> list[dict]:
    """The linker's evidence in words: 'place: same', 'date: close', 'wording: 36% shared'."""
    if not isinstance(features, dict):
        return []
    out = []
    for key, value in features.items():
        if key == "confidence" or not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        level = "same" if value >= 0.9 else "close" if value >= 0.6 else "partly" if value >= 0.3 else "differs"
        if key == "wording":
            text = f"{value:.0%} shared"
        else:
            text = level
        out.append({"what": FEATURES.get(key, key.replace("_", " ")), "text": text,
                    "level": level, "value": round(float(value), 2)})
    return out


def ranked_queue(request: Request, limit: int, offset: int) -> tuple[list[dict], int]:
    """One page of the queue, least confident first (the store orders and pages it), and its size."""
    review = store(request, "review")
    rows = review.queue(limit, offset)
    for r in rows:
        r["reasons"] = reasons(r.get("features"))
    return rows, review.queue_size()


@router.get("/api/queue", tags=["review"])
def queue_api(request: Request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
              user=Depends(need("viewer"))):
    """Unlocked links, least confident first, with `reasons` (the linker's evidence in words)."""
    rows, total = ranked_queue(request, limit, offset)
    return {"queue": rows, "total": total, "limit": limit, "offset": offset}


@router.get("/review", include_in_schema=False)
def queue_page(request: Request, offset: int = Query(0, ge=0), limit: int = Query(QUEUE_PAGE, ge=1, le=500),
               user=Depends(need("viewer"))):
    from ...headline import headline

    review = store(request, "review")
    rows, total = ranked_queue(request, limit, offset)
    incidents = review.all_incidents(include_rejected=False)
    for inc in incidents:
        inc["headline"] = headline(inc)
    by_id = {i["id"]: i for i in incidents}
    return page(request, "queue.html", queue=rows, total=total, offset=offset,
                limit=limit, incidents=incidents, by_id=by_id)


@router.get("/api/search", tags=["search"])
def search_api(request: Request, q: str = "", limit: int = Query(50, ge=1, le=500), user=Depends(need("viewer"))):
    hits = store(request, "search").documents(q, limit=limit)
    for h in hits:
        h["snippet"] = "".join(s for s, _ in h["snippet"])
    return {"query": q, "documents": hits, "incidents": _incident_hits(request, q)}


def _incident_hits(request: Request, q: str) -> list[dict]:
    q = q.strip().lower()
    if not q:
        return []
    out = []
    for inc in store(request, "review").all_incidents(include_rejected=False):
        hay = " ".join([inc["id"], inc.get("place") or "", " ".join(inc.get("types") or []),
                        " ".join(inc.get("sources") or [])]).lower()
        if all(w in hay for w in q.split()):
            out.append({"id": inc["id"], "type": inc.get("type"), "date_start": inc.get("date_start"),
                        "place": inc.get("place")})
    return out[:50]


@router.get("/search", include_in_schema=False)
def search_page(request: Request, q: str = "", user=Depends(need("viewer"))):
    hits = store(request, "search").documents(q) if q.strip() else []
    review = store(request, "review")
    for h in hits:
        h["incidents"] = [i["id"] for i in review.incidents_of_document(h["doc_id"])]
    return page(request, "search.html", q=q, hits=hits, incidents=_incident_hits(request, q))
