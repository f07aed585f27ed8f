"""The linking rules of taxonomy/linking.json, read once into a small object."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .. import taxonomy


@dataclass(frozen=True)
class Rules:
    families: dict[str, tuple[str, ...]]
    type_priority: tuple[str, ...]
    violent_types: frozenset[str]
    date_window_days: dict[str, int]
    published_lookback_days: int
    max_span_days: int
    neighbourhood: int
    geo_cell_degrees: float
    salient_words: int
    max_distance_km: float
    near_km: float
    far_km: float
    place_conflict_km: float
    approximate_tolerance: float
    stated_dates_apart_days: int
    dated_apart_days: int  # a group's dated reports, any basis, never span more
    settings: dict[str, frozenset[str]]  # setting (sea, road, rail) -> folded words that place an event there
    full_block: int
    similar_documents: int
    document_term_df: int
    document_query_terms: int
    place_stopwords: frozenset[str]
    content_stopwords: frozenset[str]
    _families_of: dict = field(default_factory=dict, compare=False, repr=False)  # memo

    def families_of(self, event_type: str) -> tuple[str, ...]:
        """The families a type belongs to; a type in none is its own family."""
        found = self._families_of.get(event_type)
        if found is None:
            found = tuple(name for name, types in self.families.items() if event_type in types)
            found = self._families_of[event_type] = found or (event_type,)
        return found

    def compatible(self, a: str, b: str) -> bool:
        return a == b or not set(self.families_of(a)).isdisjoint(self.families_of(b))

    def priority(self, event_type: str) -> int:
        order = self.type_priority
        return order.index(event_type) if event_type in order else len(order)


@lru_cache(maxsize=None)
def load_rules(taxonomy_dir: str | None = None) -> Rules:
    raw = taxonomy.load("linking.json", taxonomy_dir)
    block = raw.get("blocking", {})
    return Rules(
        families={k: tuple(v) for k, v in raw["families"].items()},
        type_priority=tuple(raw.get("type_priority", [])),
        violent_types=frozenset(raw.get("violent_types", [])),
        date_window_days=dict(raw["date_window_days"]),
        published_lookback_days=int(raw.get("published_lookback_days", 14)),
        max_span_days=int(block.get("max_span_days", 75)),
        neighbourhood=int(block.get("neighbourhood", 40)),
        geo_cell_degrees=float(block.get("geo_cell_degrees", 0.25)),
        salient_words=int(block.get("salient_words", 4)),
        max_distance_km=float(raw.get("max_distance_km", 60)),
        near_km=float(raw.get("near_km", 5)),
        far_km=float(raw.get("far_km", 20)),
        place_conflict_km=float(raw.get("place_conflict_km", 15)),
        approximate_tolerance=float(raw.get("approximate_tolerance", 0.1)),
        stated_dates_apart_days=int(raw.get("stated_dates_apart_days", 60)),
        dated_apart_days=int(raw.get("dated_apart_days", 730)),
        settings={k: frozenset(v) for k, v in raw.get("settings", {}).items() if not k.startswith("_")},
        full_block=int(block.get("full_block", 12)),
        similar_documents=int(block.get("similar_documents", 8)),
        document_term_df=int(block.get("document_term_df", 30)),
        document_query_terms=int(block.get("document_query_terms", 20)),
        place_stopwords=frozenset(raw.get("place_stopwords", [])),
        content_stopwords=frozenset(raw.get("content_stopwords", [])),
    )
