"""Features of a candidate pair and its probability of being one occurrence, from the learned
pairwise model (`pair_model.json`, trained by `training/train_linker.py`)."""
from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..errors import CounterpointError
from .mention import Prepared, cosine, distance_km, has_coords
from .rules import Rules

MODEL_PATH = Path(__file__).with_name("pair_model.json")
YEAR = math.log1p(365)
FAR_KM = math.log1p(1000)

# The order of the model's coefficients. Every feature is 0 when what it measures is unknown,
# with an indicator saying so, so that a missing date or place is neither agreement nor veto.
# Whether two reports share a language is no feature: the annotated clusters are mostly told
# in both languages, so a learned weight would wrongly part two reports in one language.
FEATURES = (
    "same_type", "type_family",
    "both_dated", "date_gap", "date_width", "both_stated", "only_year_differs", "stated_days_apart",
    "dated_vs_published", "published_gap_vs_date",
    "both_published", "published_gap",
    "undated_any",
    "both_located", "distance", "near", "far", "place_words", "place_contained", "place_unknown",
    "both_counted", "count_shared", "count_close", "count_apart",
    "actors", "agents_shared",
    "names", "names_cross_language",
    "wording", "heading", "document_wording", "document_names",
    "same_document", "same_source", "same_story",
    "background", "setting_apart",
)


class ModelError(CounterpointError):
    code = "bad_model"


def veto(a: Prepared, b: Prepared, rules: Rules) -> str | None:
    """Why two mentions are certainly two occurrences, or None. Only what cannot be an
    analysis slip: two dates both read in the text, far apart; two events of one type in one
    document (the analysis makes one event per occurrence)."""
    if a.document == b.document and a.type == b.type:
        return "same document and type"
    if a.stated and b.stated and a.lo is not None and b.lo is not None and a.lo == a.hi and b.lo == b.hi \
            and gap_days(a.lo, a.hi, b.lo, b.hi) > rules.stated_dates_apart_days and not only_year_differs(a, b):
        return "dates"
    return None


def only_year_differs(a: Prepared, b: Prepared) -> bool:
    """Same month (and day) in different years: the mark of a year guessed wrong."""
    if a.lo is None or b.lo is None:
        return False
    da, db = date.fromordinal(a.lo), date.fromordinal(b.lo)
    if da.year == db.year or da.month != db.month:
        return False
    return a.lo != a.hi or b.lo != b.hi or da.day == db.day


def gap_days(a_lo, a_hi, b_lo, b_hi) -> int:
    """Days between two intervals (0 when they overlap)."""
    return max(0, b_lo - a_hi, a_lo - b_hi)


