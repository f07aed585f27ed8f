"""Logging in and out, and account management for admins."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from ..bodies import Login, NewUser, RoleChange
from ..render import flash
from ..security import COOKIE, client_address, need
from . import answer, api_client, body, page, safe_next, store

router = APIRouter()


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "/incidents"):
    return page(request, "login.html", next=safe_next(next, "/incidents"), error=None, name="")


@router.post("/login", include_in_schema=False)
async def login(request: Request):
    data = await body(request, Login)
    name, password = data.name.strip(), data.password
    target = safe_next(data.next, "/incidents")
    app = request.app
    ip = client_address(request, app.state.settings.proxy_networks)
    limiter, slots = app.state.limiter, app.state.login_slots
    if limiter.blocked(name, ip):
        return page(request, "login.html", next=target, name=name, status_code=429,
                    error="Too many failed attempts: wait a minute and try again.")
    if not slots.take():  # more checks at once than the machine should run: refuse now rather than queue
        return page(request, "login.html", next=target, name=name, status_code=429,
                    error="Too many sign-ins at once: try again in a moment.")
    try:  # argon2 is slow on purpose: off the event loop, so other requests go on meanwhile
        user = await run_in_threadpool(store(request, "review").verify_password, name, password)
    finally:
        slots.give_back()
    if user is None:
        limiter.fail(name, ip)
        return page(request, "login.html", next=target, name=name, status_code=401,
                    error="Wrong name or password.")
    limiter.clear(name, ip)
    accounts = app.state.accounts
    accounts.end_session(request.state.sid)  # a fresh session id at login: no session fixation
    sid, _ = accounts.start_session(user["name"], app.state.settings.session_hours)
    response = RedirectResponse(target, status_code=303)
    app.state.set_cookie(request, response, COOKIE, sid)
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request):
    request.app.state.accounts.end_session(request.state.sid)
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
    data = await body(request, NewUser)
    new = store(request, "review").add_user(data.name, data.role, data.password)
    return answer(request, new, next="/admin/users", message=f"user {new['name']} added")


@router.post("/api/users/{name}/role", tags=["accounts"])
async def set_role(name: str, request: Request, user=Depends(need("admin"))):
    data = await body(request, RoleChange)
    store(request, "review").set_role(name, data.role)
    request.app.state.accounts.end_sessions_of(name)
    return answer(request, {"name": name, "role": data.role}, next="/admin/users", message=f"{name} is now {data.role}")


@router.post("/api/users/{name}/delete", tags=["accounts"])
async def delete_user(name: str, request: Request, user=Depends(need("admin"))):
    store(request, "review").delete_user(name)  # and their sessions
    return answer(request, {"deleted": name}, next="/admin/users", message=f"user {name} deleted")


@router.post("/api/users/{name}/token", tags=["accounts"])
async def new_token(name: str, request: Request, user=Depends(need("admin"))):
    token = store(request, "review").create_token(name)
    if not api_client(request) and request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        flash(request, f"new API token for {name} (shown once)")
        return page(request, "users.html", users=store(request, "review").users(), token={"name": name, "value": token})
    return {"name": name, "token": token}
