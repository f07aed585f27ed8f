"""Analysis on a Dask distributed cluster: `--cluster ADDRESS` or `--cluster local:N`.

The driver reads, cleans and dedupes inputs as on one machine and stores the results
(SQLite for one machine; PostgreSQL when several machines share the store); only the
analysis of each piece of text (parse + rules, the costly part) goes to the workers.
Each worker loads the spaCy pipelines once, through a worker plugin. Dask retries the
pieces of a worker that dies, and the store's text hashes make a rerun add nothing twice,
so no queue of our own is needed.
"""
from __future__ import annotations

from typing import Iterable

from .analyze import Analysis, AnalysisFailed, Analyzer, Batch, _analyze_job
from .errors import SettingsError
from .models import Document
from .settings import Settings

RETRIES = 3  # a piece whose worker died is tried again on another worker


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - distributed is a declared dependency
        raise SettingsError("--cluster needs the 'distributed' package") from exc
    return distributed


def connect(address: str):
    """A Dask client for a scheduler address, or for a new LocalCluster with "local:N"."""
    distributed = _import_distributed()
    if address.startswith("local"):
        _, _, n = address.partition(":")
        try:
            n_workers = int(n or 2)
        except ValueError:
            raise SettingsError(f"--cluster {address!r}: use local:N with N a number of workers") from None
        if n_workers < 1:
            raise SettingsError(f"--cluster {address!r}: N must be at least 1")
        cluster = distributed.LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=40)
        return distributed.Client(cluster)
    try:
        return distributed.Client(address, timeout="5s")
    except OSError as exc:
        raise SettingsError(f"--cluster {address!r}: no Dask scheduler answers there ({exc})",
                            hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`") from None


class ClusterAnalyzer(Analyzer):
    """An Analyzer whose pieces are analysed by the workers of a Dask cluster."""

    def __init__(self, settings: Settings, client=None):
        super().__init__(settings)
        self.client = client or connect(settings.cluster)
        self._owns_client = client is None
        from ._worker_plugin import PipelinesPlugin

        plugin = PipelinesPlugin(settings)
        self.client.register_plugin(plugin)

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def analyze(self, docs: Iterable[Document]) -> list[Document]:
        docs = list(docs)
        jobs = self._jobs(docs)
        futures = self.client.map(_analyze_job, [self._payload(d, off, p) for d, off, p in jobs],
                                  retries=RETRIES, pure=False)
        results: dict[int, list[Analysis | AnalysisFailed]] = {}
        for (d, _, _), a in zip(jobs, self._gather(futures)):
            results.setdefault(id(d), []).append(a)
        return self._assign(docs, results)

    def submit(self, docs: Iterable[Document]) -> Batch:
        return Batch(list(docs), [], [])  # the cluster's futures already keep the workers busy

    def collect(self, batch: Batch) -> list[Document]:
        return self.analyze(batch.docs)

    def _gather(self, futures) -> list[Analysis | AnalysisFailed]:
        """Results in order; a piece that failed on every try is recorded on its document."""
        out = []
        for f in futures:
            try:
                out.append(f.result())
            except Exception as exc:  # e.g. KilledWorker after RETRIES deaths
                out.append(AnalysisFailed(exc))
        return out

    def close(self) -> None:
        if self._owns_client:
            cluster = getattr(self.client, "cluster", None)
            self.client.close()
            if cluster is not None:
                cluster.close()


def make_analyzer(settings: Settings) -> Analyzer:
    """The analyzer the settings ask for: on a Dask cluster, or in this machine's processes."""
    return ClusterAnalyzer(settings) if settings.cluster else Analyzer(settings)
