"""Logging in and out, and account management for admins."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from ..render import flash
from ..security import COOKIE, need
from . import answer, page, payload, safe_next, store

router = APIRouter()


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "/incidents"):
    return page(request, "login.html", next=safe_next(next, "/incidents"), error=None, name="")


@router.post("/login", include_in_schema=False)
async def login(request: Request):
    data = await payload(request)
    name, password = str(data.get("name") or "").strip(), str(data.get("password") or "")
    target = safe_next(data.get("next"), "/incidents")
    ip = request.client.host if request.client else "?"
    limiter = request.app.state.limiter
    if limiter.blocked(name, ip):
        return page(request, "login.html", next=target, name=name, status_code=429,
                    error="Too many failed attempts: wait a minute and try again.")
    user = store(request, "review").verify_password(name, password)
    if user is None:
        limiter.fail(name, ip)
        return page(request, "login.html", next=target, name=name, status_code=401,
                    error="Wrong name or password.")
    limiter.clear(name, ip)
    sessions = request.app.state.sessions
    sessions.drop(request.state.sid)  # a fresh session id at login: no session fixation
    sid, _ = sessions.new(user["name"])
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, sid, httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request):
    request.app.state.sessions.drop(request.state.sid)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/admin/users", include_in_schema=False)
def users_page(request: Request, user=Depends(need("admin"))):
    return page(request, "users.html", users=store(request, "review").users(), token=None)


@router.get("/api/users", tags=["accounts"])
def users_api(request: Request, user=Depends(need("admin"))):
    return {"users": [{"name": u["name"], "role": u["role"]} for u in store(request, "review").users()]}


@router.post("/api/users", tags=["accounts"])
async def add_user(request: Request, user=Depends(need("admin"))):
    data = await payload(request)
    new = store(request, "review").add_user(str(data.get("name") or ""), str(data.get("role") or ""),
                                            str(data.get("password") or ""))
    return answer(request, new, next="/admin/users", message=f"user {new['name']} added")


@router.post("/api/users/{name}/role", tags=["accounts"])
async def set_role(name: str, request: Request, user=Depends(need("admin"))):
    data = await payload(request)
    store(request, "review").set_role(name, str(data.get("role") or ""))
    request.app.state.sessions.drop_user(name)
    return answer(request, {"name": name, "role": data.get("role")}, next="/admin/users", message=f"{name} is now {data.get('role')}")


@router.post("/api/users/{name}/delete", tags=["accounts"])
async def delete_user(name: str, request: Request, user=Depends(need("admin"))):
    store(request, "review").delete_user(name)
    request.app.state.sessions.drop_user(name)
    return answer(request, {"deleted": name}, next="/admin/users", message=f"user {name} deleted")


@router.post("/api/users/{name}/token", tags=["accounts"])
async def new_token(name: str, request: Request, user=Depends(need("admin"))):
    token = store(request, "review").create_token(name)
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        flash(request, f"new API token for {name} (shown once)")
        return page(request, "users.html", users=store(request, "review").users(), token={"name": name, "value": token})
    return {"name": name, "token": token}
