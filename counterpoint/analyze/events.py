"""Events: type, trigger, sentence, date, place, participants and casualties.

Cascade, per parsed piece of a document:
  1. triggers.py finds the trigger words of taxonomy/events.<lang>.json;
  2. each hit is kept only if the sentence asserts it happened (`_excluded`: negation,
     modality and future, plans and threats, conditionals, habitual and generic use,
     questions, bare plurals);
  3. each kept hit becomes a mention with participants, casualties, a date (timex.py,
     resolved against the section or publication date) and a place (places.py);
  4. mentions of one occurrence (same type, compatible date and place) merge into one
     Event: the clearest sentence is `sentence`, the others are `evidence`, and figures
     are not added twice;
  5. event_filter.py scores each event with the learned occurrence check when a trained model
     ships (training/train_event_filter.py), and drops those it is confident are not occurrences.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import TaxonomyError
from ..models import Count, Event, Participant
from . import actors
from . import casualties as cas
from . import event_filter
from . import participants as parts
from . import places as plc
from . import speakers
from . import timex
from .units import NO_EVENTS, text_of, units_of
from .triggers import Hit, matcher_for, phrase_regex, rules

# event types whose unnamed people ("112 people", "five of them") are migrants by default
MIGRANT_DEFAULT = {"crossing", "death", "eviction", "relocation", "arrest"}
# people told as living somewhere are the people of these events only ("the camp, where 800 lived, was cleared")
RESIDENT_TYPES = {"eviction", "relocation", "fire"}
SEA_POINT = (50.95, 1.45)  # the Strait of Dover: towns near it name "English Channel off X"
OUTCOME_OF = {"death": "killed", "arrest": "arrested"}


@dataclass
class Mention:
    type: str
    trigger: str
    sent: object  # spaCy Span
    verbal: bool
    participants: list[Participant] = field(default_factory=list)
    casualties: list[cas.Group] = field(default_factory=list)
    date: str | None = None
    date_strong: bool = False  # stated in the sentence, not inferred from the story's date
    place: plc.PlaceMention | None = None
    place_in_sentence: bool = False
    extra_sentences: list = field(default_factory=list)  # casualty sentences that go with it
    trigger_lemma: str = ""
    anaphoric: bool = False  # "cette grève": a mention of an occurrence told before
    token: object = None  # the trigger's spaCy Token


@dataclass
class _Rules:
    data: dict
    negations: frozenset
    modals: frozenset
    controllers: frozenset
    conditionals: frozenset
    habituals: frozenset
    generic_heads: frozenset
    event_verbs: frozenset
    future_rx: re.Pattern | None
    generic_rx: re.Pattern | None
    attempt_verbs: frozenset
    language: str = "en"
    taxonomy_dir: str | None = None
    period_rx: re.Pattern | None = None  # words before a date that make it a period's bound
    perfect_auxes: frozenset = frozenset({"have"})  # present perfect: the day's news
    habitual_modifiers: frozenset = frozenset()  # adjectives that make a noun trigger habitual
    tally_rx: re.Pattern | None = None  # "since January", "so far this year": a period's total
    passing_preps: frozenset = frozenset()  # "under", "en vertu de": a law named in passing
    generic_determiners: frozenset = frozenset()  # "all attempts", "chaque tentative"
    perfective_controllers: frozenset = frozenset()  # "ont pu monter": managed to, not could
    own_time_adverbs: frozenset = frozenset()  # "later", "ensuite": a clause's time of its own
    own_time_nouns: frozenset = frozenset()  # "in the summer", "cette année-là": a period of its own
    generic_antecedents: frozenset = frozenset()  # "those (who)", "ceux (qui)": no one in particular
    hearsay_verbs: frozenset = frozenset()  # "are reported (to be evicting)", "were said to be": told at second hand
    telling_verbs: frozenset = frozenset()  # "said", "told", "a déclaré": the speech vocabulary's reporting verbs
    occurrence_nouns: frozenset = frozenset()  # "crossings", "traversées": counted, they are a tally
    perception_verbs: frozenset = frozenset()  # "saw (migrants making the crossing)": an occurrence seen
    state_nouns: frozenset = frozenset()  # "under lockdown": a state imposed, not a law named in passing
    past_forms: frozenset = frozenset()  # "swam": past forms the tagger reads as a present
    complement_preps: frozenset = frozenset()  # "de": a bare noun after it qualifies another noun
    complement_heads_ok: frozenset = frozenset()  # "opération (d'évacuation)": nouns that name the occurrence


_rules_cache: dict = {}


def _rules(language: str, taxonomy_dir) -> _Rules | None:
    key = (language, taxonomy_dir)
    if key not in _rules_cache:
        try:
            data = rules(language, taxonomy_dir)
        except TaxonomyError:
            _rules_cache[key] = None
            return None
        ex = data.get("exclusions", {})
        fut = ex.get("future_markers", [])
        period = ex.get("period_markers")
        _rules_cache[key] = _Rules(
            data=data,
            negations=frozenset(ex.get("negations", [])),
            modals=frozenset(ex.get("modals", [])),
            controllers=frozenset(ex.get("controllers", []) + ex.get("controller_nouns", [])),
            conditionals=frozenset(ex.get("conditionals", [])),
            habituals=frozenset(ex.get("habituals", [])),
            generic_heads=frozenset(ex.get("generic_heads", [])),
            event_verbs=frozenset(data.get("event_verbs", [])),
            future_rx=re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in fut) + r")"
                                 + ex.get("future_gap", r"(?:\s+be|\s+have)?") + r"\s*$", re.I)
            if fut else None,
            generic_rx=phrase_regex(ex.get("generic_phrases", [])),
            attempt_verbs=frozenset(ex.get("attempt_verbs", [])),
            language=language,
            taxonomy_dir=taxonomy_dir,
            period_rx=re.compile(r"\b(?:" + "|".join(re.escape(p) for p in period) + r")\s*$", re.I)
            if period else None,
            perfect_auxes=frozenset(ex.get("perfect_auxes", ["have"])),
            habitual_modifiers=frozenset(ex.get("habitual_modifiers", [])),
            tally_rx=phrase_regex(ex.get("tally_phrases", [])),
            passing_preps=frozenset(ex.get("passing_prepositions", [])),
            generic_determiners=frozenset(ex.get("generic_determiners", [])),
            perfective_controllers=frozenset(ex.get("perfective_controllers", [])),
            own_time_adverbs=frozenset(ex.get("own_time_adverbs", [])),
            own_time_nouns=frozenset(ex.get("own_time_nouns", [])),
            generic_antecedents=frozenset(ex.get("generic_antecedents", [])),
            hearsay_verbs=frozenset(ex.get("hearsay_verbs", [])),
            telling_verbs=speakers.speech(speakers.speech_language(language, taxonomy_dir), taxonomy_dir).reported_verbs,
            occurrence_nouns=frozenset(ex.get("occurrence_nouns", [])),
            perception_verbs=frozenset(ex.get("perception_verbs", [])),
            state_nouns=frozenset(ex.get("state_nouns", [])),
            past_forms=frozenset(ex.get("past_forms", [])),
            complement_preps=frozenset(ex.get("complement_prepositions", [])),
            complement_heads_ok=frozenset(ex.get("complement_heads_ok", [])),
        )
    return _rules_cache[key]


def _clause_verb(tok):
    """The verb whose clause carries a trigger (the trigger itself when it is a verb).

    A semicolon ends a clause: "a fire swept through the camp; no deaths were reported" is
    often parsed with "fire" under "reported", whose negated subject is not the fire's.
    """
    cur = tok
    for _ in range(5):
        if cur.pos_ in ("VERB", "AUX") or (cur.pos_ == "ADJ" and cur is tok):
            return cur
        if cur.head is cur:
            return None
        if _semicolon_between(cur, cur.head):
            return None
        cur = cur.head
    return None


def _semicolon_between(a, b) -> bool:
    lo, hi = sorted((a.i, b.i))
    return hi - lo > 1 and any(t.text == ";" for t in a.doc[lo + 1:hi])


def _ancestors(tok, n=4):
    out, cur = [], tok
    for _ in range(n):
        if cur.head is cur:
            break
        cur = cur.head
        out.append(cur)
    return out


ARGUMENT_DEPS = ("nsubj", "nsubjpass", "dobj", "obj", "iobj", "agent", "prep", "obl", "attr", "dative")


def _arguments_text(tok) -> str:
    """The words of a trigger's own arguments (subject, objects, prepositional phrases),
    without the clauses hanging from it: "the port was closed after ... the camp" has no camp."""
    doc = tok.doc
    if tok.pos_ in ("NOUN", "PROPN"):
        return doc[tok.left_edge.i:tok.right_edge.i + 1].text.lower()
    parts_ = []  # not the trigger itself: "order" is no legal document for the verb "order"
    if tok.dep_ == "relcl" and tok.head is not tok:
        parts_.append(tok.head.text)  # "the Jungle, which was broken up": its antecedent
    for c in tok.children:
        if c.dep_ in ARGUMENT_DEPS:
            parts_.append(doc[c.left_edge.i:c.right_edge.i + 1].text)
    return " ".join(parts_).lower()


def _object_text(tok) -> str:
    """The head words of what a verb acts on (its object, its passive subject, the noun a relative
    clause hangs from), with their compounds: "broke up the camp", not "broke up a fight near the camp"."""
    heads = [c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    if tok.dep_ == "relcl" and tok.head is not tok:
        heads.append(tok.head)
    words = []
    for h in heads:
        words += [c.text for c in h.children if c.dep_ in ("compound", "amod")] + [h.text]
    return " ".join(words).lower()


def _preposition_phrases(prep) -> set[str]:
    """ "under", "line with", "in line with": a preposition with the words it hangs from."""
    out, words, cur = {prep.lower_}, [prep.lower_], prep
    for _ in range(3):  # "in line with": with <- line <- in
        h = cur.head
        if h is cur or h.i > cur.i or h.pos_ not in ("NOUN", "ADP"):
            break
        words.insert(0, h.lower_)
        out.add(" ".join(words))
        cur = h
    return out


def _is_headline(sent) -> bool:
    text = sent.text.strip()
    return bool(text) and text[-1] not in ".!?\"'”’:;"


def _kept(hit: Hit, sent, R: _Rules, spec: dict, sent_low: str) -> Hit | None:
    """The hit, or the first of its alternative entries, that is an asserted occurrence."""
    for h in (hit, *hit.alternatives):
        if not _excluded(h, sent, R, spec, sent_low):
            return h
    return None


def _sense_missing(hit: Hit, sent_low: str) -> str | None:
    """ "context" or "not_context" when the words around the trigger do not give it its event
    sense ("clear" without a camp, "take place"), else None."""
    e, tok = hit.entry, hit.token
    if e.context is not None:
        where = sent_low
        if hit.verbless:
            pass
        elif e.scope == "subtree":
            doc = tok.doc
            where = doc[tok.i:tok.right_edge.i + 1].text.lower()
        elif e.scope == "args":
            where = _arguments_text(tok)
        elif e.scope == "object":
            where = _object_text(tok)
        if not e.context.search(where):
            return "context"
    if e.not_context is not None and e.not_context.search(sent_low):
        return "not_context"
    return None


def _excluded(hit: Hit, sent, R: _Rules, spec: dict, sent_low: str) -> str | None:
    """Why this hit is not an asserted occurrence, or None when it is one."""
    e, tok = hit.entry, hit.token
    missing = _sense_missing(hit, sent_low)
    if missing:
        return missing
    if e.not_subject and any(x in e.not_subject for x in _doers(tok)):
        return "description"  # "the camp housed 300 people": what a place is, not an occurrence
    if e.not_head and tok.head.lemma_.lower() in e.not_head:
        return "not_head"
    if sent.text.rstrip().endswith("?"):
        return "question"
    allow_future = spec.get("allow_future", False)
    noun = e.kind == "noun"
    if R.generic_rx is not None and R.generic_rx.search(sent_low):
        return "habitual"
    # "since January, 37 people have died": a tally over a period, not one occurrence
    if R.tally_rx is not None and R.tally_rx.search(sent_low) and any(t.like_num for t in sent):
        return "tally"
    named = tok if noun else (tok.head if tok.dep_ in ("acl", "relcl", "amod") else None)
    if spec.get("no_passing") and named is not None and named.dep_ == "pobj" and \
            named.lemma_.lower() not in R.state_nouns and _preposition_phrases(named.head) & R.passing_preps:
        return "named_in_passing"  # "under the agreement (signed in 2003)": a law named, not made
    if not noun:
        if tok.dep_ == "amod" and spec.get("no_amod"):
            return "modifier"
        # "migrants trying to reach", "workers protesting over": a description, not an event
        if tok.tag_ == "VBG" and tok.dep_ in ("acl", "amod") and not _perceived(tok, R):
            return "participle_modifier"
        # "the business of transporting migrants", "the practice of pushing back": a kind of
        # activity a noun names, not an occurrence
        if tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.head.pos_ == "NOUN" and tok.head.lower_ == "of":
            return "activity_named"
        if e.transitive and any("Yes" in c.morph.get("Reflex") and c.i < tok.i for c in tok.children):
            return "intransitive"  # "s'étant arrêtés": stopped, not arrested
        if e.transitive and not any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in tok.children) \
                and tok.dep_ not in ("acl", "relcl", "amod"):
            return "intransitive"
        # "to block the road", "a campaign for the camp to be demolished": infinitives
        # assert nothing, except after attempt verbs ("tried to cross", "began to evacuate")
        # ("are said to have been found" is a past fact told at second hand: kept)
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and not allow_future \
                and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children) \
                and not _hearsay_progressive(tok, R):
            head = tok.head
            if tok.dep_ == "conj":
                head = head.head
            # "two were said to be in critical condition": a state told at second hand, kept too
            hearsay = e.type in ("killed", "injured", "arrested") and head.lemma_.lower() in R.hearsay_verbs \
                and any(c.dep_ == "auxpass" for c in head.children)
            if head.lemma_.lower() not in R.attempt_verbs and not hearsay:
                return "infinitive"
    if noun:
        if tok.dep_ == "compound" and tok.head.lemma_.lower() not in (
                "operation", "attempt", "incident", "action", "attack", "scene", "raid", "site"):
            return "compound"
        has_det = any(c.dep_ in ("det", "poss", "nummod") or c.like_num for c in tok.children)
        # "marchands de mort", "menaces d'expulsion": a bare noun after "de" qualifies the noun
        # before it, as an English compound does (not "une opération d'évacuation")
        if R.complement_preps and not has_det and tok.dep_ == "pobj" and tok.head.lower_ in R.complement_preps \
                and tok.head.head.pos_ == "NOUN" and tok.head.head.lemma_.lower() not in R.complement_heads_ok:
            return "compound"
        if tok.tag_ in ("NNS", "NNPS") and not has_det and not e.plural_ok:
            return "bare_plural"
        if any(c.dep_ == "det" and (c.lower_ in ("no", "any") or c.lower_ in R.negations) for c in tok.children):
            return "negated"  # "no arrests", "aucune interpellation"
        if any(c.dep_ == "predet" and c.lower_ in R.generic_determiners for c in tok.children):
            return "habitual"  # "in such an attempt": a kind of occurrence, not one
        # "more than 10,000 crossings": a count of occurrences, not one (not "two evictions")
        if tok.lemma_.lower() in R.occurrence_nouns and any(_figure(c) >= 10 for c in tok.children):
            return "tally"
        # a modifier of coordinated nouns qualifies each ("arrivals or interceptions, almost daily")
        coordinated = [tok] + [c for c in tok.children if c.dep_ == "conj" and c.pos_ == "NOUN"] + \
            ([tok.head] if tok.dep_ == "conj" and tok.head.pos_ == "NOUN" else [])
        for n in coordinated:
            if any(c.dep_ == "amod" and c.lower_ in R.habitual_modifiers for c in n.children):
                return "habitual"  # "les expulsions quotidiennes"
            if any(c.dep_ in ("amod", "det") and c.lower_ in R.habituals for c in n.children):
                return "habitual"  # "repeated arrests", "daily evictions", "every eviction"
        if tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in R.generic_heads:
            return "generic_head"
        needs = spec.get("noun_needs_event_verb", [])
        if tok.lemma_.lower() in needs:
            v = _clause_verb(tok)
            if (v is None or not _event_verb(v, R.event_verbs)) and not _dated_between(tok, sent, R):
                return "needs_event_verb"
    v = _clause_verb(tok) if noun else tok
    # "a rise in the number of attempts to cross", "blocking all attempts to cross":
    # a trigger inside a noun phrase that counts or generalises occurrences
    for a in _ancestors(tok, 4):
        if a.pos_ != "NOUN":
            continue
        if a.lemma_.lower() in R.generic_heads:
            return "generic_head"
        if any(c.dep_ == "det" and c.lower_ in R.generic_determiners for c in a.children):
            return "habitual"
    if v is None:
        return None
    # "Kick them out!" on a placard: an imperative asks, it does not report
    if not noun and v is tok and tok.tag_ == "VB" and R.language == "en" \
            and (tok.i == sent.start or tok.doc[tok.i - 1].is_quote or tok.doc[tok.i - 1].text == ":") \
            and tok.dep_ in ("ROOT", "ccomp", "xcomp", "parataxis") \
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl") for c in tok.children):
        return "imperative"
    if R.data.get("exclusions", {}).get("morphology"):
        why = _morph_excluded(tok, v, R, allow_future, noun)
        if why:
            return why
    cur = v
    for _ in range(3):  # "groups attempting to make the crossing", "migrants trying to reach"
        if cur.tag_ == "VBG" and cur.dep_ in ("acl", "amod") and not _perceived(cur, R):
            return "participle_modifier"
        if cur.dep_ in ("xcomp", "dobj") and cur.head is not cur:
            cur = cur.head
        else:
            break
    # negation on the clause verb, the trigger or its subject ("no one was hurt")
    for t in (tok, v):
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and c.lower_ in ("never", "no")):
                return "negated"
            if c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in ("nobody", "none", "nothing") or any(
                    g.dep_ == "det" and g.lower_ == "no" for g in c.children)):
                return "negated"
    for a in [tok] + _ancestors(tok, 3):
        if a.lower_ == "without":
            return "negated"
    # modality and future
    if not allow_future:
        for c in v.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in R.modals:
                return "modal"
        before = sent.text[:max(0, v.idx - sent.start_char)]
        if R.future_rx is not None and R.future_rx.search(before):
            return "future"
    # plans, threats, wishes: the trigger sits under a controlling verb or noun
    if not allow_future:
        cur = v if not noun else tok
        for _ in range(4):
            if cur.head is cur:
                break
            dep = cur.dep_
            nxt = cur.head
            if dep == "conj" and cur.tag_ == "VBD" and nxt.tag_ == "VBG":
                break  # "stopped a van carrying 28 people and arrested the driver": a past tense
                # joined to a participle coordinates with the finite verb, whatever the parse says
            if dep in ("xcomp", "ccomp", "acl", "advcl", "pobj", "prep", "pcomp", "relcl", "dobj", "auxpass", "aux", "conj") or \
                    (noun and cur is tok):
                if nxt.lemma_.lower() in R.controllers and nxt is not tok and not (
                        nxt.lemma_.lower() in R.perfective_controllers and "Part" in nxt.morph.get("VerbForm")):
                    # "ont pu monter": a modal in the perfect tells what was done
                    if dep in ("xcomp", "acl", "pobj", "prep", "pcomp", "dobj") or nxt.pos_ == "NOUN":
                        return "controlled"
            if dep not in ("xcomp", "acl", "pobj", "prep", "pcomp", "dobj", "conj", "advcl"):
                break
            if dep == "advcl" and any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children):
                break  # "forced to close as we have run out of tents": a clause with its own subject asserts itself
            cur = nxt
    # conditionals
    for t in [v] + _ancestors(v, 2):
        for c in t.children:
            if c.dep_ == "mark" and c.lower_ in R.conditionals:
                return "conditional"
    fin, chain = v, [v]
    for _ in range(5):  # the finite verb that governs a non-finite trigger ("by getting into", "try to board")
        if ((fin.tag_ in ("VBG", "VB", "VBN") and not any(c.dep_ in ("aux", "auxpass") and c.tag_ != "TO"
                                                          for c in fin.children))
                or fin.pos_ == "ADP") \
                and fin.dep_ in ("xcomp", "advcl", "pcomp", "acl", "conj", "prep", "pobj") and fin.head is not fin:
            fin = fin.head
            chain.append(fin)
        else:
            break
    # habitual or generic statements, marked on the trigger's verb or on the verbs governing it
    # ("migrants regularly try to board lorries")
    for verb in chain:
        for c in verb.children:
            if c.lower_ in R.habituals and (verb is v or c.dep_ in ("advmod", "npadvmod")):
                return "habitual"
            for g in c.children:
                if g.lower_ in R.habituals and c.dep_ in ("npadvmod", "advmod", "prep", "pobj"):
                    return "habitual"
    if _generic_relative(chain, R):
        return "generic_relative"
    auxes = [c for c in fin.children if c.dep_ in ("aux", "auxpass")]
    if fin.tag_ == "VBN" and len(auxes) == 1 and auxes[0].dep_ == "auxpass" \
            and auxes[0].tag_ in ("VBZ", "VBP") and not _is_headline(sent) and not allow_future \
            and R.data.get("exclusions", {}).get("present_simple_generic", False) and not _names_a_day(sent, R):
        return "present_generic"  # "people are sprayed in the face": a habit, not an occurrence
    if fin.tag_ in ("VBZ", "VBP") and fin.pos_ == "VERB" and not _is_headline(sent) and fin.lower_ not in R.past_forms \
            and not any(c.dep_ in ("aux", "auxpass") for c in fin.children) \
            and R.data.get("exclusions", {}).get("present_simple_generic", False) and not _names_a_day(sent, R) \
            and not (allow_future and _official_subject(fin, R)) and not _short_report(sent):
        # (a policy told in the present by the office that makes it, "the prefecture
        # justifies the ban", is news; "French law prohibits", "migrants who pay" are not)
        return "present_generic"
    return None


SHORT_REPORT_TOKENS = 60  # a text this short is a headline, a caption or an event description


def _short_report(sent) -> bool:
    """The whole text is a line or two written as a headline, without articles ("Coastguard
    rescues 80 off Crete."): its present tense tells the news, not a habit (a habit still says
    so: "every night"). Prose in the present ("Police evict the families ...") stays a habit."""
    return len(sent.doc) <= SHORT_REPORT_TOKENS and not any(t.lower_ in ARTICLES for t in sent)


ARTICLES = frozenset({"the", "a", "an"})


def _names_a_day(sent, R: _Rules) -> bool:
    """The sentence names one day ("on October 28", "on Tuesday"): a present tense there tells
    what happened that day (a caption, a historical present), not a habit."""
    text = sent.text
    for t in timex.find(text, None, R.language):
        before = text[:t.start].split()
        if before and before[-1].lower() in R.habituals:
            continue  # "every Tuesday": a habit
        if t.kind == "absolute" and (t.value is None or len(t.value) == 10) and any(c.isdigit() for c in t.text):
            return True
        if t.kind == "relative" and timex.weekday_of(t.text) is not None \
                and not re.search(r"(?i)(?:days|dis)\b", t.text):  # "on Tuesdays", "les lundis"
            return True
    return False


OFFICIAL_CATEGORIES = frozenset({"officials", "security_forces"})


def _official_subject(verb, R: _Rules) -> bool:
    """The verb's subject is an office or an official ("the prefecture", "the minister")."""
    for c in verb.children:
        if c.dep_ == "nsubj":
            label = verb.doc[c.left_edge.i:c.right_edge.i + 1].text
            return actors.category_of(label, R.language, R.taxonomy_dir, head=c.text) in OFFICIAL_CATEGORIES
    return False


