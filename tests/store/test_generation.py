"""Migration 0005: the store generation that workbench caches rely on, on both stores, up and down."""
from __future__ import annotations

from sqlalchemy import inspect

from counterpoint.store import MIGRATIONS, IncidentStore, Store


def downgrade(store: Store, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def _incident(id: str, place: str) -> dict:
    return {"id": id, "type": "eviction", "place": place, "date_start": "2021-03-01", "mentions": []}


def test_generation_moves_on_every_incident_write_and_the_migration_goes_down_and_up(db_url):
    store = Store(db_url)
    assert store.schema_revision() == "0005"
    links = IncidentStore(store)
    start = store.generation()
    links.save([_incident("inc-a", "Calais")], {}, [])
    after_save = store.generation()
    assert after_save > start
    links.save([_incident("inc-a", "Dunkirk")], {}, [])
    assert store.generation() > after_save

    downgrade(store, "0004")
    assert store.schema_revision() == "0004"
    with store.engine.connect() as conn:
        assert not inspect(conn).has_table("store_generation")
    links.save([_incident("inc-a", "Grande-Synthe")], {}, [])  # no trigger left behind that needs the table

    store.upgrade()
    assert store.schema_revision() == "0005"
    before = store.generation()
    links.save([_incident("inc-b", "Calais")], {}, [])
    assert store.generation() > before
