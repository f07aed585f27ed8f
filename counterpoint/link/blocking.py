"""Candidate pairs from several keys, so a pair missed by one key is found by another:
type family × map cell, type family × place word, type family × week (of the event's own date,
or of the days before publication for undated mentions), a shared rare name, one document, and
similar documents (every pair of mentions between a document and the few documents closest to
it in rare words and names, whatever the types and dates: reports of one story).
Small blocks give all their pairs; big ones only each mention's nearest neighbours in time, so
the number of pairs grows linearly with the number of mentions. Neighbourhoods are taken within
each language, then across languages."""
from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

import numpy as np

from .mention import Prepared, has_coords
from .rules import Rules


def time_keys(p: Prepared, rules: Rules) -> set[tuple]:
    """Narrow windows meet by week; coarse ones (a month) by month only."""
    if p.window is None:
        return set()
    lo, hi = p.window
    if hi - lo > rules.max_span_days:
        return set()
    keys = {("month", y * 12 + m) for y, m in months(date.fromordinal(lo), date.fromordinal(hi))}
    if hi - lo <= 21:
        keys |= {("week", w) for w in range(lo // 7, hi // 7 + 1)}
    return keys


def months(lo: date, hi: date):
    y, m = lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def geo_keys(p: Prepared, rules: Rules) -> set[tuple]:
    """Two grids, the second shifted by half a cell, so close points either side of a cell
    edge still share a cell in one of them."""
    if not has_coords(p):
        return set()
    size = rules.geo_cell_degrees
    return {("cell", shift, math.floor(p.lat / size + shift), math.floor(p.lon / size + shift))
            for shift in (0.0, 0.5)}


def block_keys(p: Prepared, rules: Rules) -> set[tuple]:
    typed = time_keys(p, rules) | geo_keys(p, rules) | {("place", w) for w in p.place_words}
    if not typed:
        typed.add(("vague",))
    out = {(family, *k) for family in rules.families_of(p.type) for k in typed}
    # names and documents cross type families: outlets type one occurrence differently
    out |= {("name", n) for n in p.salient}
    out.add(("doc", p.document))
    return out


def candidate_pairs(prepared: list[Prepared], rules: Rules) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) worth scoring, in order."""
    n_all = len(prepared)
    return (divmod(code, n_all) for code in candidate_codes(prepared, rules).tolist())


def candidate_codes(prepared: list[Prepared], rules: Rules) -> np.ndarray:
    """The candidate pairs as sorted codes i * n + j (i < j, n mentions): ints in numpy arrays,
    so that tens of millions of pairs cost 8 bytes each and are deduplicated by one sort."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for p in prepared:
        for k in block_keys(p, rules):
            blocks[k].append(p.index)
    n_all = len(prepared)
    # sorted neighbourhood: in a big block, each mention meets the next `width` in time
    order = sorted(range(n_all), key=lambda i: (prepared[i].mid, prepared[i].document, prepared[i].key))
    rank = [0] * n_all
    for r, i in enumerate(order):
        rank[i] = r
    width, full = rules.neighbourhood, rules.full_block
    langs = [p.language for p in prepared]
    codes = UniqueCodes()
    whole: dict[int, list[list[int]]] = defaultdict(list)  # length -> groups giving all their pairs
    held = 0  # pairs the groups in `whole` give: made into codes a chunk at a time

    def hold(group: list[int]) -> None:
        nonlocal held
        whole[len(group)].append(group)
        held += len(group) * (len(group) - 1) // 2
        if held >= CHUNK:
            held = 0
            for groups in whole.values():
                codes.add(_all_pairs(np.array(groups, dtype=np.int64), n_all))
            whole.clear()

    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) <= full:
            hold(members)
            continue
        members.sort(key=rank.__getitem__)
        # the neighbours of each language among themselves, then across languages, so that
        # French reports never push English ones out of each other's neighbourhood
        by_lang: dict = defaultdict(list)
        for i in members:
            by_lang[langs[i]].append(i)
        runs = list(by_lang.values())
        if len(by_lang) > 1:
            runs += cross_language_runs(by_lang, rank, width)
        for run in runs:
            if len(run) <= width + 1:
                if len(run) > 1:
                    hold(run)
            else:  # each member with its next `width`
                codes.add(_next_pairs(np.array(run, dtype=np.int64), width, n_all))
    for groups in whole.values():
        codes.add(_all_pairs(np.array(groups, dtype=np.int64), n_all))
    del blocks, whole
    members_of: dict[str, list[int]] = defaultdict(list)
    for p in prepared:
        members_of[p.document].append(p.index)
    across: list[tuple[int, int]] = []
    for doc, others in similar_documents(prepared, rules).items():
        across += [(i, j) for other in others for i in members_of[doc] for j in members_of[other]]
        if len(across) >= CHUNK // 8:  # as arrays a chunk at a time: a list of tuples is ~100 bytes a pair
            codes.add(_code_pairs(across, n_all))
            across = []
    codes.add(_code_pairs(across, n_all))
    return codes.result()


CHUNK = 2_000_000  # pairs made at once before they are deduplicated


