"""Places on short event descriptions, and what the gazetteer costs to load.

    python benchmarks/places_bench.py [--build]

Reads benchmarks/places_events.jsonl (short event descriptions we wrote ourselves, in the
style of public event data sets: one event each, from Europe, the Mediterranean and beyond,
with the place an annotator would code and its coordinates). A description is right when the
place of its first event (or, when no event is found, its most specific place) has the
expected name or lies within 25 km of the expected point. Prints the accuracy, each miss,
and the gazetteer's load time and the process's memory (`--build` rebuilds the cache first).
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from counterpoint.analyze import gazetteer as gz  # noqa: E402


def _rss_mb() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() // 2**20


def main(argv: list[str]) -> int:
    if "--build" in argv:
        path = gz._cache_path(None)
        path.unlink(missing_ok=True)
        t = time.perf_counter()
        gz.save(gz.build(), path)
        print(f"gazetteer built and cached in {time.perf_counter() - t:.1f} s "
              f"(peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)")
        return 0
    before = _rss_mb()
    t = time.perf_counter()
    g = gz.gazetteer()
    print(f"gazetteer: {len(g.entries)} places, {len(g.names)} names, loaded in {time.perf_counter() - t:.2f} s, "
          f"+{_rss_mb() - before} MB resident")

    import spacy

    from counterpoint.analyze import Context, events, places
    from counterpoint.settings import Settings

    settings = Settings()
    nlp = spacy.load(settings.model_en)
    finder = places.finder_for(nlp.vocab)
    rows = [json.loads(line) for line in (HERE / "places_events.jsonl").read_text().splitlines() if line.strip()]
    right = found_event = 0
    t = time.perf_counter()
    for r in rows:
        doc = nlp(r["text"])
        evs = [e for e in events.extract(doc, Context("en", None, settings)) if e.place]
        if evs:
            found_event += 1
            name, lat, lon = evs[0].place, evs[0].lat, evs[0].lon
        else:
            ms = [m for m in finder(doc) if m.role is None]
            ms = [m for m in ms if m.prep not in places.ORIGIN_PREPS] or ms  # where, not whence
            m = max(ms, key=lambda m: m.rank) if ms else None
            name, lat, lon = (m.place, m.lat, m.lon) if m else (None, None, None)
        ok = bool(name) and (gz.fold(r["place"]) in gz.fold(name) or gz.fold(name) in gz.fold(r["place"])
                             or (lat is not None and gz.km((lat, lon), (r["lat"], r["lon"])) <= 25))
        right += ok
        if not ok:
            print(f"  miss: expected {r['place']!r}, got {name!r}  | {r['text'][:90]}")
    print(f"right place (name or within 25 km): {right}/{len(rows)} = {right / len(rows):.3f} "
          f"({found_event} from an event's place); {1000 * (time.perf_counter() - t) / len(rows):.0f} ms a description")
    print(f"process resident memory: {_rss_mb()} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
