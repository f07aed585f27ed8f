"""Who did what to whom: agents and targets of a trigger from the dependency parse.

Active and passive voice, "by" agents, coordinated subjects, the subject of a governing
verb ("migrants tried to cross"), nominal events ("the eviction of 500 migrants"),
possessives ("the police's raid") and appositions. The label is the source's own word;
the category comes from the actor lexicon; the count is the number that quantifies the
noun (counts.py).
"""
from __future__ import annotations

import re

from ..models import Count, Participant
from .actors import category_of, people_nouns, resident_verbs
from .counts import find_counts

SUBJ = ("nsubj", "nsubjpass", "csubj")
NOUNISH = ("NOUN", "PROPN", "PRON", "NUM")
# prepositions of a nominal event's target, agent, and parties (English, then French as the
# French parse is rewritten into this scheme by french.py: "l'évacuation de 500 exilés")
OF = ("of", "against", "on", "de", "d'", "d’", "du", "des", "contre")
BY = ("by", "par")
AMONG = ("between", "among", "involving", "with", "entre", "parmi", "avec")
# heads that only count the people named after them ("un millier de migrants", "hundreds of
# asylum seekers"), and the prepositions that join them
QUANTITY_HEADS = ("millier", "milliers", "centaine", "centaines", "dizaine", "dizaines", "vingtaine",
                  "trentaine", "quarantaine", "cinquantaine", "soixantaine", "quinzaine", "douzaine",
                  "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "scores", "tens")
QUANTITY_OF = ("de", "d'", "d’", "of")


def _counted_head(tok):
    """ "un millier de migrants": the people ("migrants"), not the quantity word."""
    if tok.lemma_.lower() in QUANTITY_HEADS or tok.lower_ in QUANTITY_HEADS:
        for p in tok.children:
            if p.dep_ == "prep" and p.lower_ in QUANTITY_OF:
                for g in p.children:
                    if g.dep_ == "pobj":
                        return g
    return tok


def conjuncts(tok) -> list:
    """The token and the nouns coordinated with it ("three migrants and 15 CRS")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in NOUNISH:
            out += conjuncts(c)
    return out


def label_of(tok) -> str:
    """The source's own words for a group: compounds and the head ("riot police")."""
    doc = tok.doc
    left = tok.i
    for c in tok.lefts:
        if c.dep_ in ("compound", "amod") and c.i == left - 1 and c.pos_ in ("NOUN", "PROPN", "ADJ") \
                and not c.like_num:
            left = c.i
    span = doc[left:tok.i + 1].text
    return span.lower() if not tok.pos_ == "PROPN" else span


def count_of(tok, sent_counts, language="en") -> Count | None:
    """The count that quantifies the noun `tok` (a number in its phrase before it)."""
    lo = tok.left_edge.idx
    hi = tok.idx
    if tok.like_num or tok.pos_ == "NUM":
        lo, hi = tok.left_edge.idx, tok.idx + len(tok.text)
    # "un millier de migrants": the quantity word heads the phrase the people hang under
    if tok.dep_ == "pobj" and tok.head.lower_ in QUANTITY_OF and \
            tok.head.head.lemma_.lower() in QUANTITY_HEADS:
        lo = tok.head.head.left_edge.idx
    best = None
    for cm in sent_counts:
        if cm.count is None or cm.year_like:
            continue
        # the number inside the noun phrase; its qualifier may hang outside ("as many as 47 people")
        if lo < cm.end and cm.end <= hi + (len(tok.text) if tok.like_num else 0) + 1 and cm.start >= lo - 16:
            # a number inside a PP of the head ("one of about 20 people") is not its count
            best = cm.count
    if best is None and tok.dep_ in ("nmod", "appos") and tok.i > 0 and tok.head.i == tok.i - 1 \
            and (tok.head.like_num or tok.head.pos_ == "NUM"):
        # "Environ 200 CRS": a French parse may hang the people under the number before them
        for cm in sent_counts:
            if cm.count is not None and not cm.year_like and cm.start <= tok.head.idx < cm.end:
                best = cm.count
    if best is None:
        for c in tok.children:
            if c.dep_ == "nummod":
                for cm in sent_counts:
                    if cm.start <= c.idx < cm.end and cm.count is not None:
                        best = cm.count
    if best is None and tok.dep_ == "pobj" and tok.head.lower_ in ("of", "de", "des", "d'", "d’") and \
            (tok.head.head.like_num or tok.head.head.pos_ == "NUM") and tok.head.head.i < tok.i:
        # "85 de ses occupants", "40 of its residents": the part is how many of them
        num = tok.head.head
        for cm in sent_counts:
            if cm.start <= num.idx < cm.end and cm.count is not None and not cm.year_like:
                best = cm.count
    return best


def category_for(tok, language="en", taxonomy_dir=None, default="other") -> str | None:
    """Actor category of a noun, or `default` for a plain people noun, else None."""
    label = label_of(tok)
    cat = category_of(label, language, taxonomy_dir, head=tok.lemma_)
    if cat:
        return cat
    for c in tok.children:  # "Afghan men", "Eritrean origin", "people including ..."
        if c.dep_ in ("amod", "compound"):
            cat = category_of(c.text, language, taxonomy_dir)
            if cat:
                return cat
    if tok.lemma_.lower() in people_nouns(language, taxonomy_dir) or tok.text.lower() in people_nouns(language, taxonomy_dir):
        return default
    if tok.like_num or tok.pos_ == "NUM":
        return default
    return None


def _participant(tok, role, sent_counts, language, taxonomy_dir, default) -> Participant | None:
    if tok.pos_ == "PRON":
        return None
    cat = category_for(tok, language, taxonomy_dir, default)
    if cat is None:
        return None
    return Participant(role, cat, label_of(tok), count_of(tok, sent_counts, language))


def for_trigger(trigger, subject_role: str, sent_counts, language="en", taxonomy_dir=None,
                default="other") -> list[Participant]:
    """Participants of the event whose trigger token is `trigger`."""
    agents, targets = [], []
    verbish = trigger.pos_ in ("VERB", "AUX", "ADJ")
    if verbish:
        subj = [c for c in trigger.children if c.dep_ in SUBJ]
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children) or \
            (trigger.tag_ == "VBN" and trigger.dep_ in ("acl", "relcl", "amod"))
        head = trigger
        # "migrants tried to cross", "began to evacuate": the governing verb's subject
        while not subj and head.dep_ in ("xcomp", "conj", "advcl") and head.head is not head:
            head = head.head
            subj = [c for c in head.children if c.dep_ in SUBJ]
            if any(c.dep_ == "nsubjpass" for c in head.children):
                passive = True
        if not subj and trigger.dep_ in ("acl", "relcl", "amod") and trigger.head.pos_ in NOUNISH:
            subj = [trigger.head]  # "migrants detained at ...", "the man who died"
            if trigger.dep_ == "relcl":
                subj = [trigger.head]
        if subj and subj[0].pos_ == "PRON" and head.dep_ in ("advcl", "relcl", "conj"):
            # "150 migrants caused delays when they tried to storm the terminal"
            main = [c for c in head.head.children if c.dep_ in SUBJ and c.pos_ != "PRON"]
            if main:
                subj = main
        objs = [c for c in trigger.children if c.dep_ in ("dobj", "obj")]
        by = [gc for c in trigger.children if c.dep_ == "agent" for gc in c.children if gc.dep_ == "pobj"]
        subj = [_counted_head(s) for s in subj]  # "une centaine de manifestants" -> manifestants
        objs = [_counted_head(o) for o in objs]
        if passive:
            targets += [x for s in subj for x in conjuncts(s)]
            agents += [x for b in by for x in conjuncts(b)]
        else:
            if subject_role == "target":
                targets += [x for s in subj for x in conjuncts(s)]
            else:
                agents += [x for s in subj for x in conjuncts(s)]
            targets += [x for o in objs for x in conjuncts(o)]
    else:
        for c in trigger.children:
            if c.dep_ == "poss":
                agents += conjuncts(c)
            elif c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN"):
                if category_of(c.text, language, taxonomy_dir):
                    agents.append(c)
            elif c.dep_ == "prep" and c.lower_ in OF:
                targets += [x for g in c.children if g.dep_ == "pobj" for x in conjuncts(_counted_head(g))]
            elif c.dep_ in ("prep", "agent") and c.lower_ in BY:
                agents += [x for g in c.children if g.dep_ == "pobj" for x in conjuncts(g)]
            elif c.dep_ == "prep" and c.lower_ in AMONG:
                agents += [x for g in c.children if g.dep_ == "pobj" for x in conjuncts(g)]
        if trigger.dep_ in SUBJ or trigger.dep_ in ("dobj", "attr"):
            # "police carried out the eviction": the subject of the verb is the agent
            v = trigger.head
            if trigger.dep_ != "nsubj":
                agents += [x for c in v.children if c.dep_ == "nsubj" for x in conjuncts(c)]
    out: list[Participant] = []
    seen = set()
    for role, toks in (("agent", agents), ("target", targets)):
        for t in toks:
            if t.i in seen:
                continue
            seen.add(t.i)
            # apposition: "two men, both Afghans" -> the better-categorised word
            p = _participant(t, role if not (subject_role == "participant") else "participant",
                             sent_counts, language, taxonomy_dir, default)
            if p is None:
                for a in t.children:
                    if a.dep_ == "appos":
                        p = _participant(a, role, sent_counts, language, taxonomy_dir, default)
                        if p:
                            break
            if p:
                out.append(p)
    return out


