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


def page_of(doc_id: str | None) -> str:
    """The page a document came from: posts split from one page (`ID~1`, `ID~2`) share `ID`."""
    return str(doc_id or "").split("~", 1)[0]


def source_key(d: dict) -> str | None:
    """Who published a document: its named source, else (for an unnamed blog or file) its page,
    so that three posts of one blog count as one source, not three."""
    return d.get("source") or None


def profile_sources(documents: list[dict], taxonomy_dir: str | None = None) -> list[dict]:
    """One profile per source; documents without a named source are grouped by the page they came
    from (one unnamed source per page, `source` None and `page` its id), never all lumped together."""
    by_source: dict[tuple[str | None, str | None], list[dict]] = defaultdict(list)
    for d in documents:
        name = source_key(d)
        by_source[(name, None if name else page_of(d.get("id")))].append(d)
    out = []
    for (name, page), docs in sorted(by_source.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or "", kv[0][1] or "")):
        prof = profile_source(name, docs, taxonomy_dir)
        if page is not None:
            prof["page"] = page
        out.append(prof)
    return out
