"""Review: accounts, API tokens, notes, analyst decisions on incidents, and the audit log with undo.

Every decision is written in the terms the linker keeps when it runs again:
  - an incident's `status` (auto | confirmed | rejected), kept for the same incident id;
  - locked `mention_links` (merge, split, move, keep): the mention stays where the analyst put it;
  - `incident_edits`: edited fields, applied on top of whatever the linker computes;
  - `documents.retracted`: the document's mentions leave the linker's input.

Each action stores a snapshot of what it touched before and after (`audit_log.before` /
`after`); undo checks that nothing changed since, then restores the `before` snapshot.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import delete, func, insert, select, update

from ..errors import StoreError
from ..link.figures import count_text
from . import schema as t
from .accounts import Accounts

ROLES = ("viewer", "analyst", "admin")
STATUSES = ("auto", "confirmed", "rejected")
EVENT_TYPES = ("protest", "clash", "assault", "eviction", "arrest", "death", "fire", "crossing", "relocation", "aid",
               "policy")  # the default taxonomy; a replaced taxonomy may add others, so edits are not limited to these
EDITABLE = ("type", "date_start", "date_end", "place", "lat", "lon")
FIGURES = ("killed", "injured", "arrested")
VIOLENT = {"clash", "assault"}


class ReviewError(StoreError):
    code = "bad_request"


class NotFoundError(StoreError):
    code = "not_found"


class ConflictError(StoreError):
    """An edit made on a stale copy: someone changed the incident since it was read."""

    code = "conflict"

    def __init__(self, message: str, *, current: Any = None, hint: str | None = None):
        super().__init__(message, hint or "Reload the page: your values are shown so you can apply them again.")
        self.current = current


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


@lru_cache(maxsize=4)
def _decoy(time_cost: int, memory_cost: int, parallelism: int) -> str:
    """A hash to check unknown names against, made once: the same cost as a real check, so timing tells no names."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism).hash("not-a-password")


# -- composing an incident from its mentions ---------------------------------------------
def _overlap(a: dict, b: dict) -> bool:
    lo = max(x for x in (a.get("min"), b.get("min"), -1) if x is not None)
    hi = min(x for x in (a.get("max"), b.get("max"), 10 ** 12) if x is not None)
    return lo <= hi


def figures_of(mentions: list[dict]) -> list[dict]:
    out = []
    for m in mentions:
        base = {"source": m.get("source"), "document": m.get("document"), "sentence": m.get("sentence")}
        for p in m.get("participants") or []:
            if p.get("count"):
                out.append({**base, "what": "participants", "category": p.get("category"), "count": p["count"]})
        for what in FIGURES:
            if m.get(what):
                cat = next((c.get("category") for c in m.get("casualties") or [] if c.get("what") == what), None)
                out.append({**base, "what": what, "category": cat, "count": m[what]})
    return out


def conflicts_of(mentions: list[dict], figures: list[dict]) -> list[dict]:
    """Where sources disagree: figures that cannot both be true, dates, places, agents of violence."""
    out = []
    groups: dict[tuple, dict[str, list]] = {}
    for f in figures:
        groups.setdefault((f["what"], f["category"]), {}).setdefault(f.get("source") or f.get("document"), []).append(f["count"])
    for (what, cat), by_source in groups.items():
        values = {}
        for src, counts in by_source.items():
            values.setdefault(count_text(counts[0]), (counts[0], []))[1].append(src)
        items = list(values.values())
        if len(items) > 1 and any(not _overlap(a[0], b[0]) for i, a in enumerate(items) for b in items[i + 1:]):
            out.append({"kind": "figure", "what": f"{what} ({cat})" if cat else what,
                        "sides": [{"value": v, "sources": s} for v, s in items]})

    def by(kind: str, what: str, value_of) -> None:
        sides: dict[str, list] = {}
        for m in mentions:
            v = value_of(m)
            src = m.get("source") or m.get("document")
            if v and src not in sides.setdefault(v, []):
                sides[v].append(src)
        if len(sides) > 1:
            srcs = [set(s) for s in sides.values()]
            if any(not (a & b) or a != b for i, a in enumerate(srcs) for b in srcs[i + 1:]):
                out.append({"kind": kind, "what": what, "sides": [{"value": v, "sources": s} for v, s in sides.items()]})

    by("date", "date", lambda m: m.get("date") if m.get("date") and len(m["date"]) == 10 else None)
    by("place", "place", lambda m: m.get("place"))
    by("agent", "agent of violence", lambda m: ", ".join(sorted({p.get("category") for p in m.get("participants") or []
                                                                 if p.get("role") == "agent"})) or None
       if m.get("type") in VIOLENT else None)
    return out


@lru_cache(maxsize=1)
def _linker_build():
    """The linker's own incident builder, when the linker is installed (same figures and conflicts as `link`)."""
    try:
        from ..link import load_rules
        from ..link.incident import build
    except ImportError:
        return None
    rules = load_rules()
    return lambda incident_id, mentions: build(incident_id, mentions, rules)


def compose(incident_id: str, mentions: list[dict], base: dict | None = None) -> dict:
    """An incident in the contract shape from its mentions (after a merge, split, move or retraction)."""
    build = _linker_build()
    if build is not None and mentions:
        inc = {**(base or {}), **build(incident_id, mentions)}
        for k in ("status", "row_version", "edited"):
            inc.pop(k, None)
        return inc
    return _compose(incident_id, mentions, base)


