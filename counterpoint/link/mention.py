"""A mention prepared for linking: dates with their basis, place, attached counts, names, words."""
from __future__ import annotations

import math
import re
import sys
import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date

from .rules import Rules

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
# a capitalised word that does not open its sentence: a name ("Grande-Synthe", "Frontex")
NAME = re.compile(r"(?<=[\w,;:)\"'’»] )[A-Z\u00C0-\u00DE][^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
COUNT_FIELDS = ("killed", "injured", "arrested")
LEAD_CHARS = 300  # a document's headline and first lines, compared between documents
# dates the analysis inferred rather than read, so they carry the uncertainty of a guess
GUESSED_BASES = frozenset({"published", "inferred", "publication", "default"})


@dataclass
class Prepared:
    index: int
    key: str
    document: str
    type: str
    lo: int | None  # day ordinals of the event's own date, unwidened
    hi: int | None
    stated: bool  # the event's date was read in its text (not guessed from the publication)
    pub_lo: int | None  # day ordinals of the document's publication date
    pub_hi: int | None
    mid: float  # a day to sort by: the own date, else the publication date, else infinity
    place_words: frozenset[str]
    lat: float | None
    lon: float | None
    counts: frozenset[int]  # figures attached to the event (participants, casualties, totals)
    categories: frozenset[str]
    agents: frozenset[str]
    words: dict[str, float] = field(default_factory=dict)  # evidence tf-idf (unit norm), per language
    heading: dict[str, float] = field(default_factory=dict)  # headline and lead tf-idf, per language
    names: dict[str, float] = field(default_factory=dict)  # names and places, idf over all languages
    salient: tuple[str, ...] = ()  # the rarest names shared with some other mention
    language: str | None = None
    source: str | None = None
    story: str = ""  # the document a spun copy copies, else the document itself
    background: bool = False  # a passing mention of an earlier occurrence: never a bridge
    settings: int = 0  # bit k: the sentences place it in setting k of rules.settings (sea, road, rail)
    window: tuple[int, int] | None = None  # days the event may fall on (for blocking)
    # the whole document (shared by its mentions): all its evidence and lead in tf-idf, per
    # language, and what survives translation (names, dates, figures) in idf, across languages
    doc_words: dict[str, float] = field(default_factory=dict)
    doc_neutral: dict = field(default_factory=dict)


@lru_cache(maxsize=1 << 16)  # a document's lead and sentences are folded once per mention that carries them
def fold(text: str) -> str:
    """Lower-case without accents: 'Évacuation' and 'evacuation' compare equal."""
    if text.isascii():  # nothing to decompose (most English text): the same result, without a pass per character
        return text.lower()
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def date_interval(value: str | None) -> tuple[int, int, str] | None:
    """('2024-04' -> first and last day ordinals of April 2024, 'month')."""
    if not value:
        return None
    parts = str(value).split("-")
    try:
        y = int(parts[0])
        if len(parts) >= 3:
            d = date(y, int(parts[1]), int(parts[2][:2])).toordinal()
            return d, d, "day"
        if len(parts) == 2:
            m = int(parts[1])
            start = date(y, m, 1).toordinal()
            end = (date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)).toordinal() - 1
            return start, end, "month"
        return date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal(), "year"
    except (ValueError, IndexError):
        return None


def precision_of(value: str | None) -> str | None:
    got = date_interval(value)
    return got[2] if got else None


def is_stated(mention: dict) -> bool:
    """An own date counts as stated unless the analysis says it guessed it."""
    if not mention.get("date"):
        return False
    if "date_stated" in mention:
        return bool(mention["date_stated"])
    basis = mention.get("date_basis")
    return not (isinstance(basis, str) and basis.lower() in GUESSED_BASES)


def time_window(lo, hi, pub_lo, pub_hi, rules: Rules, precision: str | None) -> tuple[int, int] | None:
    """The days the event may fall on: its own date widened by its precision, else the
    days before publication."""
    if lo is not None:
        w = rules.date_window_days.get(precision or "day", 0)
        return lo - w, hi + w
    if pub_lo is not None:
        return pub_lo - rules.published_lookback_days, pub_hi
    return None


def place_words(place: str | None, rules: Rules) -> frozenset[str]:
    if not place:
        return frozenset()
    words = (w for w in WORD.findall(fold(str(place))) if len(w) >= 3)
    return frozenset(w for w in words if w not in rules.place_stopwords)


