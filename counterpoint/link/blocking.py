"""Candidate pairs: only mentions that share a type family and a week, a place word, a map
cell, a rare word or a document are compared, and big blocks only with their nearest neighbours in time,
so the number of pairs grows linearly with the number of mentions. Neighbourhoods are taken
within each language, then across languages."""
from __future__ import annotations

import math
from datetime import date
from collections import defaultdict
from collections.abc import Iterator

from .mention import Prepared, has_coords
from .rules import Rules


def time_keys(p: Prepared, rules: Rules) -> set[tuple]:
    """Narrow windows meet by week and by month; coarse ones (a month) by month only."""
    if p.lo is None or p.hi - p.lo > rules.max_span_days:
        return set()
    lo, hi = date.fromordinal(p.lo), date.fromordinal(p.hi)
    keys = {("month", y * 12 + m) for y, m in months(lo, hi)}
    if p.hi - p.lo <= 21:
        keys |= {("week", w) for w in range(p.lo // 7, p.hi // 7 + 1)}
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
    keys = time_keys(p, rules) | geo_keys(p, rules)
    keys |= {("place", w) for w in p.place_words} | {("word", w) for w in p.salient}
    if not keys:
        keys.add(("vague",))
    out = {(family, *k) for family in rules.families_of(p.type) for k in keys}
    out.add(("doc", p.document))
    return out


def candidate_pairs(prepared: list[Prepared], rules: Rules) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) worth scoring, in order."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for p in prepared:
        for k in block_keys(p, rules):
            blocks[k].append(p.index)
    n_all = len(prepared)
    types = [p.type for p in prepared]
    compatible = {(a, b): rules.compatible(a, b) for a in set(types) for b in set(types)}
    # sorted neighbourhood: in a big block, each mention meets the next `width` in time
    order = sorted(range(n_all), key=lambda i: (prepared[i].mid, prepared[i].key))
    rank = [0] * n_all
    for r, i in enumerate(order):
        rank[i] = r
    pairs: set[int] = set()  # i * n + j: ints hash faster than tuples
    width = rules.neighbourhood
    langs = [p.language for p in prepared]
    for members in blocks.values():
        if len(members) < 2:
            continue
        members.sort(key=rank.__getitem__)
        # the neighbours of each language among themselves, then across languages, so that
        # French reports never push English ones out of each other's neighbourhood
        by_lang: dict = defaultdict(list)
        for i in members:
            by_lang[langs[i]].append(i)
        runs = list(by_lang.values())
        if len(by_lang) > 1:
            runs += [[i] + [j for j in members if langs[j] != langs[i] and rank[j] > rank[i]][:width]
                     for i in members]
        for run in runs:
            for n, i in enumerate(run):
                ti = types[i]
                for j in run[n + 1:n + 1 + width]:
                    if compatible[ti, types[j]]:
                        pairs.add(i * n_all + j if i < j else j * n_all + i)
    del blocks
    codes = sorted(pairs)
    del pairs
    return (divmod(code, n_all) for code in codes)