def _compose(incident_id: str, mentions: list[dict], base: dict | None = None) -> dict:
    types = Counter(m.get("type") for m in mentions if m.get("type"))
    dates = sorted(m["date"] for m in mentions if m.get("date"))
    places = Counter(m["place"] for m in mentions if m.get("place"))
    place = places.most_common(1)[0][0] if places else None
    lat, lon = next(((m.get("lat"), m.get("lon")) for m in mentions
                     if m.get("place") == place and m.get("lat") is not None), (None, None))
    figures = figures_of(mentions)
    inc = dict(base or {})
    inc.update({
        "id": incident_id, "type": types.most_common(1)[0][0] if types else (base or {}).get("type"),
        "types": sorted(types), "date_start": dates[0] if dates else None, "date_end": dates[-1] if dates else None,
        "place": place, "lat": lat, "lon": lon,
        "documents": list(dict.fromkeys(m.get("document") for m in mentions if m.get("document"))),
        "sources": list(dict.fromkeys(m.get("source") for m in mentions if m.get("source"))),
        "mentions": mentions, "figures": figures, "conflicts": conflicts_of(mentions, figures),
    })
    for k in ("status", "row_version", "edited"):
        inc.pop(k, None)
    return inc


def reconcile(incidents: list[dict], assignment: dict[str, str], locked: dict[str, str], *,
              mentions: dict[str, dict] | None = None, make=compose) -> tuple[list[dict], dict[str, str]]:
    """Make a linker's result honour analyst placements before `IncidentStore.save`.

    `locked` is `IncidentStore.locked()` (mention key -> incident id). Each locked mention is
    taken out of the incident the linker put it in and put into its locked incident, which is
    created (from `mentions`, key -> mention dict, or the mention found in the linker output)
    when the linker did not produce it; incidents left empty disappear. Changed incidents are
    rebuilt with `make(id, mentions, base)` (the linker may pass its own builder).
    """
    by_id = {inc["id"]: inc for inc in incidents}
    found = {m["key"]: m for inc in incidents for m in inc.get("mentions") or [] if m.get("key")}
    found.update(mentions or {})
    members: dict[str, list[dict]] = {i: list(inc.get("mentions") or []) for i, inc in by_id.items()}
    changed: set[str] = set()
    for key, target in locked.items():
        if key not in found:
            continue  # the mention is gone (reanalysed or retracted)
        for inc_id, ms in members.items():
            if inc_id != target and any(m.get("key") == key for m in ms):
                members[inc_id] = [m for m in ms if m.get("key") != key]
                changed.add(inc_id)
        ms = members.setdefault(target, [])
        if all(m.get("key") != key for m in ms):
            ms.append(found[key])
            changed.add(target)
    out, new_assignment = [], dict(assignment)
    for inc_id, ms in members.items():
        if not ms:
            continue
        out.append(make(inc_id, ms, by_id.get(inc_id)) if inc_id in changed else by_id[inc_id])
        for m in ms:
            if m.get("key"):
                new_assignment[m["key"]] = inc_id
    return out, new_assignment


