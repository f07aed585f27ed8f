"""The analysis stage: a spaCy Doc of one document -> events, quotes, claims, labels.

Stages, in order (each a module of this package; each a pure function of the parsed
document and the context, so analysis can be mapped over processes):
  1. quotes.extract   direct and reported speech, with speakers      -> list[Quote]
  2. claims.extract   attributed numeric statements (uses the quotes) -> list[Claim]
  3. events.extract   events with participants, counts, dates, places -> list[Event]
  4. labels.extract   the words the document uses for migrants        -> list[str]
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Iterable

from ..models import Analysis, Document, Quote
from ..settings import Settings

# Bump when rules change so `counterpoint reanalyze` knows stored analysis is stale.
RULES_VERSION = "0.2.0"


@dataclass
class Context:
    """What a stage may know besides the parsed text."""

    language: str
    published: str | None  # the document date ("YYYY", "YYYY-MM" or "YYYY-MM-DD"), if known
    settings: Settings
    offset: int = 0  # where this parsed piece starts in the document's cleaned text
    quotes: list[Quote] = field(default_factory=list)  # filled by stage 1 for later stages
    published_basis: str | None = None  # "inferred" dates are guesses: not a "today" anchor
    source: str | None = None  # the outlet: the voice of the text's own "we" / "nous"


def analyze_parsed(sdoc, ctx: Context) -> Analysis:
    """Run the stages over one parsed piece of text."""
    from . import claims, events, labels, quotes

    found = quotes.extract(sdoc, ctx)
    ctx.quotes = found
    return Analysis(
        quotes=found,
        claims=claims.extract(sdoc, ctx),
        events=events.extract(sdoc, ctx),
        migrant_labels=labels.extract(sdoc, ctx),
    )


class AnalysisFailed:
    """What is left of a piece whose analysis raised: the exception's one-line summary."""

    def __init__(self, exc: BaseException):
        self.message = f"{exc.__class__.__name__}: {exc}".splitlines()[0][:300]


def analyze_safely(sdoc, ctx: Context) -> Analysis | AnalysisFailed:
    """`analyze_parsed`, but a bug met by one document never stops its batch."""
    try:
        return analyze_parsed(sdoc, ctx)
    except Exception as exc:  # recorded on the document as an analysis_failed warning
        return AnalysisFailed(exc)


def _merge(parts: list[Analysis | AnalysisFailed]) -> tuple[Analysis, list[str]]:
    out, failures = Analysis(), []
    for a in parts:
        if isinstance(a, AnalysisFailed):
            failures.append(a.message)
            continue
        out.events += a.events
        out.quotes += a.quotes
        out.claims += a.claims
        out.migrant_labels += [x for x in a.migrant_labels if x not in out.migrant_labels]
    return out, failures


# The parser and the sentence rules slow down on very long sentences: a stretch of text with
# no sentence end or line break longer than this is cut at a space before parsing.
RUN_CHARS = 2000
SENTENCE_END = re.compile(r"[.!?…;:]['\"”»)\]]*\s|\n")


def pieces(text: str, size: int, run: int = RUN_CHARS) -> list[tuple[int, str]]:
    """Split a long text at paragraph breaks into pieces of about `size` characters, and cut
    runs of more than `run` characters without a sentence end (offsets stay exact)."""
    return [cut for start, piece in _paragraphs(text, size) for cut in _bounded_runs(start, piece, run)]


