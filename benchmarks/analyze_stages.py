"""Where `counterpoint analyze` spends its CPU: seconds per 1,000 words of each stage, in one
process, next to bare spaCy on the same texts.

usage: python benchmarks/analyze_stages.py [--shared ../shared] [--docs 145]

The texts are those of analyze_bench.py (the real articles of ../shared/corpus, ../shared/train
and ../shared/seeds, each in its own language). Each stage is timed with the process's CPU clock
(time.process_time), so the figures hold on a loaded machine, one stage after the other:
start-up (imports and each pipeline's load), ingest (read, clean, date, language), dedup
signatures, the spaCy parse of each language, each rule stage, and the JSON output; then the
bare `en_core_web_sm` pipeline's `nlp.pipe` over every text, as analyze_bench.py's bare run.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


class Clock:
    def __init__(self):
        self.rows: dict[str, float] = {}
        self._t = time.process_time()

    def lap(self, name: str) -> None:
        now = time.process_time()
        self.rows[name] = self.rows.get(name, 0.0) + now - self._t
        self._t = now


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--docs", type=int, default=145)
    args = ap.parse_args()
    clock = Clock()

    from analyze_bench import texts  # noqa: E402 - the benchmark's own texts

    from counterpoint.analyze import Context, claims, events, labels, quotes
    from counterpoint.analyze.nlp import pipeline_for
    from counterpoint.ingest import prepare, walk
    from counterpoint.ingest.dedup import signature
    from counterpoint.settings import Settings
    clock.lap("start-up: imports")

    rows = texts(Path(args.shared), args.docs)
    words = sum(len(r["text"].split()) for r in rows)
    settings = Settings.load()
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp, "bench.jsonl")
        inp.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
        clock.lap("(writing the input)")
        docs = [d for raw in walk([str(inp)], settings) if not hasattr(raw, "code") for d in prepare(raw, settings)]
    clock.lap("ingest: read, clean, date, language")
    for d in docs:
        signature(d.text)
    clock.lap("dedup signatures")

    by_lang: dict[str, list] = {}
    for d in docs:
        by_lang.setdefault(d.language if d.language in ("en", "fr") else "en", []).append(d)
    parsed = {}
    for lang in sorted(by_lang):
        nlp = pipeline_for(lang, settings)
        clock.lap(f"start-up: load the {lang} pipeline")
        parsed[lang] = list(nlp.pipe([d.text for d in by_lang[lang]], batch_size=settings.batch_size))
        clock.lap(f"spaCy parse, {lang} texts")
    for lang, sdocs in parsed.items():
        for d, sdoc in zip(by_lang[lang], sdocs):
            ctx = Context(lang, d.published, settings, published_basis=d.published_basis, source=d.source)
            ctx.quotes = d.analysis.quotes = quotes.extract(sdoc, ctx)
            clock.lap("rules: quotes")
            d.analysis.claims = claims.extract(sdoc, ctx)
            clock.lap("rules: claims")
            d.analysis.events = events.extract(sdoc, ctx)
            clock.lap("rules: events (places, dates, counts)")
            d.analysis.migrant_labels = labels.extract(sdoc, ctx)
            clock.lap("rules: labels")
    out = [json.dumps(d.to_contract(), ensure_ascii=False) for d in docs]
    clock.lap("JSON output")
    del out, parsed

    import spacy

    bare = spacy.load(settings.model_en)
    clock.lap("bare: load en_core_web_sm")
    n = sum(len(d) for d in bare.pipe([r["text"] for r in rows], batch_size=16))
    clock.lap("bare: nlp.pipe over every text")

    print(f"{len(rows)} texts, {words} words, {n} bare tokens; CPU seconds, and per 1,000 words")
    ours = sum(v for k, v in clock.rows.items() if not k.startswith(("bare", "(")))
    for name, sec in clock.rows.items():
        print(f"  {name:40s} {sec:7.2f} s  {1000 * sec / words:6.3f}")
    bare_total = clock.rows["bare: load en_core_web_sm"] + clock.rows["bare: nlp.pipe over every text"]
    print(f"  {'analyze, all stages':40s} {ours:7.2f} s  {1000 * ours / words:6.3f}")
    print(f"  bare (load + pipe; its imports are within analyze's) {bare_total:.2f} s; "
          f"analyze less its imports / bare: {(ours - clock.rows['start-up: imports']) / bare_total:.2f}")


if __name__ == "__main__":
    main()