def _figure(tok) -> int:
    """The value of a number written in digits ("10,000", "10.000"), else 0."""
    digits = re.sub(r"[\s.,\u202f\u00a0]", "", tok.text)
    return int(digits) if digits.isdigit() else 0


def _subject_lemma(subj, verb) -> str:
    """The subject's lemma, or the noun a relative pronoun stands for ("the town which hosts",
    "la ville qui accueille")."""
    if subj.tag_ in ("WDT", "WP") or subj.lower_ in ("qui", "which", "that"):
        if verb.dep_ in ("relcl", "acl:relcl") and verb.head is not verb:
            return verb.head.lemma_.lower()
    return subj.lemma_.lower()


def _doers(verb, depth: int = 3) -> list[str]:
    """The lemmas of who or what does `verb`: its own subjects; for a verb without one, the
    subject of the verb it continues ("a fire swept through the camp, destroying 150 shelters",
    "the blaze spread and destroyed tents") or the noun its participle qualifies."""
    cur = verb
    for _ in range(depth):
        own = [_subject_lemma(c, cur) for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
        if own:
            return own
        if cur.head is cur:
            return []
        if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
            return [cur.head.lemma_.lower()]
        if cur.dep_ == "conj" or (cur.dep_ in ("advcl", "xcomp") and cur.tag_ in ("VBG", "VBN")):
            cur = cur.head
            continue
        return []
    return []


def _perceived(participle, R: _Rules) -> bool:
    """ "the weekend saw 100 migrants making the crossing", "footage showed men climbing the
    fence": the participle tells what was seen happen, not what kind of people they are."""
    noun = participle.head
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in R.perception_verbs \
        and noun.head.tag_ in ("VBD", "VBN")


def _hearsay_progressive(tok, R: _Rules) -> bool:
    """ "doctors are reported to be treating": what is going on, told at second hand."""
    return tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children) \
        and tok.head.lemma_.lower() in R.hearsay_verbs and tok.head.tag_ == "VBN"


