"""/api/incidents is cached per store generation: the same answer as building it afresh, and a
new answer as soon as anything (this server, another process, a relink) changes incidents."""
from __future__ import annotations

import pytest
from fastapi.encoders import jsonable_encoder

from counterpoint.headline import with_headlines
from counterpoint.store import IncidentStore, Store
from counterpoint.store.review import ReviewStore, compose
from tests.web.conftest import csrf_of


def fresh(db_path: str, **filters) -> dict:
    """The answer built straight from the store, with no cache in between."""
    items, total = ReviewStore(Store(db_path)).incidents(**filters, limit=1000, offset=0)
    return jsonable_encoder({"incidents": with_headlines(items), "total": total, "limit": 1000, "offset": 0})


def test_cached_answer_is_the_answer_built_afresh(client, db_path):
    first = client.get("/api/incidents")
    second = client.get("/api/incidents")  # from the cache
    assert first.status_code == second.status_code == 200
    assert first.headers["content-type"] == "application/json"
    assert first.content == second.content
    assert first.json() == fresh(db_path)
    assert len(first.json()["incidents"]) >= 2
    # filters are part of the key: a filtered answer is not the unfiltered one from the cache
    assert client.get("/api/incidents?place=calais").json() == fresh(db_path, place="calais")


def test_an_edit_through_the_workbench_changes_the_next_answer(client):
    client.headers["X-CSRF-Token"] = csrf_of(client, "/incidents")
    before = {i["id"]: i for i in client.get("/api/incidents").json()["incidents"]}
    assert before["inc-evict"]["place"] != "Coquelles"
    assert client.post("/api/incidents/inc-evict/edit", json={"place": "Coquelles"}).status_code == 200
    after = {i["id"]: i for i in client.get("/api/incidents").json()["incidents"]}
    assert after["inc-evict"]["place"] == "Coquelles"


def test_a_relink_by_another_process_changes_the_next_answer(client, db_path):
    assert "inc-clash" in [i["id"] for i in client.get("/api/incidents").json()["incidents"]]
    other = IncidentStore(Store(db_path))  # its own engine, as the `link` command would have
    mentions = {m["document"]: m for m in other.mentions()}
    groups = {"inc-evict": [mentions["gazette-1"], mentions["notes/2021/03~1"]], "inc-port": [mentions["courier-7"]]}
    other.save([compose(i, ms) for i, ms in groups.items()], {m["key"]: i for i, ms in groups.items() for m in ms}, [])
    ids = [i["id"] for i in client.get("/api/incidents").json()["incidents"]]
    assert "inc-clash" not in ids and "inc-port" in ids


def test_store_generation_moves_only_on_incident_writes(db_path):
    store = Store(db_path)
    review = ReviewStore(store)
    start = store.generation()
    review.add_note("inc-evict", "a note is not part of the incident list", "ana")
    assert store.generation() == start
    review.set_status("inc-evict", "confirmed", None, "ana")
    assert store.generation() > start


def test_requests_that_miss_together_wait_for_one_build():
    """50 clients after a relink: one of them builds the answer, the others get its bytes."""
    import threading
    import time

    from counterpoint.web.cache import GenerationCache

    cache = GenerationCache(lambda: 7)
    builds = []
    start = threading.Barrier(8)

    def build() -> bytes:
        builds.append(1)
        time.sleep(0.2)  # long enough for every other thread to arrive while it builds
        return b"answer"

    got = []

    def ask() -> None:
        start.wait()
        got.append(cache.get("incidents", build))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert got == [b"answer"] * 8
    assert len(builds) == 1

    def broken() -> bytes:
        raise RuntimeError("store gone")

    with pytest.raises(RuntimeError):  # a failed build is not kept, and the next request builds again
        cache.get("other", broken)
    assert cache.get("other", lambda: b"second") == b"second"
