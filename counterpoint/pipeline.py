"""The pipeline: ingest -> dedup -> analyze -> store, for `ingest` and `analyze`.

Stages, in order:
  1. ingest.walk     inputs -> RawRecords (or Rejected, which never stop the batch)
  2. ingest.prepare  clean, split posts, date, language -> Documents
  3. dedup           exact and near duplicates against what is stored or already seen
  4. analyze         events, quotes, claims, labels (batched spaCy)
  5. store           each document in its own transaction (ingest only)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .analyze import RULES_VERSION, Analyzer
from .cluster import make_analyzer
from .ingest import Rejected, prepare, walk
from .ingest.readers import RawRecord
from .models import Document
from .settings import Settings

if TYPE_CHECKING:  # imported where used: datasketch's import is half a second of CPU (see analyze_inputs)
    from .ingest.dedup import DedupIndex, Signature

BATCH = 32  # documents analysed together: big enough for nlp.pipe, small enough to commit often


def _batch_size(analyzer) -> int:
    """On a cluster, enough documents per batch to keep every worker busy."""
    return BATCH * getattr(analyzer, "workers", 1)


def analysis_version(settings: Settings, languages: Iterable[str] = ("en", "fr")) -> str:
    """Rules, taxonomy and model versions: stored with each extraction."""
    from . import taxonomy
    from .analyze.nlp import model_version

    models = ",".join(model_version(lang, settings) for lang in sorted(set(languages)))
    return f"rules={RULES_VERSION};taxonomy={taxonomy.fingerprint(settings.taxonomy_dir)};{models}"


@dataclass
class Report:
    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    documents: int = 0


def _mark_duplicate(doc: Document, index: "DedupIndex") -> "Signature":
    from .ingest.dedup import signature

    sig = signature(doc.text)
    match = index.find(sig, exclude=doc.id)
    if match:
        doc.duplicate_of, doc.similarity = match.doc_id, match.similarity
    return sig


def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _counted(items: Iterator, on_found: Callable[[int], None] | None) -> Iterator:
    """The items, with `on_found(1)` for each as soon as it exists: a progress total that grows
    as inputs are found, before the batch each joins is analysed."""
    for item in items:
        if on_found:
            on_found(1)
        yield item


def _prepared(args: list[str], settings: Settings, fetcher, stdin) -> Iterator[tuple[RawRecord | None, Document | Rejected]]:
    for item in walk(args, settings, fetcher=fetcher, stdin=stdin):
        if isinstance(item, Rejected):
            yield None, item
            continue
        try:
            docs = prepare(item, settings)
        except Exception as exc:  # a bug in one document must not stop the batch
            yield None, Rejected(item.input_name, "prepare_failed",
                                 f"{item.input_name}: could not be prepared ({exc.__class__.__name__}: {exc})",
                                 item.content_hash)
            continue
        if not docs:
            yield None, Rejected(item.input_name, "no_text", f"{item.input_name}: no text left after cleaning",
                                 item.content_hash)
        for d in docs:
            yield item, d


def analyze_inputs(args: list[str], settings: Settings, *, fetcher=None, stdin=None,
                   on_progress: Callable[[int], None] | None = None,
                   on_found: Callable[[int], None] | None = None) -> Iterator[Document | Rejected]:
    """Documents with their analysis, in input order, without a database."""
    analyzer = make_analyzer(settings)
    index = None
    found = _counted(_prepared(args, settings, fetcher, stdin), on_found)
    previous = None  # (batch, submitted): analysed by the workers while the next batch is read
    for batch in _batches(found, _batch_size(analyzer)):
        docs = [d for _, d in batch if isinstance(d, Document)]
        # the analysis does not read what dedup marks: the batch goes to the workers first, so
        # they start parsing while this process dedupes (and, the first time, imports datasketch)
        submitted = analyzer.submit(docs)
        if index is None:
            from .ingest.dedup import DedupIndex

            index = DedupIndex()
        for d in docs:
            index.add(d.id, _mark_duplicate(d, index))
        if previous:
            yield from _collected(*previous, analyzer, on_progress)
        previous = batch, submitted
    if previous:
        yield from _collected(*previous, analyzer, on_progress)
    analyzer.close()


def _collected(batch: list, submitted, analyzer: Analyzer, on_progress) -> Iterator[Document | Rejected]:
    analyzer.collect(submitted)
    for raw, d in batch:
        yield _too_slow(d, raw, analyzer) or d
    if on_progress:
        on_progress(len(batch))


def ingest(args: list[str], store, settings: Settings, *, fetcher=None, stdin=None,
           on_progress: Callable[[int], None] | None = None,
           on_reject: Callable[[Rejected], None] | None = None,
           on_found: Callable[[int], None] | None = None) -> Report:
    """Read, analyse and store; idempotent: unchanged documents are skipped before analysis."""
    from .ingest.dedup import DedupIndex, Signature, signature

    report = Report()
    analyzer = make_analyzer(settings)
    index = DedupIndex()
    for doc_id, sig, _ in store.signatures():
        index.add(doc_id, Signature.from_json(sig))
    version = analysis_version(settings)
    found = _counted(_prepared(args, settings, fetcher, stdin), on_found)
    for batch in _batches(found, _batch_size(analyzer)):
        todo: list[tuple[RawRecord, Document, Signature]] = []
        for raw, d in batch:
            if isinstance(d, Rejected):
                store.record_rejection(d.name, d.content_key, d.code, d.message)
                report.rejected.append(d)
                if on_reject:
                    on_reject(d)
                continue
            report.documents += 1
            sig = signature(d.text)
            try:
                current = store.current_version(d.id)
            except Exception as exc:  # the store refused this document's id: reject it alone
                _store_failed(d, raw, exc, report, on_reject)
                continue
            if current and current["text_hash"] == sig.exact:
                report.unchanged += 1
                continue
            match = index.find(sig, exclude=d.id)
            if match:
                d.duplicate_of, d.similarity = match.doc_id, match.similarity
            index.add(d.id, sig)
            todo.append((raw, d, sig))
        analyzer.analyze([d for _, d, _ in todo])
        for raw, d, sig in todo:
            slow = _too_slow(d, raw, analyzer)
            if slow:
                store.record_rejection(slow.name, slow.content_key, slow.code, slow.message)
                report.rejected.append(slow)
                if on_reject:
                    on_reject(slow)
                continue
            try:  # one transaction per document: a failure leaves the store as it was
                store.save_document(d, raw=raw, signature=sig.to_json(), text_hash=sig.exact,
                                    analysis_version=version)
            except Exception as exc:
                _store_failed(d, raw, exc, report, on_reject)
                continue
            report.stored += 1
            report.duplicates += bool(d.duplicate_of)
        if on_progress:
            on_progress(len(batch))
    analyzer.close()
    return report


def _too_slow(d: Document | Rejected, raw: RawRecord | None, analyzer: Analyzer) -> Rejected | None:
    """The rejection of a document whose analysis went over the time budget, if it did."""
    if not isinstance(d, Document) or id(d) not in analyzer.too_slow:
        return None
    name = d.input_name or d.id
    return Rejected(name, "too_slow", f"{name}: {analyzer.too_slow[id(d)]}", raw.content_hash if raw else d.id)


def _store_failed(d: Document, raw: RawRecord | None, exc: Exception, report: Report,
                  on_reject: Callable[[Rejected], None] | None) -> None:
    reason = f"{exc.__class__.__name__}: {exc}".splitlines()[0][:200]
    rejected = Rejected(d.input_name or d.id, "store_failed", f"{d.input_name or d.id}: could not be stored ({reason})",
                        raw.content_hash if raw else d.id)
    report.rejected.append(rejected)
    if on_reject:
        on_reject(rejected)


def reanalyze(store, settings: Settings, *, force: bool = False,
              on_progress: Callable[[int], None] | None = None,
              on_found: Callable[[int], None] | None = None) -> int:
    """Refresh stored analysis made by other rules, taxonomy or model; returns how many."""
    version = analysis_version(settings)
    analyzer = make_analyzer(settings)
    n = 0
    docs = store.documents(stale_for=None if force else version)
    for batch in _batches(_counted(docs, on_found), _batch_size(analyzer)):
        analyzer.analyze(batch)
        for d in batch:
            store.replace_analysis(d.pk, d.analysis, version)
            n += 1
        if on_progress:
            on_progress(len(batch))
    analyzer.close()
    return n


def link_store(store, *, rebuild: bool = False, workers: int = 1):
    """Link every stored mention into incidents and save them (incremental, idempotent).

    Earlier placements are the starting point (with `rebuild`, only the analyst's);
    placements an analyst locked become must-link pairs (same incident) and cannot-link
    pairs (different incidents). `workers` processes score the candidate pairs.
    """
    from .link import link_mentions
    from .store import IncidentStore

    incidents = IncidentStore(store)
    mentions = incidents.mentions()
    locked = incidents.locked()
    must, cannot = _constraints(locked)
    previous = dict(locked) if rebuild else incidents.assignment()
    result = link_mentions(mentions, previous=previous, must_link=must, cannot_link=cannot, workers=workers)
    incidents.save(result.incidents, result.assignment, result.links)
    return result


def _constraints(locked: dict[str, str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    groups: dict[str, list[str]] = {}
    for key, inc in sorted(locked.items()):
        groups.setdefault(inc, []).append(key)
    must = [(keys[0], k) for keys in groups.values() for k in keys[1:]]
    heads = [keys[0] for keys in groups.values()]
    cannot = [(a, b) for i, a in enumerate(heads) for b in heads[i + 1:]]
    return must, cannot


def export(store, *, fmt: str, what: str, out, redact: bool = False) -> None:
    """Write incidents (or events, quotes, claims, profiles) from the store in one format."""
    from . import export as exporters
    from .errors import SettingsError
    from .store import IncidentStore

    if what == "incidents":
        if fmt not in exporters.FORMATS:
            raise SettingsError(f"--format {fmt!r} is not one of {', '.join(exporters.FORMATS)}")
        exporters.write(fmt, IncidentStore(store).incidents(), out, redact=redact)
    elif what in ("events", "quotes", "claims"):
        if fmt not in exporters.ROW_FORMATS:
            raise SettingsError(f"--format {fmt!r} cannot export {what}: use {' or '.join(exporters.ROW_FORMATS)}")
        exporters.write_rows(what, [d.to_contract() for d in store.documents()], out, fmt, redact=redact)
    elif what == "profiles":
        import json

        if fmt != "json":
            raise SettingsError("profiles export as --format json")
        out.write(json.dumps({"profiles": store.profiles()}, ensure_ascii=False, indent=1) + "\n")
    else:
        raise SettingsError(f"--what {what!r} is not one of incidents, events, quotes, claims, profiles")
