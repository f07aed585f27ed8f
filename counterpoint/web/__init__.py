"""The analyst workbench: `create_app(db, settings)` builds the FastAPI application.

Requests pass through one middleware (session, who is asking, login required, security
headers), one app-wide CSRF dependency, and one error boundary that renders every error as
an HTML page or as `{"error": {"status", "message", ...}}` for the API.
Routes live in `routes/`, one module per resource; only `counterpoint.store` touches the database.
"""
from __future__ import annotations

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from .. import __version__
from ..errors import CounterpointError
from ..store import IncidentStore, Store
from ..store.review import ConflictError, NotFoundError, ReviewError, ReviewStore
from ..store.search import Search
from .render import make_templates, pop_flash
from .security import (COOKIE, PUBLIC_PREFIXES, LoginLimiter, Sessions, csp, csrf_guard, is_local_name, is_loopback)


def wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json":
        ct = request.headers.get("content-type", "")
        return not ct.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
    return "application/json" in request.headers.get("accept", "") and "text/html" not in request.headers.get("accept", "")


def create_app(db: str, settings=None, *, ingest=None, link=None) -> FastAPI:
    """The workbench over the database `db`; `ingest` and `link` replace the pipeline's (tests)."""
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
    app.state.sessions = Sessions()
    app.state.limiter = LoginLimiter()
    app.state.templates = make_templates(settings)
    app.state.ingest = ingest
    app.state.link = link
    app.state.jobs = {}
    policy = csp(settings.tile_url)

    @app.middleware("http")
    async def gate(request: Request, call_next):
        sessions: Sessions = app.state.sessions
        sid = request.cookies.get(COOKIE)
        session = sessions.get(sid)
        new_sid = None
        auth = request.headers.get("authorization", "")
        if session is None and auth.lower().startswith("bearer "):
            session = {"user": None, "csrf": "", "flash": []}  # scripts: no cookie, no stored session
        elif session is None:
            sid, session = sessions.new()
            new_sid = sid
        request.state.session, request.state.sid, request.state.auth = session, sid, None
        request.state.user = None
        review: ReviewStore = app.state.review
        path = request.url.path
        public = path.startswith(PUBLIC_PREFIXES)
        if not review.has_users():
            # single-user mode: nobody to log in as, so only this machine may ask
            if not is_loopback(request.client.host if request.client else None):
                return _error(request, 403, "single-user mode answers only on this machine (loopback)")
            if not is_local_name(request.headers.get("host")):
                return _error(request, 403, "single-user mode answers only to http://127.0.0.1 or http://localhost")
            request.state.user, request.state.auth = {"name": "local", "role": "admin", "single": True}, "local"
        elif auth.lower().startswith("bearer "):
            user = review.user_for_token(auth[7:].strip())
            if user is None:
                return _error(request, 401, "unknown API token")
            request.state.user, request.state.auth = user, "token"
        elif session.get("user"):
            user = review.user(session["user"])
            if user is None:  # deleted since
                sessions.drop(sid)
                sid, session = sessions.new()
                new_sid = sid
                request.state.session, request.state.sid = session, sid
            else:
                request.state.user, request.state.auth = user, "session"
        if request.state.user is None and not public:
            if wants_json(request) or path == "/openapi.json":
                response = _error(request, 401, "sign in first: log in, or send Authorization: Bearer TOKEN")
            else:
                target = path + (f"?{request.url.query}" if request.url.query else "")
                from urllib.parse import quote
                response = RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        else:
            response = await call_next(request)
        if new_sid or getattr(request.state, "new_sid", None):
            response.set_cookie(COOKIE, getattr(request.state, "new_sid", None) or new_sid, httponly=True,
                                samesite="lax", secure=request.url.scheme == "https", path="/")
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
            400 if isinstance(exc, ReviewError) else 500
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

    from .routes import accounts, assets, documents, incidents, ingest as ingest_routes, review as review_routes, sources

    for module in (assets, accounts, incidents, documents, sources, review_routes, ingest_routes):
        app.include_router(module.router)
    return app
