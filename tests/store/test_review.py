"""ReviewStore: accounts, tokens, analyst decisions, audit with undo, optimistic locking; and search."""
from __future__ import annotations


import pytest
from sqlalchemy import select

from counterpoint.store import IncidentStore
from counterpoint.store import schema as t
from counterpoint.store.review import ConflictError, NotFoundError, ReviewError, ReviewStore, compose
from counterpoint.store.search import Search, segments
from tests.review_data import HOSTILE_ID, build, relink



@pytest.fixture
def store(db_url):
    return build(db_url)


@pytest.fixture
def review(store):
    return ReviewStore(store)


def _keys(inc):
    return sorted(m["key"] for m in inc["mentions"])


def test_review_users_hash_passwords_and_verify(review):
    review.add_user("ana", "analyst", "correct horse")
    with review.engine.connect() as conn:
        stored = conn.execute(select(t.users.c.password_hash)).scalar()
    assert stored.startswith("$argon2") and "correct horse" not in stored
    assert review.verify_password("ana", "correct horse") == {"name": "ana", "role": "analyst"}
    assert review.verify_password("ana", "wrong password") is None
    assert review.verify_password("nobody", "correct horse") is None
    assert review.has_users()


@pytest.mark.parametrize("name,role,password,message", [
    ("ana", "boss", "long enough", "role 'boss'"),
    ("ana", "viewer", "short", "at least 8"),
    ("", "viewer", "long enough", "1 to 100"),
])
def test_review_add_user_rejects_bad_input(review, name, role, password, message):
    with pytest.raises(ReviewError, match=message):
        review.add_user(name, role, password)


def test_review_add_user_rejects_duplicate(review):
    review.add_user("ana", "viewer", "long enough")
    with pytest.raises(ReviewError, match="already exists"):
        review.add_user("ana", "admin", "long enough")


def test_review_token_is_stored_only_as_hash(review):
    review.add_user("bot", "viewer", "long enough")
    token = review.create_token("bot")
    with review.engine.connect() as conn:
        hashes = [r.token_hash for r in conn.execute(select(t.api_tokens))]
    assert token not in hashes and len(hashes) == 1
    assert review.user_for_token(token) == {"name": "bot", "role": "viewer"}
    assert review.user_for_token(token + "x") is None
    with pytest.raises(NotFoundError):
        review.create_token("ghost")


def test_review_edit_with_stale_version_raises_conflict(review):
    inc = review.incident("inc-evict")
    review.edit("inc-evict", {"place": "Calais (canal)"}, inc["row_version"], "ana")
    with pytest.raises(ConflictError, match="changed by someone else"):
        review.edit("inc-evict", {"place": "Coquelles"}, inc["row_version"], "bob")
    assert review.incident("inc-evict")["place"] == "Calais (canal)"


@pytest.mark.parametrize("fields,message", [({"lat": "north"}, "not a number"), ({"lat": 123}, "out of range"),
                                            ({"date_start": "1 March"}, "YYYY-MM-DD"), ({"title": "x"}, "cannot edit")])
def test_review_edit_validates_fields(review, fields, message):
    with pytest.raises(ReviewError, match=message):
        review.edit("inc-evict", fields, None, "ana")


def test_review_edit_and_status_survive_relink(store, review):
    v = review.incident("inc-evict")["row_version"]
    review.edit("inc-evict", {"place": "Calais, rue des Garennes", "date_start": "2021-02-28"}, v, "ana")
    review.set_status("inc-evict", "confirmed", None, "ana")
    relink(store)
    inc = review.incident("inc-evict")
    assert inc["place"] == "Calais, rue des Garennes" and inc["date_start"] == "2021-02-28"
    assert inc["status"] == "confirmed" and inc["edited"] == ["date_start", "place"]


def test_review_merge_locks_mentions_and_undo_restores(store, review):
    before = {i["id"]: _keys(i) for i in review.all_incidents()}
    merged = review.merge(["inc-evict", "inc-hostile"], {"inc-evict": 1}, "ana")
    assert merged["id"] == "inc-evict" and len(merged["mentions"]) == 3
    assert review.incident("inc-hostile") is None
    locked = IncidentStore(store).locked()
    assert sorted(k for k, i in locked.items() if i == "inc-evict") == _keys(merged)
    entry = review.audit(limit=1)[0]
    assert entry["action"] == "merge" and entry["user"] == "ana"
    review.undo(entry["pk"], "ana")
    assert {i["id"]: _keys(i) for i in review.all_incidents()} == before
    assert IncidentStore(store).locked() == {}


