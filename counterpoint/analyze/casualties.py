"""Who was killed, injured or arrested, one entry per group, and the event's totals.

"three migrants and 15 CRS were injured" gives two entries; "five people, including
two migrants, were killed" gives 5 and 2, and a total of 5 (the included group is not
added again).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..models import Casualty, Count
from .participants import category_for, conjuncts, count_of, label_of
from .triggers import rules

SUBJ = ("nsubj", "nsubjpass")
PARTITIVE = ("of", "des", "de", "d'", "d’", "d'entre", "d’entre")


@dataclass
class Group:
    casualty: Casualty
    included: bool  # named inside another group ("including two migrants")
    token_i: int


TOLL_NOUNS = frozenset({"toll", "bilan"})


def _toll_figure(tok) -> list:
    """ "the death toll rose to 82", "the toll stands at 40", "le bilan s'élève à 12 morts":
    a toll is counted by the figure its verb reaches, not by a number on the noun."""
    nums = [c for c in tok.children if c.like_num]
    if nums:
        return nums
    verb = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX"):
        return []
    for c in verb.children:
        if c.dep_ in ("dobj", "obj", "attr") and c.like_num:
            return [c]  # "reached 82"
        if c.dep_ in ("prep", "obl"):
            for g in [c, *c.children]:
                if g.like_num and g.dep_ in ("pobj", "obl", "nummod"):
                    return [g]  # "rose to 82", "stands at 40"
    return []


def _group_tokens(tok) -> list:
    """The nouns that name who suffered the outcome carried by `tok`."""
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in TOLL_NOUNS:
        return _toll_figure(tok)
    if tok.pos_ == "NOUN":  # "trois morts et cinq blessés", "27 décès": the noun is the group
        return [tok]
    if tok.lemma_ == "faire":  # "a fait trois morts": the outcome nouns carry the groups
        return []
    if tok.pos_ == "ADJ" and tok.dep_ == "amod":
        return [tok.head]
    if tok.pos_ == "VERB" and tok.dep_ == "conj" and not any(c.dep_ in SUBJ for c in tok.children):
        # "une personne a été tuée et cinq autres blessées": the elided subject's number
        # hangs on the second verb; the first verb's subject is not its group
        own = [c for c in tok.children if c.dep_ == "nummod" and c.i < tok.i]
        if own:
            return own
    if tok.dep_ == "cop":  # "deux étaient en urgence absolue": the state's subject, on its noun
        subj = [c for c in tok.head.children if c.dep_ in SUBJ]
        if subj:
            return subj
        # the parser often hangs the subject elsewhere: the word right before the verb
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and (prev.pos_ in ("NOUN", "PROPN", "NUM") or (prev.pos_ == "PRON" and prev.like_num)):
            return [prev]
        return []
    head = tok
    if tok.pos_ in ("ADJ", "VERB") and tok.dep_ in ("acomp", "oprd", "xcomp", "ccomp"):
        own = [c for c in tok.children if c.dep_ in SUBJ]
        if tok.head.lemma_ in ("leave", "laisser"):  # "left one officer injured", "left three dead"
            return own or [c for c in tok.head.children if c.dep_ == "dobj"] or \
                [c for c in tok.children if c.dep_ == "nummod"]
        if tok.pos_ == "ADJ":
            # "boat sinks off X, 45 dead": the number the adjective is said of (not "12 dead and
            # 20 missing", whose second number the parse joins to the first)
            if own and all(c.pos_ == "NUM" and not any(g.dep_ == "conj" for g in c.children) for c in own):
                return own
            head = tok.head
    subj = [c for c in head.children if c.dep_ in SUBJ]
    if not subj:  # a French parse that hangs the subject as "obl" before the verb
        subj = [c for c in head.children if c.dep_ == "obl" and c.i < head.i and c.pos_ == "NOUN"]
    if not subj:  # or its number ("Deux de ses amis ... ont été abattus")
        subj = [c for c in head.children if c.dep_ == "nummod" and c.i < head.i]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
    up = head
    while not subj and up.dep_ in ("conj", "xcomp") and up.head is not up:
        # "Nine migrants ... are said to have been found ... and arrested"
        up = up.head
        subj = [c for c in up.children if c.dep_ in SUBJ]
        passive = passive or any(c.dep_ in ("nsubjpass", "auxpass") for c in up.children)
    # ("three people drowned, among them a boy": a parse that makes the part an object)
    # (nor a place the parse reads as an object: "drowned off Lampedusa")
    objs = [c for c in head.children if c.dep_ in ("dobj",) and not _among_them(c)
            and not (c.pos_ == "PROPN" and (c.ent_type_ in ("GPE", "LOC", "FAC") or c.doc[c.i - 1].dep_ == "prt"))]
    # "lost their lives", "ont perdu la vie", "ont trouvé la mort": the object is the outcome itself
    if objs and not passive and head.lemma_ not in ("lose", "perdre") \
            and not (objs[0].lemma_.lower() in ("mort", "death") and not objs[0].like_num):
        return objs  # "police arrested 20 people", "the shooting claimed five lives"
    if subj and subj[0].lower_ in ("who", "that", "which") and head.dep_ == "relcl":
        return [head.head]  # "the four people who died"
    if subj:
        return subj
    if head.dep_ in ("acl", "relcl", "amod") and head.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        return [head.head]
    if head.dep_ == "conj" and head.head.pos_ == "VERB":  # "... were hospitalised and one was killed"
        return [c for c in head.head.children if c.dep_ in SUBJ]
    return []


@lru_cache(maxsize=None)
def _nouns(section: str, language: str, taxonomy_dir) -> frozenset:
    """A noun list of events.<lang>.json: `not_people` (vessels, vehicles: never casualties),
    `single_people` (singular nouns that name one person)."""
    return frozenset(rules(language, taxonomy_dir).get(section, {}).get("nouns", []))


def _count(tok, sent_counts, language: str = "en", taxonomy_dir=None) -> Count | None:
    c = count_of(tok, sent_counts)
    if c is not None:
        return c
    for ch in tok.children:  # "five of them"
        if ch.dep_ == "nummod":
            return count_of(ch, sent_counts)
    if tok.tag_ in ("NN", "NNP") and any(ch.lower_ in ("a", "an", "the", "one") for ch in tok.children
                                          if ch.dep_ in ("det", "nummod")):
        return Count(1, 1, False)
    if tok.lower_ == "both" and tok.pos_ in ("PRON", "DET"):
        return Count(2, 2, False)  # "Both died."
    # (a headline's first word the tagger takes for a name: "Man found ... died later")
    if (tok.tag_ == "NN" or (tok.tag_ == "NNP" and tok.is_sent_start)) and tok.lower_ in _nouns("single_people", language, taxonomy_dir) and \
            all(ch.dep_ == "poss" for ch in tok.children if ch.dep_ in ("det", "poss", "nummod", "quantmod")):
        return Count(1, 1, False)  # "her child", a headline's "Migrant killed by train": one person
    return None


OTHERS = frozenset({"other", "others", "autre", "autres"})
DEFINITE = frozenset({"the", "these", "those", "les", "ces"})


def _the_others(tok) -> bool:
    """ "the other three", "les trois autres": the rest of a group already counted (five
    wounded, two of them badly, the other three lightly), not more people; "five others"
    without the article are more."""
    words = [tok] + list(tok.children)
    return any(w.lower_ in OTHERS for w in words) and any(c.dep_ == "det" and c.lower_ in DEFINITE
                                                           for c in tok.children)


def _among_them(tok) -> bool:
    """ "three people drowned, among them a boy of six", "parmi eux deux enfants": a part of a
    group the sentence has already counted, not more people. (After its number, "twenty-one
    among them were arrested" counts the group itself.)"""
    # the preposition on the noun, or on the verb between the verb and the noun
    before = [c for c in tok.children if c.i < tok.i]
    if tok.head is not tok and tok.head.i < tok.i:
        before += [c for c in tok.head.children if tok.head.i < c.i < tok.i]
    for c in before:
        if c.dep_ == "prep" and c.lower_ in ("among", "amongst") and any(g.pos_ == "PRON" for g in c.children):
            return True  # English: the preposition hangs on the noun, the pronoun on it
        if c.pos_ == "PRON" and any(g.dep_ == "case" and g.lower_ == "parmi" for g in c.children):
            return True  # French (UD): the pronoun hangs on the noun, the preposition on it
    return False


def _partitive(tok):
    """In "fourteen of the fifteen survivors" / "quatorze des quinze rescapés": (the part's
    number, the noun of the whole) when `tok` is either of them, else None."""
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in PARTITIVE:
        num = tok.head.head
        if num.i < tok.i and (num.like_num or num.pos_ == "NUM"):
            return num, tok
    if tok.like_num or tok.pos_ in ("NUM", "PRON"):
        for p in tok.children:
            if p.dep_ == "prep" and p.lower_ in PARTITIVE:
                for g in p.children:
                    if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN"):
                        return tok, g
    return None


def _companions(hit_tok) -> list:
    """ "was arrested with about 20 other people", "tué avec deux autres": the others who
    shared the outcome, named after "with" / "along with" / "avec"."""
    out = []
    for p in hit_tok.children:
        if p.dep_ == "prep" and p.lower_ in ("with", "alongside", "avec"):
            for g in p.children:
                if g.dep_ == "pobj" and any(w.lower_ in OTHERS for w in [g, *g.children]):
                    out.append(g)
    return out


def groups(hit_tok, what: str, sent_counts, language="en", taxonomy_dir=None,
           default="other") -> list[Group]:
    out: list[Group] = []
    for g in _companions(hit_tok) if hit_tok.pos_ in ("VERB", "AUX", "ADJ") else []:
        cnt = _count(g, sent_counts, language, taxonomy_dir)
        if cnt is not None:
            out.append(Group(Casualty(what, category_for(g, language, taxonomy_dir, default) or default,
                                      label_of(g), cnt), False, g.i))
    for base in _group_tokens(hit_tok):
        # "two of the five injured migrants": the adjective describes the whole; so may a clause
        # when the part is no argument of its own ("he was one of 20 protesters taken into custody")
        part = _partitive(base) if not (hit_tok.dep_ == "amod" and hit_tok.head is base) else None
        if part is not None and part[0].dep_ not in ("ROOT", "nsubj", "nsubjpass", "dobj") and \
                not (part[0].dep_ == "nummod" and part[0].head.pos_ in ("VERB", "AUX", "ADJ")):
            part = None
        if part is not None:  # the part is the group, counted by its own number; the whole is not
            num, noun = part
            cnt = count_of(num, sent_counts)
            if cnt is not None:
                cat = category_for(noun, language, taxonomy_dir, default) or default
                out.append(Group(Casualty(what, cat, label_of(noun), cnt), False, num.i))
            continue
        if base.pos_ == "PRON" and base.lower_ not in ("one", "both"):
            continue
        for t in (conjuncts(base) if base is not hit_tok else [base]):
            if t is not base and _own_state(t, hit_tok):
                continue  # "12 dead and 20 missing": the second number has a state of its own
            if t is hit_tok and t.pos_ == "NOUN" and _count(t, sent_counts, language, taxonomy_dir) is None:
                # "the bodies of six people": the outcome noun's complement is the group
                t = next((g for p in t.children if p.dep_ == "prep" and p.lower_ in PARTITIVE
                          for g in p.children if g.dep_ == "pobj"), t)
            if t.lemma_.lower() in _nouns("not_people", language, taxonomy_dir):
                continue  # "a boat ... and three people drowned": the parse's second subject
            cat = category_for(t, language, taxonomy_dir, default) or default
            cnt = _count(t, sent_counts, language, taxonomy_dir)
            if cnt is None:
                continue
            out.append(Group(Casualty(what, cat, label_of(t), cnt), _the_others(t) or _among_them(t), t.i))
            for c in t.children:  # "five people, including two migrants"
                if c.dep_ == "prep" and c.lower_ in ("including", "among"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            for gg in conjuncts(g):
                                gc = _count(gg, sent_counts, language, taxonomy_dir)
                                if gc is not None:
                                    out.append(Group(Casualty(
                                        what, category_for(gg, language, taxonomy_dir, default) or default,
                                        label_of(gg), gc), True, gg.i))
    return out


def _own_state(t, hit_tok) -> bool:
    """True when a coordinated number is followed by a state word of its own, other than the
    outcome's ("20 missing", "40 injured" after "12 dead and")."""
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return t.pos_ == "NUM" and nxt is not None and nxt.i != hit_tok.i and nxt.pos_ in ("ADJ", "VERB")


def total(gs: list[Group]) -> Count | None:
    """The sum over the groups that are not inside another, when it can be known."""
    main = [g.casualty.count for g in gs if not g.included]
    if not main:
        return None
    if len(main) == 1:
        c = main[0]
        return Count(c.min, c.max, c.approximate)
    if any(c.min is None for c in main):
        lo = None
    else:
        lo = sum(c.min for c in main)
    hi = None if any(c.max is None for c in main) else sum(c.max for c in main)
    return Count(lo, hi, any(c.approximate for c in main))
