"""The analyst workbench: `create_app(db, settings)` builds the FastAPI application.

Requests pass through one middleware (the Host check, who is asking, login required,
security headers), one app-wide CSRF dependency, and one error boundary that renders every
error as an HTML page, for forms and pages, or as `{"error": {"status", "message", ...}}`
for everything else on /api/. Request bodies are typed (`bodies.py`). What this protects,
and from whom: docs/security.md.
Routes live in `routes/`, one module per resource; only `counterpoint.store` touches the database.
"""
from __future__ import annotations

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from .. import __version__
from ..errors import CounterpointError
from ..store import IncidentStore, Store
from ..store.accounts import Accounts, TokenError
from ..store.review import ConflictError, NotFoundError, ReviewError, ReviewStore
from ..store.search import Search
from .cache import GenerationCache
from .render import make_templates, pop_flash
from .security import (COOKIE, CSRF_COOKIE, FLASH_COOKIE, PUBLIC_PREFIXES, LoginLimiter, LoginSlots, Signer,
                       client_address, csp, csrf_guard, from_proxy, host_allowed, is_https, is_loopback)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def api_client(request: Request) -> bool:
    """A script rather than a page: it sends an API token or asks for JSON."""
    return (request.headers.get("authorization", "").lower().startswith("bearer ")
            or "application/json" in request.headers.get("accept", ""))


def browser_form(request: Request) -> bool:
    """A form submitted from a workbench page: answered with a redirect, or an HTML page on error."""
    return request.headers.get("content-type", "").startswith(FORM_TYPES) and not api_client(request)


def wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json":
        return not browser_form(request)
    return "application/json" in request.headers.get("accept", "") and "text/html" not in request.headers.get("accept", "")


def app_from_environment() -> FastAPI:
    """The workbench of one `serve --workers N` process: the store and settings come from the
    COUNTERPOINT_* environment that `serve` set before starting the processes."""
    import os

    from ..settings import Settings
    from ..workbench_cli import SERVE_PORT

    settings = Settings.load()
    port = os.environ.get(SERVE_PORT)
    return create_app(settings.db, settings, port=int(port) if port else None)


