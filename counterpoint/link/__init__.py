"""Linking event mentions from all documents into incidents: `link_mentions`.

Stages: 1. prepare each mention (dates and their basis, place, attached counts, names, words);
2. block into candidate pairs (type family × map cell, place or week; rare names; document);
3. score the candidate pairs with the learned pairwise model (`pair_model.json`), over arrays:
   a calibrated probability;
4. cluster by average linkage over pairs of reports (each at its best-linked mentions), strongest
   pair first, under analyst and certain constraints;
5. measure a confidence for every mention's placement and every incident;
6. build each incident: figures, conflicts, sources, first report, confidence.
"""
from __future__ import annotations

import gc
import itertools
from dataclasses import dataclass, field

import numpy as np

from ..errors import CounterpointError
from .arrays import MentionArrays
from .blocking import candidate_codes
from .clustering import Groups, cluster
from .incident import build, new_id
from .mention import prepare
from .pairs import PairScores
from .rules import Rules, load_rules
from .scoring import FEATURES, PairModel, load_model

__all__ = ["LinkResult", "link_mentions", "load_rules", "load_model"]
EXACT_PLACEMENT = 50  # a placement is measured against every other member up to this many


@dataclass
class LinkResult:
    incidents: list[dict] = field(default_factory=list)
    assignment: dict[str, str] = field(default_factory=dict)  # mention key -> incident id
    links: list[dict] = field(default_factory=list)  # one per mention: its placement's confidence, weakest first
    stats: dict[str, int] = field(default_factory=dict)  # mentions, candidate and scored pairs


class LinkError(CounterpointError):
    code = "bad_mentions"


def link_mentions(mentions: list[dict], previous: dict[str, str] | None = None,
                  must_link=(), cannot_link=(), rules: Rules | None = None,
                  model: PairModel | None = None, workers: int = 1) -> LinkResult:
    """Cluster event mentions into incidents. `previous` (mention key -> incident id, from an
    earlier run) keeps existing incidents and their ids; must/cannot-link pairs of keys are an
    analyst's merges and splits. `workers` processes score the candidate pairs (forked: a
    command line's choice, not a server's). Same input, same output, whatever `workers`."""
    rules = rules or load_rules()
    model = model or load_model()
    collecting = gc.isenabled()
    gc.disable()  # millions of small tuples make the cycle collector run quadratically often
    try:
        return _link(mentions, previous or {}, must_link, cannot_link, rules, model, workers)
    finally:
        if collecting:
            gc.enable()


def pair_probabilities(prepared, rules: Rules, model: PairModel, workers: int = 1):
    """(i, j) -> probability for the candidate pairs (computed over arrays, all at once), and a
    scorer for any other pair (over the same arrays: the prepared mentions lose their word
    weights once the arrays hold them)."""
    def score(i: int, j: int) -> float:
        return float(arrays.batch_probabilities(np.array([i]), np.array([j]), model)[0])

    n = max(1, len(prepared))
    codes = candidate_codes(prepared, rules)
    arrays = MentionArrays(prepared, rules)
    lighten(prepared)
    probs = arrays.code_probabilities(codes, n, model, workers)
    # as two int32 arrays, a chunk at a time: int64 copies of both would be 16 bytes a pair
    index = np.int32 if n < 2**31 else np.int64
    i, j = np.empty(len(codes), dtype=index), np.empty(len(codes), dtype=index)
    for start in range(0, len(codes), 1 << 22):
        i[start:start + (1 << 22)], j[start:start + (1 << 22)] = np.divmod(codes[start:start + (1 << 22)], n)
    del codes
    return PairScores(len(prepared), i, j, probs), score, arrays


def lighten(prepared) -> None:
    """Drop the word, name and lead weights of every prepared mention once blocking and the
    arrays' sparse rows have read them: clustering reads only dates, documents and languages
    off a mention, and at a million mentions the dicts are gigabytes (freed, their memory
    serves the clustering's)."""
    for p in prepared:
        p.words = p.heading = p.names = p.doc_words = p.doc_neutral = _EMPTY


_EMPTY: dict = {}


def score_within(groups: Groups, members: list[list[int]], arrays: MentionArrays, model: PairModel) -> None:
    """Every pair inside the groups whose placements are measured pair by pair (up to
    EXACT_PLACEMENT other members), scored over arrays at once rather than one by one."""
    pairs = [(a, b) for ms in members if 1 < len(ms) <= EXACT_PLACEMENT + 1
             for a, b in itertools.combinations(sorted(ms), 2)]
    if pairs:
        ij = np.array(pairs, dtype=np.int64)
        groups.known.put_many(ij[:, 0], ij[:, 1], arrays.probabilities(ij[:, 0], ij[:, 1], model))


