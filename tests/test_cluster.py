"""Analysis on a Dask cluster gives what one process gives, and loses nothing when a worker dies."""
from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_cluster():
    """Two worker processes on this machine, shared by the tests of this module."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=40)
    client = Client(cluster)
    yield cluster
    client.close()
    cluster.close()


def _analysis(store) -> dict[str, dict]:
    """Every stored document's contract output, without what differs by store (none should)."""
    return {d.id: d.to_contract() for d in store.documents()}


def _texts(where: Path, n: int) -> Path:
    """n distinct small reports written here (my own sentences), one file each."""
    where.mkdir()
    places = ["the canal", "the old port", "the ring road", "the dunes", "the industrial zone"]
    for i in range(n):
        (where / f"report-{i:03d}.txt").write_text(
            f"Report {i}\n\nPolice cleared a camp of about {20 + i} people near {places[i % 5]} on "
            f"{1 + i % 28} March 2021, volunteers said. Officers took {i + 3} tents and arrested "
            f"{i % 7 + 1} people. \u201cWe had nowhere else to go,\u201d one resident told the aid group.\n")
    return where


def test_cluster_analyze_json_matches_one_process(cli, local_cluster):
    alone = cli("analyze", EXAMPLES, "--json")
    spread = cli("analyze", EXAMPLES, "--json", "--cluster", local_cluster.scheduler_address)
    assert spread.exit_code == alone.exit_code == 0, spread.stderr
    assert [json.loads(x) for x in spread.stdout.splitlines()] == [json.loads(x) for x in alone.stdout.splitlines()]


def test_cluster_ingest_stores_what_one_process_stores(db_url, tmp_path, local_cluster):
    from counterpoint.pipeline import ingest
    from counterpoint.settings import Settings
    from counterpoint.store import Store

    one = Store(str(tmp_path / "one.db"))
    ingest([str(EXAMPLES)], one, Settings.load(db=str(tmp_path / "one.db")))
    many = Store(db_url)
    report = ingest([str(EXAMPLES)], many, Settings.load(db=db_url, cluster=local_cluster.scheduler_address))
    assert report.stored > 0 and not report.rejected
    assert _analysis(many) == _analysis(one)


def test_cluster_ingest_survives_a_killed_worker(db_url, tmp_path, local_cluster):
    from distributed import Client

    from counterpoint.pipeline import ingest
    from counterpoint.settings import Settings
    from counterpoint.store import Store

    inputs = _texts(tmp_path / "inputs", 48)
    store = Store(db_url)
    settings = Settings.load(db=db_url, cluster=local_cluster.scheduler_address)
    killed = []

    def kill_one_worker_when_busy():
        with Client(local_cluster.scheduler_address) as watcher:
            deadline = time.time() + 60
            while time.time() < deadline:
                busy = [w for w, tasks in watcher.processing().items() if tasks]
                if busy:
                    pid = watcher.run(os.getpid, workers=[busy[0]])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
                time.sleep(0.02)

    killer = threading.Thread(target=kill_one_worker_when_busy)
    killer.start()
    report = ingest([str(inputs)], store, settings)
    killer.join()
    assert killed, "no worker was busy to be killed"
    docs = _analysis(store)
    assert sorted(docs) == sorted(p.name for p in inputs.iterdir())
    assert not report.rejected and all(d["warnings"] == [] for d in docs.values())
    assert all(d["events"] for d in docs.values())
    # the rerun stores nothing twice
    again = ingest([str(inputs)], store, settings)
    assert (again.stored, again.unchanged) == (0, 48)
    assert len(list(store.documents(current=False))) == 48


def test_cluster_address_that_answers_nothing_is_a_clear_error(cli, tmp_path):
    (tmp_path / "a.txt").write_text("Police cleared a camp near the canal on Tuesday.")
    res = cli("analyze", tmp_path / "a.txt", "--json", "--cluster", "tcp://127.0.0.1:9")
    assert res.exit_code == 1
    assert "--cluster 'tcp://127.0.0.1:9': no Dask scheduler answers there" in res.stderr