def _resident(tok, language, taxonomy_dir) -> bool:
    """People described as living somewhere: by a clause on the noun ("migrants camped at
    Calais", "people ... setting up camp") or as the subject of such a verb."""
    verbs = resident_verbs(language, taxonomy_dir)
    if not verbs:
        return False
    described = [c for c in tok.children if c.dep_ in ("acl", "relcl")]
    if tok.dep_ in ("nsubj", "nsubjpass"):
        described.append(tok.head)
    for v in described:
        for w in [v] + [c for c in v.subtree if c.pos_ == "VERB"]:
            lemma = w.lemma_.lower()
            if lemma not in verbs:
                continue
            if lemma == "set" and not any(c.lemma_.lower() == "camp" and c.dep_ == "dobj" for c in w.children):
                continue  # "set up camp", not "set up a blockade"
            return True
    return False


def counted_people(sent, sent_counts, language="en", taxonomy_dir=None, default="other",
                   residents: bool = True) -> list[Participant]:
    """People nouns of a sentence that carry a count ("carrying 112 people"); with
    `residents` False, not those told as living somewhere (the people of an eviction are the
    camp's residents, those of a crossing are not)."""
    out = []
    for tok in sent:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
            continue
        if tok.dep_ == "pobj" and tok.head.head.i < tok.i and (
                tok.head.head.like_num or tok.head.head.pos_ in ("PRON", "DET", "NUM")):
            continue  # "12 of the 39 people", "some of the 3,000 migrants": the whole, not this event's people
        if not residents and _resident(tok, language, taxonomy_dir):
            continue  # "3,000 people ... setting up camp": a population, not this event's people
        c = count_of(tok, sent_counts, language)
        if c is None:
            continue
        cat = category_for(tok, language, taxonomy_dir, default)
        if cat:
            out.append(Participant("participant", cat, label_of(tok), c))
    for tok in sent:  # partitives: "12 of the 39 people", "quatorze des quinze rescapés" -> 12, 14
        if tok.like_num and tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
            for p in tok.children:
                if p.dep_ == "prep" and p.lower_ in ("of", "des", "de", "d'", "d’", "d’entre", "d'entre"):
                    for g in p.children:
                        if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN"):
                            c = count_of(tok, sent_counts, language)
                            cat = category_for(g, language, taxonomy_dir, default)
                            if c and cat:
                                out.append(Participant("participant", cat, label_of(g), c))
    return out


def sentence_counts(sent, language="en", vague=None):
    """Counts in a sentence, with offsets in the Doc's text (dates and ages left out)."""
    from .timex import find as find_dates
    base = sent.start_char
    text = sent.text
    dates = [(t.start, t.end) for t in find_dates(text, None, language)]
    out = []
    for cm in find_counts(text, language, vague):
        if any(cm.start < b and a < cm.end for a, b in dates):
            continue
        after = text[cm.end:cm.end + 12].lower()
        if re.match(r"\s*(?:%|per ?cent|km|kilomet|mile|metre|meter|-year|years? old|am\b|pm\b|\.\d|:\d|h\b|hours|minutes|days|weeks|months|years|euros|pounds|£|€"
                    r"|ans?\b|jours?\b|heures?\b|semaines?\b|mois\b|kilomètres?|mètres?|degrés?|°|h\d|pour ?cent|fois\b)", after):
            continue
        if re.search(r"[£€$]\s*$", text[max(0, cm.start - 2):cm.start]):
            continue
        cm.start += base
        cm.end += base
        out.append(cm)
    return out
