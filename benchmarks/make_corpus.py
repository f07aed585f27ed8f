"""A large, realistic corpus made at run time from the annotated ones, for scale benchmarks.

    .venv/bin/python benchmarks/make_corpus.py --docs 100000 --out /tmp/big.jsonl

It reads ../shared/corpus and ../shared/train (never copied into the repository) and writes
JSON Lines that `counterpoint ingest` reads. Each document is a new story in one language:
a third to a half of one article's sentences, mixed with sentences from other articles of
the same language, their middle reordered; then its dates (years, months, days), places,
figures and outlet are varied. No output document is a copy of an input text, and the
output goes to a folder outside the repository (a temporary one by default).
Deterministic: the same --seed and --docs give the same corpus.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
SENTENCE_END = re.compile(r"(?<=[.!?»\"”])\s+(?=[A-ZÀ-Ý«\"“])")
NUMBER = re.compile(r"\b\d{1,4}\b")
YEAR = re.compile(r"\b20[12]\d\b")
MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December"],
          "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                 "octobre", "novembre", "décembre"]}
# Places of the situation the corpora cover; a story swaps those it names for others of the list.
PLACES = ["Calais", "Dunkirk", "Grande-Synthe", "Coquelles", "Boulogne-sur-Mer", "Loon-Plage", "Wimereux",
          "Gravelines", "Marck", "Sangatte", "Dover", "Folkestone", "Ouistreham", "Cherbourg", "Lille"]
OUTLETS = ["Coastal Herald", "Channel Daily", "Northern Post", "Harbour Gazette", "La Voix du Littoral",
           "Le Courrier du Nord", "Field Report Network", "Border Watch Blog", "Le Journal de la Côte",
           "Straits Observer"]


def articles(shared: Path) -> dict[str, list[dict]]:
    """The annotated articles, by language: their sentences, outlet and URL host."""
    by_language: dict[str, list[dict]] = {}
    for corpus in ("corpus", "train"):
        for path in sorted((shared / corpus).glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            text = record.get("text") or ""
            paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
            if len(paragraphs) < 2:
                continue
            sentences = [s for p in paragraphs[1:] for s in SENTENCE_END.split(p) if len(s) > 20]
            if len(sentences) < 4:
                continue
            by_language.setdefault(record.get("language") or "en", []).append(
                {"title": paragraphs[0], "sentences": sentences, "outlet": record.get("outlet") or record.get("source")})
    return by_language


def vary(text: str, rng: random.Random, language: str, places: dict[str, str], year: int) -> str:
    """The same story told of another time, place and size."""
    text = YEAR.sub(str(year), text)
    for old, new in places.items():
        text = text.replace(old, new)
    months = MONTHS[language if language in MONTHS else "en"]
    shift = rng.randrange(12)
    text = re.sub(r"\b(" + "|".join(months) + r")\b", lambda m: months[(months.index(m.group()) + shift) % 12], text)

    def figure(m: re.Match) -> str:
        n = int(m.group())
        if 2000 <= n <= 2030:  # a year
            return m.group()
        return str(max(1, round(n * rng.uniform(0.5, 1.8)))) if n > 1 else m.group()
    return NUMBER.sub(figure, text)


def generate(shared: Path, docs: int, seed: int = 1) -> Iterator[dict]:
    pool = articles(shared)
    languages = sorted(pool)
    weights = [len(pool[lang]) for lang in languages]
    for i in range(docs):
        rng = random.Random(f"{seed}:{i}")
        language = rng.choices(languages, weights)[0]
        base = rng.choice(pool[language])
        keep = base["sentences"][:max(2, len(base["sentences"]) * rng.randint(33, 50) // 100)]
        others = [s for a in rng.sample(pool[language], min(3, len(pool[language]))) if a is not base
                  for s in rng.sample(a["sentences"], min(len(a["sentences"]), rng.randint(2, 5)))]
        middle = keep[1:] + others
        rng.shuffle(middle)
        sentences = keep[:1] + middle  # the lead stays first: it tells the event
        named = [p for p in PLACES if any(p in s for s in sentences)]
        places = {p: rng.choice(PLACES) for p in named}
        year = rng.randint(2014, 2024)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        outlet = rng.choice(OUTLETS + [base["outlet"] or OUTLETS[0]])
        body = "\n\n".join(" ".join(sentences[k:k + 3]) for k in range(0, len(sentences), 3))
        slug = re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")
        yield {"id": f"gen{i:07d}", "url": f"https://{slug}.example.org/{date}/story-{i}",
               "source": outlet, "published": date,
               "text": vary(base["title"], rng, language, places, year) + "\n\n" + vary(body, rng, language, places, year)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", help="a .jsonl file outside the repository [default: a temporary file]")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    out = Path(args.out or tempfile.mkstemp(prefix="corpus_", suffix=".jsonl")[1])
    if ROOT in out.resolve().parents:
        sys.exit("--out must be outside the repository: the texts are made from third-party articles")
    with out.open("w", encoding="utf-8") as fh:
        for record in generate(Path(args.shared), args.docs, args.seed):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(out)


if __name__ == "__main__":
    main()
