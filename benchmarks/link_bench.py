"""Linking cost at 1k, 10k and 100k synthetic mentions: time and peak memory, and the
growth from one size to the next (linear scaling shows as ~10x per 10x mentions).

usage: python benchmarks/link_bench.py [SIZES...] [--per-day N]   (default 1000 10000 100000, 8)
Each size runs in its own process so its peak memory (ru_maxrss) is its own.
"""
from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TYPES = ["eviction", "arrest", "relocation", "clash", "crossing", "death", "protest", "policy",
         "aid", "fire", "assault"]
WORDS = ("camp tents police migrants shelter boat beach lorry motorway port church gym bus "
         "centre warehouse dinghy coastguard rescue prefect decree court food water charity "
         "volunteers family children blankets gas fence tunnel train hospital").split()


def synthetic(n: int, seed: int = 7, per_day: float = 8.0) -> list[dict]:
    """One to six mentions per incident from different documents, at a constant density
    (`per_day` mentions a day, so more mentions cover more days, as a growing archive does),
    over 300 places, with varied figures, dates at mixed precision and template sentences."""
    rng = random.Random(seed)
    syllables = ["ca", "lo", "du", "ma", "rig", "sen", "bou", "ter", "vil", "gra"]
    places = [("".join(rng.choice(syllables) for _ in range(3)).title(),
               50.0 + rng.random() * 2, 1.0 + rng.random() * 2) for _ in range(300)]
    out, doc = [], 0
    while len(out) < n:
        kind = rng.choice(TYPES)
        day = date(2000, 1, 1) + timedelta(days=rng.randrange(max(30, int(n / per_day))))
        name, lat, lon = rng.choice(places)
        figure = rng.randrange(2, 900)
        words = rng.sample(WORDS, 6)
        for _ in range(rng.randint(1, 6)):
            doc += 1
            d = day + timedelta(days=rng.randint(-1, 1))
            precision = rng.random()
            when = d.isoformat() if precision < 0.7 else d.isoformat()[:7] if precision < 0.9 else None
            t = kind if rng.random() < 0.8 else rng.choice(TYPES)
            out.append({
                "key": f"m{len(out):07d}", "document": f"d{doc}", "source": f"S{doc % 40}",
                "duplicate_of": None, "published": (d + timedelta(days=1)).isoformat(),
                "language": "en", "type": t, "trigger": "",
                "sentence": f"{' '.join(words[:3])} {figure + rng.choice((0, 0, 5))} people at {name} {' '.join(words[3:])}.",
                "evidence": [], "date": when, "place": name if rng.random() < 0.8 else None,
                "lat": lat if rng.random() < 0.6 else None, "lon": lon,
                "participants": [{"role": "target", "category": "migrants", "label": "migrants",
                                  "count": {"min": figure, "max": figure, "approximate": False}}],
                "casualties": [], "killed": None, "injured": None, "arrested": None})
            if out[-1]["lat"] is None:
                out[-1]["lon"] = None
            if len(out) == n:
                break
    return out


def run_one(n: int, per_day: float) -> dict:
    from counterpoint.link import link_mentions
    mentions = synthetic(n, per_day=per_day)
    start, cpu = time.perf_counter(), time.process_time()
    result = link_mentions(mentions)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu  # less sensitive than wall time to the machine's other jobs
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mentions": n, "seconds": round(seconds, 2), "cpu": round(cpu, 2), "peak_mb": round(peak_mb, 1),
            "incidents": len(result.incidents), "links": len(result.links),
            "pairs": result.stats["candidate_pairs"]}


def main(sizes: list[int], per_day: float) -> None:
    rows = []
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), str(per_day)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout))
    print(f"{'mentions':>9} {'seconds':>8} {'cpu s':>8} {'peak MB':>8} {'incidents':>9} {'pairs':>9} "
          f"{'pairs/mention':>13} {'cpu x':>7} {'mem x':>6}")
    for prev, row in zip([None] + rows, rows):
        tx = f"{row['cpu'] / prev['cpu']:.1f}" if prev else "-"
        mx = f"{row['peak_mb'] / prev['peak_mb']:.1f}" if prev else "-"
        print(f"{row['mentions']:>9} {row['seconds']:>8} {row['cpu']:>8} {row['peak_mb']:>8} "
              f"{row['incidents']:>9} {row['pairs']:>9} {row['pairs'] / row['mentions']:>13.1f} "
              f"{tx:>7} {mx:>6}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(run_one(int(sys.argv[2]), float(sys.argv[3]))))
    else:
        args = sys.argv[1:]
        density = float(args.pop(args.index("--per-day") + 1)) if "--per-day" in args else 8.0
        args = [a for a in args if a != "--per-day"]
        print(f"synthetic mentions, {density:g} a day on average")
        main([int(a) for a in args] or [1000, 10000, 100000], density)
