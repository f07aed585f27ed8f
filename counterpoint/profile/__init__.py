"""Per-source framing measures over documents in the JSON contract (pure functions).

For each source: the labels it uses for each actor category, how often each category is the
agent and the target of violent events, whose voices it quotes, how much of its figures
are attributed, and its rate of loaded language (lexicon in taxonomy/loaded.<lang>.json).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from .. import taxonomy

VIOLENT = ("clash", "assault", "eviction", "arrest")


@lru_cache(maxsize=None)
def _loaded(language: str, taxonomy_dir: str | None) -> re.Pattern | None:
    try:
        d = taxonomy.load(f"loaded.{language}.json", taxonomy_dir)
    except Exception:
        return None
    terms = sorted({t.lower() for ts in d["terms"].values() for t in ts}, key=len, reverse=True)
    return re.compile(r"(?i)(?<![\w-])(" + "|".join(re.escape(t) for t in terms) + r")(?![\w-])")


def loaded_terms(text: str, language: str = "en", taxonomy_dir: str | None = None) -> Counter:
    """The loaded words of `text`, lower-case, with counts."""
    pat = _loaded(language, taxonomy_dir)
    return Counter(m.group(1).lower() for m in pat.finditer(text or "")) if pat else Counter()


def _share(counter: Counter) -> dict:
    total = sum(counter.values())
    return {k: round(v / total, 3) for k, v in counter.most_common()} if total else {}


def profile_source(source: str | None, documents: list[dict], taxonomy_dir: str | None = None) -> dict:
    """The framing measures of one source over its documents (contract dicts)."""
    labels: dict[str, Counter] = defaultdict(Counter)
    violence: dict[str, Counter] = defaultdict(Counter)
    speakers: Counter = Counter()
    loaded: Counter = Counter()
    words = quotes = direct = claims = attributed = 0
    for d in documents:
        if d.get("duplicate_of"):
            continue  # a copy says nothing new about how its source frames things
        text = d.get("text") or ""
        words += len(re.findall(r"\w+", text))
        loaded += loaded_terms(text, d.get("language") or "en", taxonomy_dir)
        for lab in d.get("migrant_labels") or []:
            labels["migrants"][lab.lower()] += 1
        for e in d.get("events") or []:
            for p in e.get("participants") or []:
                cat = p.get("category") or "other"
                if p.get("label"):
                    labels[cat][p["label"].lower()] += 1
                if e.get("type") in VIOLENT and p.get("role") in ("agent", "target"):
                    violence[cat][p["role"]] += 1
        for q in d.get("quotes") or []:
            quotes += 1
            direct += bool(q.get("direct"))
            speakers[q.get("speaker_category") or "other"] += 1
        for c in d.get("claims") or []:
            claims += 1
            attributed += bool(c.get("attributed_to"))
    return {
        "source": source,
        "documents": sum(1 for d in documents if not d.get("duplicate_of")),
        "words": words,
        "labels": {cat: dict(c.most_common()) for cat, c in sorted(labels.items())},
        "violence": {cat: {"agent": c["agent"], "target": c["target"]} for cat, c in sorted(violence.items())},
        "quotes": {"total": quotes, "direct": direct, "by_category": dict(speakers.most_common()),
                   "share_by_category": _share(speakers)},
        "figures": {"total": claims, "attributed": attributed,
                    "share_attributed": round(attributed / claims, 3) if claims else None},
        "loaded": {"count": sum(loaded.values()),
                   "per_1000_words": round(1000 * sum(loaded.values()) / words, 2) if words else None,
                   "terms": dict(loaded.most_common(20))},
    }


def profile_sources(documents: list[dict], taxonomy_dir: str | None = None) -> list[dict]:
    """One profile per source (documents without a source are grouped under None)."""
    by_source: dict[str | None, list[dict]] = defaultdict(list)
    for d in documents:
        by_source[d.get("source")].append(d)
    return [profile_source(s, docs, taxonomy_dir)
            for s, docs in sorted(by_source.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))]
