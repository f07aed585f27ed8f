"""Routes, one module per resource, and what they share: reading a form or JSON body, answering either."""
from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..render import flash


def store(request: Request, name: str):
    return getattr(request.app.state, name)


def page(request: Request, template: str, **context) -> Response:
    return request.app.state.page(request, template, **context)


async def payload(request: Request, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """The body as a dict, from JSON or a form; `lists` names fields that may repeat (ids, keys)."""
    ct = request.headers.get("content-type", "")
    if ct.startswith("application/json"):
        try:
            data = await request.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            from fastapi import HTTPException
            raise HTTPException(400, "the body must be a JSON object")
    elif ct.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        data = {k: (form.getlist(k) if k in lists else form.get(k)) for k in form.keys() if k != "csrf_token"}
    else:
        data = {}
    request.state.submitted = {k: v for k, v in data.items()  # echoed back on a 409; never a password
                               if isinstance(v, (str, int, float, list, type(None))) and "password" not in k}
    return data


def is_form(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def safe_next(value: Any, default: str) -> str:
    """Only same-site paths: no scheme, no host, no `//evil`."""
    v = str(value or "")
    return v if v.startswith("/") and not v.startswith(("//", "/\\")) else default


def answer(request: Request, data: dict, *, next: str, message: str | None = None) -> Response:
    """JSON for scripts, a redirect with a flash message for forms."""
    if is_form(request):
        if message:
            flash(request, message)
        return RedirectResponse(next, status_code=303)
    return JSONResponse(data)


def version(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        from fastapi import HTTPException
        raise HTTPException(400, f"row_version={value!r} is not a number")