def count_values(count: dict | None) -> set[int]:
    if not isinstance(count, dict):
        return set()
    return {v for v in (count.get("min"), count.get("max")) if isinstance(v, int) and not isinstance(v, bool)}


def counts_of(mention: dict) -> frozenset[int]:
    """The figures attached to the event by the analysis; numbers elsewhere in its sentences
    ("two weeks", "two water cannon") say nothing about how many took part."""
    found: set[int] = set()
    for p in mention.get("participants") or []:
        found |= count_values(p.get("count"))
    for c in mention.get("casualties") or []:
        found |= count_values(c.get("count"))
    for name in COUNT_FIELDS:
        found |= count_values(mention.get(name))
    found.discard(1)  # "a migrant", "un migrant": every story has one
    return frozenset(found)


def sentences_of(mention: dict) -> list[str]:
    first = mention.get("sentence") or ""
    out = [first]
    out += [s for s in mention.get("evidence") or [] if isinstance(s, str) and s and s != first]
    return out


def content_words(text: str, rules: Rules) -> list[str]:
    """Words worth comparing, cut to 6 letters so plural and singular forms meet. Interned:
    a million mentions' word weights then share one string per word."""
    return [sys.intern(w[:6]) for w in WORD.findall(fold(text)) if len(w) >= 4 and w not in rules.content_stopwords]


def settings_of(mention: dict, rules: Rules) -> int:
    """The settings (sea, road, rail) the mention's sentences name, as bits in the order of
    rules.settings."""
    words = set(WORD.findall(fold(" ".join(sentences_of(mention)))))
    return sum(1 << k for k, lexicon in enumerate(rules.settings.values()) if words & lexicon)


def names_in(mention: dict, rules: Rules) -> set[str]:
    """Names in the evidence and the place: they survive translation ("Grande-Synthe",
    "Loon-Plage", "Frontex") where the rest of the wording does not."""
    found = set(place_words(mention.get("place"), rules))
    for text in sentences_of(mention):
        for name in NAME.findall(text):
            n = sys.intern(fold(name))
            if len(n) >= 3 and n not in rules.content_stopwords and n not in rules.place_stopwords:
                found.add(n)
    return found


def lead_of(mention: dict) -> str:
    """The document's headline and lead, as far as the mention carries them."""
    title = mention.get("title") or ""
    lead = mention.get("lead") or ""
    return f"{title} {lead[:LEAD_CHARS]}".strip()


def document_frequencies(bags) -> tuple[dict, dict]:
    dfs: dict = {}
    sizes: dict = {}
    for group, bag in bags:
        df = dfs.setdefault(group, {})
        sizes[group] = sizes.get(group, 0) + 1
        for w in set(bag):
            df[w] = df.get(w, 0) + 1
    return dfs, sizes


