"""The Dask worker plugin of `counterpoint.cluster`, in a module of its own so that
`distributed` is imported only when a cluster is used."""
from __future__ import annotations

from typing import Iterable

from distributed import WorkerPlugin

from .settings import Settings


class PipelinesPlugin(WorkerPlugin):
    """Loads the spaCy pipelines (and the place table) once per worker process, before
    its first piece; French loads on the first French piece (pipeline_for caches it)."""

    name = "counterpoint-pipelines"
    idempotent = True

    def __init__(self, settings: Settings, languages: Iterable[str] = ("en",)):
        self.settings = settings
        self.languages = tuple(languages)

    def setup(self, worker=None):
        from .analyze import places
        from .analyze.nlp import pipeline_for

        for lang in self.languages:
            pipeline_for(lang, self.settings)
        places.warm(self.settings.taxonomy_dir)
