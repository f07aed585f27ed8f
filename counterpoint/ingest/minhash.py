"""MinHash signatures and their LSH index: the values of datasketch 2.0's, without its imports.

`import datasketch` imports its LSH module, which imports scipy.integrate (0.75 s of CPU in
every `ingest` or `analyze` run, a third of start-up over bare spaCy) for the one integral
that picks the LSH's bands. This module computes the same things with numpy alone:

- `MinHash`: datasketch's default "affine32" scheme, bit for bit: SHA-1's first four bytes
  of each token, the MurmurHash3 finalizer, then `a*h + b` in uint32 with the permutations
  numpy's RandomState(seed) draws there. Stored signatures therefore stay comparable with
  those of earlier runs (tests/ingest/test_minhash.py checks it against datasketch).
- `LSH`: datasketch's MinHashLSH: the bands and rows that minimise the weighted false
  positive and negative probabilities (its `_optimal_param`), and one bucket table per band.
  The integrals are of polynomials of degree bands*rows <= num_perm, which Gauss-Legendre
  quadrature with num_perm nodes computes exactly (scipy's `quad` to 1.5e-8).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from functools import lru_cache
from typing import Hashable, Iterable

import numpy as np

_MAX = np.uint32(0xFFFFFFFF)
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@lru_cache(maxsize=None)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The `a` (odd) and `b` of each permutation, drawn as datasketch draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _hash32(items: Iterable[bytes]) -> np.ndarray:
    """SHA-1's first four bytes, little-endian, of each item (datasketch's sha1_hash32)."""
    digests = b"".join(hashlib.sha1(x).digest()[:4] for x in items)
    return np.frombuffer(digests, dtype="<u4").astype(np.uint32)


def _fmix(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


class MinHash:
    """A MinHash of `num_perm` uint32 values over byte strings."""

    def __init__(self, num_perm: int = 128, seed: int = 1):
        self.num_perm, self.seed = num_perm, seed
        self.hashvalues = np.full(num_perm, _MAX, dtype=np.uint32)

    def update_batch(self, items: Iterable[bytes]) -> None:
        hv = _hash32(items)
        if not len(hv):
            return
        a, b = _permutations(self.num_perm, self.seed)
        with np.errstate(over="ignore"):  # uint32 wraps around: that is the modulo 2**32
            phv = _fmix(hv.reshape(-1, 1)) * a + b
        self.hashvalues = np.minimum(self.hashvalues, phv.min(axis=0))

    def jaccard(self, other: "MinHash") -> float:
        if self.seed != other.seed or len(self.hashvalues) != len(other.hashvalues):
            raise ValueError("MinHashes of different seeds or sizes cannot be compared")
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / float(len(self.hashvalues))


@lru_cache(maxsize=None)
def _nodes(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.polynomial.legendre.leggauss(n)


def _probabilities(threshold: float, bands: int, rows: int, nodes: int) -> tuple[float, float]:
    """The false positive and false negative probabilities of datasketch's MinHashLSH."""
    x, w = _nodes(nodes)

    def integral(lo: float, hi: float, f) -> float:
        t = (hi - lo) / 2 * x + (hi + lo) / 2
        return float((hi - lo) / 2 * np.dot(w, f(t)))

    fp = integral(0.0, threshold, lambda s: 1 - (1 - s ** float(rows)) ** float(bands))
    fn = integral(threshold, 1.0, lambda s: 1 - (1 - (1 - s ** float(rows)) ** float(bands)))
    return fp, fn


@lru_cache(maxsize=None)
def optimal_bands(threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows) minimising fp_weight * P(false positive) + fn_weight * P(false negative)."""
    best, best_error = (0, 0), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp, fn = _probabilities(threshold, bands, rows, max(num_perm, 2))
            error = fp * fp_weight + fn * fn_weight
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


class LSH:
    """Keys of MinHashes that share all the values of at least one band with a query."""

    def __init__(self, threshold: float = 0.9, num_perm: int = 128):
        self.bands, self.rows = optimal_bands(threshold, num_perm)
        self._tables: list[dict[bytes, set]] = [defaultdict(set) for _ in range(self.bands)]
        self._keys: set = set()

    def _buckets(self, m: MinHash) -> list[bytes]:
        hv = m.hashvalues
        return [hv[i * self.rows:(i + 1) * self.rows].tobytes() for i in range(self.bands)]

    def insert(self, key: Hashable, m: MinHash) -> None:
        if key in self._keys:
            raise ValueError(f"the key {key!r} is already in the index")
        self._keys.add(key)
        for table, bucket in zip(self._tables, self._buckets(m)):
            table[bucket].add(key)

    def query(self, m: MinHash) -> set:
        found: set = set()
        for table, bucket in zip(self._tables, self._buckets(m)):
            if bucket in table:
                found |= table[bucket]
        return found