def _dated_between(tok, sent, R: _Rules) -> bool:
    """ "Violence between police and migrants on Monday 23 November": a noun naming the sides
    of one dated occurrence needs no verb to say it happened."""
    return any(c.dep_ == "prep" and c.lower_ in ("between", "entre") for c in tok.children) \
        and _names_a_day(sent, R)


def _event_verb(v, event_verbs) -> bool:
    """The verb says something happened: "erupt", or a phrase of the verb and its particle or
    object ("broke out", "took place")."""
    lemma = v.lemma_.lower()
    if lemma in event_verbs:
        return True
    return any(f"{lemma} {c.lower_}" in event_verbs for c in v.children
               if c.dep_ in ("prt", "dobj", "obj", "compound:prt") and c.i > v.i)


def _generic_relative(chain, R: _Rules) -> bool:
    """ "those who try to cross", "ceux qui tentent de traverser": a relative clause in the
    present on a pronoun that names no one in particular describes a kind of people."""
    if not R.generic_antecedents:
        return False
    for verb in chain:
        if verb.dep_ == "relcl" and verb.head.lemma_.lower() in R.generic_antecedents:
            auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.tag_ != "TO"]
            if R.language == "fr":  # the tagger's French tenses are unreliable: read the ending
                past = bool(auxes) or verb.lower_.endswith(("ait", "aient"))
            else:
                past = verb.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxes)
            return not past  # "those who died on Tuesday": the people of one occurrence
    return False