def _bounded_runs(start: int, piece: str, run: int) -> list[tuple[int, str]]:
    if len(piece) <= run:
        return [(start, piece)]
    out, begin, prev = [], 0, 0
    for end in [m.end() for m in SENTENCE_END.finditer(piece)] + [len(piece)]:
        while end - prev > run:  # a stretch without a sentence end: cut it at a space
            space = piece.rfind(" ", prev + run // 2, prev + run)
            cut = space + 1 if space != -1 else prev + run
            out.append((start + begin, piece[begin:cut]))
            begin = prev = cut
        prev = end
    out.append((start + begin, piece[begin:]))
    return [p for p in out if p[1]]


def _paragraphs(text: str, size: int) -> list[tuple[int, str]]:
    if len(text) <= size:
        return [(0, text)]
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut == -1:
                cut = text.rfind(". ", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        out.append((start, text[start:end]))
        start = end
    return out


def _analyze_job(job: tuple[str, str, str | None, str | None, int, Settings, str | None]) -> Analysis | AnalysisFailed:
    """One piece of text -> its analysis; runs in a worker process or in-process."""
    from .nlp import pipeline_for

    text, lang, published, basis, offset, settings, source = job
    try:
        sdoc = pipeline_for(lang, settings)(text)
    except Exception as exc:
        return AnalysisFailed(exc)
    return analyze_safely(sdoc, Context(lang, published, settings, offset=offset, published_basis=basis,
                                              source=source))


def _analyze_chunk(jobs: list[tuple]) -> list[Analysis | AnalysisFailed]:
    """Several pieces in one worker call, results in the order of the jobs: each language's
    pieces go through `nlp.pipe` together (batched parsing costs about an eighth less CPU than
    one call per piece) and one message carries them both ways."""
    from .nlp import pipeline_for

    out: list = [None] * len(jobs)
    by_lang: dict[str, list[int]] = {}
    for i, job in enumerate(jobs):
        by_lang.setdefault(job[1], []).append(i)
    for lang, idx in by_lang.items():
        settings = jobs[idx[0]][5]
        try:
            parsed = list(pipeline_for(lang, settings).pipe([jobs[i][0] for i in idx], batch_size=settings.batch_size))
        except Exception:  # a piece the parser cannot take: one by one, so only its document is marked
            for i in idx:
                out[i] = _analyze_job(jobs[i])
            continue
        for i, sdoc in zip(idx, parsed):
            _, _, published, basis, offset, settings, source = jobs[i]
            out[i] = analyze_safely(sdoc, Context(lang, published, settings, offset=offset, published_basis=basis,
                                                  source=source))
    return out


def _chunks(items: list, workers: int, most: int) -> list[list]:
    """`items` cut into chunks of at most `most`, at least two per worker when there are enough
    (so no worker waits long for the other at the end of a batch)."""
    size = max(1, min(most, -(-len(items) // (2 * workers))))
    return [items[i:i + size] for i in range(0, len(items), size)]


@dataclass
class Batch:
    """Documents submitted for analysis: their single pieces, the pieces of long documents, and
    the worker pool's results of the single pieces as they come (None: analysed in this process)."""

    docs: list[Document]
    jobs: list[tuple[Document, int, str]]
    long_jobs: list[tuple[Document, int, str]]
    pending: object = None


class Analyzer:
    """Analyses documents with the pipeline of each document's language.

    With one process, pieces go through `nlp.pipe` in batches. With more, the whole
    analysis (parse + rules) of each piece is mapped over a pool of forked workers that
    inherit the loaded pipelines, so the rules run in parallel with the parsing too.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self._pool = None
        self._workers = 1
        # documents of the last call whose analysis went over the time budget -> message
        self.too_slow: dict[int, str] = {}

    def _processes(self, n_jobs: int) -> int:
        import os

        wanted = self.settings.n_process or (os.cpu_count() or 1)
        return 1 if n_jobs < 8 else max(1, min(wanted, n_jobs))

    def analyze(self, docs: Iterable[Document]) -> list[Document]:
        return self.collect(self.submit(docs))

    def submit(self, docs: Iterable[Document]) -> "Batch":
        """Start the analysis of a batch; `collect` finishes it. With worker processes the
        batch's pieces queue behind those of the batch before, so the workers never wait while
        this process reads, dedupes and writes (submit the next batch before collecting one)."""
        from .nlp import pipeline_for

        docs = list(docs)
        jobs = self._jobs(docs)
        counts: dict[int, int] = {}
        for d, _, _ in jobs:
            counts[id(d)] = counts.get(id(d), 0) + 1
        # documents of several pieces go piece by piece under the time budget; the others in batches
        batch = Batch(docs, [j for j in jobs if counts[id(j[0])] == 1], [j for j in jobs if counts[id(j[0])] > 1])
        if batch.jobs and (self._pool is not None or self._processes(len(batch.jobs)) > 1):
            if self._pool is None:
                for lang in sorted({self._lang(d) for d in docs}):
                    pipeline_for(lang, self.settings)  # load before forking so workers share it
                import gc

                from . import claims, events, labels, places, quotes  # noqa: F401 - imported once, before forking

                places.warm(self.settings.taxonomy_dir)  # the gazetteer's cache file is built once, before forking
                # what is loaded now lives as long as the workers: keep their collectors from walking
                # it (and from copying the pages it is on, by touching it)
                gc.freeze()
            pool = self._get_pool(self._processes(max(len(batch.jobs), 8)))
            payloads = [self._payload(d, off, p) for d, off, p in batch.jobs]
            batch.pending = pool.imap(_analyze_chunk, _chunks(payloads, self._workers, self.settings.batch_size))
        return batch

    def collect(self, batch: "Batch") -> list[Document]:
        """The documents of a submitted batch, analysed (`too_slow` names those over the budget)."""
        from .nlp import pipeline_for

        self.too_slow = {}
        results: dict[int, list[Analysis | AnalysisFailed]] = {}
        if batch.pending is not None:
            for (d, _, _), a in zip(batch.jobs, (a for chunk in batch.pending for a in chunk)):
                results.setdefault(id(d), []).append(a)
        else:
            langs = {self._lang(d) for d, _, _ in batch.jobs}
            for lang in sorted(langs):
                nlp = pipeline_for(lang, self.settings)
                mine = [j for j in batch.jobs if self._lang(j[0]) == lang]
                parsed = nlp.pipe((p for _, _, p in mine), batch_size=self.settings.batch_size)
                for (d, off, _), sdoc in zip(mine, parsed):
                    ctx = Context(lang, d.published, self.settings, offset=off, published_basis=d.published_basis,
                                  source=d.source)
                    results.setdefault(id(d), []).append(analyze_safely(sdoc, ctx))
        self._analyze_within_budget(batch.long_jobs, results)
        return self._assign(batch.docs, results)

    @staticmethod
    def _assign(docs: list[Document], results: dict[int, list[Analysis | AnalysisFailed]]) -> list[Document]:
        for d in docs:
            d.analysis, failures = _merge(results.get(id(d), []))
            d.warnings += [f"analysis_failed: {m}" for m in dict.fromkeys(failures)]
        return docs

    def _jobs(self, docs: list[Document]) -> list[tuple[Document, int, str]]:
        return [(d, off, piece) for d in docs for off, piece in pieces(d.text, self.settings.chunk_chars)]

    def _payload(self, d: Document, offset: int, piece: str) -> tuple:
        """What `_analyze_job` needs for one piece, picklable for a worker process."""
        return (piece, self._lang(d), d.published, d.published_basis, offset, self.settings, d.source)

    def _analyze_within_budget(self, jobs: list[tuple[Document, int, str]],
                               results: dict[int, list[Analysis | AnalysisFailed]]) -> None:
        """Pieces of long documents one at a time; a document whose analysis goes over the
        budget stops there and is listed in `too_slow` (its batch goes on)."""
        budget = self.settings.doc_time_budget
        spent: dict[int, float] = {}
        for d, off, piece in jobs:
            if id(d) in self.too_slow:
                continue
            started = time.monotonic()
            results.setdefault(id(d), []).append(_analyze_job(self._payload(d, off, piece)))
            spent[id(d)] = spent.get(id(d), 0.0) + time.monotonic() - started
            if budget and spent[id(d)] > budget:
                done = len(results[id(d)])
                total = sum(1 for j in jobs if j[0] is d)
                self.too_slow[id(d)] = (f"analysis took longer than the budget of {budget:g} s (setting "
                                        f"doc_time_budget): stopped after {done} of {total} pieces")

    @staticmethod
    def _lang(d: Document) -> str:
        return d.language if d.language in ("en", "fr") else "en"

    def _get_pool(self, n: int):
        import multiprocessing as mp

        if self._pool is None:
            self._pool = mp.get_context("fork").Pool(n)
            self._workers = n
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __del__(self):
        try:
            if self._pool is not None:
                self._pool.terminate()
        except Exception:
            pass
