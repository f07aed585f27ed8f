"""Features and score of a candidate pair: type, date, place, figures, actors, wording."""
from __future__ import annotations

from .mention import Prepared, distance_km, has_coords
from .rules import Rules


def vetoed(a: Prepared, b: Prepared, rules: Rules) -> str | None:
    """Why two mentions cannot be one occurrence whatever else they share, or None."""
    if a.type != b.type and not rules.compatible(a.type, b.type):
        return "types"
    if a.lo is not None and b.lo is not None and (a.hi < b.lo or b.hi < a.lo):
        return "dates"
    if has_coords(a) and has_coords(b) and \
            distance_km(a.lat, a.lon, b.lat, b.lon) > rules.max_distance_km:
        return "distance"
    return None


def type_feature(a: Prepared, b: Prepared, rules: Rules) -> float:
    return 1.0 if a.type == b.type else 0.5


def date_feature(a: Prepared, b: Prepared) -> float:
    """1 when both intervals are narrow and overlap; closer to 0.5 as they get vague."""
    if a.lo is None or b.lo is None:
        return 0.4
    overlap = min(a.hi, b.hi) - max(a.lo, b.lo) + 1
    if overlap <= 0:
        return 0.0
    span = max(a.hi - a.lo, b.hi - b.lo) + 1
    sharpness = min(1.0, 7 / span)  # within a week counts fully; a year barely
    trust = 1.0 if (a.exact and b.exact) else 0.8
    return (0.5 + 0.5 * sharpness) * trust


def place_feature(a: Prepared, b: Prepared, rules: Rules) -> float:
    if has_coords(a) and has_coords(b):
        km = distance_km(a.lat, a.lon, b.lat, b.lon)
        if km <= rules.near_km:
            return 1.0
        return max(0.0, 1 - (km - rules.near_km) / (rules.far_km - rules.near_km))
    if a.place_words and b.place_words:
        shared = len(a.place_words & b.place_words)
        return 1.0 if shared else 0.3
    return 0.4


def numbers_feature(a: Prepared, b: Prepared) -> float:
    # sources often disagree on figures, so a mismatch is weak evidence against
    if a.numbers and b.numbers:
        if a.numbers & b.numbers:
            return 1.0
        # "15 gendarmes" vs "16", "three dead" vs "four": close figures are mild agreement
        close = any(abs(x - y) <= max(1, 0.2 * max(x, y)) for x in a.numbers for y in b.numbers)
        return 0.6 if close else 0.3
    return 0.4


def actors_feature(a: Prepared, b: Prepared) -> float:
    if a.categories and b.categories:
        return len(a.categories & b.categories) / len(a.categories | b.categories)
    return 0.5


def wording_feature(a: Prepared, b: Prepared) -> float:
    """Cosine of the tf-idf word vectors, stretched: 0.5 cosine is already a close match."""
    small, big = (a.words, b.words) if len(a.words) <= len(b.words) else (b.words, a.words)
    cosine = sum(v * big.get(w, 0.0) for w, v in small.items())
    return min(1.0, 2 * cosine)


def features(a: Prepared, b: Prepared, rules: Rules) -> dict[str, float]:
    return {
        "type": type_feature(a, b, rules),
        "date": date_feature(a, b),
        "place": place_feature(a, b, rules),
        "numbers": numbers_feature(a, b),
        "actors": actors_feature(a, b),
        "wording": wording_feature(a, b),
    }


def score(feats: dict[str, float], rules: Rules) -> float:
    weights = rules.weights
    total = sum(weights.get(k, 0.0) for k in feats) or 1.0
    return round(sum(weights.get(k, 0.0) * v for k, v in feats.items()) / total, 4)
