"""Workbench sessions, API tokens and server keys: what proves who is asking, kept in the database.

Sessions and tokens are stored as SHA-256 hashes of the secret the client holds, so a copy
of the database cannot be used to sign in. Both expire; a session ends with its user.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import StoreError
from . import schema as t

TOUCH_EVERY = timedelta(minutes=1)  # a token's last use is written at most this often


class TokenError(StoreError):
    code = "bad_token"


def now() -> datetime:
    return datetime.now(timezone.utc)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: every stored time is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


class Accounts:
    """Sessions, API tokens and server keys over one Store's engine."""

    def __init__(self, store):
        self.engine = store.engine

    # -- sessions -----------------------------------------------------------------------------
    def start_session(self, user: str, hours: float) -> tuple[str, dict]:
        """A new session for `user`: returns the cookie value (shown to the client only) and the session."""
        sid = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        started = now()
        with self.engine.begin() as conn:
            pk = conn.execute(select(t.users.c.pk).where(t.users.c.name == user)).scalar()
            if pk is None:
                raise StoreError(f"no user {user!r}")
            conn.execute(delete(t.sessions).where(t.sessions.c.expires_at < started))  # tidy as we go
            conn.execute(insert(t.sessions).values(id=secret_hash(sid), user_pk=pk, csrf=csrf, flash=[],
                                                   created_at=started, expires_at=started + timedelta(hours=hours)))
        return sid, {"user": user, "csrf": csrf, "flash": []}

    def session(self, sid: str | None) -> dict | None:
        """The live session behind a cookie value, with its user's current name and role; None if unknown or expired."""
        if not sid or len(sid) > 200:
            return None
        s, u = t.sessions, t.users
        with self.engine.connect() as conn:
            r = conn.execute(select(s.c.id, s.c.csrf, s.c.flash, s.c.expires_at, u.c.name, u.c.role)
                             .join(u, u.c.pk == s.c.user_pk).where(s.c.id == secret_hash(sid))).first()
        if r is None:
            return None
        if _utc(r.expires_at) <= now():
            self.end_session(sid)
            return None
        return {"user": r.name, "role": r.role, "csrf": r.csrf, "flash": list(r.flash or [])}

    def save_flash(self, sid: str, flash: list) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(t.sessions).where(t.sessions.c.id == secret_hash(sid)).values(flash=flash))

    def end_session(self, sid: str | None) -> None:
        if sid:
            with self.engine.begin() as conn:
                conn.execute(delete(t.sessions).where(t.sessions.c.id == secret_hash(sid)))

    def end_sessions_of(self, user: str) -> None:
        """Sign a user out everywhere (role changed, account deleted)."""
        with self.engine.begin() as conn:
            pk = conn.execute(select(t.users.c.pk).where(t.users.c.name == user)).scalar()
            if pk is not None:
                conn.execute(delete(t.sessions).where(t.sessions.c.user_pk == pk))

    # -- API tokens -----------------------------------------------------------------------------
    def create_token(self, user: str, expires_days: int | None = None) -> str:
        """A new API token for `user`; only its hash is stored, so it is shown once."""
        if expires_days is not None and not 1 <= expires_days <= 36600:
            raise TokenError(f"--expires-days must be at least 1 (got {expires_days})" if expires_days < 1
                             else f"--expires-days must be at most 36600 (got {expires_days})")
        token = "cp_" + secrets.token_urlsafe(32)
        made = now()
        with self.engine.begin() as conn:
            pk = conn.execute(select(t.users.c.pk).where(t.users.c.name == user)).scalar()
            if pk is None:
                raise StoreError(f"no user {user!r}", "Add the user first: counterpoint users add NAME --role ...")
            conn.execute(insert(t.api_tokens).values(
                user_pk=pk, token_hash=secret_hash(token), created_at=made,
                expires_at=made + timedelta(days=expires_days) if expires_days else None))
        return token

    def tokens(self, user: str) -> list[dict]:
        """A user's tokens (never the secret): id, created, expires, last_used."""
        a = t.api_tokens
        with self.engine.connect() as conn:
            pk = conn.execute(select(t.users.c.pk).where(t.users.c.name == user)).scalar()
            if pk is None:
                raise StoreError(f"no user {user!r}")
            rows = conn.execute(select(a.c.pk, a.c.created_at, a.c.expires_at, a.c.last_used_at)
                                .where(a.c.user_pk == pk).order_by(a.c.pk))
            return [{"id": r.pk, "created": _utc(r.created_at), "expires": _utc(r.expires_at),
                     "last_used": _utc(r.last_used_at)} for r in rows]

    def revoke_token(self, token_id: int) -> None:
        with self.engine.begin() as conn:
            if not conn.execute(delete(t.api_tokens).where(t.api_tokens.c.pk == token_id)).rowcount:
                raise TokenError(f"no API token {token_id}", "List them with: counterpoint users tokens NAME")

    def user_for_token(self, token: str) -> dict | None:
        """The token's user, or {"expired": True} for an expired one; records the time of use."""
        if not token or len(token) > 200:
            return None
        a, u = t.api_tokens, t.users
        with self.engine.connect() as conn:
            r = conn.execute(select(a.c.pk, a.c.expires_at, a.c.last_used_at, u.c.name, u.c.role)
                             .join(u, u.c.pk == a.c.user_pk).where(a.c.token_hash == secret_hash(token))).first()
        if r is None:
            return None
        when = now()
        if r.expires_at is not None and _utc(r.expires_at) <= when:
            return {"expired": True}
        if r.last_used_at is None or when - _utc(r.last_used_at) >= TOUCH_EVERY:
            with self.engine.begin() as conn:
                conn.execute(update(a).where(a.c.pk == r.pk).values(last_used_at=when))
        return {"name": r.name, "role": r.role}

    # -- server keys ------------------------------------------------------------------------------
    def server_key(self, name: str) -> bytes:
        """A random key made once per database and shared by every server process on it."""
        with self.engine.connect() as conn:
            value = conn.execute(select(t.server_keys.c.value).where(t.server_keys.c.name == name)).scalar()
        if value is None:
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(t.server_keys).values(name=name, value=secrets.token_hex(32)))
            except IntegrityError:
                pass  # another process made it first
            with self.engine.connect() as conn:
                value = conn.execute(select(t.server_keys.c.value).where(t.server_keys.c.name == name)).scalar()
        return bytes.fromhex(value)
