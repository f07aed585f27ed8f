"""The occurrence filter: a learned check, after the rules, that a proposed event is told as a
concrete occurrence (this eviction, on that day) rather than a generic or habitual statement,
a plan, a purpose or a denial.

The trigger rules of events.py propose events; this model scores each one from features of its
sentence and trigger (the trigger's lemma and type, tense, aspect, mood and verb form, negation,
modal and plan words, habitual words, the unit it is told in, whether a date, place or figure
was found, the words of the sentence) and drops the events it is confident are not
occurrences. It is a logistic regression trained by training/train_event_filter.py on the gold
events of both annotated corpora, and shipped as weights in event_filter.json (its grouped
cross-validation figures in event_filter.md). Scoring needs no library: a sum of weights.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("event_filter.json")
WORD = re.compile(r"[^\W\d_]{2,}")

# Training sets this to a callable(events, features) that records every proposed event;
# while it is set nothing is dropped (the model learns from the rules' unfiltered output).
recorder = None

_model_cache: dict = {}


def load(path: Path = MODEL_PATH) -> dict | None:
    """The shipped model (weights, threshold), or None when there is none."""
    key = str(path)
    if key not in _model_cache:
        _model_cache[key] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    return _model_cache[key]


def _morph(tok, prefix: str, out: dict) -> None:
    for name in ("Tense", "Aspect", "Mood", "VerbForm", "Number"):
        for v in tok.morph.get(name):
            out[f"{prefix}{name}={v}"] = 1.0


def features(ev, trigger, sent, language: str) -> dict[str, float]:
    """Sparse features of one proposed event: `trigger` is its trigger token (spaCy Token),
    `sent` the sentence Span that tells it."""
    f: dict[str, float] = {}
    lemma = trigger.lemma_.lower()
    f[f"lang={language}"] = 1.0
    f[f"type={ev.type}"] = 1.0
    f[f"type_lang={ev.type}|{language}"] = 1.0
    f[f"lemma={language}:{lemma}"] = 1.0
    f[f"type_lemma={ev.type}|{lemma}"] = 1.0
    f[f"pos={trigger.pos_}"] = 1.0
    f[f"tag={trigger.tag_}"] = 1.0
    f[f"dep={trigger.dep_}"] = 1.0
    f[f"head_lemma={language}:{trigger.head.lemma_.lower()}"] = 1.0
    _morph(trigger, "t_", f)
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if verb is not trigger:
        f[f"v_pos={verb.pos_}"] = 1.0
        _morph(verb, "v_", f)
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass"):
            f[f"aux={language}:{c.lemma_.lower()}"] = 1.0
            _morph(c, "aux_", f)
        if c.dep_ == "neg":
            f["negated"] = 1.0
        if c.dep_ in ("nsubj", "nsubjpass"):
            f[f"subj_tag={c.tag_}"] = 1.0
            f[f"subj={language}:{c.lemma_.lower()}"] = 1.0
            if any(g.dep_ in ("det", "nummod") or g.like_num for g in c.children):
                f["subj_determined"] = 1.0
    for c in trigger.children:
        if c.dep_ in ("det", "poss", "nummod"):
            f[f"det={language}:{c.lower_}"] = 1.0
    f[f"unit={ev.unit}"] = 1.0
    f["background"] = float(bool(ev.background))
    f["date"] = float(bool(ev.date))
    f["date_stated"] = float(bool(ev.extra.get("date_stated")))
    f["place"] = float(bool(ev.place))
    f["figures"] = float(bool(ev.participants and any(p.count for p in ev.participants)) or bool(ev.casualties))
    f["casualties"] = float(bool(ev.casualties))
    f["mentions>1"] = float(ev.extra.get("mentions", 1) > 1)
    f["question"] = float(sent.text.rstrip().endswith("?"))
    f["quoted"] = float(any(t.is_quote for t in sent))
    f["sentence_start"] = float(trigger.i - sent.start < 3)
    n = len(sent)
    f["short" if n < 12 else "long" if n > 40 else "medium"] = 1.0
    f["number"] = float(any(t.like_num for t in sent))
    f["year"] = float(bool(re.search(r"\b(?:19|20)\d\d\b", sent.text)))
    # the clause's words: the model learns which mark plans, habits, tallies and denials
    for t in sent:
        if t.is_alpha and not t.is_punct and len(t) > 1:
            f[f"w={language}:{t.lemma_.lower()}"] = 1.0
    for t in sent[max(sent.start, trigger.i - 3) - sent.start:trigger.i - sent.start]:
        if t.is_alpha:
            f[f"before={language}:{t.lemma_.lower()}"] = 1.0
    return f


def features_of(events: list, mentions: list, language: str) -> list[dict[str, float]]:
    """The features of every proposed event of a text (`mentions`: the mention that tells each),
    with the other types proposed from the same sentence: a second type read into a sentence
    that tells one occurrence is often a wrong reading of it."""
    out = []
    for ev, m in zip(events, mentions):
        f = features(ev, m.token, m.sent, language)
        told = {ev.sentence, *ev.evidence}
        for other in events:
            if other is not ev and other.type != ev.type and other.sentence in told:
                f[f"with={other.type}"] = 1.0
                f[f"type_with={ev.type}|{other.type}"] = 1.0
                f["shares_sentence"] = 1.0
        out.append(f)
    return out


def probability(f: dict[str, float], model: dict) -> float:
    """The model's probability that the event is an occurrence."""
    weights = model["weights"]
    z = model["intercept"] + sum(weights.get(k, 0.0) * v for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def apply(events: list, mentions: list, language: str, model: dict | None = None) -> list:
    """The events the model does not reject; each kept one carries its score as `occurrence`.
    Without a shipped model (training found none that helps on held-out text) all are kept."""
    if recorder is not None:
        recorder(events, features_of(events, mentions, language))
        return events
    model = model if model is not None else load()
    if model is None or not events:
        return events
    feats = features_of(events, mentions, language)
    kept = []
    for ev, f in zip(events, feats):
        p = probability(f, model)
        if p < model["threshold"]:
            continue
        ev.extra["occurrence"] = round(p, 3)
        kept.append(ev)
    return kept