def features(a: Prepared, b: Prepared, rules: Rules) -> list[float]:
    """The pair's features, in the order of FEATURES."""
    f = dict.fromkeys(FEATURES, 0.0)
    f["same_type"] = 1.0 if a.type == b.type else 0.0
    f["type_family"] = 1.0 if rules.compatible(a.type, b.type) else 0.0
    if a.lo is not None and b.lo is not None:
        f["both_dated"] = 1.0
        f["date_gap"] = math.log1p(gap_days(a.lo, a.hi, b.lo, b.hi)) / YEAR
        f["date_width"] = math.log1p(max(a.hi - a.lo, b.hi - b.lo)) / YEAR
        f["both_stated"] = 1.0 if a.stated and b.stated else 0.0
        f["only_year_differs"] = 1.0 if only_year_differs(a, b) else 0.0
        # two days both read in the texts, a week or more apart, and not a year guessed wrong
        if f["both_stated"] and a.lo == a.hi and b.lo == b.hi and abs(a.lo - b.lo) >= 7 \
                and not f["only_year_differs"]:
            f["stated_days_apart"] = 1.0
    elif (a.lo is not None and b.pub_lo is not None) or (b.lo is not None and a.pub_lo is not None):
        dated, other = (a, b) if a.lo is not None else (b, a)
        f["dated_vs_published"] = 1.0  # dated in one text, reported by the other when published
        lookback = other.pub_lo - rules.published_lookback_days
        f["published_gap_vs_date"] = math.log1p(gap_days(dated.lo, dated.hi, lookback, other.pub_hi)) / YEAR
    if a.pub_lo is not None and b.pub_lo is not None:
        f["both_published"] = 1.0
        f["published_gap"] = math.log1p(gap_days(a.pub_lo, a.pub_hi, b.pub_lo, b.pub_hi)) / YEAR
    f["undated_any"] = 1.0 if a.lo is None or b.lo is None else 0.0
    if has_coords(a) and has_coords(b):
        km = distance_km(a.lat, a.lon, b.lat, b.lon)
        f["both_located"] = 1.0
        f["distance"] = min(1.0, math.log1p(km) / FAR_KM)
        f["near"] = 1.0 if km <= rules.near_km else 0.0
        f["far"] = 1.0 if km > rules.far_km else 0.0
    if a.place_words and b.place_words:
        shared = a.place_words & b.place_words
        f["place_words"] = len(shared) / len(a.place_words | b.place_words)
        f["place_contained"] = 1.0 if shared and (shared == a.place_words or shared == b.place_words) else 0.0
    else:
        f["place_unknown"] = 1.0
    if a.counts and b.counts:
        f["both_counted"] = 1.0
        if a.counts & b.counts:
            f["count_shared"] = 1.0
        elif any(abs(x - y) <= max(1, 0.2 * max(x, y)) for x in a.counts for y in b.counts):
            f["count_close"] = 1.0  # "15 gendarmes" and "16", "three dead" and "four"
        else:
            f["count_apart"] = 1.0
    if a.categories and b.categories:
        f["actors"] = len(a.categories & b.categories) / len(a.categories | b.categories)
    f["agents_shared"] = 1.0 if a.agents & b.agents else 0.0
    same_language = a.language == b.language
    f["names"] = cosine(a.names, b.names)
    f["names_cross_language"] = 0.0 if same_language else f["names"]
    other_document = a.document != b.document
    if same_language:
        f["wording"] = cosine(a.words, b.words)
        if other_document:
            f["heading"] = cosine(a.heading, b.heading)
            f["document_wording"] = cosine(a.doc_words, b.doc_words)
    if other_document:
        f["document_names"] = cosine(a.doc_neutral, b.doc_neutral)
    f["same_document"] = 0.0 if other_document else 1.0
    f["same_source"] = 1.0 if a.source and a.source == b.source else 0.0
    f["same_story"] = 1.0 if a.story == b.story else 0.0
    f["background"] = 1.0 if a.background or b.background else 0.0
    f["setting_apart"] = 1.0 if a.settings and b.settings and not a.settings & b.settings else 0.0
    return list(f.values())


@dataclass(frozen=True)
class PairModel:
    """A calibrated logistic regression over FEATURES: p = 1 / (1 + exp(-(w·x + b)))."""
    weights: tuple[float, ...]
    bias: float
    threshold: float  # a pair links when p reaches it (chosen by grouped cross-validation)
    average_threshold: float  # two groups merge when their average p reaches it
    weak_below: float  # an incident whose confidence is below this is marked weak
    placement: tuple[float, float] = (1.0, 0.0)  # slope, shift: raw placement score -> P(right)

    def probability(self, x: list[float]) -> float:
        z = self.bias + sum(map(operator.mul, self.weights, x))
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def placement_confidence(self, raw: float) -> float:
        """The probability that a mention is placed right, from its raw placement score (the
        average pair probability with its incident's other members, or one minus its strongest
        outside candidate's when alone), calibrated on held-out folds."""
        return calibrated(raw, *self.placement)

    @classmethod
    def from_json(cls, raw: dict, where: str = "model") -> "PairModel":
        names = raw.get("features")
        if names != list(FEATURES):
            raise ModelError(f"{where}: its features {names} are not the linker's {list(FEATURES)}",
                             hint="retrain it: python training/train_linker.py")
        try:
            return cls(weights=tuple(float(w) for w in raw["weights"]), bias=float(raw["bias"]),
                       threshold=float(raw["threshold"]),
                       average_threshold=float(raw.get("average_threshold", raw["threshold"])),
                       weak_below=float(raw.get("weak_below", 0.5)),
                       placement=tuple(float(v) for v in raw.get("placement_calibration", (1.0, 0.0))))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{where}: {exc.__class__.__name__}: {exc}",
                             hint="retrain it: python training/train_linker.py") from exc


def calibrated(raw: float, slope: float, shift: float) -> float:
    raw = min(1 - 1e-6, max(1e-6, raw))
    z = slope * math.log(raw / (1 - raw)) + shift
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=None)
def load_model(path: str | None = None) -> PairModel:
    where = Path(path) if path else MODEL_PATH
    try:
        raw = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{where}: cannot read the pairwise model ({exc})",
                         hint="retrain it: python training/train_linker.py") from exc
    return PairModel.from_json(raw, str(where))