def test_review_merge_keeps_locks_across_relink(store, review):
    review.merge(["inc-evict", "inc-hostile"], None, "ana")
    relink(store)  # a linker that ignores locks still cannot drop the locked placements
    assert set(IncidentStore(store).locked().values()) == {"inc-evict"}
    assert len(IncidentStore(store).locked()) == 3


def test_review_merge_needs_two_incidents(review):
    with pytest.raises(ReviewError, match="at least two"):
        review.merge(["inc-evict", "inc-evict"], None, "ana")


def test_review_split_creates_incident_and_locks_both_sides(store, review):
    inc = review.incident("inc-evict")
    moved = [m["key"] for m in inc["mentions"] if m["document"] == "notes/2021/03~1"]
    new = review.split("inc-evict", moved, inc["row_version"], "ana")
    assert new["id"] == "inc-evict-2" and _keys(new) == moved
    assert new["sources"] == ["Field Notes"] and review.incident("inc-evict")["sources"] == ["Gazette"]
    assert review.incident("inc-evict")["conflicts"] == []  # the disagreeing figure left with its source
    assert IncidentStore(store).locked()[moved[0]] == "inc-evict-2"
    review.undo(review.audit(limit=1)[0]["pk"], "ana")
    assert review.incident("inc-evict-2") is None and len(review.incident("inc-evict")["mentions"]) == 2


def test_review_split_refuses_all_or_nothing(review):
    inc = review.incident("inc-evict")
    with pytest.raises(ReviewError, match="some, but not all"):
        review.split("inc-evict", _keys(inc), None, "ana")


def test_review_move_mention_locks_it(store, review):
    key = next(m["key"] for m in review.incident("inc-clash")["mentions"])
    review.move_mention(key, "inc-evict", "ana")
    assert review.incident("inc-clash") is None  # its only mention left
    assert key in _keys(review.incident("inc-evict"))
    assert IncidentStore(store).locked() == {key: "inc-evict"}
    assert all(q["event_key"] != key for q in review.queue())


def test_review_retract_removes_mentions_and_undo_brings_them_back(store, review):
    touched = review.retract(HOSTILE_ID, "ana")
    assert touched == ["inc-hostile"] and review.incident("inc-hostile") is None
    assert review.document(HOSTILE_ID)["retracted"] is True  # the document stays
    assert all(m["document"] != HOSTILE_ID for m in IncidentStore(store).mentions())
    with pytest.raises(ReviewError, match="already retracted"):
        review.retract(HOSTILE_ID, "ana")
    review.undo(review.audit(limit=1)[0]["pk"], "ana")
    assert review.document(HOSTILE_ID)["retracted"] is False and review.incident("inc-hostile") is not None


def test_review_retract_shrinks_shared_incident(review):
    review.retract("gazette-1", "ana")
    inc = review.incident("inc-evict")
    assert inc["documents"] == ["notes/2021/03~1"] and inc["conflicts"] == []


def test_review_undo_refuses_when_changed_since(review):
    review.edit("inc-evict", {"place": "A place"}, None, "ana")
    first = review.audit(limit=1)[0]["pk"]
    review.edit("inc-evict", {"place": "B place"}, None, "bob")
    with pytest.raises(ConflictError, match="changed since"):
        review.undo(first, "ana")
    review.undo(review.audit(limit=1)[0]["pk"], "bob")
    review.undo(first, "ana")
    assert review.incident("inc-evict")["place"] == "Calais" and "edited" not in review.incident("inc-evict")


def test_review_undo_of_undo_redoes(review):
    review.set_status("inc-clash", "rejected", None, "ana")
    review.undo(review.audit(limit=1)[0]["pk"], "ana")
    assert review.incident("inc-clash")["status"] == "auto"
    undo_entry = review.audit(limit=1)[0]
    assert undo_entry["action"] == "undo"
    review.undo(undo_entry["pk"], "ana")
    assert review.incident("inc-clash")["status"] == "rejected"


def test_review_undo_bumps_version_so_open_forms_are_stale(review):
    v = review.incident("inc-evict")["row_version"]
    review.set_status("inc-evict", "confirmed", v, "ana")
    review.undo(review.audit(limit=1)[0]["pk"], "ana")
    with pytest.raises(ConflictError):
        review.edit("inc-evict", {"place": "X"}, v + 1, "ana")