def _morph_excluded(tok, v, R: _Rules, allow_future: bool, noun: bool) -> str | None:
    """Modality a language marks in its verb forms (French): the conditional ("aurait
    tué", reported or hypothetical), the future ("évacueront"), and an infinitive that no
    attempt verb governs ("pour évacuer", "afin de démanteler")."""
    if allow_future:
        return None
    verbs = [v] + [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if any("Cnd" in t.morph.get("Mood") for t in verbs):
        return "modal"
    if any("Fut" in t.morph.get("Tense") for t in verbs):
        return "future"
    if not noun and "Inf" in v.morph.get("VerbForm") and v.dep_ not in ("ROOT",) and \
            not any(c.dep_ in ("aux", "auxpass") for c in v.children):
        gov = v.head
        if v.dep_ == "conj":
            gov = gov.head
        perfective = gov.lemma_.lower() in R.perfective_controllers and "Part" in gov.morph.get("VerbForm")
        if gov.lemma_.lower() not in R.attempt_verbs and gov.i != v.i and not perfective:
            return "infinitive"
    return None


# words that make a date the bound of a period or the date of something before or after
PERIOD_HEADS = frozenset({"since", "after", "before", "until", "till", "following", "depuis", "après", "avant",
                          "jusqu'", "jusqu’", "jusque", "dès"})


def _own_date(hit: Hit, sent, t, others: frozenset, other_types: frozenset = frozenset(),
              telling: frozenset = frozenset()) -> bool:
    """True when the date expression `t` belongs to the trigger's own clause: walking up the
    parse from the date, the trigger (or its clause verb, or a verb above it) comes before
    any other event word or a "since"/"after" that makes it another occurrence's date. A date
    on a reporting verb above the trigger ("told a meeting yesterday that ...") is the day of
    the telling, not of what is told."""
    lo, hi = sent.start_char + t.start, sent.start_char + t.end
    toks = [x for x in sent if lo <= x.idx < hi]
    if not toks:
        return True
    top = next((x for x in toks if not lo <= x.head.idx < hi or x.head.i == x.i), toks[0])
    v = _clause_verb(hit.token) if hit.entry.kind == "noun" else hit.token
    governing = {hit.token.i} | {a.i for a in _ancestors(hit.token, 8)}
    if v is not None:
        governing.add(v.i)
    if top.dep_ == "poss" and top.head.i not in governing:
        return False  # "Today's incident came days after migrants tried ...": the incident's day
    cur, in_noun = top, False
    first_verb = True  # no verb passed yet on the way up from the date
    for _ in range(12):
        if cur.i in governing:
            return not (first_verb and cur.lemma_.lower() in telling and _told_content(hit.token, cur))
        if cur.i != top.i and cur.pos_ in ("VERB", "AUX"):
            first_verb = False
        if cur.i != top.i and cur.pos_ in ("NOUN", "PROPN"):
            if cur.i in others:
                return False  # "the 2016 fire", "le démantèlement de la Jungle en 2016"
            in_noun = True
        if cur.i != top.i and cur.i in other_types and (cur.dep_.startswith("acl") or cur.dep_ == "relcl") \
                and not _ongoing(cur):
            return False  # "the 39 people rescued on Wednesday are now in care": the rescue's day
        if in_noun and cur.lower_ in PERIOD_HEADS:
            return False  # "since the demolition of October 2016": another occurrence's date
        if cur.head.i == cur.i:
            return True  # the parse gives no link: keep the sentence's date
        cur = cur.head
    return True


def _ongoing(verb) -> bool:
    """A present participle ("people trying to board a dinghy on Tuesday", "en tentant de"):
    what they were doing when the event happened, so its day is the event's day."""
    return verb.tag_ == "VBG" or (verb.morph.get("VerbForm") == ["Part"] and verb.morph.get("Tense") == ["Pres"])


TOLD_CONTENT_DEPS = frozenset({"ccomp", "parataxis", "dobj", "obj", "xcomp"})


def _told_content(tok, verb) -> bool:
    """True when `tok` lies in what `verb` reports ("told a meeting yesterday [a teenager was
    among the dead]"), not in a clause that situates the telling ("told us in October after
    we watched an eviction")."""
    cur = tok
    for _ in range(10):
        if cur.head.i == cur.i:
            return False
        if cur.head.i == verb.i:
            return cur.dep_ in TOLD_CONTENT_DEPS
        cur = cur.head
    return False


# a time of the day a sentence dates, not a day of its own
DAY_PARTS = frozenset({"overnight", "this morning", "this afternoon", "this evening", "tonight",
                       "ce matin", "cet après-midi", "ce soir", "dans la nuit"})


def _date_for(hit: Hit, sent, ref, R, inherited=None, ref_year=None, others=frozenset(),
              named_days=None, weekday_anchor=None, other_types=frozenset()) -> tuple[str | None, bool]:
    """(date, stated) for a mention: a date expression of its own clause, else the story's
    date when the sentence reports the day's news, else None."""
    text = sent.text
    found = _named(timex.find(text, ref or ref_year, R.language, weekday_anchor), named_days)
    found = [t for t in found if _own_date(hit, sent, t, others, other_types, R.telling_verbs)]
    # "déjà démantelé lundi": a day of its own, even one we cannot resolve, is not the
    # paragraph's date unless that date falls on the weekday it names
    own_day = any(t.kind != "today" and not _period_bound(text, t, R) and not _heading(text, t)
                  and not _same_weekday(t.text, inherited) for t in found)
    pos = hit.token.idx - sent.start_char
    spoken = [t for t in found if t.kind != "today" and not _period_bound(text, t, R) and not _heading(text, t)]
    nearest = min(spoken, key=lambda t: abs(t.start - pos), default=None)
    unresolved = nearest is not None and not (nearest.value and (ref or nearest.kind in ("absolute", "named")))
    if unresolved and nearest.text.lower() in DAY_PARTS and any(t.kind == "absolute" and t.value for t in spoken):
        unresolved = False  # "On 4 April 2025, a fire broke out overnight": a time of that day
    found = [t for t in found if t.value and (ref or t.kind == "absolute" or t.kind == "named")]
    if unresolved:
        # "ouvert en mars 2016, le camp était en cours d'évacuation mardi": the day nearest the
        # trigger is its own, and without a story date it stays unknown; the farther date is another's
        found = []
    found = [t for t in found if not _period_bound(text, t, R)]
    headings = [t for t in found if _heading(text, t)]
    found = [t for t in found if t not in headings]
    if headings and not found and not inherited:
        return headings[0].value, False  # the story's dateline, glued to its first sentence
    if found:
        absolute = [t for t in found if t.kind in ("absolute", "named")]
        pool = absolute or found
        best = min(pool, key=lambda t: abs(t.start - pos))
        return best.value, best.kind != "today"
    if inherited and not own_day and not _own_time(hit, R):
        return inherited, True
    if not ref:
        return None, False
    v = _clause_verb(hit.token) if hit.entry.kind == "noun" else hit.token
    if v is None:
        return (ref, False) if _is_headline(sent) else (None, False)
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_ in R.perfect_auxes and a.tag_ in ("VBZ", "VBP") for a in auxes):
        if any(c.dep_ == "advmod" and c.lower_ == "now" for c in v.children):
            return None, False  # "have now been taken into care": a state at the time of writing
        return ref, False  # present perfect: the day's news
    if v.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return ref, False  # happening now
    if _is_headline(sent) and sent.start_char < 300 and v.tag_ in ("VBZ", "VBP", "VBD", "VBN"):
        return ref, False
    return None, False


def _own_time(hit: Hit, R) -> bool:
    """True when the trigger's clause places itself in time, so an earlier sentence's date does
    not govern it: an adverb of its own ("later", "ensuite", "often") on it or a verb above it,
    a period it names ("at the beginning of the summer"), or, in English, the present of what
    happens as a rule or of a result at the time of writing ("Police undertake routine
    evictions", "containers have been set up")."""
    v = _clause_verb(hit.token) if hit.entry.kind == "noun" else hit.token
    if v is None:
        return False
    cues = R.own_time_adverbs | R.habituals
    for head in [hit.token, v, *_ancestors(v, 3)]:
        for c in head.children:
            if c.dep_ in ("advmod", "npadvmod", "mod") and " ".join(x.lower_ for x in c.subtree) in cues:
                return True
            if c.dep_ in ("prep", "case", "obl", "nmod") and any(x.lemma_.lower() in R.own_time_nouns
                                                                  for x in c.subtree):
                return True
    while v.dep_ == "xcomp" and v.head is not v:
        v = v.head  # "have not managed to take": the tense is the governing verb's
    if not R.data.get("exclusions", {}).get("present_simple_generic") or v.tag_ not in ("VBZ", "VBP", "VBN", "VBG"):
        return False
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if v.tag_ == "VBG":  # "have been blocking all attempts": going on up to the time of writing
        return any(a.lemma_ in R.perfect_auxes and a.tag_ in ("VBZ", "VBP") for a in auxes)
    if v.tag_ != "VBN":
        return not auxes  # "Police undertake routine evictions"
    return any(a.lemma_ in R.perfect_auxes and a.tag_ in ("VBZ", "VBP") for a in auxes)


def _same_weekday(expression: str, date: str | None) -> bool:
    """True when `date` is a full date on the weekday `expression` names."""
    wd = timex.weekday_of(expression)
    return wd is not None and date is not None and len(date) == 10 and \
        timex.dt.date.fromisoformat(date).weekday() == wd


def _period_bound(text: str, t, R) -> bool:
    """The start or end of a period ("since June", "until 3 March") dates no occurrence."""
    if R.period_rx is not None:
        return bool(R.period_rx.search(text[:t.start]) or _tally_start(text, t))
    # ("from 11 to 30 September" is a range, not a bound)
    return bool(re.search(r"\b(?:since|until|till|before|after|date)\s+(?:early\s+|late\s+|mid-?)?$",
                          text[:t.start], re.I)
                or re.match(r"(?i)(?:since|until|by|from)\b(?!.*\b(?:to|and)\b)", t.text) or _tally_start(text, t))


# "the 304th death since 1999", "le 304e mort depuis 1999": the year a count starts from
# ("the first time since 2016" names the previous occurrence's year, so only 2nd and on)
_TALLY_BEFORE = re.compile(r"(?i)\b\d+(?:e|ème|eme|nd|rd|th)\s+[^\W\d]+(?:\s+[^\W\d]+)?\s+(?:since|depuis)\s+$")


def _tally_start(text: str, t) -> bool:
    """True when `t` is the year a numbered tally counts from ("since" may be inside `t`)."""
    bound = re.match(r"(?i)(?:since|depuis)\s+", t.text)
    return bool(_TALLY_BEFORE.search(text[:t.start] + (bound.group(0) if bound else "")))


def _named(found: list, named_days) -> list:
    """Weekdays, with no stated story date to resolve them, take the date the text states
    with that weekday's name."""
    if not named_days:
        return found
    for t in found:
        if t.kind == "relative":
            day = named_days.get(timex.weekday_of(t.text))
            if day:
                t.value, t.kind = day, "named"
    return found


def _lead_sentence(sents, layout) -> int | None:
    """The first sentence of the story's body (its lead), by token start."""
    for s in sents:
        text = s.text.strip()
        if layout.role_at(s.start_char) == "body" and len(text) >= 40 and text[-1] in ".!\"”'’":
            return s.start
    return None


def _next_sentence_day(sent, sent_of, ref, ref_year, R, named_days, weekday_anchor=None) -> tuple[str, bool] | None:
    """The one day the sentence after `sent` states, if it states exactly one."""
    if sent.end >= len(sent.doc):
        return None
    nxt = sent_of(sent.end)
    found = [t for t in _named(timex.find(nxt.text, ref or ref_year, R.language, weekday_anchor), named_days)
             if t.value and t.kind != "today" and (ref or t.kind != "relative") and not _period_bound(nxt.text, t, R)]
    days = {t.value for t in found}
    if len(found) == len(days) == 1 and len(next(iter(days))) == 10:
        return next(iter(days)), True
    return None


def _heading(text: str, t) -> bool:
    """A date alone on its line (a dateline or diary heading) dates the story, not this event."""
    line_start = text.rfind("\n", 0, t.start) + 1
    line_end = text.find("\n", t.end)
    line_end = len(text) if line_end == -1 else line_end
    return not text[line_start:t.start].strip() and len(text[t.end:line_end].strip()) <= 12 \
        and "\n" in text[t.end:] + text[:t.start]


