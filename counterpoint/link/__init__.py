"""Linking event mentions from all documents into incidents: `link_mentions`.

Stages: 1. prepare each mention (date window, place words, figures, word weights);
2. block into candidate pairs (type family + week / place / map cell / document);
3. score each pair on type, date, place, figures, actors and wording;
4. cluster greedily, strongest first, under cannot-link and compatibility constraints;
5. build each incident: figures, conflicts, sources, first report.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass, field

from ..errors import CounterpointError
from .blocking import candidate_pairs
from .clustering import cluster
from .incident import build, new_id
from .mention import prepare
from .rules import Rules, load_rules
from .scoring import features, score, vetoed

__all__ = ["LinkResult", "link_mentions", "load_rules"]


@dataclass
class LinkResult:
    incidents: list[dict] = field(default_factory=list)
    assignment: dict[str, str] = field(default_factory=dict)  # mention key -> incident id
    links: list[dict] = field(default_factory=list)  # pairs inside incidents, weakest first
    stats: dict[str, int] = field(default_factory=dict)  # mentions, candidate and scored pairs


class LinkError(CounterpointError):
    code = "bad_mentions"


def link_mentions(mentions: list[dict], previous: dict[str, str] | None = None,
                  must_link=(), cannot_link=(), rules: Rules | None = None) -> LinkResult:
    """Cluster event mentions into incidents. `previous` (mention key -> incident id, from an
    earlier run) keeps existing incidents and their ids; must/cannot-link pairs of keys are an
    analyst's merges and splits. Same input, same output."""
    rules = rules or load_rules()
    collecting = gc.isenabled()
    gc.disable()  # millions of small tuples make the cycle collector run quadratically often
    try:
        return _link(mentions, previous or {}, must_link, cannot_link, rules)
    finally:
        if collecting:
            gc.enable()


def _link(mentions, previous, must_link, cannot_link, rules) -> LinkResult:
    mentions = sorted(mentions, key=lambda m: str(m.get("key")))
    index = {str(m.get("key")): i for i, m in enumerate(mentions)}
    if len(index) != len(mentions):
        raise LinkError("two mentions share a key", hint="give every mention a unique `key`")
    prepared = prepare(mentions, rules)
    scored, candidates = [], 0
    for i, j in candidate_pairs(prepared, rules):
        candidates += 1
        if not vetoed(prepared[i], prepared[j], rules):
            scored.append((score(features(prepared[i], prepared[j], rules), rules), i, j))

    def pairs(keys) -> list[tuple[int, int]]:  # pairs of keys -> pairs of indices; unknown keys drop
        return [(index[str(a)], index[str(b)]) for a, b in keys
                if str(a) in index and str(b) in index]

    prev = {index[k]: v for k, v in previous.items() if k in index}
    for a, b in pairs(cannot_link):  # an analyst's split: the later mention leaves the incident
        if prev.get(a) is not None and prev.get(a) == prev.get(b):
            del prev[max(a, b)]
    groups = cluster(prepared, scored, rules, prev, pairs(must_link), pairs(cannot_link))
    result = assemble(mentions, prepared, groups, prev, scored, rules)
    result.stats = {"mentions": len(mentions), "candidate_pairs": candidates,
                    "scored_pairs": len(scored), "incidents": len(result.incidents)}
    return result


def assemble(mentions, prepared, groups, prev, scored, rules) -> LinkResult:
    result = LinkResult()
    owner = {}
    for members in sorted(groups, key=lambda g: str(mentions[g[0]]["key"])):
        earlier = sorted({prev[i] for i in members if i in prev})
        inc_id = earlier[0] if earlier else new_id([str(mentions[i]["key"]) for i in members])
        for i in members:
            owner[i] = inc_id
            result.assignment[str(mentions[i]["key"])] = inc_id
        result.incidents.append(build(inc_id, [mentions[i] for i in members], rules))
    for s, i, j in scored:
        if owner[i] == owner[j]:
            result.links.append({"incident": owner[i], "a": str(mentions[i]["key"]),
                                 "b": str(mentions[j]["key"]), "score": s,
                                 # kept only for the few pairs that end up together
                                 "features": {k: round(v, 3) for k, v in
                                              features(prepared[i], prepared[j], rules).items()}})
    result.links.sort(key=lambda link: (link["score"], link["a"], link["b"]))
    result.incidents.sort(key=lambda inc: (inc["date_start"] or "9999", inc["id"]))
    return result
