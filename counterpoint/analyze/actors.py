"""Actor categories from the lexicon in taxonomy/actors.<lang>.json."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import taxonomy


@lru_cache(maxsize=None)
def _lexicon(language: str, taxonomy_dir: str | None) -> tuple[dict[str, str], int]:
    data = taxonomy.load(f"actors.{language}.json", taxonomy_dir)
    phrases: dict[str, str] = {}
    for category, words in data["categories"].items():
        for w in words:
            phrases.setdefault(w.lower(), category)
    longest = max((len(p.split()) for p in phrases), default=1)
    return phrases, longest


@lru_cache(maxsize=None)
def people_nouns(language: str = "en", taxonomy_dir: str | None = None) -> frozenset[str]:
    data = taxonomy.load(f"actors.{language}.json", taxonomy_dir)
    return frozenset(w.lower() for w in data.get("people_nouns", []))


@lru_cache(maxsize=None)
def resident_verbs(language: str = "en", taxonomy_dir: str | None = None) -> frozenset[str]:
    data = taxonomy.load(f"actors.{language}.json", taxonomy_dir)
    return frozenset(w.lower() for w in data.get("resident_verbs", []))


def _singular(word: str) -> str:
    """A cheap singular for lexicon lookup when no lemma is at hand."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def category_of(label: str, language: str = "en", taxonomy_dir: str | None = None,
                head: str | None = None) -> str | None:
    """The actor category a label names ("riot police" -> security_forces), or None.

    The longest lexicon phrase in the label wins, so "lorry driver" is a driver even
    though "lorry" alone is too; when two phrases are as long, the one nearer the end
    (the head of an English noun phrase) wins.
    """
    phrases, longest = _lexicon(language, taxonomy_dir)
    words = re.findall(r"[\w'’-]+", label.lower().replace("’", "'"))
    if head:
        hw = head.lower()
        if hw in phrases:
            return phrases[hw]
        if _singular(hw) in phrases:
            return phrases[_singular(hw)]
    best: tuple[int, int, str] | None = None
    for n in range(min(longest, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            chunk = words[i:i + n]
            for cand in (" ".join(chunk), " ".join(chunk[:-1] + [_singular(chunk[-1])])):
                if cand in phrases:
                    key = (n, i, phrases[cand])
                    if best is None or key[:2] > best[:2]:
                        best = key
        if best:
            return best[2]
    return None
