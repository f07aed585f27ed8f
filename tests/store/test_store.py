"""The store on SQLite and on a real PostgreSQL server (COUNTERPOINT_TEST_PG, set by .ci/run)."""
from __future__ import annotations


import pytest

from counterpoint.ingest.readers import RawRecord
from counterpoint.models import Analysis, Claim, Count, Document, Event, Participant, Quote
from counterpoint.store import Store, database_url



@pytest.fixture
def store(db_url):
    return Store(db_url)


def _doc(doc_id="d1", text="Police evicted forty people from the camp on Monday.") -> Document:
    ev = Event(type="eviction", trigger="evicted", sentence=text, start=0, end=len(text), date="2021-03-01",
               place="Calais", lat=50.95, lon=1.85,
               participants=[Participant("agent", "security_forces", "Police"),
                             Participant("target", "migrants", "people", Count.exact(40))])
    analysis = Analysis(events=[ev], quotes=[Quote("We had nowhere to go", "a resident", "migrants")],
                        claims=[Claim(Count.exact(40), "people", "the prefecture", text)],
                        migrant_labels=["people"])
    return Document(id=doc_id, text=text, source="Gazette", language="en", published="2021-03-02",
                    published_basis="dateline", analysis=analysis)


def _raw(doc: Document) -> RawRecord:
    return RawRecord("input.txt", doc.text, doc.text.encode())


def test_store_round_trip_keeps_analysis(store):
    d = _doc()
    store.save_document(d, raw=_raw(d), signature=None, text_hash="h1", analysis_version="v1")
    back = store.document("d1")
    assert back.text == d.text and back.published == "2021-03-02"
    assert back.analysis.events[0].participants[1].count.min == 40
    assert back.analysis.quotes[0].speaker == "a resident"
    assert back.analysis.claims[0].attributed_to == "the prefecture"
    assert back.analysis.migrant_labels == ["people"]
    assert store.status()["events"] == 1


def test_store_same_text_twice_adds_nothing(store):
    d = _doc()
    store.save_document(d, raw=_raw(d), signature=None, text_hash="h1", analysis_version="v1")
    store.save_document(d, raw=_raw(d), signature=None, text_hash="h1", analysis_version="v1")
    s = store.status()
    assert s["documents"] == 1 and s["versions"] == 1 and s["inputs"] == 1


def test_store_changed_text_is_a_new_version_old_kept(store):
    d1 = _doc()
    store.save_document(d1, raw=_raw(d1), signature=None, text_hash="h1", analysis_version="v1")
    d2 = _doc(text="Police evicted fifty people from the camp on Monday.")
    store.save_document(d2, raw=_raw(d2), signature=None, text_hash="h2", analysis_version="v1")
    s = store.status()
    assert s["documents"] == 1 and s["versions"] == 2 and s["events"] == 1
    assert "fifty" in store.document("d1").text


def test_store_distinct_rejections(store):
    store.record_rejection("bad.bin", "abc", "binary", "bad.bin: binary")
    store.record_rejection("bad.bin", "abc", "binary", "bad.bin: binary")
    store.record_rejection("other.bin", "abc", "binary", "other.bin: binary")
    assert store.status()["rejected"] == 2
    assert [r["times"] for r in store.rejections()] == [2, 1]


def test_store_replace_analysis(store):
    d = _doc()
    pk = store.save_document(d, raw=_raw(d), signature=None, text_hash="h1", analysis_version="v1")
    store.replace_analysis(pk, Analysis(), "v2")
    assert store.status()["events"] == 0
    assert list(store.documents(stale_for="v2")) == []
    assert len(list(store.documents(stale_for="v3"))) == 1


def test_store_schema_at_head(store):
    assert store.schema_revision() is not None
    store.upgrade()  # idempotent


def test_store_database_url_forms():
    assert database_url("x.db") == "sqlite:///x.db"
    assert database_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
