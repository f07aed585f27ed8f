"""Migrant labels: the words a document uses for migrants as people, lower-case as written.

A label from taxonomy/labels.<lang>.json counts when it names people, not when it modifies
another noun ("migrant camp", "refugee crisis"); a modifier just before it is kept
("failed asylum seekers"); nationality plurals count when used as nouns ("Afghans").
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import taxonomy
from .units import text_of


@lru_cache(maxsize=None)
def _lexicon(language: str, taxonomy_dir: str | None):
    d = taxonomy.load(f"labels.{language}.json", taxonomy_dir)
    labels = sorted({w.lower() for w in d["labels"]} | {w.lower() for w in d.get("nationalities", [])},
                    key=len, reverse=True)
    pattern = re.compile(r"(?i)(?<![\w-])(?:(?P<mod>" + "|".join(re.escape(m) for m in d.get("modifiers", []))
                         + r")\s+)?(?P<label>" + "|".join(re.escape(w) for w in labels) + r")(?![\w-])")
    return (pattern, frozenset(w.lower() for w in d.get("modifier_only", [])),
            frozenset(w.lower() for w in d.get("nationalities", [])))


def find_labels(text: str, language: str = "en", taxonomy_dir: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) of every label naming people in `text`, without a parse."""
    pattern, modifier_only, nationalities = _lexicon(language, taxonomy_dir)
    out = []
    for m in pattern.finditer(text):
        nxt = re.match(r"[\s-]*([\w'’-]+)", text[m.end():])
        nxt_word = nxt.group(1).lower() if nxt else ""
        label = m.group("label").lower()
        if nxt_word in modifier_only and not label.endswith("s"):
            continue  # "migrant camp" (but "migrants crossing the Channel" are people)
        if label in nationalities and not m.group("label")[0].isupper():
            continue
        if label in ("illegal", "undocumented", "displaced", "clandestine") and nxt_word and \
                nxt_word not in (".", ",") and re.match(r"[a-z]", nxt_word) and label != "displaced":
            continue  # "illegal crossings": an adjective, not a name for people
        start = m.start() if m.group("mod") else m.start("label")
        out.append((start, m.end(), text[start:m.end()].lower()))
    return out


def extract(sdoc, ctx) -> list[str]:
    lang = ctx.language if ctx.language in ("en", "fr") else "en"
    tdir = ctx.settings.taxonomy_dir if ctx.settings else None
    try:
        found = find_labels(text_of(sdoc), lang, tdir)
    except Exception:  # a missing lexicon for the language: no labels rather than no analysis
        return []
    out: list[str] = []
    for _, _, label in found:
        label = re.sub(r"\s+", " ", label)
        if label not in out:
            out.append(label)
    return out
