"""Clustering scored pairs into incidents by average linkage over reports, strongest pair first.

A pair's probability only proposes a merge; the two groups merge when the average, over the
pairs of their documents, of each document pair's best probability reaches the model's
`average_threshold`, so one strong pair cannot chain two incidents together. Constraints: no
analyst "cannot link", no two earlier incidents merged, no two days both read in the texts
further apart than `stated_dates_apart_days`, no group whose reports dated to a day or a month
(by their text or their publication; a year alone is too often a misread background year) span
more than `dated_apart_days` (two years: an undated report otherwise bridges two incidents at
one place years apart; cross-validated pair F1 0.656 -> 0.677, on a plateau from one to three
years), and a background mention (a passing reference to an earlier occurrence) may join an
incident but never bridge two groups. Two events of one type from one document never link
directly (the pair veto), and their zero counts in the average; forbidding them outright in one
group, or letting month and year dates keep groups apart, lost a third of the cross-validated
recall on the train corpus for no precision (an occurrence the analysis split, a date it
misread). Pairs across languages are taken in the same order as the others: holding them back
(or forbidding them to join groups that share a language) lowered cross-validated recall more
than it raised precision.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .arrays import ids
from .mention import Prepared
from .pairs import PairScores
from .rules import Rules


@dataclass
class Group:
    members: list[int]
    stated_lo: int | None  # earliest and latest day stated among the members
    stated_hi: int | None
    dated_lo: int | None = None  # earliest and latest day of its dated (not background) members, any basis
    dated_hi: int | None = None
    previous: str | None = None
    cannot: set[int] = field(default_factory=set)  # members' explicit cannot-link partners
    languages: set = field(default_factory=set)  # of its members' documents
    documents: set = field(default_factory=set)  # codes of its members' documents
    version: int = 0  # bumped by each merge into it: a linkage computed at other versions is stale


def _stated_day(p: Prepared) -> bool:
    """A day read in the text: the only date firm enough to keep two groups apart (as the
    pair veto). Month and year dates, and guessed ones, are left to the model."""
    return p.stated and p.lo is not None and p.lo == p.hi


def _dated(p: Prepared) -> bool:
    """Dated to a day or a month by its text or by its document's publication, not a passing
    mention."""
    return p.lo is not None and p.hi - p.lo <= 31 and not p.background


class Groups:
    """Groups of mentions, each mention pointing at its group's root, the roots carrying the
    constraint state of their group. Merging relabels the smaller group."""

    def __init__(self, prepared: list[Prepared], rules: Rules, known: PairScores,
                 score: Callable[[int, int], float]):
        self.prepared, self.rules, self.known, self.score = prepared, rules, known, score
        self.root = np.arange(len(prepared), dtype=np.int64)
        self.document = ids(p.document for p in prepared)  # each mention's document, as a code
        self.n_documents = int(self.document.max()) + 1 if len(prepared) else 1
        # (root, root) -> (versions, linkage): many proposed pairs join the same two groups,
        # and their average is the same until one of them grows
        self.averages: dict[tuple[int, int], tuple[tuple[int, int], float]] = {}
        self.state = {p.index: Group(
            members=[p.index],
            stated_lo=p.lo if _stated_day(p) else None, stated_hi=p.hi if _stated_day(p) else None,
            dated_lo=p.lo if _dated(p) else None, dated_hi=p.hi if _dated(p) else None,
            languages={p.language}, documents={int(self.document[p.index])}) for p in prepared}

    def find(self, i: int) -> int:
        return int(self.root[i])

    def p(self, i: int, j: int) -> float:
        """A pair's probability, scored on demand (and remembered) when blocking skipped it."""
        got = self.known.get(i, j)
        if got is None:
            got = self.score(min(i, j), max(i, j))
            self.known.put(i, j, got)
        return got

    def p_many(self, i: int, js: list[int]) -> list[float]:
        """p(i, j) for each j of `js`."""
        got = self.known.get_many(i, js)
        return [self.p(i, j) if v is None else v for j, v in zip(js, got)]

    def linkage(self, a: Group, b: Group) -> float:
        """Average over the pairs of documents of the two groups of the probability of their
        best-linked mentions. A group grows only on links to most of its reports, never along
        a chain of look-alikes; taking each pair of reports at its best link (rather than
        averaging over every pair of mentions) lets a report tell other events of the incident
        (the eviction and the buses, the sinking and the rescue) without diluting its link:
        cross-validated pair F1 0.638 -> 0.656 and a plateau twice as wide
        (counterpoint/link/pair_model.md). Pairs blocking never proposed count as unrelated
        (blocking reaches 0.98 of the gold same-incident pairs) and no pair is scored here:
        scoring them exactly made no cross-validated difference and was half the linking time."""
        small, big = (a, b) if len(a.members) <= len(b.members) else (b, a)
        rows, cols, vals = self.known.between(small.members, self.root, self.find(big.members[0]))
        if not len(vals):
            return 0.0
        key = self.document[rows] * self.n_documents + self.document[cols]
        order = np.lexsort((-vals, key))
        key, vals = key[order], vals[order]
        first = np.ones(len(key), dtype=bool)
        first[1:] = key[1:] != key[:-1]
        return float(vals[first].sum()) / (len(small.documents) * len(big.documents))

    def why_not(self, i: int, j: int, average_threshold: float | None, p: float | None = None) -> str | None:
        """The constraint that forbids merging the groups of i and j, or None. `p`, the pair's
        probability when the caller has it, is the linkage of two single mentions."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return "same group"
        a, b = self.state[ri], self.state[rj]
        if any(self.find(k) == rj for k in a.cannot) or any(self.find(k) == ri for k in b.cannot):
            return "cannot link"
        if a.previous and b.previous and a.previous != b.previous:
            return "two earlier incidents"
        if a.stated_lo is not None and b.stated_lo is not None and \
                max(a.stated_hi, b.stated_hi) - min(a.stated_lo, b.stated_lo) > self.rules.stated_dates_apart_days:
            return "dates"
        if a.dated_lo is not None and b.dated_lo is not None and \
                max(a.dated_hi, b.dated_hi) - min(a.dated_lo, b.dated_lo) > self.rules.dated_apart_days:
            return "dated apart"
        for end, group in ((i, a), (j, b)):
            if self.prepared[end].background and len(group.members) > 1:
                return "background bridge"
        if average_threshold is None:
            return None
        single = p is not None and len(a.members) == 1 and len(b.members) == 1
        if single:
            average = p
        else:
            key = (min(ri, rj), max(ri, rj))
            versions = (a.version, b.version) if ri < rj else (b.version, a.version)
            seen = self.averages.get(key)
            if seen is not None and seen[0] == versions:
                average = seen[1]
            else:
                average = self.linkage(a, b)
                self.averages[key] = (versions, average)
        if average < average_threshold:
            return "weak on average"
        return None

    def union(self, i: int, j: int) -> int:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return ri
        if len(self.state[ri].members) < len(self.state[rj].members):
            ri, rj = rj, ri
        a, b = self.state[ri], self.state.pop(rj)
        a.version += 1
        self.averages.pop((min(ri, rj), max(ri, rj)), None)
        self.root[b.members] = ri
        a.members += b.members
        a.cannot |= b.cannot
        a.languages |= b.languages
        a.documents |= b.documents
        a.previous = min(filter(None, (a.previous, b.previous)), default=None)
        if b.dated_lo is not None:
            a.dated_lo = b.dated_lo if a.dated_lo is None else min(a.dated_lo, b.dated_lo)
            a.dated_hi = b.dated_hi if a.dated_hi is None else max(a.dated_hi, b.dated_hi)
        if b.stated_lo is not None:
            a.stated_lo = b.stated_lo if a.stated_lo is None else min(a.stated_lo, b.stated_lo)
            a.stated_hi = b.stated_hi if a.stated_hi is None else max(a.stated_hi, b.stated_hi)
        return ri

    def groups(self) -> list[list[int]]:
        return [sorted(g.members) for g in self.state.values()]


def cluster(groups: Groups, threshold: float, average_threshold: float,
            previous: dict[int, str], must: list[tuple[int, int]],
            cannot: list[tuple[int, int]]) -> list[list[int]]:
    """Groups of mention indices from the pairs `groups.known` holds (i < j -> probability)."""
    for i, j in cannot:
        groups.state[i].cannot.add(j)
        groups.state[j].cannot.add(i)
    # earlier incidents first, so their mentions stay together and keep their ids
    by_incident: dict[str, list[int]] = {}
    for i, inc in sorted(previous.items()):
        groups.state[groups.find(i)].previous = inc
        by_incident.setdefault(inc, []).append(i)
    for members in by_incident.values():
        for k in members[1:]:
            groups.union(members[0], k)
    for i, j in must:  # an analyst's merge wins over every rule
        groups.union(i, j)
    prepared = groups.prepared
    above_i, above_j, above_p = groups.known.above(threshold)
    ranked = sorted(zip(above_p.tolist(), above_i.tolist(), above_j.tolist()),
                    key=lambda t: (-t[0], prepared[t[1]].key, prepared[t[2]].key))
    for p, i, j in ranked:
        if groups.why_not(i, j, average_threshold, p) is None:
            groups.union(i, j)
    return groups.groups()
