"""Who may ask and how: the Host check, client addresses behind proxies, CSRF, login limits, roles, headers.

Sessions are made only at login and kept in the database (`store.accounts`): the cookie
holds a random id, HttpOnly and SameSite=Lax, Secure over HTTPS or behind a configured
proxy. Visitors who are not signed in (and the single user of single-user mode) get no
stored session: their CSRF token is a signed random value in a cookie of their own, which
the form must send back (a page on another port of this machine can set cookies for it,
but cannot sign one). Requests authenticated by an API token (Authorization: Bearer) carry
no cookie and need no CSRF token.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import re
import secrets
import threading
import time
from collections import deque
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

COOKIE = "cp_session"
CSRF_COOKIE = "cp_csrf"
FLASH_COOKIE = "cp_flash"
ROLE_RANK = {"viewer": 0, "analyst": 1, "admin": 2}
PUBLIC_PREFIXES = ("/login", "/static/", "/assets/", "/favicon.ico")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
HOST_HEADER = re.compile(r"(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?")


def host_allowed(host_header: str | None, names: tuple[str, ...] = (), port: int | None = None) -> bool:
    """Whether the Host header names this workbench exactly: a loopback literal or a configured name,
    with the bound port or none. A DNS-rebinding page asks with its own name (127.0.0.1.evil.example)."""
    m = HOST_HEADER.fullmatch(host_header or "")
    if not m:
        return False
    name, given = m.group(1).lower(), m.group(2)
    if name not in LOCAL_NAMES and name not in names:
        return False
    return given is None or port is None or int(given) == port


def _in(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def from_proxy(request: Request, networks) -> bool:
    """Whether the request came straight from a configured reverse proxy."""
    return bool(networks) and request.client is not None and _in(request.client.host, networks)


def client_address(request: Request, networks=()) -> str:
    """The asking machine: the peer, or behind a configured proxy the last X-Forwarded-For hop it did not add.

    Without a configured proxy X-Forwarded-For is ignored: anyone can write it.
    """
    peer = request.client.host if request.client else "?"
    if not from_proxy(request, networks):
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if h.strip()]
    for hop in reversed(hops):
        if not _in(hop, networks):
            return hop
    return hops[0] if hops else peer


def is_https(request: Request, networks=()) -> bool:
    """Served over HTTPS: directly, or behind a configured proxy unless it says the client used plain http."""
    if request.url.scheme == "https":
        return True
    if from_proxy(request, networks):
        proto = request.headers.get("x-forwarded-proto", "https").split(",")[-1].strip().lower()
        return proto != "http"
    return False


def is_loopback(host: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(host or "")
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


class Signer:
    """HMAC signatures for the cookies of visitors without a stored session (CSRF token, flash messages)."""

    def __init__(self, key: bytes):
        self.key = key

    def _mac(self, purpose: str, value: str) -> str:
        return hmac.new(self.key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    def sign(self, purpose: str, value: str) -> str:
        return f"{value}.{self._mac(purpose, value)}"

    def unsign(self, purpose: str, signed: str | None) -> str | None:
        if not signed or len(signed) > 4096 or "." not in signed:
            return None
        value, mac = signed.rsplit(".", 1)
        return value if hmac.compare_digest(mac, self._mac(purpose, value)) else None

    def new_csrf(self) -> str:
        return self.sign("csrf", secrets.token_urlsafe(24))

    def csrf_of(self, cookie: str | None) -> str | None:
        return cookie if self.unsign("csrf", cookie) is not None else None

    def pack_flash(self, flash: list) -> str:
        raw = json.dumps(flash[-5:], ensure_ascii=True)[:2000]
        return self.sign("flash", base64.urlsafe_b64encode(raw.encode()).decode())

    def unpack_flash(self, cookie: str | None) -> list:
        value = self.unsign("flash", cookie)
        if value is None:
            return []
        try:
            data = json.loads(base64.urlsafe_b64decode(value.encode()))
        except ValueError:
            return []
        return [tuple(x) for x in data if isinstance(x, list) and len(x) == 2 and all(isinstance(v, str) for v in x)]


class LoginSlots:
    """At most `n` password checks at once: argon2 is dear on purpose, so a flood must not queue them up."""

    def __init__(self, n: int):
        self._sem = threading.BoundedSemaphore(n)

    def take(self) -> bool:
        return self._sem.acquire(blocking=False)

    def give_back(self) -> None:
        self._sem.release()


class LoginLimiter:
    """At most `limit` failed logins per user name and client address in `window` seconds."""

    def __init__(self, limit: int = 5, window: float = 60.0):
        self.limit, self.window = limit, window
        self._fails: dict[tuple[str, str], deque] = {}
        self._lock = threading.Lock()

    def _recent(self, key) -> deque:
        if len(self._fails) > 10000:  # many names tried: forget the quiet ones
            cutoff = time.time() - self.window
            for k in [k for k, q in self._fails.items() if not q or q[-1] < cutoff]:
                del self._fails[k]
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
    if not sent or not expected or not secrets.compare_digest(str(sent).encode(), expected.encode()):
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
