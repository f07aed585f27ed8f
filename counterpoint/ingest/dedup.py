"""Exact and near duplicates: a normalised hash, and MinHash over words and word triples.

A reposted wire story keeps most word triples; a spun rewrite swaps words for synonyms
and keeps few triples but most content words, so both signatures are indexed and a pair
is a near duplicate when either similarity is high and the lengths are comparable.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE_THRESHOLD = 0.5  # Jaccard of word triples: reposted copies
WORD_THRESHOLD = 0.5  # Jaccard of content words: spun rewrites (distinct reports of one event stay under 0.4)
MIN_WORDS = 25  # shorter texts are too small to call near duplicates

_STOP = frozenset("""a an the and or but of to in on at by for with from as is are was were be been
it its this that these those he she they we you i his her their our not no so than then there here
has have had will would can could may might do does did le la les de des du un une et en au aux est
sont pour par sur dans qui que""".split())


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'")
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text)).strip()


def exact_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def _words(text: str) -> list[str]:
    return normalise(text).split()


# every signature's MinHash starts as a copy of this one: drawing the seed's permutations is
# most of the cost of a new MinHash, and they are the same each time
_EMPTY = MinHash(num_perm=NUM_PERM, seed=7)


def _minhash(tokens) -> MinHash:
    m = _EMPTY.copy()
    if tokens:  # one vectorised pass (update() per token costs five times more; same values)
        m.update_batch([t.encode("utf-8") for t in tokens])
    return m


@dataclass
class Signature:
    exact: str
    shingles: MinHash
    content: MinHash
    n_words: int

    def to_json(self) -> dict:
        return {"exact": self.exact, "n_words": self.n_words,
                "shingles": [int(x) for x in self.shingles.hashvalues],
                "content": [int(x) for x in self.content.hashvalues]}

    @classmethod
    def from_json(cls, d: dict) -> "Signature":
        import numpy as np

        sh, co = _EMPTY.copy(), _EMPTY.copy()
        sh.hashvalues = np.array(d["shingles"], dtype=sh.hashvalues.dtype)
        co.hashvalues = np.array(d["content"], dtype=co.hashvalues.dtype)
        return cls(d["exact"], sh, co, d["n_words"])


def signature(text: str) -> Signature:
    words = _words(text)
    triples = {" ".join(words[i:i + 3]) for i in range(max(len(words) - 2, 1))}
    content = {w for w in words if w not in _STOP and len(w) > 2}
    return Signature(exact_hash(text), _minhash(triples), _minhash(content), len(words))


@dataclass
class Match:
    doc_id: str
    similarity: float
    exact: bool


class DedupIndex:
    """The documents seen so far; `find` names the earliest one a new text copies."""

    def __init__(self):
        self._exact: dict[str, str] = {}
        self._sigs: dict[str, Signature] = {}
        self._lsh_sh = MinHashLSH(threshold=SHINGLE_THRESHOLD, num_perm=NUM_PERM)
        self._lsh_co = MinHashLSH(threshold=WORD_THRESHOLD - 0.1, num_perm=NUM_PERM)  # wide net, exact check below

    def __len__(self) -> int:
        return len(self._sigs)

    def find(self, sig: Signature, exclude: str | None = None) -> Match | None:
        if sig.exact in self._exact and self._exact[sig.exact] != exclude:
            return Match(self._exact[sig.exact], 1.0, True)
        if sig.n_words < MIN_WORDS:
            return None
        best: Match | None = None
        candidates = set(self._lsh_sh.query(sig.shingles)) | set(self._lsh_co.query(sig.content))
        for doc_id in sorted(candidates - {exclude}):
            other = self._sigs[doc_id]
            if other.n_words < MIN_WORDS:
                continue
            ratio = min(sig.n_words, other.n_words) / max(sig.n_words, other.n_words)
            if ratio < 0.5:  # a short excerpt quoting a long report is not a copy of it
                continue
            sim_sh = sig.shingles.jaccard(other.shingles)
            sim_co = sig.content.jaccard(other.content)
            if sim_sh >= SHINGLE_THRESHOLD or sim_co >= WORD_THRESHOLD:
                sim = round(max(sim_sh, sim_co), 3)
                if best is None or sim > best.similarity:
                    best = Match(doc_id, sim, False)
        return best

    def add(self, doc_id: str, sig: Signature) -> None:
        if doc_id in self._sigs:
            return
        self._exact.setdefault(sig.exact, doc_id)
        self._sigs[doc_id] = sig
        if sig.n_words >= MIN_WORDS:
            self._lsh_sh.insert(doc_id, sig.shingles)
            self._lsh_co.insert(doc_id, sig.content)
