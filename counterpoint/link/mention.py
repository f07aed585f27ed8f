"""A mention prepared for linking: date interval, place words, coordinates, numbers, words."""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from .rules import Rules

# Written-out numbers in English and French, so "six dead" and "Six die" share a figure.
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quinze": 15,
    "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "cent": 100,
}
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
# a figure, not a clock time or a decimal ("5.30am", "1.2 miles")
DIGITS = re.compile(r"(?<![\d.:,])\d+(?:[,\s\u202f]\d{3})*(?![\d.:]\d|\s?(?:am|pm|h\d)\b)")
COUNT_FIELDS = ("killed", "injured", "arrested")


@dataclass
class Prepared:
    index: int
    key: str
    document: str
    type: str
    lo: int | None  # day ordinals of the date interval, widened by its window
    hi: int | None
    exact: bool  # the interval comes from the event's own date, not the publication date
    mid: float
    place_words: frozenset[str]
    lat: float | None
    lon: float | None
    numbers: frozenset[int]
    categories: frozenset[str]
    agents: frozenset[str]
    words: dict[str, float] = field(default_factory=dict)  # term -> tf-idf weight (unit norm)
    salient: tuple[str, ...] = ()  # the rarest words shared with some other mention
    language: str | None = None  # of the mention's document: wording compares within one


def fold(text: str) -> str:
    """Lower-case without accents: 'Évacuation' and 'evacuation' compare equal."""
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


def widened(mention: dict, rules: Rules) -> tuple[int | None, int | None, bool]:
    """The days the event may fall on; without its own date, the days before publication."""
    own = date_interval(mention.get("date"))
    if own:
        lo, hi, precision = own
        w = rules.date_window_days.get(precision, 0)
        return lo - w, hi + w, True
    pub = date_interval(mention.get("published"))
    if pub:
        return pub[0] - rules.published_lookback_days, pub[1], False
    return None, None, False


def place_words(place: str | None, rules: Rules) -> frozenset[str]:
    if not place:
        return frozenset()
    words = (w for w in WORD.findall(fold(place)) if len(w) >= 3)
    return frozenset(w for w in words if w not in rules.place_stopwords)


def count_values(count: dict | None) -> set[int]:
    if not count:
        return set()
    return {v for v in (count.get("min"), count.get("max")) if isinstance(v, int)}


def numbers_of(mention: dict) -> frozenset[int]:
    """Every figure the mention states, from its counts and from its sentences (not years)."""
    found: set[int] = set()
    for p in mention.get("participants") or []:
        found |= count_values(p.get("count"))
    for c in mention.get("casualties") or []:
        found |= count_values(c.get("count"))
    for name in COUNT_FIELDS:
        found |= count_values(mention.get(name))
    for text in sentences_of(mention):
        for raw in DIGITS.findall(text):
            n = int(re.sub(r"\D", "", raw))
            if not 1900 <= n <= 2100:  # a year is a date, compared elsewhere
                found.add(n)
        found |= {NUMBER_WORDS[w] for w in WORD.findall(fold(text)) if w in NUMBER_WORDS}
    found.discard(1)  # "one" and "un" are mostly articles
    return frozenset(found)


def sentences_of(mention: dict) -> list[str]:
    out = [mention.get("sentence") or ""]
    out += [s for s in mention.get("evidence") or [] if s and s != out[0]]
    return out


def content_words(mention: dict, rules: Rules) -> list[str]:
    """Words worth comparing, cut to 6 letters so plural and singular forms meet."""
    words = WORD.findall(fold(" ".join(sentences_of(mention))))
    return [w[:6] for w in words if len(w) >= 4 and w not in rules.content_stopwords]


def prepare(mentions: list[dict], rules: Rules) -> list[Prepared]:
    """Normalise every mention once; word weights are tf-idf over the batch's mentions of the
    same language (French words say nothing about how rare an English word is)."""
    bags = [content_words(m, rules) for m in mentions]
    dfs: dict[str | None, dict[str, int]] = {}
    sizes: dict[str | None, int] = {}
    for m, bag in zip(mentions, bags):
        lang = m.get("language")
        df = dfs.setdefault(lang, {})
        sizes[lang] = sizes.get(lang, 0) + 1
        for w in set(bag):
            df[w] = df.get(w, 0) + 1
    out = []
    for i, (m, bag) in enumerate(zip(mentions, bags)):
        df, n = dfs[m.get("language")], sizes[m.get("language")]
        lo, hi, exact = widened(m, rules)
        parts = m.get("participants") or []
        out.append(Prepared(
            index=i, key=str(m["key"]), document=str(m.get("document")), type=m.get("type") or "",
            lo=lo, hi=hi, exact=exact, mid=(lo + hi) / 2 if lo is not None else math.inf,
            place_words=place_words(m.get("place"), rules), lat=m.get("lat"), lon=m.get("lon"),
            numbers=numbers_of(m),
            categories=frozenset(p.get("category") for p in parts if p.get("category")),
            agents=frozenset(p.get("category") for p in parts
                             if p.get("role") == "agent" and p.get("category")),
            words=tfidf(bag, df, n), salient=salient(bag, df, rules.salient_words),
            language=m.get("language")))
    return out


def salient(bag: list[str], df: dict[str, int], k: int) -> tuple[str, ...]:
    """The k rarest words of a mention that at least one other mention also uses."""
    shared = sorted({w for w in bag if df[w] >= 2}, key=lambda w: (df[w], w))
    return tuple(shared[:k])


def tfidf(bag: list[str], df: dict[str, int], n: int) -> dict[str, float]:
    tf: dict[str, int] = {}
    for w in bag:
        tf[w] = tf.get(w, 0) + 1
    weights = {w: (1 + math.log(c)) * math.log(1 + n / df[w]) for w, c in tf.items()}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: v / norm for w, v in weights.items()}


def distance_km(a_lat, a_lon, b_lat, b_lon) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def has_coords(p: Prepared) -> bool:
    return isinstance(p.lat, (int, float)) and isinstance(p.lon, (int, float))