def _paragraph_date(doc, sent, ref, sent_of, text, R, relative_ok=True, weekday_anchor=None,
                    event_nouns=frozenset(), layout=None) -> str | None:
    """The date stated by an earlier sentence of the same paragraph (the nearest of the
    three before it), if it states exactly one ("On Monday night, conflict broke out
    ... One was killed.")."""
    cur = sent
    for _ in range(3):
        if cur.start == 0:
            return None
        prev = sent_of(cur.start - 1)
        # (a sentence keeps its trailing line breaks, so this goes on across one-sentence news
        # paragraphs; stopping at blank lines was measured to lose more right dates than wrong)
        between = text[prev.end_char:cur.start_char]
        if "\n" in between or "\n" in prev.text.strip() or len(prev.text.strip()) < 40:
            return None
        if layout is not None and layout.role_at(prev.start_char) in ("caption", "byline", "timestamp"):
            return None  # a photo caption's date is the photograph's (often an archive one)
        # ("the 2023 death toll": a year naming one thing's year governs no later sentence)
        found = [t for t in timex.find(prev.text, ref, R.language, weekday_anchor) if t.value and t.kind != "today"
                 and not timex.names_a_thing(t) and not _dates_a_noun(prev, t, event_nouns)
                 and (relative_ok or t.kind == "absolute") and not _period_bound(prev.text, t, R)]
        if found:
            return found[0].value if len(found) == 1 else None
        cur = prev
    return None


def _dates_a_noun(sent, t, event_nouns: frozenset) -> bool:
    """True when the date expression `t` modifies an event noun ("l'évacuation de la Jungle en
    2016", "the eviction of 21 August"): that occurrence's date, not a time the sentence sets."""
    lo, hi = sent.start_char + t.start, sent.start_char + t.end
    toks = [x for x in sent if lo <= x.idx < hi]
    if not toks:
        return False
    cur = next((x for x in toks if not lo <= x.head.idx < hi or x.head.i == x.i), toks[0])
    for _ in range(6):
        if cur.head.i == cur.i or cur.pos_ in ("VERB", "AUX"):
            return False
        cur = cur.head
        if cur.i in event_nouns:
            return True
    return False


def _place_for(hit: Hit, sent, mentions: list[plc.PlaceMention], etype: str):
    # a dateline ("PARIS (Reuters) -") says where the story was filed: the event's own
    # clause and the story's other places come first, the dateline only when nothing else does
    # (a photo caption's places too, unless the event is told in the caption itself)
    here = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
    own = [m for m in mentions if m.role in (None, "attribute") or (m.role != "dateline" and m in here)]
    if any(m.role == "dateline" and m.rank >= 2 for m in here) and not any(m in own and m.rank >= 2 for m in here):
        filed = next(m for m in here if m.role == "dateline" and m.rank >= 2)
        return filed, any(m.place == filed.place for m in own)  # firm when the story names it again
    place, inside = _place_in(sent, own, etype)
    if etype == "policy" and place is not None and inside and place.rank == 0:
        # "the Spanish government signed an agreement with Mauritania": the decision is the
        # government's country's, not the other country the sentence names
        state = _government_country(hit.token)
        if state is not None and place.country != state.country:
            return state, True
    if place is None:
        filed = [m for m in mentions if m.role == "dateline" and m.start < sent.end_char and m.rank >= 2]
        if filed:  # the first place of the latest dateline ("WIMEREUX, France/DOVER, England")
            return next(m for m in filed if m.start >= filed[-1].start - 80), False
    if place is not None and place.near:
        place = _beside(place, sent, own) or place
    site = _named_site(hit, sent, place, mentions)
    if site is not None:
        return site, inside
    return place, inside


