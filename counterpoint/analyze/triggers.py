"""Event triggers: the words of taxonomy/events.<lang>.json matched in a parsed sentence.

The data file drives everything here, so another language needs only its own file.
The lookup table is built once per (vocabulary, language, taxonomy folder) and cached.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

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
    scope: str = "sentence"  # where `context` must occur: "sentence", "subtree" (the trigger and
    # what follows it), "args" (the phrases of its subject, objects and prepositions) or "object"
    # (the head words of what it acts on)
    transitive: bool = False  # needs an object or the passive ("were relocated", not "have relocated")
    needs_people: bool = False  # needs a participant from the actor lexicon
    not_agents: frozenset = frozenset()  # agent categories that cancel it (police "marched")
    needs_agent: bool = False  # an injury word is an assault only when someone did it
    not_subject: frozenset = frozenset()  # subject lemmas that make it a description ("the camp housed")


@dataclass
class Hit:
    """A trigger found in a sentence: the entry and the token that carries it."""

    entry: Entry
    token: object  # spacy Token: the verb, or the head noun
    start: int  # token span of the whole trigger
    end: int
    # the other entries of the same type this token matched ("reach" the coast, "reach" with a
    # boat): each has its own conditions, and the hit stands when any of them holds
    alternatives: list = field(default_factory=list)
    # a verb the tagger did not see ("navy intercepts", "migrants storm"): its parse is no
    # guide to its arguments, so its context is looked for in the whole sentence
    verbless: bool = False

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
                    not_agents=frozenset(item.get("not_agents", [])),
                    needs_agent=bool(item.get("needs_agent", False)),
                    not_subject=frozenset(item.get("not_subject", []))))
    return tuple(out)


MAX_GAP = 3  # tokens allowed between the words of a verbal phrase ("set the camp on fire")


def _rest_matches(entry: Entry, doc, i: int) -> tuple[int, int] | None:
    """(start, end) of the whole trigger whose head word is doc[i], or None."""
    w = entry.words
    if len(w) == 1:
        return i, i + 1
    if entry.kind == "noun":
        start = i - (len(w) - 1)
        if start < 0:
            return None
        if all(doc[start + k].lower_ == x for k, x in enumerate(w[:-1])):
            return start, i + 1
        return None
    j = i
    sent_end = len(doc)
    for x in w[1:]:
        for k in range(j + 1, min(j + 2 + MAX_GAP, sent_end)):
            t = doc[k]
            if t.is_sent_start or (t.is_punct and t.text not in "-'’"):
                return None
            if t.lemma_.lower() == x or t.lower_ == x:
                j = k
                break
        else:
            return None
    return i, j + 1


class TriggerMatcher:
    """Finds the triggers of every event type in a Doc.

    Every trigger is anchored on one word (`_head_pattern`), so one hash lookup of each
    token's lemma finds the candidates; that is several times faster than a spaCy
    Matcher holding a pattern per trigger, and the phrase words are then checked around
    the anchor (`_rest_matches`).
    """

    def __init__(self, vocab, language: str, taxonomy_dir: str | None = None, section: str = "types"):
        self.entries = entries(language, taxonomy_dir, section)
        self.by_lemma: dict[str, list[Entry]] = {}
        for e in self.entries:
            anchor = e.words[-1] if e.kind == "noun" else e.words[0]
            self.by_lemma.setdefault(anchor, []).append(e)

    @staticmethod
    def _pos_ok(e: Entry, tok) -> bool:
        if e.kind == "noun":
            return tok.pos_ in NOUN_POS
        if e.kind == "adj":
            return tok.pos_ in ("ADJ", "VERB")
        # an adjective only when it is a participle ("evacuated", or right after a form of
        # "avoir": "ont brandi", which the French tagger often takes for an adjective), not "it is clear"
        # (or right after "été": "ont été secourues", a passive the tagger reads as an adjective)
        return tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and (
            tok.tag_ in ("VBN", "VBD") or (tok.i > 0 and tok.doc[tok.i - 1].lemma_ == "avoir")
            or (tok.i > 0 and tok.doc[tok.i - 1].lower_ == "été")))

    def _verbless_verb(self, tok) -> list[Entry]:
        """ "Police in Athens evicted refugees", "Migrant dies in lorry fire": in a sentence the
        tagger gives no verb at all, a past form it took for an adjective, or a present form it
        took for a plural noun, is the verb; its lemma, by the regular endings."""
        low, tag = tok.lower_, tok.tag_
        if tag == "JJ" and low.endswith("ed"):
            stems = (low[:-2], low[:-1], low[:-3] if low[-3:-2] == low[-4:-3] else "")
        elif tag == "NNS" and low.endswith("s") and not low.endswith("ss"):
            stems = (low[:-1], low[:-2] if low.endswith("es") else "", low[:-3] + "y" if low.endswith("ies") else "")
        elif tag in ("NN", "JJ") and low in self.by_lemma and tok.i > 0 and \
                tok.doc[tok.i - 1].pos_ in ("NOUN", "PROPN", "NUM") and tok.doc[tok.i - 1].tag_ != "POS":
            stems = (low,)  # a base form right after the subject ("migrants storm", "three drown")
        else:
            return []
        for stem in stems:
            found = [e for e in self.by_lemma.get(stem, ()) if e.kind == "verb"] if stem else []
            if found:
                break
        # Token.sent walks the Doc: asked only for the rare adjective that looks like a trigger
        if not found or tok.is_sent_start:
            return []
        sent = tok.sent
        if any(t.pos_ in ("VERB", "AUX") for t in sent):
            # a headline's main verb comes first; the verbs after it head its relative and
            # adverbial clauses ("Police in X detain 17 members of a network that organised
            # boats"). Headline register: no article anywhere in the sentence.
            if any(t.pos_ in ("VERB", "AUX") for t in sent if t.i < tok.i) or \
                    any(t.lower_ in ("a", "an", "the") for t in sent):
                return []
        return found

    def __call__(self, doc) -> list[Hit]:
        hits: dict[tuple[int, str], Hit] = {}
        by_lemma = self.by_lemma
        for tok in doc:
            # proper nouns keep their case ("March" the month is no march), except a sentence's
            # first word, which the tagger often takes for a name ("Gunfire erupted")
            cands = by_lemma.get(tok.lemma_ if tok.pos_ == "PROPN" and not tok.is_sent_start
                                 else tok.lemma_.lower())
            verbless = False
            if tok.pos_ in ("ADJ", "NOUN") and not any(self._pos_ok(e, tok) for e in cands or ()):
                found = self._verbless_verb(tok)
                if found:
                    cands, verbless = found, True
            if not cands:
                continue
            # a headline's first noun the tagger reads as an imperative ("Blaze at camp forces ...")
            opening_noun = tok.tag_ == "VB" and tok.is_sent_start and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "ADP"
            for e in cands:
                if not verbless and not self._pos_ok(e, tok) and not (opening_noun and e.kind == "noun"):
                    continue
                span = _rest_matches(e, doc, tok.i)
                if span is None:
                    continue
                key = (tok.i, e.type)
                old = hits.get(key)
                hit = Hit(e, tok, span[0], span[1], verbless=verbless)
                # the longest phrase for one token first ("set fire" over "set"), the others after it
                if old is None:
                    hits[key] = hit
                elif (span[1] - span[0]) > (old.end - old.start):
                    hit.alternatives = [Hit(old.entry, tok, old.start, old.end, verbless=old.verbless)] + old.alternatives
                    hits[key] = hit
                else:
                    old.alternatives.append(hit)
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
