"""Sessions, CSRF, login rate limiting, roles and security headers for the workbench.

Sessions live server-side (a random id in an HttpOnly, SameSite=Lax cookie), so logging
out or deleting a user ends them at once. Every visitor gets a session, anonymous at first,
so that the login form itself carries a CSRF token. Requests authenticated by an API token
(Authorization: Bearer) carry no cookie and need no CSRF token.
"""
from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

COOKIE = "cp_session"
ROLE_RANK = {"viewer": 0, "analyst": 1, "admin": 2}
LOOPBACK = {"127.0.0.1", "::1", "localhost", "testclient"}  # "testclient": Starlette's in-process client
PUBLIC_PREFIXES = ("/login", "/static/", "/assets/", "/favicon.ico")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


LOCAL_NAMES = {"localhost", "127.0.0.1", "[::1]", "testserver"}  # "testserver": Starlette's in-process client


def is_local_name(host_header: str | None) -> bool:
    """Whether the Host header names this machine: a DNS-rebinding page asks with its own name."""
    host = (host_header or "").lower()
    if host.startswith("["):
        host = host.split("]")[0] + "]"
    else:
        host = host.split(":")[0]
    return host in LOCAL_NAMES or host.startswith("127.")


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    return host in LOOPBACK or host.startswith("127.") or host == "::ffff:127.0.0.1"


class Sessions:
    """Server-side sessions in memory: {"user": name|None, "csrf": token, "flash": [...]}; they end with the process."""

    def __init__(self, ttl: float = 12 * 3600, max_sessions: int = 10000):
        self.ttl, self.max = ttl, max_sessions
        self._data: dict[str, dict] = {}
        self._lock = threading.Lock()

    def new(self, user: str | None = None) -> tuple[str, dict]:
        sid = secrets.token_urlsafe(32)
        data = {"user": user, "csrf": secrets.token_urlsafe(32), "flash": [], "exp": time.time() + self.ttl}
        with self._lock:
            if len(self._data) >= self.max:
                self._expire()
                for old in list(self._data)[: len(self._data) - self.max + 1]:
                    self._data.pop(old, None)
            self._data[sid] = data
        return sid, data

    def get(self, sid: str | None) -> dict | None:
        if not sid:
            return None
        with self._lock:
            data = self._data.get(sid)
            if data and data["exp"] < time.time():
                self._data.pop(sid, None)
                return None
            return data

    def drop(self, sid: str) -> None:
        with self._lock:
            self._data.pop(sid, None)

    def drop_user(self, user: str) -> None:
        with self._lock:
            for sid in [s for s, d in self._data.items() if d.get("user") == user]:
                self._data.pop(sid, None)

    def _expire(self) -> None:
        now = time.time()
        for sid in [s for s, d in self._data.items() if d["exp"] < now]:
            self._data.pop(sid, None)


class LoginLimiter:
    """At most `limit` failed logins per user name and client address in `window` seconds."""

    def __init__(self, limit: int = 5, window: float = 60.0):
        self.limit, self.window = limit, window
        self._fails: dict[tuple[str, str], deque] = {}
        self._lock = threading.Lock()

    def _recent(self, key) -> deque:
        q = self._fails.setdefault(key, deque())
        while q and q[0] < time.time() - self.window:
            q.popleft()
        return q

    def blocked(self, name: str, ip: str) -> bool:
        with self._lock:
            return len(self._recent((name.lower(), ip))) >= self.limit

    def fail(self, name: str, ip: str) -> None:
        with self._lock:
            self._recent((name.lower(), ip)).append(time.time())

    def clear(self, name: str, ip: str) -> None:
        with self._lock:
            self._fails.pop((name.lower(), ip), None)


def csp(tile_url: str | None) -> str:
    img = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "SUB"))
        if parts.scheme in ("http", "https") and parts.netloc:
            img += f" {parts.scheme}://{parts.netloc.replace('SUB', '*').split('{')[0]}"
    return ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'self'")


def user_of(request: Request) -> dict | None:
    return getattr(request.state, "user", None)


async def csrf_guard(request: Request) -> None:
    """App-wide dependency: a state-changing request made with a session cookie must carry its CSRF token."""
    if request.method not in UNSAFE or getattr(request.state, "auth", None) == "token":
        return
    expected = request.state.session["csrf"]
    sent = request.headers.get("x-csrf-token")
    if not sent and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get("csrf_token")
    if not sent or not secrets.compare_digest(str(sent), expected):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


def need(role: str):
    """A dependency: the signed-in user, if their role is at least `role`."""

    def check(request: Request) -> dict:
        user = user_of(request)
        if user is None:
            raise HTTPException(401, "sign in first")
        if ROLE_RANK[user["role"]] < ROLE_RANK[role]:
            raise HTTPException(403, f"this needs the {role} role; {user['name']} is {user['role']}")
        return user

    return check