def _link(mentions, previous, must_link, cannot_link, rules, model, workers=1) -> LinkResult:
    mentions = sorted(mentions, key=lambda m: str(m.get("key")))
    index = {str(m.get("key")): i for i, m in enumerate(mentions)}
    if len(index) != len(mentions):
        raise LinkError("two mentions share a key", hint="give every mention a unique `key`")
    prepared = prepare(mentions, rules)
    known, score, arrays = pair_probabilities(prepared, rules, model, workers)
    candidates = len(known)

    def pairs(keys) -> list[tuple[int, int]]:  # pairs of keys -> pairs of indices; unknown keys drop
        return [(index[str(a)], index[str(b)]) for a, b in keys
                if str(a) in index and str(b) in index]

    prev = {index[k]: v for k, v in previous.items() if k in index}
    for a, b in pairs(cannot_link):  # an analyst's split: the later mention leaves the incident
        if prev.get(a) is not None and prev.get(a) == prev.get(b):
            del prev[max(a, b)]
    groups = Groups(prepared, rules, known, score)
    members = cluster(groups, model.threshold, model.average_threshold, prev,
                      pairs(must_link), pairs(cannot_link))
    score_within(groups, members, arrays, model)
    result = assemble(mentions, members, prev, groups, arrays, rules, model)
    result.stats = {"mentions": len(mentions), "candidate_pairs": candidates,
                    "scored_pairs": len(groups.known), "incidents": len(result.incidents)}
    return result


def placement_confidence(i: int, members: list[int], groups: Groups) -> tuple[float, int | None]:
    """How sure we are that mention i belongs where it is, and its strongest partner there.
    In a group: the average probability of being one occurrence with the other members. Alone:
    the probability of being one occurrence with none of its candidates."""
    others = [j for j in members if j != i]
    members_set = set(members) if len(others) > EXACT_PLACEMENT else None
    cols, vals = groups.known.neighbours(i)
    candidates = dict(zip(cols.tolist(), vals.tolist()))
    if others:
        ps = dict(zip(others, groups.p_many(i, others))) if len(others) <= EXACT_PLACEMENT else \
            {j: p for j, p in candidates.items() if j in members_set}
        if not ps:
            return 0.0, None
        best = max(ps, key=lambda j: (ps[j], -j))
        return sum(ps.values()) / len(ps), best
    outside = candidates
    best = max(outside, key=lambda j: (outside[j], -j)) if outside else None
    return 1.0 - (outside[best] if best is not None else 0.0), best


def explain(arrays: MentionArrays, pairs: list[tuple[int, int]], batch: int = 50_000):
    """Each pair's feature values (rows of FEATURES), computed a batch at a time."""
    for start in range(0, len(pairs), batch):
        ij = np.array(pairs[start:start + batch], dtype=np.int64)
        yield from arrays.features(ij[:, 0], ij[:, 1]).tolist()


def assemble(mentions, groups_of, prev, groups: Groups, arrays: MentionArrays, rules,
             model: PairModel) -> LinkResult:
    result = LinkResult()
    owner: dict[int, str] = {}
    ordered = sorted(groups_of, key=lambda g: str(mentions[g[0]]["key"]))
    ids = []
    for members in ordered:
        earlier = sorted({prev[i] for i in members if i in prev})
        inc_id = earlier[0] if earlier else new_id([str(mentions[i]["key"]) for i in members])
        ids.append(inc_id)
        for i in members:
            owner[i] = inc_id
            result.assignment[str(mentions[i]["key"])] = inc_id
    placements = [[(i, *placement_confidence(i, members, groups)) for i in members] for members in ordered]
    # the features of each mention with its strongest partner, for the analyst, over arrays at once
    partnered = [(i, partner) for placed in placements for i, _, partner in placed if partner is not None]
    explained = dict(zip(partnered, explain(arrays, partnered)))
    for inc_id, members, placed in zip(ids, ordered, placements):
        confidences = {}
        for i, raw, partner in placed:
            confidences[i] = round(model.placement_confidence(raw), 3)
            link = {"incident": inc_id, "a": str(mentions[i]["key"]), "confidence": confidences[i],
                    "score": confidences[i], "joined": len(members) > 1,
                    "partner": str(mentions[partner]["key"]) if partner is not None else None}
            if partner is not None:
                link["features"] = {k: round(float(v), 3) for k, v in zip(FEATURES, explained[(i, partner)]) if v}
                link["features"]["probability"] = round(groups.p(i, partner), 3)
            result.links.append(link)
        # an incident is as sure as its mentions are of their placements
        confidence = round(sum(confidences.values()) / len(confidences), 3)
        built = build(inc_id, [dict(mentions[i], confidence=confidences[i]) for i in members], rules)
        built["confidence"] = confidence
        built["weak"] = confidence < model.weak_below
        result.incidents.append(built)
    result.links.sort(key=lambda link: (link["score"], link["a"]))
    result.incidents.sort(key=lambda inc: (inc["date_start"] or "9999", inc["id"]))
    return result