def _government_country(tok) -> plc.PlaceMention | None:
    """The country of the national body that is the trigger's subject ("the Danish parliament
    voted"), as a country-level place; None when the subject is no such body."""
    finder = plc.finder_for(tok.doc.vocab)
    for subj in (c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")):
        if subj.lower_ not in finder.government_nouns and subj.lemma_.lower() not in finder.government_nouns:
            continue
        cc = next((finder.demonyms[c.lower_] for c in subj.children
                   if c.dep_ in ("amod", "compound") and c.lower_ in finder.demonyms), None)
        g = plc.gz.gazetteer()
        if cc and cc in g.countries:
            e = g.entry(g.countries[cc])
            return plc.PlaceMention(subj.idx, subj.idx + len(subj), subj.text, e.name, e.lat, e.lon, 0, cc)
    return None


SITE_KM = {3: 15, 2: 15, 1: 60}  # how far from the place its sentence names the story's site may lie


def _named_site(hit: Hit, sent, place, mentions):
    """ "a fire destroyed the camp", "lorries blocked the motorway": a site noun close to the
    trigger refers to the one site of that kind the story names (its caption too: "the A16",
    "the Moria camp"), when the sentence names no such site itself. None otherwise."""
    finder = plc.finder_for(hit.token.doc.vocab)
    near = sorted((_tree_distance(t, hit.token), finder.site_nouns[t.lower_]) for t in sent
                  if t.pos_ in ("NOUN", "PROPN") and t.lower_ in finder.site_nouns)
    near = [(d, k) for d, k in near if d <= 3 and d == near[0][0]]
    if len({k for _, k in near}) != 1:
        return None  # none close to the trigger, or two kinds as close
    kind = near[0][1]
    if place is not None and place.site == kind:
        return None
    sites: dict[str, list] = {}
    for m in mentions:
        if m.site == kind and m.role in (None, "caption"):
            sites.setdefault(m.place, []).append(m)
    # the one the story is about: the only one, or the one it names most often
    ranked = sorted(sites.values(), key=len, reverse=True)
    if not ranked or (len(ranked) > 1 and len(ranked[0]) == len(ranked[1])):
        return None
    site = ranked[0][0]
    if place is None or place.lat is None or site.lat is None:
        return site
    if place.rank == 0:
        return site if place.country == site.country else None
    if place.place in site.place.split(", ")[1:]:
        return site  # the site's own name places it there ("Moria camp, Lesbos")
    return site if plc.km((place.lat, place.lon), (site.lat, site.lon)) <= SITE_KM.get(place.rank, 15) else None


def _tree_distance(a, b, most: int = 6) -> int:
    """Edges between two tokens of a parse (most + 1 when farther)."""
    up = {}
    cur, d = a, 0
    while d <= most:
        up[cur.i] = d
        if cur.head.i == cur.i:
            break
        cur, d = cur.head, d + 1
    cur, d = b, 0
    while d <= most:
        if cur.i in up:
            return up[cur.i] + d
        if cur.head.i == cur.i:
            break
        cur, d = cur.head, d + 1
    return most + 1


NEAR_KM = 25  # how far from its reference point a place said to be "near" it may lie
REFERENCE_POP = 20000  # a town this large is named as a landmark for the villages around it


def _beside(ref, sent, mentions):
    """ "a camp near Dunkirk": the event is not in Dunkirk; a smaller town the story names a few
    km from it (Loon-Plage, Grande-Synthe) is where it is: one says "near" the better-known
    place. The one named closest to the event's sentence; None when the story names none."""
    if ref.lat is None or ref.rank != 2 or ref.pop < REFERENCE_POP:
        return None  # "near Loon-Plage": a small town is where it happened, not a landmark to it
    around = [m for m in mentions if m.role is None and not m.near and m.rank == 2 and m.place != ref.place
              and 0 < m.pop < ref.pop and plc.km((m.lat, m.lon), (ref.lat, ref.lon)) <= NEAR_KM]
    if not around:
        return None
    return min(around, key=lambda m: min(abs(m.start - sent.start_char), abs(m.start - sent.end_char)))


REFERENCE_PREPS = frozenset({"near", "outside", "close", "près", "proximité"})


def _reference_point(m, mentions) -> bool:
    """ "the Loon-Plage camp near Dunkirk": Dunkirk only locates the place named before it."""
    if m.prep not in REFERENCE_PREPS and not m.near:
        return False
    return any(o is not m and o.end <= m.start and m.start - o.end <= 40 and o.rank >= 2 for o in mentions)


def _place_in(sent, mentions: list[plc.PlaceMention], etype: str):
    # where someone spoke is not where it happened ("Erdogan said in Istanbul")
    inside = [m for m in mentions if sent.start_char <= m.start < sent.end_char and m.role != "speech"]
    # "a hospital in Lille", "the Dunkirk prosecutor": where an office sits or people were
    # taken, not where it happened (kept only when the text names no other place)
    # a ruling or an inquiry happens where the office sits: a policy keeps them
    aside = [m for m in inside if m.role == "attribute"] if etype != "policy" else []
    inside = [m for m in inside if m not in aside]
    mentions = [m for m in mentions if (m.role != "attribute" or etype == "policy")
                and not _reference_point(m, mentions)]
    strong = [m for m in inside if m.rank >= 2]
    if strong and etype == "policy":
        # a ruling happens where the court sits: "the administrative court of Lille"
        courts = [t.idx for t in sent if t.lemma_.lower() in ("court", "tribunal")]
        near = [m for m in strong if any(abs(m.start - c) < 30 for c in courts)]
        if near:
            return near[0], True
    if strong:
        # where it happened, not where people came from ("a boat from Izmir ... off Chios")
        strong = [m for m in strong if m.prep not in plc.ORIGIN_PREPS] or strong
        top = max(m.rank for m in strong)
        # the first of the most specific: "in Wimereux, near Boulogne", "WIMEREUX/DOVER (Reuters)"
        return next(m for m in strong if m.rank == top), True
    sea = [m for m in inside if m.rank == 1 and m.place == "English Channel"]
    if sea and etype in ("crossing", "death"):
        before = [m for m in mentions if m.start < sent.start_char and m.rank >= 2]
        if before and before[-1].rank == 2:
            return before[-1], True
    before = [m for m in mentions if m.start < sent.start_char and m.rank >= 2]
    # where something earlier was sent ("ferries diverted to Dunkirk") is not where the story goes on
    before = [m for m in before if not m.goal] or before
    # "relations between London and Paris", "in Calais and Dunkirk": a pair names no one place
    before = [m for m in before if m.prep not in ("between", "and")] or before
    if before:
        return before[-1], False
    after = [m for m in mentions if m.start >= sent.end_char and m.rank >= 2]
    coast = [m for m in after if m.lat is not None and plc.km((m.lat, m.lon), SEA_POINT) <= 80]
    if after and sent.start_char < 300:  # a headline: the story names the place below it
        if sea and etype in ("crossing", "death"):
            # off the coast it names, not the capitals whose governments react ("Londres et Paris")
            return (coast[0], True) if coast else (sea[0], True)
        if not [m for m in inside if m.rank >= 2]:  # a country or region: the story's town is more precise
            return after[0], False
    if sea and etype in ("crossing", "death"):
        # "drowned in the English Channel": the coast the story names later ("found on Sangatte
        # beach") says off where, as in a headline
        return (coast[0], True) if coast else (sea[0], True)
    if inside:
        return max(inside, key=lambda m: m.rank), True
    if aside:
        return aside[0], False
    return None, False


def _reference(sections, pos, ref):
    cur = ref
    for off, d in sections:
        if off <= pos:
            cur = d
        else:
            break
    return cur


def _compatible(a: Mention, ev: Event, info: dict, max_km: float, same_trigger: bool = False,
                max_chars: int = 2500, sections=(), story: str | None = None) -> bool:
    if a.type != ev.type:
        return False
    if any(m.sent.start == a.sent.start for m in info["mentions"]):
        return False  # two mentions of a type in one sentence: an occurrence and one it recalls
    last = info["mentions"][-1].sent
    if a.sent.start_char - last.end_char > max_chars:
        return False  # far apart in a long page: another occurrence
    if any(last.end_char <= off <= a.sent.start_char for off, _ in sections):
        return False  # a dated heading in between: another diary entry
    if same_trigger and not any(_lemma(a) == _lemma(m) for m in info["mentions"]):
        return False  # a ruling and a decree are two decisions, not one
    if a.date and ev.date:
        x, y = a.date, ev.date
        if x and y and not (x.startswith(y) or y.startswith(x)):
            return False
    if story and _earlier(a.date, story) != _earlier(ev.date, story):
        # "six dead off Calais ... In the worst case, 27 drowned in November 2021": an
        # occurrence dated well before the story is another one, and lends it no date
        return False
    if a.place and a.place_in_sentence and info.get("place_obj") is not None:
        # a place the sentence states far from the occurrence's: another one, whether the
        # occurrence's place was stated too or taken from the sentences before it ("the camp of
        # Grande-Synthe was being cleared ... On Monday the camp of Norrent-Fontes was dismantled")
        p, q = a.place, info["place_obj"]
        if p.lat is not None and q.lat is not None and p.rank >= 2 and q.rank >= 2:
            if plc.km((p.lat, p.lon), (q.lat, q.lon)) > max_km:
                return False
    return True


def _lemma(m: Mention) -> str:
    return m.trigger_lemma


def _add_unique(lst, items, key):
    seen = {key(x) for x in lst}
    for x in items:
        k = key(x)
        if k not in seen:
            seen.add(k)
            lst.append(x)


def extract(sdoc, ctx) -> list[Event]:
    """The events one parsed piece of a document asserts."""
    tdir = ctx.settings.taxonomy_dir
    R = _rules(ctx.language, tdir)
    if R is None:
        return []
    types = R.data["types"]
    hits = matcher_for(sdoc.vocab, ctx.language, tdir)(sdoc)
    if not hits:
        return []
    outcome_hits = matcher_for(sdoc.vocab, ctx.language, tdir, "casualties")(sdoc)
    layout = units_of(sdoc)
    # a wire dateline ("PARIS (Reuters) -") names where the story was filed, not an event's place
    finder = plc.finder_for(sdoc.vocab, tdir)
    place_mentions = [m for m in finder(sdoc) if not layout.in_dateline(m.start)]
    # Token.sent and Doc.text walk the whole Doc on every call: compute them once
    doc_text = text_of(sdoc)
    sents = list(sdoc.sents)
    starts = [x.start for x in sents]

    def sent_of(i: int):
        return sents[bisect.bisect_right(starts, i) - 1]

    # relative dates resolve only against a date the page states (or its metadata): a date
    # taken from the URL or guessed from the text is no anchor for "on Saturday" or "today"
    stated = None if ctx.published_basis in ("inferred", "url") else ctx.published
    lang = ctx.language
    ref_doc = stated or (timex.dateline(doc_text, language=lang) if ctx.offset == 0 else None)
    if ref_doc is None:
        ref_doc = timex.current_year(doc_text)  # "so far in 2020": the story's year, no finer
    if ref_doc and len(ref_doc) == 7 and R.data.get("exclusions", {}).get("refine_month_reference"):
        # published "2024-01" and the text states 14 January 2024: the story's day
        days = [t.value for t in timex.find(doc_text, ref_doc, lang)
                if t.kind == "absolute" and t.value and len(t.value) == 10 and t.value.startswith(ref_doc)]
        if days:
            ref_doc = max(days)
    ref_year = None  # without a story date, the year the text states first resolves "December 14"
    # a date the page gives without stating it (its URL) is no anchor for "on Saturday" or
    # "14 December"; it only picks the year of a day named with its weekday ("mardi 3 septembre")
    weekday_anchor = ctx.published if ref_doc is None and ctx.published_basis == "url" else None
    if ref_doc is None:
        # (not a photo caption's: an archive picture's year is not the story's)
        years = [t.value[:4] for t in timex.find(doc_text, None, lang)
                 if t.value and len(t.value) >= 7 and t.kind == "absolute" and layout.role_at(t.start) != "caption"]
        ref_year = max(years) if years else None
    sections = timex.section_dates(doc_text, lang)
    latest_day = max((t.value for t in timex.find(doc_text, ref_doc or ref_year, lang) if t.kind == "absolute"
                      and t.value and len(t.value) == 10 and layout.role_at(t.start) != "caption"), default=None)
    # without a story date, "Wednesday" is the day the text names "Wednesday, 16 September 2015"
    named_days = timex.named_weekdays(doc_text, lang) if ref_doc is None else {}
    written = timex.named_weekdays(doc_text, lang, top=False) if ref_doc is None else {}
    if len(written) == 1 and named_days == written:
        # the one day written with its weekday anchors the week: "on Tuesday" is the day before it
        named_days = {**timex.week_of(next(iter(written.values()))), **named_days}
    lead = _lead_sentence(sents, layout) if ctx.offset == 0 else None
    event_nouns = frozenset(h.token.i for h in hits if h.entry.kind == "noun")
    vague = ctx.settings.vague_numbers
    max_km = R.data.get("merge", {}).get("max_km", 20)
    anaphoric_dets = frozenset(R.data.get("merge", {}).get("anaphoric_determiners", []))

    by_sent: dict[int, list[Hit]] = {}
    for h in hits:
        role = layout.role_at(h.token.idx)
        if role in NO_EVENTS and not (role == "caption" and _dated_caption(sent_of(h.token.i), lang)):
            continue  # bylines, timestamps, datelines and undated captions are about the page, not events
        by_sent.setdefault(sent_of(h.token.i).start, []).append(h)
    outcomes_by_sent: dict[int, list[Hit]] = {}
    for h in outcome_hits:
        outcomes_by_sent.setdefault(sent_of(h.token.i).start, []).append(h)

    mentions: list[Mention] = []
    passing: set[int] = set()  # the mentions told in passing (ids)
    for s_start, shits in sorted(by_sent.items()):
        sent = sent_of(s_start)
        sent_low = sent.text.lower()
        counts = None
        groups_cache: dict[str, list[cas.Group]] | None = None
        done_types: dict[str, Mention] = {}
        types_at: dict[int, set] = {}
        sensed: set | None = None
        for h in shits:
            types_at.setdefault(h.token.i, set()).add(h.entry.type)
        for h in shits:
            spec = types[h.entry.type]
            h = _kept(h, sent, R, spec, sent_low)
            if h is None:
                continue
            if _subordinate_to(h.token, types_at, spec.get("yields_to", ()), R.attempt_verbs):
                continue  # "died trying to board a lorry": told as the death, not as an attempt
            if counts is None:
                counts = parts.sentence_counts(sent, ctx.language, vague)
            default = "migrants" if h.entry.type in MIGRANT_DEFAULT else "other"
            ps = parts.for_trigger(h.token, spec.get("subject_role", "agent"), counts,
                                   ctx.language, tdir, default)
            if h.entry.needs_people and not ps:
                continue
            if h.entry.needs_agent and not any(p.role == "agent" for p in ps):
                continue  # "two migrants were injured": the injury of another event, not an assault
            _add_unique(ps, parts.counted_people(sent, counts, ctx.language, tdir, default,
                                                 residents=h.entry.type in RESIDENT_TYPES),
                        lambda p: (p.label, str(p.count)))
            if h.entry.needs_people and not ps:
                continue
            if h.entry.not_agents and any(p.role == "agent" and p.category in h.entry.not_agents for p in ps):
                continue
            m = done_types.get(h.entry.type)
            # ("the second fatality in weeks, following the death of a man last month": the
            # occurrence named after "following" is another one, with its own date)
            if m is not None and not (_in_passing(h) and id(m) not in passing):
                _add_unique(m.participants, ps, lambda p: (p.role, p.label, str(p.count)))
                continue
            if groups_cache is None:
                groups_cache = []
                for oh in outcomes_by_sent.get(s_start, []):
                    oh = _kept(oh, sent, R, {}, sent_low)
                    if oh is None:
                        continue
                    for g in cas.groups(oh.token, oh.entry.type, counts, ctx.language, tdir,
                                        "migrants" if "migrant" in sent_low else default):
                        # "interpellés et placés en garde à vue": one group, two outcome words
                        if not any(x.token_i == g.token_i and x.casualty.what == g.casualty.what
                                   for x in groups_cache):
                            groups_cache.append(g)
            ref = _reference(sections, sent.start_char, ref_doc)
            others = frozenset(x.token.i for x in shits if x.token.i != h.token.i)
            inherited = _paragraph_date(sdoc, sent, ref or ref_year, sent_of, doc_text, R, bool(ref), weekday_anchor,
                                        event_nouns, layout)
            if sensed is None:  # the words that have their event sense here (their context is there)
                sensed = {id(x) for x in shits if any(_sense_missing(y, sent_low) is None
                                                      for y in (x, *x.alternatives))}
            other_types = frozenset(x.token.i for x in shits if x.entry.type != h.entry.type and id(x) in sensed)
            date, strong = _date_for(h, sent, ref, R, inherited, ref_year, others, named_days, weekday_anchor,
                                     other_types)
            if sent.start == lead and not strong and not timex.find(sent.text, None, lang):
                # the lead tells the news without its day; the sentence after it gives the day
                date, strong = _next_sentence_day(sent, sent_of, ref, ref_year, R, named_days,
                                                  weekday_anchor) or (date, strong)
            place, inside = _place_for(h, sent, place_mentions, h.entry.type)
            m = Mention(h.entry.type, h.text, sent, h.entry.kind != "noun", ps, list(groups_cache),
                        date, strong, place, inside, trigger_lemma=h.token.lemma_.lower(), token=h.token)
            m.anaphoric = h.entry.kind == "noun" and any(
                c.dep_ == "det" and c.lower_ in anaphoric_dets for c in h.token.children)
            if _in_passing(h):
                passing.add(id(m))
            done_types[h.entry.type] = m
            mentions.append(m)
    _attach_orphan_casualties(sdoc, mentions, outcomes_by_sent, R, ctx, tdir, vague, sent_of, doc_text)
    _attach_adjacent_counts(mentions, {m.sent.start for m in mentions}, ctx, tdir, vague, sent_of, doc_text)
    same = {t for t, spec in types.items() if spec.get("merge_same_trigger")}
    sea = any(p.rank == 1 and p.place == "English Channel" for p in place_mentions)
    for m in mentions:
        if m.place is not None and m.place.rank == 0:
            town = _town_told_after(m, place_mentions, sent_of, doc_text)
            if town is not None:
                m.place, m.place_in_sentence = town, True
    events, bests = _merge(mentions, ctx, max_km, same, sea, R.data.get("merge", {}).get("max_chars", 2500),
                           sections, finder.land_words, latest_day)
    _share_outcomes(events, doc_text, ctx.offset)
    _stated_none(events, sents, sent_of, doc_text, ctx.offset, _none_phrases(lang, tdir))
    _share_forces(events)
    headlines = {u.text for u in layout.units if u.role == "headline"} if ctx.offset == 0 else set()
    for ev, best in zip(events, bests):
        role = layout.role_at(ev.start - ctx.offset)
        # a later piece of a long text has no headline or standfirst of its own
        ev.unit = role if ctx.offset == 0 or role not in ("headline", "standfirst") else "body"
        told_in_headline = any(x.strip() in headlines for x in [ev.sentence, *ev.evidence])
        if ev.date is None and told_in_headline and stated:
            ev.date = stated  # the headline's news, undated in the text: the story's date
        ev.background = id(best) in passing or _earlier(ev.date, stated)
    # the learned check that each proposed event is told as a concrete occurrence
    return event_filter.apply(events, bests, ctx.language)


def _dated_caption(sent, lang: str) -> bool:
    """A caption that states its own day ("... board a bus on October 28") reports what the
    photograph shows on that day; an undated one is about the page."""
    return any(t.kind == "absolute" and t.value and len(t.value) == 10 for t in timex.find(sent.text, None, lang))


def _in_passing(hit: Hit) -> bool:
    """An occurrence named inside "since …", "after …", "depuis …" ("since last October's
    demolition", "after the 2016 fire"): recalled to situate the news, not the news."""
    if hit.entry.kind != "noun":
        return False
    for a in _ancestors(hit.token, 3):
        if a.lower_ in PERIOD_HEADS:
            return True
        if a.pos_ in ("VERB", "AUX"):
            return False
    return False


BACKGROUND_MONTHS = 2  # an occurrence dated this many months before the story is recalled, not reported


def _earlier(date: str | None, story: str | None) -> bool:
    """True when the event's date lies well before the story's stated date."""
    if not date or not story or len(story) < 7:
        return False
    year, month = int(date[:4]), int(date[5:7]) if len(date) >= 7 else 12
    return (int(story[:4]) * 12 + int(story[5:7])) - (year * 12 + month) >= BACKGROUND_MONTHS


FOLLOW_SENTENCES = 3  # how far after an event its figures may still be told


def _own_line(sent, text) -> bool:
    """The sentence fills a line of its own (a heading or a caption line, not a clause that
    the parser cut before "…, a précisé la préfecture")."""
    before = text[:sent.start_char].rstrip(" \t")
    after = text[sent.start_char + len(sent.text.rstrip()):].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def _story_break(a, b, text, cross_paragraphs: bool = True) -> bool:
    """True when sentence `b` cannot go on telling the story of sentence `a` (just before it):
    a heading, caption or other line that is not prose lies at either end, or a paragraph
    break between them unless `cross_paragraphs`."""
    for s in (a, b):
        if "\n" in s.text.strip() or (_is_headline(s) and _own_line(s, text)):
            return True
    return not cross_paragraphs and "\n" in text[a.start_char + len(a.text.rstrip()):b.start_char]


def _followers(sent, sent_of, text, stop: set, cross_paragraphs: bool = True):
    """The sentences after `sent` (in its paragraph unless `cross_paragraphs`), up to FOLLOW_SENTENCES, with no
    event of their own (a sentence in `stop` tells its own news and ends the run)."""
    out, cur = [], sent
    for _ in range(FOLLOW_SENTENCES):
        if cur.end >= len(cur.doc):
            break
        nxt = sent_of(cur.end)
        if nxt.start in stop or _story_break(cur, nxt, text, cross_paragraphs):
            break
        out.append(nxt)
        cur = nxt
    return out


def _town_told_after(m: Mention, place_mentions, sent_of, text):
    """A town of the country an event is placed in, named in its sentence or the few that
    follow it ("run over by a train in southwest France ... the tracks at Saint-Jean-de-Luz"):
    the story telling where in that country, which the map and the linker need."""
    country = m.place.country
    if not country:
        return None
    end = m.sent.end_char
    for nxt in _followers(m.sent, sent_of, text, set()):
        end = nxt.end_char
    towns = [p for p in place_mentions if p.rank >= 2 and p.country == country and p.role is None
             and m.sent.start_char <= p.start < end]
    if towns:
        return towns[0]
    # farther on: the one town or site of that country the whole story names is where (a
    # policy may hold for the whole country, so it keeps the country)
    towns = {p.place: p for p in place_mentions if p.rank >= 2 and p.country == country and p.role is None}
    return next(iter(towns.values())) if len(towns) == 1 and m.type != "policy" else None


def _attach_adjacent_counts(mentions, sents_with_hits, ctx, tdir, vague, sent_of, text):
    """People counted in the sentences that follow an event in its paragraph and have no
    event of their own ("Some 200 CRS were on the scene.") take part in that event."""
    by_start: dict[int, list[Mention]] = {}
    for m in mentions:
        by_start.setdefault(m.sent.start, []).append(m)
    for start, owners in by_start.items():
        # news paragraphs are often one sentence: the run crosses them (train en 0.67 -> 0.77)
        for nxt in _followers(owners[0].sent, sent_of, text, sents_with_hits):
            counts = parts.sentence_counts(nxt, ctx.language, vague)
            if not counts:
                continue
            default = "migrants" if owners[0].type in MIGRANT_DEFAULT else "other"
            found = {res: parts.counted_people(nxt, counts, ctx.language, tdir, default, residents=res)
                     for res in {m.type in RESIDENT_TYPES for m in owners}}
            for m in owners:
                _add_unique(m.participants, found[m.type in RESIDENT_TYPES], lambda p: (p.role, p.label, str(p.count)))


def _subordinate_to(tok, types_at: dict, yields_to, attempt_verbs=frozenset()) -> bool:
    """A non-finite trigger ("trying", "en tentant") whose governing verb is a trigger of a
    type it yields to: "died trying to board a lorry" is told as the death."""
    if not yields_to:
        return False
    nonfinite = tok.tag_ in ("VBG", "VB") or bool({"Ger", "Inf", "Part"} & set(tok.morph.get("VerbForm")))
    if not nonfinite or tok.pos_ != "VERB":
        return False
    cur = tok
    for _ in range(4):
        if cur.head is cur or cur.dep_ not in ("advcl", "xcomp", "pcomp", "pobj", "prep", "acl", "obl", "mark"):
            return False
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX", "ADJ"):
            if types_at.get(cur.i, set()) & set(yields_to):
                return True
            if cur.lemma_.lower() not in attempt_verbs:  # "died trying to climb": go on up
                return False
    return False


# the event types whose occurrence can leave people killed, injured or arrested; the others
# take only their own outcome ("arrest": arrested), a death also the injured told with it
TAKES_ALL_OUTCOMES = frozenset({"clash", "assault", "crossing", "protest", "eviction", "fire"})
ALSO_TAKES = {"death": frozenset({"injured"})}


def _takes(event_type: str, outcome: str) -> bool:
    return event_type in TAKES_ALL_OUTCOMES or OUTCOME_OF.get(event_type) == outcome \
        or outcome in ALSO_TAKES.get(event_type, ())


def _told_spans(ev: Event, text: str, offset: int) -> list[tuple[int, int]]:
    """Where in this piece's text an event is told: its sentence and its evidence."""
    out = [(ev.start - offset, ev.end - offset)]
    for t in ev.evidence:
        i = text.find(t)
        if i >= 0:
            out.append((i, i + len(t)))
    return out


def _share_outcomes(events: list[Event], text: str, offset: int = 0) -> None:
    """A sinking and the deaths it caused, a shooting and its dead and wounded: two events of
    one occurrence told in the same sentences, or the death in the sentence right after ("...
    breached the border. In addition to the 23 deaths, 140 were injured."). The one that can
    have every outcome (the crossing, the assault, the clash) takes the dead and the injured
    its death event gives, when it states none itself."""
    def told_together(a, b) -> bool:
        for s1, e1 in a:
            for s2, e2 in b:
                if s1 < e2 and s2 < e1:
                    return True
                gap = text[e1:s2] if e1 <= s2 else text[e2:s1]
                if len(gap) <= 2 and "\n" not in gap:
                    return True
        return False

    deaths = [(e, _told_spans(e, text, offset)) for e in events if e.type == "death"]
    for ev in events:
        if ev.type not in TAKES_ALL_OUTCOMES or (ev.killed is not None and ev.injured is not None):
            continue
        mine = _told_spans(ev, text, offset)
        for d, theirs in deaths:
            if not told_together(mine, theirs):
                continue
            for what in ("killed", "injured"):
                if getattr(ev, what) is None and getattr(d, what) is not None:
                    setattr(ev, what, getattr(d, what))
                    ev.casualties += [c for c in d.casualties if c.what == what and c not in ev.casualties]


@lru_cache(maxsize=None)
def _none_phrases(language: str, taxonomy_dir) -> dict[str, re.Pattern]:
    """outcome -> the pattern of the phrases saying nobody suffered it (events.<lang>.json,
    no_casualties: regular expressions)."""
    data = rules(language, taxonomy_dir).get("no_casualties", {})
    return {what: re.compile(r"(?<!\w)(?:" + "|".join(rxs) + r")(?!\w)", re.I)
            for what, rxs in data.items() if not what.startswith("_") and rxs}


def _stated_none(events: list[Event], sents, sent_of, text: str, offset: int, phrases) -> None:
    """ "No deaths were reported", "all 45 passengers survived", "aucun blessé": an occurrence
    whose text says it left nobody dead (or injured) counts zero, which a monitor must tell
    apart from a figure the text does not give (and which makes "no one was hurt" against
    "three injured" a conflict between sources). The statement is in one of the event's own
    sentences, or in the sentence right after its last one when that sentence tells no event."""
    if not events or not phrases or not any(rx.search(text) for rx in phrases.values()):
        return
    placed = [(ev, _told_spans(ev, text, offset)) for ev in events]
    for sent in sents:
        said = {what: hit.group(0) for what, rx in phrases.items() if (hit := rx.search(sent.text))}
        if not said:
            continue
        lo, hi = sent.start_char, sent.end_char
        owners = [ev for ev, sp in placed if any(a < hi and lo < b for a, b in sp)]
        if not owners and sent.start > 0:
            prev = sent_of(sent.start - 1)
            if not _story_break(prev, sent, text):
                owners = [ev for ev, sp in placed if any(a < prev.end_char and prev.start_char < b for a, b in sp)]
        for ev in owners:
            for what, words in said.items():
                if _takes(ev.type, what) and getattr(ev, what) is None:
                    setattr(ev, what, Count(0, 0, False, words))


OPERATION_CHARS = 1500  # how far apart an eviction and the relocation of its people are told


def _share_forces(events: list[Event]) -> None:
    """ "700 police, CRS and gendarmes escorted the residents to buses": the officers counted
    with the relocation carried out the eviction told beside it; it takes them when it counts
    no officers of its own."""
    for ev in events:
        if ev.type != "eviction" or any(p.category == "security_forces" and p.count for p in ev.participants):
            continue
        for r in events:
            if r.type == "relocation" and abs(r.start - ev.start) <= OPERATION_CHARS:
                _add_unique(ev.participants, [p for p in r.participants if p.category == "security_forces" and p.count],
                            lambda q: (q.role, q.label, str(q.count)))


def _attach_orphan_casualties(sdoc, mentions, outcomes_by_sent, R, ctx, tdir, vague, sent_of, text):
    """Casualties told in a sentence of their own ("In the evening, 15 Sudanese were
    hospitalised.") belong to the nearest event before them in the paragraph, up to
    FOLLOW_SENTENCES back, whose type can have that outcome."""
    with_events = {m.sent.start for m in mentions}
    for s_start, ohits in outcomes_by_sent.items():
        if s_start in with_events:
            continue
        sent = sent_of(s_start)
        owner_sent, cur = None, sent
        for _ in range(FOLLOW_SENTENCES):
            if cur.start == 0:
                break
            prev = sent_of(cur.start - 1)
            if _story_break(prev, cur, text):
                break
            if prev.start in with_events:
                owner_sent = prev
                break
            cur = prev
        if owner_sent is None:
            continue
        owners = [m for m in mentions if m.sent.start == owner_sent.start]
        low = sent.text.lower()
        counts = parts.sentence_counts(sent, ctx.language, vague)
        for oh in ohits:
            oh = _kept(oh, sent, R, {}, low)
            if oh is None:
                continue
            gs = cas.groups(oh.token, oh.entry.type, counts, ctx.language, tdir,
                            "migrants" if "migrant" in low else "other")
            for m in owners:
                if _takes(m.type, oh.entry.type):
                    m.casualties += gs
                    if sent.text not in m.extra_sentences:
                        m.extra_sentences.append(sent.text)


def _on_land(etype: str, mentions: list[Mention], land_words) -> bool:
    """A death its own sentences set on land ("shot dead in the camp"): a story that names the
    Channel elsewhere does not put it at sea."""
    if etype != "death":
        return False
    return any(t.lower_ in land_words or t.lemma_.lower() in land_words for m in mentions for t in m.sent)


def _merge(mentions: list[Mention], ctx, max_km, same_trigger=frozenset(), sea=False,
           max_chars=2500, sections=(), land_words=frozenset(), latest=None) -> tuple[list[Event], list[Mention]]:
    """Mentions of one occurrence -> one Event each; with the mention that tells each best."""
    events: list[Event] = []
    infos: list[dict] = []
    captions: list[bool] = []
    # the story's date, even one read from the URL, tells a recalled occurrence from the news
    # (without one, the latest day the text states: it resolves nothing, it only keeps apart)
    story = (ctx.published if ctx.published_basis != "inferred" else None) or latest
    for m in mentions:
        target = None
        if m.anaphoric:  # "cette grève": the latest occurrence of that type told before
            for ev, info in reversed(list(zip(events, infos))):
                if ev.type == m.type:
                    info["mentions"].append(m)
                    target = "done"
                    break
            if target == "done":
                continue
        # a photo shows a scene of its own (a boat landing at the port): a sentence of the story
        # joins an occurrence the story tells before one its photo caption shows
        caption = plc.in_caption(m.sent.text)
        for ev, info, _ in sorted(zip(events, infos, captions), key=lambda x: x[2] != caption):
            if _compatible(m, ev, info, max_km, m.type in same_trigger, max_chars, sections, story):
                target = (ev, info)
                break
        if target is None:
            ev = Event(type=m.type, trigger=m.trigger, sentence=m.sent.text,
                       start=m.sent.start_char + ctx.offset, end=m.sent.end_char + ctx.offset)
            info = {"mentions": [], "date_strong": False, "place_obj": None, "place_in_sentence": False}
            events.append(ev)
            infos.append(info)
            captions.append(caption)  # whether its first mention is told in a caption
        else:
            ev, info = target
        info["mentions"].append(m)
        if m.date and (ev.date is None or (m.date_strong and not info["date_strong"]
                                           and not ev.date.startswith(m.date))):
            # a stated date wins over the story's, but "in 2024" does not blur the story's day
            ev.date, info["date_strong"] = m.date, m.date_strong
        elif m.date and m.date_strong and len(m.date) > len(ev.date) and m.date.startswith(ev.date):
            ev.date = m.date  # "this year" told first, "on Tuesday" after: the day
        if m.place and (info["place_obj"] is None or (m.place_in_sentence and not info["place_in_sentence"])
                        or (m.place_in_sentence and m.place.rank > info["place_obj"].rank)):
            info["place_obj"], info["place_in_sentence"] = m.place, m.place_in_sentence
    out, bests = [], []
    for ev, info in zip(events, infos):
        ms = info["mentions"]
        # the clearest telling: a verb's, and a full sentence of the body before a headline's
        # summary (which stays among the evidence)
        best = next((x for x in ms if x.verbal and not _is_headline(x.sent)), None) or \
            next((x for x in ms if x.verbal), ms[0])
        bests.append(best)
        ev.sentence = best.sent.text
        ev.trigger = best.trigger
        ev.start, ev.end = best.sent.start_char + ctx.offset, best.sent.end_char + ctx.offset
        ev.evidence = []
        for x in ms:
            for t in ([x.sent.text] if x is not best else []) + x.extra_sentences:
                if t not in ev.evidence and t != ev.sentence:
                    ev.evidence.append(t)
        p = info["place_obj"]
        if p is not None:
            ev.place, ev.lat, ev.lon = p.place, p.lat, p.lon
            # at sea: name the sea and the nearest town the story gives ("English Channel off Wimereux")
            if ev.type in ("crossing", "death"):
                seas = [x.place for x in ms if x.place is not None and x.place.rank == 1 and x.place_in_sentence
                        and x.place.place == "English Channel"]
                if p.rank == 2 and (seas or (sea and not _on_land(ev.type, ms, land_words))) \
                        and p.lat is not None and plc.km((p.lat, p.lon), SEA_POINT) <= 80 \
                        and "Channel" not in p.place:
                    ev.place = f"English Channel off {p.place}"
        for x in ms:
            _add_unique(ev.participants, x.participants, lambda q: (q.role, q.label, str(q.count)))
        totals: dict[str, Count] = {}
        seen_groups = set()
        for x in ms:
            # summed within one sentence ("three migrants and 15 CRS were injured"); a later
            # sentence's groups ("two of them badly") may be the same people: not added
            per_what: dict[tuple[str, int], list[cas.Group]] = {}
            for g in x.casualties:
                c = g.casualty
                key = (c.what, c.category, c.count.min, c.count.max)
                if key not in seen_groups:
                    seen_groups.add(key)
                    ev.casualties.append(c)
                own = x.sent.start <= g.token_i < x.sent.end
                per_what.setdefault((c.what, -1 if own else x.sent.doc[g.token_i].sent.start), []).append(g)
            for (what, _), gs in per_what.items():
                t = cas.total(gs)
                old = totals.get(what)
                if t is not None and (old is None or (t.min or 0) > (old.min or 0)):
                    totals[what] = t
        ev.killed, ev.injured, ev.arrested = totals.get("killed"), totals.get("injured"), totals.get("arrested")
        ev.extra = {"date_stated": info["date_strong"], "mentions": len(ms)}
        out.append(ev)
    return out, bests
