"""Events on short event descriptions, scored the way issue 11's outside event set is scored.

    python benchmarks/event_descriptions.py [--errors] [--blind FILE] [--dev FILE]

Reads benchmarks/event_descriptions.jsonl (short descriptions we wrote ourselves in the style
of conflict, protest and migration event data sets: one to three sentences each, with the
event types an annotator would accept, the place and its coordinates, the fatalities when the
text states them and the date when the text states it; an optional "published" date anchors
"on Tuesday"). Lines with an odd index (1, 3, ...) are the dev half, which rules may be tuned
on; even lines are the check half, reported but not tuned on.

For each half and overall it prints the share of descriptions with an event of an acceptable
type; the place right (name or within 25 km) of the first event of an acceptable type, else of
any event; the fatalities right where stated (that event's killed count, or any event's); and
the date right where stated. `--errors` lists the dev half's misses. It also prints
benchmarks/places_events.jsonl's figures (an event found, the right place) for comparison.
`--blind FILE` scores another set of the same form as a whole, for a set written by someone
who had not read the rules: none of it is tuned on. `--dev FILE` scores one the same way and,
with `--errors`, lists its misses: a blind set becomes a dev set once its figures are recorded
(benchmarks/event_descriptions_fresh.jsonl, blind in round six, dev from round seven).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from counterpoint.analyze import gazetteer as gz  # noqa: E402


def _place_ok(name, lat, lon, row) -> bool:
    if not name:
        return False
    a, b = gz.fold(row["place"]), gz.fold(name)
    return a in b or b in a or (lat is not None and gz.km((lat, lon), (row["lat"], row["lon"])) <= 25)


def _killed(ev) -> int | None:
    k = ev.killed
    if k is None:
        return None
    return k.min if k.min is not None else k.max


def score(row: dict, evs: list) -> dict:
    """What one description's events get right (None where the row states nothing to check)."""
    ok = [e for e in evs if e.type in row["types"]]
    first = ok[0] if ok else (evs[0] if evs else None)
    placed = next((e for e in ok if e.place), None) or next((e for e in evs if e.place), None)
    out = {"type": bool(ok),
           "place": _place_ok(placed.place, placed.lat, placed.lon, row) if placed else False,
           "got_place": placed.place if placed else None,
           "got_types": [e.type for e in evs]}
    if row.get("fatalities") is not None:
        counts = [_killed(e) for e in ok if _killed(e) is not None] or \
                 [_killed(e) for e in evs if _killed(e) is not None]
        out["fatalities"] = bool(counts) and counts[0] == row["fatalities"]
        out["got_fatalities"] = counts[0] if counts else None
    if row.get("date"):
        dated = [e.date for e in ok if e.date] or [e.date for e in evs if e.date]
        out["date"] = bool(dated) and dated[0] == row["date"]
        out["got_date"] = dated[0] if dated else None
    out["first"] = first
    return out


def _line(name: str, results: list[dict]) -> str:
    parts = [f"{name:7s} n={len(results):3d}"]
    for key, label in (("type", "event of an acceptable type"), ("place", "place right"),
                       ("fatalities", "fatalities right"), ("date", "date right")):
        vals = [r[key] for r in results if key in r]
        if vals:
            parts.append(f"{label} {sum(vals)}/{len(vals)} = {sum(vals) / len(vals):.3f}")
    return "; ".join(parts)


def _misses(numbered) -> None:
    for i, r, x in numbered:
        bad = [k for k in ("type", "place", "fatalities", "date") if k in x and not x[k]]
        if bad:
            got = f"types {x['got_types']}, place {x['got_place']!r}"
            if "fatalities" in bad:
                got += f", killed {x['got_fatalities']} (want {r['fatalities']})"
            if "date" in bad:
                got += f", date {x['got_date']} (want {r['date']})"
            print(f"  [{i}] {'/'.join(bad)}: want {r['types']} {r['place']!r}; got {got}\n      {r['text']}")


def main(argv: list[str]) -> int:
    import spacy

    from counterpoint.analyze import Context, events
    from counterpoint.settings import Settings

    settings = Settings()
    nlp = spacy.load(settings.model_en)

    def analyse(text: str, published: str | None) -> list:
        return events.extract(nlp(text), Context("en", published, settings))

    rows = [json.loads(x) for x in (HERE / "event_descriptions.jsonl").read_text().splitlines() if x.strip()]
    t = time.process_time()
    results = [score(r, analyse(r["text"], r.get("published"))) for r in rows]
    cpu = time.process_time() - t
    dev = [x for i, x in enumerate(results) if i % 2 == 1]
    check = [x for i, x in enumerate(results) if i % 2 == 0]
    print("benchmarks/event_descriptions.jsonl")
    for name, part in (("dev", dev), ("check", check), ("all", results)):
        print("  " + _line(name, part))
    print(f"  {1000 * cpu / len(rows):.0f} ms CPU a description")

    old = [json.loads(x) for x in (HERE / "places_events.jsonl").read_text().splitlines() if x.strip()]
    found = right = 0
    for r in old:
        evs = [e for e in analyse(r["text"], None)]
        placed = next((e for e in evs if e.place), None)
        found += bool(evs)
        right += bool(placed) and _place_ok(placed.place, placed.lat, placed.lon, r)
    print(f"benchmarks/places_events.jsonl: an event found {found}/{len(old)} = {found / len(old):.3f}; "
          f"an event's place right {right}/{len(old)} = {right / len(old):.3f}")

    extra = []  # (path, scored rows, list its misses?)
    for flag in ("--blind", "--dev"):
        if flag in argv:
            path = Path(argv[argv.index(flag) + 1])
            more = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
            scored = [score(r, analyse(r["text"], r.get("published"))) for r in more]
            print(path)
            print("  " + _line(flag[2:], scored))
            extra.append((path, more, scored, flag == "--dev"))

    if "--errors" in argv:
        print("\nmisses of the dev half:")
        _misses([(i, r, x) for i, (r, x) in enumerate(zip(rows, results)) if i % 2 == 1])
        for path, more, scored, listed in extra:
            if listed:
                print(f"\nmisses of {path.name}:")
                _misses(list(zip(range(len(more)), more, scored)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