def test_review_notes_are_kept_and_audited(review):
    review.add_note("inc-evict", "Check the prefecture's figure.", "ana")
    assert [n["text"] for n in review.notes("inc-evict")] == ["Check the prefecture's figure."]
    assert review.audit(target="inc-evict")[0]["action"] == "note"
    with pytest.raises(ReviewError):
        review.add_note("inc-evict", "   ", "ana")
    with pytest.raises(NotFoundError):
        review.add_note("nope", "text", "ana")


def test_review_queue_puts_weakest_first(review):
    scores = [q["score"] for q in review.queue()]
    assert scores == sorted(scores) and scores[0] == 0.42


def test_review_decisions_name_locks_status_edits_and_retractions(review):
    review.merge(["inc-evict", "inc-clash"], None, "ana")
    review.set_status("inc-evict", "confirmed", None, "ana")
    review.edit("inc-evict", {"place": "Calais-Nord"}, None, "ana")
    review.retract(HOSTILE_ID, "ana")
    d = review.decisions()
    assert len(d["locked"]["inc-evict"]) == 3 and d["status"] == {"inc-evict": "confirmed"}
    assert d["edits"] == {"inc-evict": {"place": "Calais-Nord"}} and d["retracted"] == [HOSTILE_ID]


def test_review_filters_incidents(review):
    def ids(**kw):
        return [i["id"] for i in review.incidents(**kw)[0]]
    assert ids(type="clash") == ["inc-clash"]
    assert ids(has_conflict=True) == ["inc-evict"]
    assert ids(source="Gazette") == ["inc-evict"]
    assert ids(date_from="2021-03-04") == ["inc-clash"]
    assert ids(date_to="2021-03-02", place="calais") == ["inc-evict"]
    items, total = review.incidents(limit=1, offset=1)
    assert total == 3 and len(items) == 1


def test_review_compose_fallback_flags_figure_conflict():
    from counterpoint.store.review import _compose as compose  # used when the linker is not installed

    m = {"type": "eviction", "date": "2021-03-01", "place": "Calais", "sentence": "s"}
    inc = compose("x", [{**m, "key": "a", "source": "A", "participants": [
        {"role": "target", "category": "migrants", "label": "people", "count": {"min": 40, "max": 40}}]},
                        {**m, "key": "b", "source": "B", "participants": [
        {"role": "target", "category": "migrants", "label": "exiles", "count": {"min": 30, "max": 50, "approximate": True}}]}])
    assert inc["conflicts"] == []  # 40 lies within 30..50
    inc = compose("x", [*inc["mentions"], {**m, "key": "c", "source": "C", "date": "2021-03-02", "participants": [
        {"role": "target", "category": "migrants", "label": "illegals", "count": {"min": 500, "max": 500}}]}])
    assert {c["kind"] for c in inc["conflicts"]} == {"figure", "date"}


def test_search_finds_prefixes_and_current_documents(store):
    s = Search(store)
    hits = {h["doc_id"]: h for h in s.documents("evict")}
    assert set(hits) == {"gazette-1", "notes/2021/03~1"}  # "evicted" in a text, "eviction" in a title
    assert ("evicted", True) in hits["gazette-1"]["snippet"]
    assert s.documents("exiles shelter")[0]["doc_id"] == "notes/2021/03~1"
    assert s.documents("") == [] and s.documents("zzzunknown") == []
    assert s.documents('" OR * NEAR(') == [] or True  # operators are quoted away, never a syntax error


def test_search_snippet_is_segments_not_html():
    parts = segments("a <b>camp</b> here", ["camp"])
    assert ("camp", True) in parts and "".join(p for p, _ in parts) == "a <b>camp</b> here"


def test_review_edit_records_only_changed_fields(review):
    inc = review.incident("inc-evict")
    form = {k: ("" if inc[k] is None else str(inc[k])) for k in ("type", "date_start", "date_end", "place", "lat", "lon")}
    same = review.edit("inc-evict", form, inc["row_version"], "ana")
    assert same["row_version"] == inc["row_version"] and "edited" not in same and review.audit() == []
    changed = review.edit("inc-evict", {**form, "place": "Calais, the canal"}, inc["row_version"], "ana")
    assert changed["edited"] == ["place"] and changed["row_version"] == inc["row_version"] + 1


