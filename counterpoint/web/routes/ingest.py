"""The ingest page: upload files or submit URLs; the pipeline runs in a background thread with progress."""
from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import ValidationError

from ..bodies import IngestJob, describe
from ..security import need
from . import answer, body, page

router = APIRouter()
MAX_FILES = 50


def _run(app, job: dict, args: list[str], tmp: str | None) -> None:
    from ...store import Store

    job["state"] = "running"
    try:
        settings = app.state.settings
        fn = app.state.ingest
        if fn is None:
            from ...pipeline import ingest as fn

        def progress(n=1):
            job["processed"] += n

        def local(text: str) -> str:  # uploads are named as the user named them, not by our temp folder
            return text.replace(tmp.rstrip("/") + "/", "") if tmp else text

        def rejected(r):
            job["rejected"].append({"name": local(r.name), "reason": r.code, "message": local(r.message)})

        store = Store(app.state.store.db, upgrade=False)
        report = fn(args, store, settings, on_progress=progress, on_reject=rejected)
        job.update(stored=report.stored, unchanged=report.unchanged, duplicates=report.duplicates,
                   documents=report.documents)
        if job["link"] and report.stored:
            job["state"] = "linking"
            link = app.state.link
            if link is None:
                from ...pipeline import link_store as link
            result = link(store)
            job["incidents"] = len(getattr(result, "incidents", []) or [])
        job["state"] = "done"
    except Exception as exc:  # shown on the page: the workbench stays up
        job.update(state="failed", error=f"{exc.__class__.__name__}: {exc}")
    finally:
        job["finished"] = time.time()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


@router.get("/ingest", include_in_schema=False)
def ingest_page(request: Request, user=Depends(need("analyst"))):
    jobs = sorted(request.app.state.jobs.values(), key=lambda j: -j["started"])
    return page(request, "ingest.html", jobs=jobs[:20])


@router.post("/api/ingest", tags=["ingest"])
async def start(request: Request, user=Depends(need("analyst"))):
    """Multipart form: `files` (uploads, repeatable), `urls` (one per line), `link` (relink afterwards); or a JSON
    body `{"urls": [...], "link": true}`. Returns the job (scripts) or goes back to the ingest page (forms)."""
    if request.headers.get("content-type", "").startswith("application/json"):
        asked, uploads = await body(request, IngestJob), []
    else:
        form = await request.form()
        urls = [u.strip() for u in str(form.get("urls") or "").splitlines() if u.strip()]
        try:
            asked = IngestJob.model_validate({"urls": urls, "link": form.get("link") or False})
        except ValidationError as exc:
            raise HTTPException(422, describe(exc)) from None
        uploads = [f for f in form.getlist("files") if getattr(f, "filename", None)]
    urls = [u.strip() for u in asked.urls if u.strip()]
    bad = [u for u in urls if not re.match(r"https?://", u)]
    if bad:
        raise HTTPException(400, f"only http(s) URLs can be submitted: {bad[0]!r}")
    if not urls and not uploads:
        raise HTTPException(400, "choose files to upload or give URLs")
    if len(uploads) > MAX_FILES:
        raise HTTPException(400, f"at most {MAX_FILES} files at once")
    tmp = None
    args = list(urls)
    if uploads:
        tmp = tempfile.mkdtemp(prefix="counterpoint-upload-")
        limit = request.app.state.settings.max_bytes
        for i, f in enumerate(uploads):
            name = re.sub(r"[^\w.\-]+", "_", Path(f.filename).name).lstrip(".") or f"upload-{i}"
            data = await f.read(limit + 1)
            if len(data) > limit:
                shutil.rmtree(tmp, ignore_errors=True)
                raise HTTPException(413, f"{f.filename} is larger than {limit} bytes")
            target = Path(tmp) / name
            if target.exists():
                target = Path(tmp) / f"{i}-{name}"
            target.write_bytes(data)
        args.append(tmp)
    job = {"id": secrets.token_hex(8), "state": "queued", "user": user["name"], "inputs": len(urls) + len(uploads),
           "processed": 0, "stored": 0, "unchanged": 0, "duplicates": 0, "documents": 0, "rejected": [],
           "error": None, "started": time.time(), "finished": None, "incidents": None,
           "link": asked.link}
    request.app.state.jobs[job["id"]] = job
    threading.Thread(target=_run, args=(request.app, job, args, tmp), daemon=True).start()
    return answer(request, job, next="/ingest", message=f"ingest started ({job['inputs']} inputs)")


@router.get("/api/ingest/{job_id}", tags=["ingest"])
def progress(job_id: str, request: Request, user=Depends(need("analyst"))):
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no ingest job {job_id!r}")
    return job
