"""Event triggers: the words of taxonomy/events.<lang>.json matched in a parsed sentence.

The data file drives everything here, so another language needs only its own file.
A spaCy Matcher is built once per (vocabulary, language, taxonomy folder) and cached.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher

from .. import taxonomy

VERB_POS = ["VERB", "AUX", "ADJ"]
NOUN_POS = ["NOUN", "PROPN"]


@dataclass(frozen=True)
class Entry:
    """One trigger of one event type, with the conditions that restrict it."""

    type: str
    kind: str  # "verb" | "noun" | "adj"
    words: tuple[str, ...]
    context: re.Pattern | None = None
    not_context: re.Pattern | None = None
    not_head: frozenset = frozenset()
    plural_ok: bool = False
    scope: str = "sentence"  # where `context` must occur: "sentence" or "subtree" of the trigger
    transitive: bool = False  # needs an object or the passive ("were relocated", not "have relocated")
    needs_people: bool = False  # needs a participant from the actor lexicon
    not_agents: frozenset = frozenset()  # agent categories that cancel it (police "marched")


@dataclass
class Hit:
    """A trigger found in a sentence: the entry and the token that carries it."""

    entry: Entry
    token: object  # spacy Token: the verb, or the head noun
    start: int  # token span of the whole trigger
    end: int

    @property
    def text(self) -> str:
        return self.token.doc[self.start:self.end].text


def _words(phrase: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", phrase.lower())


def phrase_regex(words) -> re.Pattern | None:
    """One regex matching any of `words` as whole words in lower-cased text."""
    words = [w.lower() for w in words if w]
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w]){'(?:' + alt + ')'}(?![\w])")


@lru_cache(maxsize=None)
def rules(language: str, taxonomy_dir: str | None = None) -> dict:
    return taxonomy.load(f"events.{language}.json", taxonomy_dir)


def _context(value, contexts: dict) -> re.Pattern | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = contexts.get(value, [value])
    return phrase_regex(value)


@lru_cache(maxsize=None)
def entries(language: str, taxonomy_dir: str | None = None, section: str = "types") -> tuple[Entry, ...]:
    """The trigger entries of one section of the data file ("types" or "casualties")."""
    data = rules(language, taxonomy_dir)
    contexts = data.get("contexts", {})
    out = []
    for etype, spec in data.get(section, {}).items():
        if etype.startswith("_"):
            continue
        for kind, key in (("verb", "verbs"), ("noun", "nouns"), ("adj", "adjectives")):
            for item in spec.get(key, []):
                if isinstance(item, str):
                    item = {"words": item}
                out.append(Entry(
                    type=etype, kind=kind, words=tuple(_words(item["words"])),
                    context=_context(item.get("context"), contexts),
                    not_context=_context(item.get("not_context"), contexts),
                    not_head=frozenset(item.get("not_head", [])),
                    plural_ok=bool(item.get("plural_ok", False)),
                    scope=item.get("scope", "sentence"),
                    transitive=bool(item.get("transitive", False)),
                    needs_people=bool(item.get("needs_people", False)),
                    not_agents=frozenset(item.get("not_agents", []))))
    return tuple(out)


def _patterns(entry: Entry) -> list[list[dict]]:
    w = entry.words
    if entry.kind in ("verb", "adj"):
        pos = VERB_POS if entry.kind == "verb" else ["ADJ", "VERB"]
        first = {"LEMMA": w[0], "POS": {"IN": pos}}
        if len(w) == 1:
            return [[first]]
        pat = [first]
        for x in w[1:]:
            pat += [{"IS_PUNCT": False, "IS_SENT_START": False, "OP": "{0,3}"},
                    {"LEMMA": x}]
        return [pat]
    # nouns: every word but the last by its form, the last (the head) by its lemma
    head = {"LEMMA": w[-1], "POS": {"IN": NOUN_POS}}
    pats = [[{"LOWER": x} for x in w[:-1]] + [head]]
    if len(w) > 1 or "-" in w:
        pats.append([{"LOWER": x} for x in w[:-1]] + [{"LOWER": {"IN": [w[-1], w[-1] + "s"]}}])
    return pats


class TriggerMatcher:
    """Finds the triggers of every event type in a Doc."""

    def __init__(self, vocab, language: str, taxonomy_dir: str | None = None, section: str = "types"):
        self.entries = entries(language, taxonomy_dir, section)
        self.matcher = Matcher(vocab)
        for i, e in enumerate(self.entries):
            self.matcher.add(str(i), _patterns(e), greedy=None)

    def __call__(self, doc) -> list[Hit]:
        hits: dict[tuple[int, str], Hit] = {}
        for match_id, start, end in self.matcher(doc):
            e = self.entries[int(doc.vocab.strings[match_id])]
            tok = doc[start] if e.kind in ("verb", "adj") else doc[end - 1]
            key = (tok.i, e.type)
            old = hits.get(key)
            # keep the longest phrase for one token ("set fire" over "set")
            if old is None or (end - start) > (old.end - old.start):
                hits[key] = Hit(e, tok, start, end)
        return sorted(hits.values(), key=lambda h: (h.token.i, h.entry.type))


_cache: dict = {}


def matcher_for(nlp_or_vocab, language: str, taxonomy_dir: str | None = None,
                section: str = "types") -> TriggerMatcher:
    vocab = getattr(nlp_or_vocab, "vocab", nlp_or_vocab)
    key = (id(vocab), language, taxonomy_dir, section)
    m = _cache.get(key)
    if m is None:
        m = _cache[key] = TriggerMatcher(vocab, language, taxonomy_dir, section)
    return m
