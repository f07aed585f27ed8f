"""The analysis stage: a spaCy Doc of one document -> events, quotes, claims, labels.

Stages, in order (each a module of this package; each a pure function of the parsed
document and the context, so analysis can be mapped over processes):
  1. quotes.extract   direct and reported speech, with speakers      -> list[Quote]
  2. claims.extract   attributed numeric statements (uses the quotes) -> list[Claim]
  3. events.extract   events with participants, counts, dates, places -> list[Event]
  4. labels.extract   the words the document uses for migrants        -> list[str]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..models import Analysis, Document, Quote
from ..settings import Settings

# Bump when rules change so `counterpoint reanalyze` knows stored analysis is stale.
RULES_VERSION = "0.1.0"


@dataclass
class Context:
    """What a stage may know besides the parsed text."""

    language: str
    published: str | None  # the document date ("YYYY", "YYYY-MM" or "YYYY-MM-DD"), if known
    settings: Settings
    offset: int = 0  # where this parsed piece starts in the document's cleaned text
    quotes: list[Quote] = field(default_factory=list)  # filled by stage 1 for later stages


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


def _merge(parts: list[Analysis]) -> Analysis:
    out = Analysis()
    for a in parts:
        out.events += a.events
        out.quotes += a.quotes
        out.claims += a.claims
        out.migrant_labels += [x for x in a.migrant_labels if x not in out.migrant_labels]
    return out


def pieces(text: str, size: int) -> list[tuple[int, str]]:
    """Split a long text at paragraph breaks into pieces of about `size` characters."""
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


class Analyzer:
    """Analyses documents in batches with the pipeline of each document's language."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def analyze(self, docs: Iterable[Document]) -> list[Document]:
        from .nlp import pipeline_for

        docs = list(docs)
        by_lang: dict[str, list[Document]] = {}
        for d in docs:
            by_lang.setdefault(d.language if d.language in ("en", "fr") else "en", []).append(d)
        for lang, group in by_lang.items():
            nlp = pipeline_for(lang, self.settings)
            jobs = [(d, off, piece) for d in group
                    for off, piece in pieces(d.text, self.settings.chunk_chars)]
            results: dict[str, list[Analysis]] = {}
            parsed = nlp.pipe((p for _, _, p in jobs), batch_size=self.settings.batch_size,
                              n_process=self.settings.n_process)
            for (d, off, _), sdoc in zip(jobs, parsed):
                ctx = Context(lang, d.published, self.settings, offset=off)
                results.setdefault(id(d), []).append(analyze_parsed(sdoc, ctx))
            for d in group:
                d.analysis = _merge(results.get(id(d), []))
        return docs
