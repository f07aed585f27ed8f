"""A linking result goes into the store in bulk (COPY on PostgreSQL, executemany on SQLite):
what is read back is what the linker produced, on both stores, and the store generation moves
once per statement, not once per row (PostgreSQL's statement triggers fired per executemany row)."""
from __future__ import annotations

from sqlalchemy import select

from counterpoint.link import link_mentions
from counterpoint.pipeline import link_store
from counterpoint.store import IncidentStore, Store
from counterpoint.store import schema as t
from tests.review_data import build


def stored(store: Store) -> tuple[dict, dict]:
    with store.engine.connect() as conn:
        incidents = {r.id: dict(r._mapping) for r in conn.execute(select(t.incidents))}
        links = {r.event_key: dict(r._mapping) for r in conn.execute(select(t.mention_links))}
    return incidents, links


def test_linking_result_is_stored_as_linked_on_both_stores(db_url):
    store = build(db_url)
    expected = link_mentions(IncidentStore(store).mentions())
    result = link_store(store, rebuild=True)
    assert [i["id"] for i in result.incidents] == [i["id"] for i in expected.incidents]
    incidents, links = stored(store)
    assert {i: r["data"] for i, r in incidents.items()} == {i["id"]: i for i in result.incidents}
    assert {k: r["incident_id"] for k, r in links.items()} == result.assignment
    for link in result.links:  # each mention's placement, as the analyst reads it
        row = links[link["a"]]
        assert row["score"] == link["score"] and row["features"] == link.get("features")
        assert row["locked"] is False
    assert all(r["status"] == "auto" and r["row_version"] >= 1 for r in incidents.values())
    assert {r["type"] for r in incidents.values()} == {i["type"] for i in result.incidents}


def test_relinking_the_same_result_keeps_rows_and_versions(db_url):
    store = build(db_url)
    link_store(store)
    first = stored(store)
    link_store(store)
    again = stored(store)
    drop = lambda rows: {k: {c: v for c, v in r.items() if c != "updated_at"} for k, r in rows.items()}  # noqa: E731
    assert drop(again[0]) == drop(first[0])
    assert again[1] == first[1]


def test_many_rows_move_the_generation_by_statements_not_rows(db_url):
    store = Store(db_url)
    incidents = [{"id": f"inc-{n:03d}", "type": "eviction", "date_start": "2021-03-01", "mentions": []}
                 for n in range(120)]
    assignment = {f"key-{n:03d}": f"inc-{n % 120:03d}" for n in range(360)}
    links = [{"a": k, "score": 0.5, "features": {"same_place": 1.0}} for k in assignment]
    before = store.generation()
    IncidentStore(store).save(incidents, assignment, links)
    moved = store.generation() - before
    if store.is_sqlite:  # row triggers: one bump per row written or deleted
        assert moved >= 480
    else:  # two deletes and two inserts
        assert 0 < moved <= 4
    got = IncidentStore(store).incidents()
    assert len(got) == 120 and got[0]["id"] == "inc-000"
    assert len(stored(store)[1]) == 360
