"""The scored candidate pairs, held compactly.

A million mentions make some fifty million candidate pairs; as a Python dict of tuples that
is about 180 bytes a pair (and a second copy per direction for neighbourhoods). Here they are a
symmetric sparse adjacency in numpy arrays (CSR: for each mention its candidates, sorted, and
their probabilities), 12 bytes a pair and direction, with a small dict for the odd pair
scored on demand.
"""
from __future__ import annotations

import numpy as np


class PairScores:
    def __init__(self, n: int, i: np.ndarray, j: np.ndarray, p: np.ndarray):
        """`n` mentions; the candidate pairs (i[k] < j[k], each once) and their probabilities."""
        self.n = n
        # mention indices as int32 while they fit: a million mentions make 100M+ pairs
        index = np.int32 if n < 2**31 else np.int64
        i, j, p = np.asarray(i, dtype=index), np.asarray(j, dtype=index), np.asarray(p, dtype=float)
        if len(i) > 1 and not np.all((i[1:] > i[:-1]) | ((i[1:] == i[:-1]) & (j[1:] > j[:-1]))):
            order = np.lexsort((j, i))
            i, j, p = i[order], j[order], p[order]
        self.npairs = len(i)
        # each row: its candidates below it (the pairs (k, row), by k), then above it (the
        # pairs (row, k), by k), so each row is sorted; placed by counting, without a sort of
        # both directions together
        below, above = np.bincount(j, minlength=n), np.bincount(i, minlength=n)
        self.indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(below + above, out=self.indptr[1:])
        self.cols = np.empty(2 * len(i), dtype=index)
        self.vals = np.empty(2 * len(i))
        start = self.indptr[:-1]
        at = start[i] + below[i] + (np.arange(len(i)) - (np.cumsum(above) - above)[i])
        self.cols[at], self.vals[at] = j, p
        order = np.argsort(j, kind="stable")  # (k, row) by row, then k: i is sorted already
        js = j[order]
        at = start[js] + (np.arange(len(js)) - (np.cumsum(below) - below)[js])
        self.cols[at], self.vals[at] = i[order], p[order]
        self.extra: dict[int, float] = {}  # i * n + j (i < j) -> probability, scored on demand

    @classmethod
    def from_dict(cls, n: int, scores: dict[tuple[int, int], float]) -> "PairScores":
        keys = sorted(tuple(sorted(k)) for k in scores)
        values = {tuple(sorted(k)): v for k, v in scores.items()}
        return cls(n, np.array([a for a, _ in keys], dtype=np.int64), np.array([b for _, b in keys], dtype=np.int64),
                   np.array([values[k] for k in keys], dtype=float))

    def __len__(self) -> int:
        return self.npairs + len(self.extra)

    def get(self, i: int, j: int) -> float | None:
        lo, hi = self.indptr[i], self.indptr[i + 1]
        k = lo + int(np.searchsorted(self.cols[lo:hi], j))
        if k < hi and self.cols[k] == j:
            return float(self.vals[k])
        return self.extra.get(i * self.n + j if i < j else j * self.n + i)

    def get_many(self, i: int, js: list[int]) -> list[float | None]:
        """get(i, j) for each j of `js`, the adjacency searched once for all of them."""
        lo, hi = self.indptr[i], self.indptr[i + 1]
        row = self.cols[lo:hi]
        want = np.asarray(js, dtype=np.int64)
        at = np.minimum(np.searchsorted(row, want), max(0, hi - lo - 1))
        hit = (row[at] == want) if hi > lo else np.zeros(len(want), dtype=bool)
        vals = self.vals[lo:hi][at] if hi > lo else np.zeros(len(want))
        return [float(v) if h else self.extra.get(i * self.n + j if i < j else j * self.n + i)
                for j, h, v in zip(want.tolist(), hit.tolist(), vals.tolist())]

    def put(self, i: int, j: int, p: float) -> None:
        self.extra[i * self.n + j if i < j else j * self.n + i] = p

    def put_many(self, i: np.ndarray, j: np.ndarray, p: np.ndarray) -> None:
        """Pairs (i < j) scored outside blocking, all at once."""
        self.extra.update(zip((i * self.n + j).tolist(), p.tolist()))

    def neighbours(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Mention i's candidates and their probabilities."""
        lo, hi = self.indptr[i], self.indptr[i + 1]
        return self.cols[lo:hi], self.vals[lo:hi]

    def between(self, members: list[int], root: np.ndarray, target: int):
        """The pairs between `members` and the mentions whose root is `target`: (member, other,
        probability) as three arrays."""
        rows, cols, vals = self.rows_of(members)
        keep = root[cols] == target
        return rows[keep], cols[keep], vals[keep]

    def rows_of(self, members: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The members' rows of the adjacency, gathered in one vectorised step: (row, col, p)."""
        m = np.asarray(members, dtype=np.int64)
        starts, lengths = self.indptr[m], self.indptr[m + 1] - self.indptr[m]
        if not len(m) or not lengths.sum():
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        ends = np.cumsum(lengths)
        at = np.arange(int(ends[-1]), dtype=np.int64) + np.repeat(starts - (ends - lengths), lengths)
        return np.repeat(m, lengths), self.cols[at], self.vals[at]

    def above(self, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The pairs whose probability reaches `threshold`: i, j, p."""
        rows = np.repeat(np.arange(self.n, dtype=self.cols.dtype), np.diff(self.indptr))
        keep = (self.cols > rows) & (self.vals >= threshold)  # each pair once, as (i < j)
        return rows[keep].astype(np.int64), self.cols[keep].astype(np.int64), self.vals[keep]
