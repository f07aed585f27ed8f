"""Candidate pairs: only mentions that share a type family and a week, a place word, a map
cell, a rare word or a document are compared, and big blocks only with their nearest neighbours in time,
so the number of pairs grows linearly with the number of mentions."""
from __future__ import annotations

import math
from collections import defaultdict

from .mention import Prepared, has_coords
from .rules import Rules


def block_keys(p: Prepared, rules: Rules) -> set[tuple]:
    keys: set[tuple] = {("doc", p.document)}
    for family in rules.families_of(p.type):
        if p.lo is not None and p.hi - p.lo <= rules.max_span_days:
            keys |= {(family, "week", w) for w in range(p.lo // 7, p.hi // 7 + 1)}
        keys |= {(family, "place", w) for w in p.place_words}
        keys |= {(family, "word", w) for w in p.salient}
        if has_coords(p):
            size = rules.geo_cell_degrees
            x, y = math.floor(p.lat / size), math.floor(p.lon / size)
            # the neighbouring cells too, so two points either side of a cell edge meet
            keys |= {(family, "cell", x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
        if p.lo is None and not p.place_words and not has_coords(p):
            keys.add((family, "vague"))
    return keys


def candidate_pairs(prepared: list[Prepared], rules: Rules) -> list[tuple[int, int]]:
    """Index pairs (i < j) worth scoring, sorted."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for p in prepared:
        for k in block_keys(p, rules):
            blocks[k].append(p.index)
    pairs: set[tuple[int, int]] = set()
    width = rules.neighbourhood
    for members in blocks.values():
        if len(members) < 2:
            continue
        # sorted neighbourhood: in a big block, each mention meets the next `width` in time
        members.sort(key=lambda i: (prepared[i].mid, prepared[i].key))
        for n, i in enumerate(members):
            for j in members[n + 1:n + 1 + width]:
                a, b = (i, j) if i < j else (j, i)
                if rules.compatible(prepared[a].type, prepared[b].type):
                    pairs.add((a, b))
    return sorted(pairs)