class UniqueCodes:
    """Sorted unique pair codes, gathered a chunk at a time: the pairs of all blocks together
    repeat each candidate several times (one per key the two share), so repeats are dropped
    chunk by chunk, each chunk merged into the sorted codes so far, rather than all sorted at
    the end (at 100k mentions that end-of-run pile was half the linker's peak memory). The same
    sorted set of codes either way."""

    def __init__(self):
        self.done = np.zeros(0, dtype=np.int64)
        self.pending: list[np.ndarray] = []
        self.size = 0

    def add(self, codes: np.ndarray) -> None:
        self.pending.append(codes)
        self.size += len(codes)
        if self.size >= 4 * CHUNK:
            self._merge()

    def _merge(self) -> None:
        chunk = np.concatenate(self.pending) if self.pending else np.zeros(0, dtype=np.int64)
        self.pending, self.size = [], 0
        chunk.sort()  # then drop repeats: several times faster than np.unique's hashing here
        chunk = chunk[np.concatenate(([True], chunk[1:] != chunk[:-1]))] if len(chunk) else chunk
        at = np.searchsorted(self.done, chunk)
        new = (at == len(self.done)) | (self.done[np.minimum(at, len(self.done) - 1)] != chunk) \
            if len(self.done) else np.ones(len(chunk), dtype=bool)
        self.done = np.insert(self.done, at[new], chunk[new])  # a linear merge of two sorted arrays

    def result(self) -> np.ndarray:
        self._merge()
        return self.done


def _code_pairs(pairs: list[tuple[int, int]], n: int) -> np.ndarray:
    if not pairs:
        return np.zeros(0, dtype=np.int64)
    ij = np.array(pairs, dtype=np.int64)
    return _code(ij[:, 0], ij[:, 1], n)


def _code(i: np.ndarray, j: np.ndarray, n: int) -> np.ndarray:
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    keep = lo != hi
    return lo[keep] * n + hi[keep]


def _all_pairs(groups: np.ndarray, n: int) -> np.ndarray:
    """Every pair inside each row of `groups` (groups × size)."""
    a, b = np.triu_indices(groups.shape[1], 1)
    return _code(groups[:, a].ravel(), groups[:, b].ravel(), n)


def _next_pairs(run: np.ndarray, width: int, n: int) -> np.ndarray:
    """Each member of `run` with the next `width` members."""
    return np.concatenate([_code(run[:-d], run[d:], n) for d in range(1, min(width, len(run) - 1) + 1)])


def cross_language_runs(by_lang: dict, rank: list[int], width: int) -> list[list[int]]:
    """For each mention of a big block, itself and the next `width` mentions in time of the
    block's other languages (each language's members are in time order already): a bisection
    per language, so a block of a common name costs m·log m, not m²."""
    ranks = {lang: [rank[i] for i in ms] for lang, ms in by_lang.items()}
    runs = []
    for lang, ms in by_lang.items():
        for i in ms:
            after = []
            for other, others in by_lang.items():
                if other != lang:
                    k = bisect.bisect_right(ranks[other], rank[i])
                    after += others[k:k + width]
            runs.append([i] + sorted(after, key=rank.__getitem__)[:width])
    return runs


def similar_documents(prepared: list[Prepared], rules: Rules) -> dict[str, list[str]]:
    """For each document, the `similar_documents` others sharing the most weight of rare terms,
    among documents of its language (words of headline, lead and evidence, names, dates,
    figures) and among documents of other languages (names, dates and figures: what survives
    translation). Terms used by more than `document_term_df` documents are left out, and each
    document queries only its `document_query_terms` rarest, so each look-up reads short lists
    and the whole costs time linear in the number of documents."""
    terms: dict[str, set] = {}
    language: dict[str, str | None] = {}
    for p in prepared:
        vec = terms.setdefault(p.document, set())
        language[p.document] = p.language
        vec.update((p.language, w) for w in (*p.words, *p.heading))
        vec.update(("name", n) for n in p.names)
        vec.update(("count", n) for n in p.counts if n >= 3)
        if p.lo is not None and p.hi - p.lo <= 31:
            vec.add(("date", p.lo, p.hi))
    df: dict = defaultdict(int)
    for vec in terms.values():
        for t in vec:
            df[t] += 1
    cap, k, query = rules.document_term_df, rules.similar_documents, rules.document_query_terms
    out: dict[str, list[str]] = {}
    for neutral_only in (False, True):
        postings: dict = defaultdict(list)
        rare = {}
        for doc, vec in terms.items():
            usable = (t for t in vec if 2 <= df[t] <= cap and not (neutral_only and t[0] == language[doc]))
            rare[doc] = sorted(usable, key=lambda t: (df[t], str(t)))[:query]
            for t in rare[doc]:
                postings[t].append(doc)
        for doc, kept in rare.items():
            score: dict[str, float] = defaultdict(float)
            for t in kept:
                weight = math.log(len(terms) / df[t])
                for other in postings[t]:
                    if other != doc and (language[other] != language[doc]) == neutral_only:
                        score[other] += weight
            out.setdefault(doc, []).extend(sorted(score, key=lambda d: (-score[d], d))[:k])
    return out
