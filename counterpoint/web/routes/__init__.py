"""Routes, one module per resource, and what they share: reading a form or JSON body, answering either."""
from __future__ import annotations

from typing import Any, TypeVar

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from .. import api_client, browser_form  # noqa: F401 (api_client is used by the route modules)
from ..bodies import describe
from ..render import flash

Model = TypeVar("Model", bound=BaseModel)


def store(request: Request, name: str):
    return getattr(request.app.state, name)


def cached_json(request: Request, key: tuple, build) -> Response:
    """A JSON answer from the per-generation cache (`build()` makes its bytes when it is not there),
    gzipped once and kept so when the client accepts it: a list of incidents shrinks about tenfold."""
    answers = request.app.state.answers
    if "gzip" in request.headers.get("accept-encoding", ""):
        import gzip

        body = answers.get(("gzip", *key), lambda: gzip.compress(answers.get(key, build), 5, mtime=0))
        headers = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
    else:
        body, headers = answers.get(key, build), {"Vary": "Accept-Encoding"}
    return Response(body, media_type="application/json", headers=headers)


def page(request: Request, template: str, **context) -> Response:
    return request.app.state.page(request, template, **context)


async def payload(request: Request, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """The body as a dict, from JSON or a form; `lists` names fields that may repeat (ids, keys)."""
    ct = request.headers.get("content-type", "")
    if ct.startswith("application/json"):
        try:
            data = await request.json()
        except ValueError:  # not JSON, or not UTF-8
            data = None
        if not isinstance(data, dict):
            raise HTTPException(400, "the body must be a JSON object")
    elif ct.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        data = {k: (form.getlist(k) if k in lists else form.get(k)) for k in form.keys() if k != "csrf_token"}
    else:
        data = {}
    request.state.submitted = {k: v for k, v in data.items()  # echoed back on a 409; never a password
                               if isinstance(v, (str, int, float, list, type(None))) and "password" not in k}
    return data


async def body(request: Request, model: type[Model], lists: tuple[str, ...] = ()) -> Model:
    """The body (JSON or form) checked against `model`: 422 naming each wrong field."""
    data = await payload(request, lists)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise HTTPException(422, describe(exc)) from None


def is_form(request: Request) -> bool:
    """A form submitted from a workbench page (not a script posting form fields)."""
    return browser_form(request)


def safe_next(value: Any, default: str) -> str:
    """Only same-site paths: no scheme, no host, no `//evil`, no blanks (browsers drop tabs and newlines, so `/<tab>/evil` is `//evil`)."""
    v = str(value or "")
    if any(ord(c) < 33 or c == "\x7f" for c in v):
        return default
    return v if v.startswith("/") and not v.startswith(("//", "/\\")) else default


def answer(request: Request, data: dict, *, next: str, message: str | None = None) -> Response:
    """JSON for scripts, a redirect with a flash message for forms."""
    if is_form(request):
        if message:
            flash(request, message)
        return RedirectResponse(next, status_code=303)
    return JSONResponse(data)