def create_app(db: str, settings=None, *, ingest=None, link=None, port: int | None = None) -> FastAPI:
    """The workbench over the database `db`; `port` is the one it listens on (checked in Host headers);
    `ingest` and `link` replace the pipeline's (tests)."""
    from ..settings import Settings

    settings = settings or Settings.load(db=db)
    store = Store(db)
    app = FastAPI(title="Counterpoint workbench", version=__version__, dependencies=[Depends(csrf_guard)],
                  docs_url=None, redoc_url=None)  # Swagger UI would load from a CDN
    app.state.settings = settings
    app.state.store = store
    app.state.incidents = IncidentStore(store)
    app.state.review = ReviewStore(store)
    app.state.search = Search(store)
    app.state.answers = GenerationCache(store.generation)
    app.state.accounts = accounts = Accounts(store)
    app.state.signer = signer = Signer(accounts.server_key("csrf"))
    app.state.limiter = LoginLimiter()
    app.state.login_slots = LoginSlots(settings.login_concurrency)
    app.state.templates = make_templates(settings)
    app.state.ingest = ingest
    app.state.link = link
    app.state.jobs = {}
    policy = csp(settings.tile_url)
    proxies, names = settings.proxy_networks, settings.host_names

    def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
        response.set_cookie(name, value, httponly=True, samesite="lax", secure=is_https(request, proxies), path="/")

    app.state.set_cookie = set_cookie

    @app.middleware("http")
    async def gate(request: Request, call_next):
        request.state.user, request.state.auth, request.state.sid = None, None, None
        request.state.session = {"user": None, "csrf": "", "flash": []}
        path = request.url.path
        if "\x00" in path or b"%00" in request.scope.get("query_string", b""):
            return _error(request, 400, "NUL bytes (%00) are not allowed in URLs")
        review: ReviewStore = app.state.review
        single = not review.has_users()
        if single or names:
            host = request.headers.get("host", "")
            if not host_allowed(host, names, None if from_proxy(request, proxies) else port):
                return _error(request, 400, f"Host {host[:100]!r} is not a name of this workbench: open it as "
                              "http://127.0.0.1 or http://localhost, or add the name with serve --allowed-host "
                              "(COUNTERPOINT_ALLOWED_HOSTS)")
        auth = request.headers.get("authorization", "")
        bearer = auth.lower().startswith("bearer ")
        sid = request.cookies.get(COOKIE) if not bearer and not single else None
        session = accounts.session(sid) if sid else None
        if single:
            # single-user mode: nobody to log in as, so only this machine may ask
            if not is_loopback(client_address(request, proxies)):
                return _error(request, 403, "single-user mode answers only on this machine (loopback)")
            request.state.user, request.state.auth = {"name": "local", "role": "admin", "single": True}, "local"
        elif bearer:
            user = accounts.user_for_token(auth[7:].strip())
            if user is None:
                return _error(request, 401, "unknown API token")
            if user.get("expired"):
                return _error(request, 401, "this API token has expired",
                              hint="Make a new one: counterpoint users token NAME --expires-days N")
            request.state.user, request.state.auth = user, "token"
        elif session is not None:
            request.state.user, request.state.auth = {"name": session["user"], "role": session["role"]}, "session"
        new_csrf = None
        if session is not None:
            request.state.session, request.state.sid = session, sid
        elif not bearer:  # no stored session: the CSRF token and messages live in signed cookies of the browser
            csrf = signer.csrf_of(request.cookies.get(CSRF_COOKIE))
            if csrf is None:
                csrf = new_csrf = signer.new_csrf()
            request.state.session = {"user": None, "csrf": csrf,
                                     "flash": signer.unpack_flash(request.cookies.get(FLASH_COOKIE))}
        flash_before = list(request.state.session["flash"])
        if request.state.user is None and not path.startswith(PUBLIC_PREFIXES):
            if wants_json(request) or path == "/openapi.json":
                response = _error(request, 401, "sign in first: log in, or send Authorization: Bearer TOKEN")
            else:
                target = path + (f"?{request.url.query}" if request.url.query else "")
                from urllib.parse import quote
                response = RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        else:
            response = await call_next(request)
        if new_csrf:
            set_cookie(request, response, CSRF_COOKIE, new_csrf)
        flash = request.state.session.get("flash") or []
        if flash != flash_before:
            if request.state.auth == "session" and request.state.sid:
                accounts.save_flash(request.state.sid, flash)
            elif flash:
                set_cookie(request, response, FLASH_COOKIE, signer.pack_flash(flash))
            else:
                response.delete_cookie(FLASH_COOKIE, path="/")
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    def _error(request: Request, status: int, message: str, **extra) -> Response:
        if wants_json(request) or request.url.path == "/openapi.json":
            return JSONResponse({"error": {"status": status, "message": message, **extra}}, status_code=status)
        form = extra.get("submitted")
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message, "hint": extra.get("hint"),
                                    "submitted": form, "user": getattr(request.state, "user", None),
                                    "csrf": request.state.session["csrf"] if hasattr(request.state, "session") else "",
                                    "flashes": []},
            status_code=status)

    app.state.error = _error

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        from starlette.exceptions import HTTPException as _  # noqa: F401
        return _error(request, exc.status_code, str(exc.detail))

    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def starlette_error(request: Request, exc: StarletteHTTPException):
        return _error(request, exc.status_code, "not found" if exc.status_code == 404 else str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        msg = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return _error(request, 422, msg or "invalid request")

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        import logging

        logging.getLogger("counterpoint.web").exception("error serving %s", request.url.path)
        return _error(request, 500, f"internal error ({exc.__class__.__name__}); the details are in the server log")

    @app.exception_handler(CounterpointError)
    async def domain_error(request: Request, exc: CounterpointError):
        status = 409 if isinstance(exc, ConflictError) else 404 if isinstance(exc, NotFoundError) else \
            400 if isinstance(exc, (ReviewError, TokenError)) else 500
        extra = {"hint": exc.hint, "code": exc.code}
        if isinstance(exc, ConflictError):
            extra["current_row_version"] = exc.current
            extra["submitted"] = getattr(request.state, "submitted", None)
        return _error(request, status, str(exc), **extra)

    def page(request: Request, template: str, status_code: int = 200, **context) -> Response:
        context.update(user=request.state.user, csrf=request.state.session["csrf"], flashes=pop_flash(request),
                       path=request.url.path)
        return app.state.templates.TemplateResponse(request, template, context, status_code=status_code)

    app.state.page = page

    from .routes import (accounts as account_routes, assets, documents, incidents, ingest as ingest_routes,
                         review as review_routes, sources)

    for module in (assets, account_routes, incidents, documents, sources, review_routes, ingest_routes):
        app.include_router(module.router)
    return app