def prepare(mentions: list[dict], rules: Rules) -> list[Prepared]:
    """Normalise every mention once. Word weights are tf-idf over the batch's mentions of the
    same language (French words say nothing about how rare an English word is); headline
    weights over documents; name weights over all mentions (names cross languages)."""
    bags = [content_words(" ".join(sentences_of(m)), rules) for m in mentions]
    dfs, sizes = document_frequencies((m.get("language"), bag) for m, bag in zip(mentions, bags))
    leads: dict[str, list[str]] = {}
    told: dict[str, str] = {}  # without a headline or lead, a document's own event sentences stand in
    for m in mentions:
        doc = str(m.get("document"))
        if doc not in leads:
            leads[doc] = content_words(lead_of(m), rules)
        if len(told.get(doc, "")) < LEAD_CHARS:
            told[doc] = (told.get(doc, "") + " " + (m.get("sentence") or ""))[:LEAD_CHARS]
    for doc, bag in leads.items():
        if not bag:
            leads[doc] = content_words(told[doc], rules)
    lang_of_doc = {str(m.get("document")): m.get("language") for m in mentions}
    lead_dfs, lead_sizes = document_frequencies((lang_of_doc[d], bag) for d, bag in leads.items())
    lead_vectors = {d: tfidf(bag, lead_dfs[lang_of_doc[d]], lead_sizes[lang_of_doc[d]])
                    for d, bag in leads.items()}
    name_sets = [names_in(m, rules) for m in mentions]
    doc_bags: dict[str, list[str]] = {}
    doc_terms: dict[str, set] = {}
    for m, bag, names in zip(mentions, bags, name_sets):
        doc = str(m.get("document"))
        doc_bags.setdefault(doc, list(leads[doc])).extend(bag)
        terms = doc_terms.setdefault(doc, {("name", fold(n)) for n in NAME.findall(lead_of(m))})
        terms.update(("name", n) for n in names)
        terms.update(("count", n) for n in counts_of(m) if n >= 3)
        own = date_interval(m.get("date"))
        if own and own[2] == "day":
            terms.add(("date", own[0]))
    doc_dfs, doc_sizes = document_frequencies((lang_of_doc[d], bag) for d, bag in doc_bags.items())
    doc_vectors = {d: tfidf(bag, doc_dfs[lang_of_doc[d]], doc_sizes[lang_of_doc[d]]) for d, bag in doc_bags.items()}
    term_df: dict = {}
    for terms in doc_terms.values():
        for t in terms:
            term_df[t] = term_df.get(t, 0) + 1
    neutral = {d: idf_vector(terms, term_df, len(doc_terms)) for d, terms in doc_terms.items()}
    name_df: dict[str, int] = {}
    for names in name_sets:
        for n in names:
            name_df[n] = name_df.get(n, 0) + 1
    n_all = len(mentions)
    out = []
    for i, (m, bag) in enumerate(zip(mentions, bags)):
        lang = m.get("language")
        own = date_interval(m.get("date"))
        pub = date_interval(m.get("published"))
        lo, hi = (own[0], own[1]) if own else (None, None)
        pub_lo, pub_hi = (pub[0], pub[1]) if pub else (None, None)
        mid = (lo + hi) / 2 if lo is not None else (pub_lo + pub_hi) / 2 if pub_lo is not None else math.inf
        parts = [p for p in m.get("participants") or [] if isinstance(p, dict)]
        doc = str(m.get("document"))
        names = name_sets[i]
        out.append(Prepared(
            index=i, key=str(m["key"]), document=doc, type=m.get("type") or "",
            lo=lo, hi=hi, stated=is_stated(m), pub_lo=pub_lo, pub_hi=pub_hi, mid=mid,
            place_words=place_words(m.get("place"), rules), lat=m.get("lat"), lon=m.get("lon"),
            counts=counts_of(m),
            categories=frozenset(p.get("category") for p in parts if p.get("category")),
            agents=frozenset(p.get("category") for p in parts
                             if p.get("role") == "agent" and p.get("category")),
            words=tfidf(bag, dfs[lang], sizes[lang]), heading=lead_vectors[doc],
            names=idf_vector(names, name_df, n_all),
            salient=rarest(names, name_df, rules.salient_words),
            language=lang, source=m.get("source"), story=str(m.get("duplicate_of") or doc),
            background=bool(m.get("background")),
            settings=settings_of(m, rules),
            window=time_window(lo, hi, pub_lo, pub_hi, rules, own[2] if own else None),
            doc_words=doc_vectors[doc], doc_neutral=neutral[doc]))
    return out


def rarest(names: set[str], df: dict[str, int], k: int) -> tuple[str, ...]:
    """The k rarest names of a mention that at least one other mention also uses."""
    shared = sorted((n for n in names if df[n] >= 2), key=lambda n: (df[n], n))
    return tuple(shared[:k])


def tfidf(bag: list[str], df: dict[str, int], n: int) -> dict[str, float]:
    tf: dict[str, int] = {}
    for w in bag:
        tf[w] = tf.get(w, 0) + 1
    weights = {w: (1 + math.log(c)) * math.log(1 + n / df[w]) for w, c in tf.items()}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: v / norm for w, v in weights.items()}


def idf_vector(names: set, df: dict, n: int) -> dict:
    # in sorted order, not the set's: the norm's sum and the vector's key order (which numbers
    # the columns of arrays._rows) must not follow string hashing, or a run's last bits (and a
    # pair at the threshold) would depend on PYTHONHASHSEED
    weights = {w: math.log(1 + n / df[w]) for w in sorted(names)}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: v / norm for w, v in weights.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    shared = a.keys() & b.keys()  # a set operation in C: most pairs share few words
    # fsum: correctly rounded whatever order the set gives (hash order varies between runs)
    return math.fsum(a[w] * b[w] for w in shared) if shared else 0.0


def distance_km(a_lat, a_lon, b_lat, b_lon) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def has_coords(p: Prepared) -> bool:
    return isinstance(p.lat, (int, float)) and isinstance(p.lon, (int, float)) \
        and not isinstance(p.lat, bool) and not isinstance(p.lon, bool)