class IncidentLocks:
    """The locked placements, read the same way as `IncidentStore.locked()`."""

    def __init__(self, engine):
        self.engine = engine

    def locked(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return {r.event_key: r.incident_id for r in conn.execute(
                select(t.mention_links.c.event_key, t.mention_links.c.incident_id).where(t.mention_links.c.locked))}


def _now() -> datetime:
    return datetime.now(timezone.utc)


class ReviewStore:
    """What the workbench reads and decides beyond the linker's IncidentStore."""

    def __init__(self, store):
        self.store = store
        self.engine = store.engine

    # -- accounts ---------------------------------------------------------------------------
    def has_users(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.users)).scalar() > 0

    def users(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [{"name": r.name, "role": r.role, "created_at": r.created_at}
                    for r in conn.execute(select(t.users).order_by(t.users.c.name))]

    def user(self, name: str) -> dict | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(t.users.c.name, t.users.c.role).where(t.users.c.name == name)).first()
            return {"name": r.name, "role": r.role} if r else None

    def add_user(self, name: str, role: str, password: str) -> dict:
        name = (name or "").strip()
        if not name or len(name) > 100:
            raise ReviewError("a user name must have 1 to 100 characters")
        if role not in ROLES:
            raise ReviewError(f"role {role!r} is not one of {', '.join(ROLES)}")
        if len(password or "") < 8:
            raise ReviewError("a password needs at least 8 characters")
        if self.user(name):
            raise ReviewError(f"user {name!r} already exists", hint="Choose another name, or change the role.")
        with self.engine.begin() as conn:
            conn.execute(insert(t.users).values(name=name, role=role, password_hash=_hasher().hash(password)))
        return {"name": name, "role": role}

    def _last_admin(self, conn, name: str) -> bool:
        admins = [r.name for r in conn.execute(select(t.users.c.name).where(t.users.c.role == "admin"))]
        return admins == [name]

    def set_role(self, name: str, role: str) -> None:
        if role not in ROLES:
            raise ReviewError(f"role {role!r} is not one of {', '.join(ROLES)}")
        with self.engine.begin() as conn:
            if role != "admin" and self._last_admin(conn, name):
                raise ReviewError(f"{name} is the last admin", hint="Make another user admin first.")
            if not conn.execute(update(t.users).where(t.users.c.name == name).values(role=role)).rowcount:
                raise NotFoundError(f"no user {name!r}")

    def set_password(self, name: str, password: str) -> None:
        if len(password or "") < 8:
            raise ReviewError("a password needs at least 8 characters")
        with self.engine.begin() as conn:
            if not conn.execute(update(t.users).where(t.users.c.name == name)
                                .values(password_hash=_hasher().hash(password))).rowcount:
                raise NotFoundError(f"no user {name!r}")

    def delete_user(self, name: str) -> None:
        with self.engine.begin() as conn:
            pk = conn.execute(select(t.users.c.pk).where(t.users.c.name == name)).scalar()
            if pk is None:
                raise NotFoundError(f"no user {name!r}")
            if self._last_admin(conn, name):
                raise ReviewError(f"{name} is the last admin", hint="Make another user admin first.")
            conn.execute(delete(t.api_tokens).where(t.api_tokens.c.user_pk == pk))
            conn.execute(delete(t.sessions).where(t.sessions.c.user_pk == pk))
            conn.execute(delete(t.users).where(t.users.c.pk == pk))

    def verify_password(self, name: str, password: str) -> dict | None:
        """The user if the password matches, else None (same cost whether or not the user exists)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        ph = _hasher()
        with self.engine.connect() as conn:
            r = conn.execute(select(t.users).where(t.users.c.name == name)).first()
        stored = r.password_hash if r and r.password_hash else _decoy(ph.time_cost, ph.memory_cost, ph.parallelism)
        try:
            ph.verify(stored, password or "")
        except (VerificationError, InvalidHashError):
            return None
        if not r:
            return None
        if ph.check_needs_rehash(stored):
            self.set_password(name, password)
        return {"name": r.name, "role": r.role}

    def create_token(self, name: str, expires_days: int | None = None) -> str:
        """A new API token for `name` (see `Accounts.create_token`); shown once."""
        if self.user(name) is None:
            raise NotFoundError(f"no user {name!r}", hint="Add the user first: counterpoint users add NAME --role ...")
        return Accounts(self.store).create_token(name, expires_days)

    def user_for_token(self, token: str) -> dict | None:
        user = Accounts(self.store).user_for_token(token)
        return None if user is None or user.get("expired") else user

    # -- reading incidents ------------------------------------------------------------------
    def _edits(self, conn, ids: Iterable[str] | None = None) -> dict[str, dict]:
        q = select(t.incident_edits)
        if ids is not None:
            q = q.where(t.incident_edits.c.incident_id.in_(list(ids)))
        return {r.incident_id: r.fields for r in conn.execute(q)}

    @staticmethod
    def _apply(row, edits: dict | None) -> dict:
        inc = {**row.data, "id": row.id, "status": row.status, "row_version": row.row_version}
        if edits:
            inc.update(edits)
            inc["edited"] = sorted(edits)
        return inc

    def all_incidents(self, *, include_rejected: bool = True) -> list[dict]:
        # undated last on both stores (SQLite puts NULL first, PostgreSQL last); the id breaks ties
        q = select(t.incidents).order_by(t.incidents.c.date_start.asc().nulls_last(), t.incidents.c.id)
        if not include_rejected:
            q = q.where(t.incidents.c.status != "rejected")
        with self.engine.connect() as conn:
            edits = self._edits(conn)
            return [self._apply(r, edits.get(r.id)) for r in conn.execute(q)]

    def incident(self, incident_id: str) -> dict | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(t.incidents).where(t.incidents.c.id == incident_id)).first()
            return self._apply(r, self._edits(conn, [incident_id]).get(incident_id)) if r else None

    def incidents(self, *, type: str | None = None, place: str | None = None, source: str | None = None,
                  date_from: str | None = None, date_to: str | None = None, has_conflict: bool | None = None,
                  status: str | None = None, limit: int | None = None, offset: int = 0) -> tuple[list[dict], int]:
        """Filtered incidents (rejected ones only when asked for by status) and the total before paging."""
        if not (type or place or source or date_from or date_to) and has_conflict is None:
            return self._page(status, limit, offset)
        out = []
        for inc in self.all_incidents(include_rejected=status == "rejected"):
            if status and inc.get("status") != status:
                continue
            if type and type != inc.get("type") and type not in (inc.get("types") or []):
                continue
            if place and place.lower() not in (inc.get("place") or "").lower():
                continue
            if source and source not in (inc.get("sources") or []):
                continue
            start, end = inc.get("date_start"), inc.get("date_end") or inc.get("date_start")
            if date_from and (not end or end < date_from[:len(end)]):
                continue
            if date_to and (not start or start > date_to[:len(start)]):
                continue
            if has_conflict is not None and bool(inc.get("conflicts")) != has_conflict:
                continue
            out.append(inc)
        total = len(out)
        out = out[offset:offset + limit] if limit is not None else out[offset:]
        return out, total

    def _page(self, status: str | None, limit: int | None, offset: int) -> tuple[list[dict], int]:
        """One page in SQL, for a list filtered by status alone (what `incidents` gives then):
        reading and decoding every incident to return the first thousand cost seconds at 8k."""
        inc = t.incidents
        where = inc.c.status == status if status else inc.c.status != "rejected"
        q = select(inc).where(where).order_by(inc.c.date_start.asc().nulls_last(), inc.c.id).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            total = int(conn.execute(select(func.count()).select_from(inc).where(where)).scalar() or 0)
            rows = conn.execute(q).fetchall()
            edits = self._edits(conn, [r.id for r in rows]) if rows else {}
        return [self._apply(r, edits.get(r.id)) for r in rows], total

    def facets(self) -> dict[str, list]:
        types, places, sources = Counter(), Counter(), Counter()
        for inc in self.all_incidents(include_rejected=False):
            types.update(inc.get("types") or [inc.get("type")])
            if inc.get("place"):
                places[inc["place"]] += 1
            sources.update(inc.get("sources") or [])
        return {"types": sorted(k for k in types if k), "places": sorted(places), "sources": sorted(sources)}

    def incidents_of_document(self, doc_id: str) -> list[dict]:
        return [i for i in self.all_incidents() if doc_id in (i.get("documents") or [])]

    def events_by_key(self, keys: Iterable[str]) -> dict[str, dict]:
        """The stored events behind mention keys (trigger, offsets, evidence: what an incident's mentions may omit)."""
        keys = list(keys)
        if not keys:
            return {}
        with self.engine.connect() as conn:
            return {r.key: r.data for r in conn.execute(select(t.events.c.key, t.events.c.data)
                                                        .where(t.events.c.key.in_(keys)))}

    # -- reading documents and sources ------------------------------------------------------
    def document(self, doc_id: str) -> dict | None:
        """The document's contract, its retraction flag, and each event's key and incident."""
        doc = self.store.document(doc_id)
        if doc is None:
            return None
        d = doc.to_contract()
        with self.engine.connect() as conn:
            row = conn.execute(select(t.documents.c.retracted, t.documents.c.version, t.documents.c.pk)
                               .where(t.documents.c.doc_id == doc_id, t.documents.c.is_current)).first()
            keys = [r.key for r in conn.execute(select(t.events.c.key).where(t.events.c.document_pk == row.pk)
                                                .order_by(t.events.c.pk))]
            links = {r.event_key: r for r in conn.execute(select(t.mention_links).where(t.mention_links.c.event_key.in_(keys)))}
        for ev, key in zip(d["events"], keys):
            ev["key"] = key
            link = links.get(key)
            ev["incident"] = link.incident_id if link else None
            ev["locked"] = bool(link.locked) if link else False
        d["retracted"] = bool(row.retracted)
        d["version"] = row.version
        return d

    def documents(self, *, source: str | None = None) -> list[dict]:
        d = t.documents
        q = (select(d.c.doc_id, d.c.source, d.c.title, d.c.published, d.c.language, d.c.duplicate_of, d.c.retracted)
             .where(d.c.is_current).order_by(d.c.published.asc().nulls_last(), d.c.doc_id))
        if source is not None:
            q = q.where(d.c.source == source)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def sources(self) -> list[dict]:
        d = t.documents
        with self.engine.connect() as conn:
            profiled = {r.source for r in conn.execute(select(t.profiles.c.source))}
            return [{"source": r.source, "documents": r.n, "profiled": r.source in profiled} for r in conn.execute(
                select(d.c.source, func.count().label("n")).where(d.c.is_current, d.c.source.is_not(None))
                .group_by(d.c.source).order_by(d.c.source))]

    def source_profile(self, source: str) -> dict | None:
        """The linker's stored profile (None if `counterpoint profile` has not run) and counts from the analysis."""
        d, e, q = t.documents, t.events, t.quotes
        with self.engine.connect() as conn:
            pks = [r.pk for r in conn.execute(select(d.c.pk).where(d.c.is_current, d.c.source == source))]
            if not pks:
                return None
            stored = conn.execute(select(t.profiles.c.data).where(t.profiles.c.source == source)).scalar()
            labels, agents, targets, voices = Counter(), Counter(), Counter(), Counter()
            for r in conn.execute(select(d.c.migrant_labels).where(d.c.pk.in_(pks))):
                labels.update(r.migrant_labels or [])
            for r in conn.execute(select(e.c.data).where(e.c.document_pk.in_(pks))):
                if r.data.get("type") not in VIOLENT:
                    continue
                for p in r.data.get("participants") or []:
                    (agents if p.get("role") == "agent" else targets if p.get("role") == "target" else Counter())[p.get("category")] += 1
            for r in conn.execute(select(q.c.speaker_category).where(q.c.document_pk.in_(pks))):
                voices[r.speaker_category or "other"] += 1
        return {"source": source, "documents": len(pks), "profile": stored,
                "labels": dict(labels.most_common()), "agents": dict(agents.most_common()),
                "targets": dict(targets.most_common()), "voices": dict(voices.most_common())}

    # -- notes, audit, queue ----------------------------------------------------------------
    def notes(self, incident_id: str) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(t.notes).where(t.notes.c.incident_id == incident_id).order_by(t.notes.c.pk))]

    def add_note(self, incident_id: str, text: str, user: str | None) -> int:
        text = (text or "").strip()
        if not text:
            raise ReviewError("a note cannot be empty")
        if self.incident(incident_id) is None:
            raise NotFoundError(f"no incident {incident_id!r}")
        with self.engine.begin() as conn:
            pk = conn.execute(insert(t.notes).values(incident_id=incident_id, user=user, text=text)).inserted_primary_key[0]
            conn.execute(insert(t.audit_log).values(user=user, action="note", target=incident_id, before=None,
                                                    after={"note": pk, "text": text}, undone=False))
        return pk

    def audit(self, *, target: str | None = None, limit: int = 200) -> list[dict]:
        """Audit entries, newest first, each with `changes`: what it did in words (before -> after)."""
        q = select(t.audit_log).order_by(t.audit_log.c.pk.desc()).limit(limit)
        if target is not None:
            q = q.where(t.audit_log.c.target == target)
        with self.engine.connect() as conn:
            return [{**dict(r._mapping), "changes": changes(r.before, r.after)} for r in conn.execute(q)]

    def queue(self, limit: int = 50, offset: int = 0) -> list[dict]:
        """The weakest automatic placements first (`score` is the linker's confidence that the
        mention belongs to its incident, or stands alone): the ones most worth an analyst's look."""
        ml, e, d = t.mention_links, t.events, t.documents
        q = (select(ml.c.event_key, ml.c.incident_id, ml.c.score, ml.c.score.label("confidence"), ml.c.features,
                    e.c.sentence, e.c.type, e.c.date, e.c.place, d.c.doc_id, d.c.source)
             .join(e, e.c.key == ml.c.event_key, isouter=True).join(d, d.c.pk == e.c.document_pk, isouter=True)
             .where(*self._in_queue()).order_by(ml.c.score, ml.c.event_key).limit(limit).offset(offset))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def queue_size(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.mention_links).where(*self._in_queue())).scalar_one()

    @staticmethod
    def _in_queue():
        return t.mention_links.c.score.is_not(None), t.mention_links.c.locked.is_(False)

    def decisions(self) -> dict:
        """Everything an analyst decided, in the terms a linker honours (see the module docstring)."""
        with self.engine.connect() as conn:
            locked: dict[str, list[str]] = {}
            for r in conn.execute(select(t.mention_links.c.event_key, t.mention_links.c.incident_id)
                                  .where(t.mention_links.c.locked).order_by(t.mention_links.c.event_key)):
                locked.setdefault(r.incident_id, []).append(r.event_key)
            status = {r.id: r.status for r in conn.execute(select(t.incidents.c.id, t.incidents.c.status)
                                                           .where(t.incidents.c.status != "auto"))}
            return {"locked": locked, "status": status, "edits": self._edits(conn),
                    "retracted": [r.doc_id for r in conn.execute(select(t.documents.c.doc_id)
                                                                 .where(t.documents.c.retracted, t.documents.c.is_current))]}

    def constraints(self) -> dict[str, list[tuple[str, str]]]:
        """Must-link and cannot-link pairs of mention keys for the linker (`link_mentions(..., **constraints)`).

        must-link: the locked mentions of each incident, chained; cannot-link: one pair per split
        or move that is still in force (not undone, both mentions still locked apart).
        """
        locked = IncidentLocks(self.engine).locked()
        groups: dict[str, list[str]] = {}
        for key, inc_id in sorted(locked.items()):
            groups.setdefault(inc_id, []).append(key)
        must = [(ks[i], ks[i + 1]) for ks in groups.values() for i in range(len(ks) - 1)]
        cannot: set[tuple[str, str]] = set()
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.audit_log.c.action, t.audit_log.c.before, t.audit_log.c.after)
                                .where(t.audit_log.c.action.in_(["split", "move"]), t.audit_log.c.undone.is_(False)))
            for r in rows:
                before, after = r.before or {}, r.after or {}
                for key, link in (after.get("links") or {}).items():
                    old = ((before.get("links") or {}).get(key) or {}).get("incident_id")
                    new = (link or {}).get("incident_id")
                    if not old or old == new:
                        continue
                    partner = next((k for k in sorted(groups.get(old, [])) if k != key), None)
                    if partner and locked.get(key) == new and locked.get(partner) == old:
                        cannot.add(tuple(sorted((key, partner))))
        return {"must_link": must, "cannot_link": sorted(cannot)}

    # -- snapshots (what undo restores) -------------------------------------------------------
    def _snapshot(self, conn, *, incidents: Iterable[str] = (), keys: Iterable[str] = (),
                  documents: Iterable[str] = ()) -> dict:
        ids, keys, docs = sorted(set(incidents)), sorted(set(keys)), sorted(set(documents))
        snap: dict[str, dict] = {"incidents": {i: None for i in ids}, "links": {k: None for k in keys},
                                 "edits": {i: None for i in ids}, "documents": {}}
        if ids:
            for r in conn.execute(select(t.incidents).where(t.incidents.c.id.in_(ids))):
                snap["incidents"][r.id] = {c: getattr(r, c) for c in
                                           ("id", "type", "date_start", "date_end", "place", "lat", "lon",
                                            "status", "data", "row_version")}
            snap["edits"].update(self._edits(conn, ids))
        if keys:
            for r in conn.execute(select(t.mention_links).where(t.mention_links.c.event_key.in_(keys))):
                snap["links"][r.event_key] = {"incident_id": r.incident_id, "score": r.score,
                                              "features": r.features, "locked": bool(r.locked)}
        if docs:
            for r in conn.execute(select(t.documents.c.doc_id, t.documents.c.retracted)
                                  .where(t.documents.c.doc_id.in_(docs), t.documents.c.is_current)):
                snap["documents"][r.doc_id] = bool(r.retracted)
        return snap

    @staticmethod
    def _scope(snap: dict) -> dict:
        return {"incidents": list(snap["incidents"]), "keys": list(snap["links"]), "documents": list(snap["documents"])}

    def _restore(self, conn, snap: dict) -> None:
        for inc_id, row in snap["incidents"].items():
            current = conn.execute(select(t.incidents.c.row_version).where(t.incidents.c.id == inc_id)).scalar()
            if row is None:
                conn.execute(delete(t.incidents).where(t.incidents.c.id == inc_id))
                continue
            # a restored row gets a new version so that forms opened before the undo are stale
            values = {**row, "row_version": max(row["row_version"], current or 0) + 1, "updated_at": _now()}
            if current is None:
                conn.execute(insert(t.incidents).values(**values))
            else:
                conn.execute(update(t.incidents).where(t.incidents.c.id == inc_id).values(**values))
        for inc_id, fields in snap["edits"].items():
            conn.execute(delete(t.incident_edits).where(t.incident_edits.c.incident_id == inc_id))
            if fields:
                conn.execute(insert(t.incident_edits).values(incident_id=inc_id, fields=fields))
        for key, link in snap["links"].items():
            conn.execute(delete(t.mention_links).where(t.mention_links.c.event_key == key))
            if link:
                conn.execute(insert(t.mention_links).values(event_key=key, **link))
        for doc_id, retracted in snap["documents"].items():
            conn.execute(update(t.documents).where(t.documents.c.doc_id == doc_id, t.documents.c.is_current)
                         .values(retracted=retracted))

    def _record(self, conn, user, action, target, before) -> int:
        after = self._snapshot(conn, **self._scope(before))
        return conn.execute(insert(t.audit_log).values(user=user, action=action, target=target, before=before,
                                                       after=after, undone=False)).inserted_primary_key[0]

    # -- actions ------------------------------------------------------------------------------
    def _load(self, conn, incident_id: str, row_version: int | None) -> Any:
        r = conn.execute(select(t.incidents).where(t.incidents.c.id == incident_id)).first()
        if r is None:
            raise NotFoundError(f"no incident {incident_id!r}")
        if row_version is not None and int(row_version) != r.row_version:
            raise ConflictError(f"incident {incident_id} was changed by someone else (you had version {row_version}, "
                                f"it is now at version {r.row_version}); nothing was saved", current=r.row_version)
        return r

    def _write(self, conn, r, data: dict, **values) -> None:
        """Write an incident and bump its version; the WHERE on the old version catches a concurrent writer."""
        cols = {k: data.get(k) for k in ("type", "date_start", "date_end", "place", "lat", "lon")}
        res = conn.execute(update(t.incidents).where(t.incidents.c.id == r.id, t.incidents.c.row_version == r.row_version)
                           .values(**cols, data=data, row_version=r.row_version + 1, updated_at=_now(), **values))
        if res.rowcount != 1:
            raise ConflictError(f"incident {r.id} was changed by someone else while saving; nothing was saved")

    @staticmethod
    def _keys(data: dict) -> list[str]:
        return [m["key"] for m in data.get("mentions") or [] if m.get("key")]

    def _lock(self, conn, keys: Iterable[str], incident_id: str) -> None:
        for key in keys:
            res = conn.execute(update(t.mention_links).where(t.mention_links.c.event_key == key)
                               .values(incident_id=incident_id, locked=True))
            if not res.rowcount:
                conn.execute(insert(t.mention_links).values(event_key=key, incident_id=incident_id, locked=True))

    def set_status(self, incident_id: str, status: str, row_version: int | None, user: str | None) -> dict:
        """Confirm or reject an incident (or put it back to auto); the linker keeps the status."""
        if status not in STATUSES:
            raise ReviewError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        with self.engine.begin() as conn:
            r = self._load(conn, incident_id, row_version)
            before = self._snapshot(conn, incidents=[incident_id])
            self._write(conn, r, r.data, status=status)
            self._record(conn, user, {"confirmed": "confirm", "rejected": "reject"}.get(status, "reopen"), incident_id, before)
        return self.incident(incident_id)

    def edit(self, incident_id: str, fields: dict, row_version: int | None, user: str | None) -> dict:
        """Change incident fields; they are kept in `incident_edits` so relinking does not undo them."""
        bad = sorted(set(fields) - set(EDITABLE))
        if bad:
            raise ReviewError(f"cannot edit {', '.join(bad)}; editable fields are {', '.join(EDITABLE)}")
        clean = {}
        for k, v in fields.items():
            v = v.strip() if isinstance(v, str) else v
            if v in ("", None):
                v = None
            elif k in ("lat", "lon"):
                try:
                    v = float(v)
                except (TypeError, ValueError):
                    raise ReviewError(f"{k}={v!r} is not a number") from None
                if not (-90 <= v <= 90 if k == "lat" else -180 <= v <= 180):
                    raise ReviewError(f"{k}={v} is out of range")
            elif k in ("date_start", "date_end"):
                v = str(v)
                if not _valid_date(v):
                    raise ReviewError(f"{k}={v!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
            clean[k] = v
        with self.engine.begin() as conn:
            r = self._load(conn, incident_id, row_version)
            before = self._snapshot(conn, incidents=[incident_id])
            shown = {**r.data, **(before["edits"].get(incident_id) or {})}
            clean = {k: v for k, v in clean.items() if v != shown.get(k)}  # saving an unchanged form pins nothing
            if not clean:
                return self._apply(r, before["edits"].get(incident_id))
            edits = {**(before["edits"].get(incident_id) or {}), **clean}
            conn.execute(delete(t.incident_edits).where(t.incident_edits.c.incident_id == incident_id))
            conn.execute(insert(t.incident_edits).values(incident_id=incident_id, fields=edits, user=user))
            self._write(conn, r, {**r.data, **clean})
            self._record(conn, user, "edit", incident_id, before)
        return self.incident(incident_id)

    def merge(self, ids: list[str], row_versions: dict[str, int] | None, user: str | None) -> dict:
        """Merge incidents into the first: every mention is locked to it; the others disappear."""
        ids = list(dict.fromkeys(i for i in ids if i))
        if len(ids) < 2:
            raise ReviewError("merging needs at least two different incidents")
        versions = row_versions or {}
        with self.engine.begin() as conn:
            rows = [self._load(conn, i, versions.get(i)) for i in ids]
            mentions = list({m.get("key") or id(m): m for r in rows for m in r.data.get("mentions") or []}.values())
            keys = [m["key"] for m in mentions if m.get("key")]
            before = self._snapshot(conn, incidents=ids, keys=keys)
            target = rows[0]
            status = "confirmed" if any(r.status == "confirmed" for r in rows) else target.status
            self._write(conn, target, compose(target.id, mentions, target.data), status=status)
            for r in rows[1:]:
                conn.execute(delete(t.incidents).where(t.incidents.c.id == r.id))
                conn.execute(delete(t.incident_edits).where(t.incident_edits.c.incident_id == r.id))
                conn.execute(update(t.notes).where(t.notes.c.incident_id == r.id).values(incident_id=target.id))
            self._lock(conn, keys, target.id)
            self._record(conn, user, "merge", target.id, before)
        return self.incident(target.id)

    def split(self, incident_id: str, keys: list[str], row_version: int | None, user: str | None) -> dict:
        """Move the given mentions out into a new incident; both sides' mentions are locked."""
        with self.engine.begin() as conn:
            r = self._load(conn, incident_id, row_version)
            mentions = r.data.get("mentions") or []
            chosen = set(keys)
            out = [m for m in mentions if m.get("key") in chosen]
            stay = [m for m in mentions if m.get("key") not in chosen]
            if not out or not stay:
                raise ReviewError("choose some, but not all, of the incident's mentions to split off")
            n = 2
            while conn.execute(select(t.incidents.c.id).where(t.incidents.c.id == f"{incident_id}-{n}")).first():
                n += 1
            new_id = f"{incident_id}-{n}"
            before = self._snapshot(conn, incidents=[incident_id, new_id], keys=self._keys(r.data))
            self._write(conn, r, compose(r.id, stay, r.data))
            data = compose(new_id, out)
            conn.execute(insert(t.incidents).values(id=new_id, type=data["type"], date_start=data["date_start"],
                                                    date_end=data["date_end"], place=data["place"], lat=data["lat"],
                                                    lon=data["lon"], status="auto", data=data, row_version=1))
            self._lock(conn, self._keys(compose(r.id, stay)), r.id)
            self._lock(conn, self._keys(data), new_id)
            self._record(conn, user, "split", incident_id, before)
        return self.incident(new_id)

    def _mention(self, conn, key: str) -> dict | None:
        e, d = t.events, t.documents
        r = conn.execute(select(e.c.data, d.c.doc_id, d.c.source).join(d, d.c.pk == e.c.document_pk)
                         .where(e.c.key == key)).first()
        return {**r.data, "key": key, "document": r.doc_id, "source": r.source} if r else None

    def move_mention(self, key: str, target_id: str, user: str | None) -> dict:
        """Put one mention into another incident (or keep it where it is) and lock it there."""
        with self.engine.begin() as conn:
            link = conn.execute(select(t.mention_links).where(t.mention_links.c.event_key == key)).first()
            source_id = link.incident_id if link else None
            target = self._load(conn, target_id, None)
            source = self._load(conn, source_id, None) if source_id and source_id != target_id else None
            before = self._snapshot(conn, incidents=[i for i in (source_id, target_id) if i], keys=[key])
            mention = next((m for m in (source.data.get("mentions") if source else target.data.get("mentions")) or []
                            if m.get("key") == key), None) or self._mention(conn, key)
            if mention is None:
                raise NotFoundError(f"no event mention {key!r}")
            if source is not None:
                rest = [m for m in source.data.get("mentions") or [] if m.get("key") != key]
                if rest:
                    self._write(conn, source, compose(source.id, rest, source.data))
                else:
                    conn.execute(delete(t.incidents).where(t.incidents.c.id == source.id))
            if all(m.get("key") != key for m in target.data.get("mentions") or []):
                self._write(conn, target, compose(target.id, [*(target.data.get("mentions") or []), mention], target.data))
            self._lock(conn, [key], target_id)
            self._record(conn, user, "move" if source is not None else "keep", key, before)
        return self.incident(target_id)

    def retract(self, doc_id: str, user: str | None) -> list[str]:
        """Take a document out of the incidents (it stays stored, flagged retracted); returns the incidents touched."""
        d, e = t.documents, t.events
        with self.engine.begin() as conn:
            row = conn.execute(select(d.c.pk, d.c.retracted).where(d.c.doc_id == doc_id, d.c.is_current)).first()
            if row is None:
                raise NotFoundError(f"no document {doc_id!r}")
            if row.retracted:
                raise ReviewError(f"document {doc_id} is already retracted")
            keys = [r.key for r in conn.execute(select(e.c.key).where(e.c.document_pk == row.pk))]
            touched = [r for r in conn.execute(select(t.incidents)) if doc_id in (r.data.get("documents") or [])
                       or any(m.get("document") == doc_id for m in r.data.get("mentions") or [])]
            before = self._snapshot(conn, incidents=[r.id for r in touched], keys=keys, documents=[doc_id])
            conn.execute(update(d).where(d.c.pk == row.pk).values(retracted=True))
            conn.execute(delete(t.mention_links).where(t.mention_links.c.event_key.in_(keys)))
            for r in touched:
                rest = [m for m in r.data.get("mentions") or [] if m.get("document") != doc_id]
                if rest:
                    self._write(conn, r, compose(r.id, rest, r.data))
                else:
                    conn.execute(delete(t.incidents).where(t.incidents.c.id == r.id))
            self._record(conn, user, "retract", doc_id, before)
        return [r.id for r in touched]

    def undo(self, audit_pk: int, user: str | None) -> dict:
        """Restore what an action changed, if nothing has changed it since; recorded as an `undo` entry."""
        with self.engine.begin() as conn:
            entry = conn.execute(select(t.audit_log).where(t.audit_log.c.pk == audit_pk)).first()
            if entry is None:
                raise NotFoundError(f"no audit entry {audit_pk}")
            if entry.undone:
                raise ReviewError(f"audit entry {audit_pk} is already undone")
            if entry.action == "note":
                conn.execute(delete(t.notes).where(t.notes.c.pk == (entry.after or {}).get("note")))
                before = after = None
            else:
                if not entry.before:
                    raise ReviewError(f"audit entry {audit_pk} ({entry.action}) cannot be undone")
                now = self._snapshot(conn, **self._scope(entry.after))
                if _fingerprint(now) != _fingerprint(entry.after):
                    raise ConflictError(f"cannot undo {entry.action} #{audit_pk}: what it changed has changed since "
                                        "(a later edit or a relink)", hint="Undo the later changes first.")
                before = now
                self._restore(conn, entry.before)
                after = self._snapshot(conn, **self._scope(entry.before))
            conn.execute(update(t.audit_log).where(t.audit_log.c.pk == audit_pk).values(undone=True))
            pk = conn.execute(insert(t.audit_log).values(user=user, action="undo", target=f"{entry.action} #{audit_pk}",
                                                         before=before, after=after, undone=False)).inserted_primary_key[0]
        return {"undone": audit_pk, "audit": pk, "action": entry.action, "target": entry.target}


def changes(before: dict | None, after: dict | None) -> list[str]:
    """A readable list of what an audit entry changed, from its two snapshots."""
    if not isinstance(before, dict) or not isinstance(after, dict) or "incidents" not in before:
        return [f"note: {after.get('text')}"] if isinstance(after, dict) and "note" in after else []
    out = []
    for inc_id in sorted(set(before["incidents"]) | set(after.get("incidents", {}))):
        b, a = before["incidents"].get(inc_id), after.get("incidents", {}).get(inc_id)
        if b is None and a is None:
            continue
        if b is None:
            out.append(f"{inc_id}: created with {len(a['data'].get('mentions') or [])} mention(s)")
            continue
        if a is None:
            out.append(f"{inc_id}: removed ({len(b['data'].get('mentions') or [])} mention(s))")
            continue
        eb = {**b, **((before.get("edits") or {}).get(inc_id) or {})}
        ea = {**a, **((after.get("edits") or {}).get(inc_id) or {})}
        for f in ("status", *EDITABLE):
            if eb.get(f) != ea.get(f):
                out.append(f"{inc_id}: {f} {eb.get(f)} → {ea.get(f)}")
        nb, na = len(b["data"].get("mentions") or []), len(a["data"].get("mentions") or [])
        if nb != na:
            out.append(f"{inc_id}: mentions {nb} → {na}")
    moved = [k for k, v in (after.get("links") or {}).items() if v != (before.get("links") or {}).get(k)]
    if moved:
        out.append(f"{len(moved)} mention placement(s) changed")
    for doc_id, flag in (after.get("documents") or {}).items():
        if flag != (before.get("documents") or {}).get(doc_id):
            out.append(f"document {doc_id}: {'retracted' if flag else 'restored'}")
    return out


def _fingerprint(snap: dict) -> dict:
    """What must be unchanged for an undo to be safe: incident contents, placements, flags, edits.

    Contents rather than row versions, so that undoing a later change first makes an earlier one undoable.
    """
    return {"incidents": {k: {c: x for c, x in v.items() if c != "row_version"} if v else None
                          for k, v in snap["incidents"].items()},
            "links": {k: (v["incident_id"], v["locked"]) if v else None for k, v in snap["links"].items()},
            "edits": snap["edits"], "documents": snap["documents"]}


def _valid_date(v: str) -> bool:
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        if len(v) == n:
            try:
                datetime.strptime(v, fmt)
                return True
            except ValueError:
                return False
    return False