def test_review_reconcile_puts_locked_mentions_back_after_naive_relink(store, review):
    from counterpoint.store.review import reconcile

    review.merge(["inc-evict", "inc-hostile"], None, "ana")
    ist = IncidentStore(store)
    mentions = {m["key"]: m for m in ist.mentions()}
    naive = {"inc-evict": [k for k, m in mentions.items() if m["document"] in ("gazette-1", "notes/2021/03~1")],
             "inc-hostile": [k for k, m in mentions.items() if m["document"] == HOSTILE_ID],
             "inc-clash": [k for k, m in mentions.items() if m["document"] == "courier-7"]}
    incidents = [compose(i, [mentions[k] for k in ks]) for i, ks in naive.items()]
    assignment = {k: i for i, ks in naive.items() for k in ks}
    incidents, assignment = reconcile(incidents, assignment, ist.locked())
    ist.save(incidents, assignment, [])
    assert sorted(i["id"] for i in review.all_incidents()) == ["inc-clash", "inc-evict"]
    assert len(review.incident("inc-evict")["mentions"]) == 3


def test_review_keeps_at_least_one_admin(review):
    review.add_user("root", "admin", "long enough")
    with pytest.raises(ReviewError, match="last admin"):
        review.set_role("root", "viewer")
    with pytest.raises(ReviewError, match="last admin"):
        review.delete_user("root")
    review.add_user("second", "admin", "long enough")
    review.set_role("root", "viewer")
    assert review.user("root")["role"] == "viewer"


def test_review_audit_says_what_changed(review):
    review.edit("inc-evict", {"place": "Calais-Nord"}, None, "ana")
    review.set_status("inc-evict", "confirmed", None, "ana")
    review.merge(["inc-evict", "inc-clash"], None, "ana")
    review.retract(HOSTILE_ID, "ana")
    log = {e["action"]: e["changes"] for e in review.audit()}
    assert log["edit"] == ["inc-evict: place Calais → Calais-Nord"]
    assert log["confirm"] == ["inc-evict: status auto → confirmed"]
    assert "inc-clash: removed (1 mention(s))" in log["merge"] and "inc-evict: mentions 2 → 3" in log["merge"]
    assert f"document {HOSTILE_ID}: retracted" in log["retract"]


def test_review_constraints_for_the_linker(review):
    inc = review.incident("inc-evict")
    gaz = next(m["key"] for m in inc["mentions"] if m["document"] == "gazette-1")
    notes = next(m["key"] for m in inc["mentions"] if m["document"] == "notes/2021/03~1")
    review.split("inc-evict", [notes], None, "ana")
    clash = review.incident("inc-clash")["mentions"][0]["key"]
    review.merge(["inc-evict", "inc-clash"], None, "ana")
    c = review.constraints()
    assert c["must_link"] == [tuple(sorted((gaz, clash)))]
    assert c["cannot_link"] == [tuple(sorted((gaz, notes)))]
    done = {e["action"]: e["pk"] for e in review.audit()}
    review.undo(done["merge"], "ana")
    review.undo(done["split"], "ana")
    assert review.constraints() == {"must_link": [], "cannot_link": []}


def test_review_decisions_survive_the_real_linker(store, review):
    from counterpoint.pipeline import link_store

    link_store(store)  # the linker's own incidents first
    by_doc = {m["document"]: m["key"] for m in IncidentStore(store).mentions()}
    first = review.incident(IncidentStore(store).assignment()[by_doc["gazette-1"]])
    clash = IncidentStore(store).assignment()[by_doc["courier-7"]]
    merged = review.merge([first["id"], clash], None, "ana")
    review.set_status(merged["id"], "confirmed", None, "ana")
    review.edit(merged["id"], {"place": "Calais and Dunkirk"}, None, "ana")
    review.retract(HOSTILE_ID, "ana")
    link_store(store)
    link_store(store)
    after = review.incident(merged["id"])
    assert sorted(after["documents"]) == sorted(merged["documents"])
    assert after["status"] == "confirmed" and after["place"] == "Calais and Dunkirk"
    assert all(HOSTILE_ID not in i["documents"] for i in review.all_incidents())
    # split the merged incident again: the linker keeps the two parts apart
    new = review.split(merged["id"], [by_doc["courier-7"]], None, "ana")
    link_store(store)
    assert review.incident(new["id"])["documents"] == ["courier-7"]
    assert "courier-7" not in review.incident(merged["id"])["documents"]
