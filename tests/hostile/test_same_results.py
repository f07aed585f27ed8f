"""The same results on SQLite and PostgreSQL: the order of undated incidents and documents,
stable pages, and full-text search that ignores accents, case and punctuation the same way."""
from __future__ import annotations

import hashlib

import pytest

from counterpoint.ingest.readers import RawRecord
from counterpoint.models import Document
from counterpoint.store import IncidentStore, Store
from counterpoint.store.review import ReviewStore
from counterpoint.store.search import Search


@pytest.fixture
def store(db_url):
    return Store(db_url)


def _incident(inc_id: str, date: str | None) -> dict:
    return {"id": inc_id, "type": "eviction", "date_start": date, "date_end": date, "place": "Calais",
            "sources": [], "documents": [], "mentions": []}


def test_undated_incidents_come_last_and_ties_by_id(store):
    dates = {"i05": "2021-03-02", "i01": None, "i04": "2021-03-01", "i03": None, "i02": "2021-03-02"}
    IncidentStore(store).save([_incident(k, v) for k, v in dates.items()], {}, [])
    assert [i["id"] for i in IncidentStore(store).incidents()] == ["i04", "i02", "i05", "i01", "i03"]


def test_pages_of_incidents_cover_each_once(store):
    # many ties on the date: pages must neither repeat nor skip an incident
    incs = [_incident(f"inc{n:03d}", None if n % 3 == 0 else f"2021-0{1 + n % 2}-01") for n in range(40)]
    IncidentStore(store).save(incs, {}, [])
    review = ReviewStore(store)
    full, total = review.incidents()
    pages = [review.incidents(limit=7, offset=o)[0] for o in range(0, 40, 7)]
    assert total == 40 and [i["id"] for p in pages for i in p] == [i["id"] for i in full]
    assert [i["id"] for i in full][-14:] == [f"inc{n:03d}" for n in range(0, 40, 3)]


def _save(store: Store, doc_id: str, text: str, *, title: str | None = None, published: str | None = None):
    doc = Document(id=doc_id, text=text, title=title, language="fr", published=published)
    store.save_document(doc, raw=RawRecord(f"{doc_id}.txt", text, text.encode()), signature=None,
                        text_hash=hashlib.sha256(text.encode()).hexdigest(), analysis_version="v")


def test_undated_documents_come_last(store):
    _save(store, "b", "Texte sans date.")
    _save(store, "a", "Texte daté.", published="2021-05-01")
    _save(store, "c", "Autre texte daté.", published="2020-01-01")
    assert [d["doc_id"] for d in ReviewStore(store).documents()] == ["c", "a", "b"]


SEARCHABLE = {
    "fr1": ("Évacuation du campement près de l'école, selon la préfecture.", "Calais : l’ÉVACUATION"),
    "fr2": ("Les exilés ont été évacués vers des centres d'accueil.", None),
    "en1": ("An anti-script rule blocked the page example.com/script.js yesterday.", None),
    "en2": ("Scripts of the hearing were published; 1,200 people attended.", None),
    "en3": ("Nothing about that here: a naïve façade and a café.", None),
}


@pytest.mark.parametrize("query, expected", [
    ("evacuation", {"fr1"}),
    ("ÉVACUATION", {"fr1"}),
    ("evacu", {"fr1", "fr2"}),
    ("ecole", {"fr1"}),
    ("exiles evacues", {"fr2"}),
    ("script", {"en1", "en2"}),
    ("script.js", {"en1"}),
    ("1,200", {"en2"}),
    ("naive facade cafe", {"en3"}),
    ("calais", {"fr1"}),
    ("l'école", {"fr1"}),
])
def test_search_ignores_accents_case_and_punctuation_on_both_stores(store, query, expected):
    for doc_id, (text, title) in SEARCHABLE.items():
        _save(store, doc_id, text, title=title)
    found = Search(store).documents(query)
    assert {r["doc_id"] for r in found} == expected


def test_search_snippet_marks_words_whatever_their_accents(store):
    _save(store, "fr1", SEARCHABLE["fr1"][0])
    [found] = Search(store).documents("evacuation ECOLE")
    assert [text for text, matched in found["snippet"] if matched] == ["Évacuation", "école"]
