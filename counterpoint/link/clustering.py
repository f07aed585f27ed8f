"""Greedy clustering of scored pairs into incidents, strongest link first, under constraints:
no two events of one document of one type, no analyst "cannot link", no two earlier
incidents merged, and every member's date window and place kept compatible. Pairs of one
language are clustered before pairs across languages, and a cross-language link only joins
clusters with no language in common."""
from __future__ import annotations

from dataclasses import dataclass, field

from .mention import Prepared, distance_km, has_coords
from .rules import Rules


@dataclass
class Cluster:
    members: list[int]
    doc_types: set[tuple[str, str]]
    lo: int | None
    hi: int | None
    lat: float | None = None  # centroid of the members that have coordinates
    lon: float | None = None
    located: int = 0
    previous: str | None = None
    cannot: set[int] = field(default_factory=set)  # members' explicit cannot-link partners
    languages: set = field(default_factory=set)  # of its members' documents


class Clusters:
    """Union-find whose roots carry the constraint state of their cluster."""

    def __init__(self, prepared: list[Prepared], rules: Rules,
                 scored: list[tuple[float, int, int]] = ()):
        self.rules = rules
        self.near: dict[int, list[tuple[int, float]]] = {}  # scored neighbours of each mention
        for s, i, j in scored:
            self.near.setdefault(i, []).append((j, s))
            self.near.setdefault(j, []).append((i, s))
        self.parent = list(range(len(prepared)))
        self.state = {p.index: Cluster(
            members=[p.index], doc_types={(p.document, p.type)}, lo=p.lo, hi=p.hi,
            lat=p.lat if has_coords(p) else None, lon=p.lon if has_coords(p) else None,
            located=1 if has_coords(p) else 0, languages={p.language}) for p in prepared}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def why_not(self, i: int, j: int) -> str | None:
        """The constraint that forbids merging the clusters of i and j, or None."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return None
        a, b = self.state[ri], self.state[rj]
        if a.doc_types & b.doc_types:
            return "same document and type"
        if any(self.find(k) == rj for k in a.cannot) or any(self.find(k) == ri for k in b.cannot):
            return "cannot link"
        if a.previous and b.previous and a.previous != b.previous:
            return "two earlier incidents"
        if a.lo is not None and b.lo is not None and (a.hi < b.lo or b.hi < a.lo):
            return "dates"
        if a.located and b.located and \
                distance_km(a.lat, a.lon, b.lat, b.lon) > self.rules.max_distance_km:
            return "distance"
        small, other = (a, rj) if len(a.members) <= len(b.members) else (b, ri)
        if self.average(small, other) < self.rules.average_threshold:
            return "weak on average"
        return None

    def average(self, a: Cluster, other_root: int) -> float:
        """Mean, over the members of both clusters, of each one's best score into the other:
        one strong pair is not enough to chain two incidents together (single-linkage
        drift), while the eviction and the arrests of one operation need not resemble
        each other, only something on the other side."""
        best: dict[int, float] = {}
        for i in a.members:
            for j, s in self.near.get(i, ()):
                if self.find(j) == other_root:
                    best[i] = max(best.get(i, 0.0), s)
                    best[j] = max(best.get(j, 0.0), s)
        return sum(best.values()) / len(best) if best else 0.0

    def union(self, i: int, j: int) -> int:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return ri
        if len(self.state[ri].members) < len(self.state[rj].members):
            ri, rj = rj, ri
        a, b = self.state[ri], self.state.pop(rj)
        self.parent[rj] = ri
        a.members += b.members
        a.doc_types |= b.doc_types
        a.cannot |= b.cannot
        a.languages |= b.languages
        a.previous = min(filter(None, (a.previous, b.previous)), default=None)
        if b.lo is not None:
            a.lo, a.hi = (b.lo, b.hi) if a.lo is None else (max(a.lo, b.lo), min(a.hi, b.hi))
        if b.located:
            n = a.located + b.located
            a.lat = ((a.lat or 0) * a.located + b.lat * b.located) / n
            a.lon = ((a.lon or 0) * a.located + b.lon * b.located) / n
            a.located = n
        return ri

    def groups(self) -> list[list[int]]:
        return [sorted(c.members) for c in self.state.values()]


def cluster(prepared: list[Prepared], scored: list[tuple[float, int, int]], rules: Rules,
            previous: dict[int, str], must: list[tuple[int, int]],
            cannot: list[tuple[int, int]]) -> list[list[int]]:
    """Groups of mention indices. `scored` holds (score, i, j) for candidate pairs."""
    clusters = Clusters(prepared, rules, scored)
    for i, j in cannot:
        clusters.state[i].cannot.add(j)
        clusters.state[j].cannot.add(i)
    # earlier incidents first, so their mentions stay together and keep their ids
    by_incident: dict[str, list[int]] = {}
    for i, inc in sorted(previous.items()):
        clusters.state[clusters.find(i)].previous = inc
        by_incident.setdefault(inc, []).append(i)
    for members in by_incident.values():
        for k in members[1:]:
            clusters.union(members[0], k)
    for i, j in must:  # an analyst's merge wins over every rule
        clusters.union(i, j)
    # within each language first, then across languages: a French report joins the incident
    # its English counterparts make, and never bridges two incidents of one language
    ranked = sorted(scored, key=lambda t: (-t[0], prepared[t[1]].key, prepared[t[2]].key))
    for across in (False, True):
        for s, i, j in ranked:
            if s < rules.threshold:
                break
            if (prepared[i].language != prepared[j].language) != across:
                continue
            if across:
                a, b = clusters.state[clusters.find(i)], clusters.state[clusters.find(j)]
                if a.languages & b.languages:
                    continue
            if clusters.why_not(i, j) is None:
                clusters.union(i, j)
    return clusters.groups()
