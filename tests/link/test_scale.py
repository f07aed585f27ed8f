"""Linking at scale gives the same result as before: pairs scored in forked processes, candidate
codes deduplicated chunk by chunk, the pair adjacency built by counting."""
import numpy as np

from counterpoint.link import arrays, blocking, link_mentions, load_rules, prepare
from counterpoint.link.pairs import PairScores

from .conftest import POLICE, count, evicted, mention

TOWNS = [("Northport", 50.9, 1.8), ("Eastmere", 51.1, 2.4), ("Southfield", 50.7, 1.6), ("Westbay", 49.6, -1.6)]
TYPES = ["eviction", "arrest", "crossing", "protest"]


def many_mentions(n_stories: int = 60) -> list[dict]:
    """Stories of two to four reports each, in a few towns over some months: many candidate
    pairs, some joined, most not."""
    out = []
    for s in range(n_stories):
        town, lat, lon = TOWNS[s % len(TOWNS)]
        kind = TYPES[(s // 3) % len(TYPES)]
        day = f"2023-{1 + s % 6:02d}-{1 + (7 * s) % 27:02d}"
        size = 40 + 10 * (s % 9)
        for r in range(2 + s % 3):
            doc = f"s{s}r{r}"
            out.append(mention(f"{doc}#0", doc, f"Outlet {r}", kind,
                               f"Officers in {town} dealt with {size} people near the {s % 5}th pier, said report {r}.",
                               date=day if r % 2 == 0 else None, published=day, place=town, lat=lat, lon=lon,
                               participants=[POLICE, evicted(size + r % 2)], arrested=count(s % 7 + 2)))
    return out


def test_pairs_scored_in_two_processes_give_the_same_result(monkeypatch):
    monkeypatch.setattr(arrays, "BATCH", 100)  # batches of 1,000 pairs: several of them here
    ms = many_mentions()
    one = link_mentions(ms, workers=1)
    assert one.stats["candidate_pairs"] > 3_000 and 1 < len(one.incidents) < len(ms)
    two = link_mentions(ms, workers=2)
    assert (two.incidents, two.assignment, two.links) == (one.incidents, one.assignment, one.links)


def test_candidate_codes_merged_chunk_by_chunk_are_the_same(monkeypatch):
    rules = load_rules()
    prepared = prepare(many_mentions(), rules)
    whole = blocking.candidate_codes(prepared, rules)
    monkeypatch.setattr(blocking, "CHUNK", 7)  # a merge every few blocks
    chunked = blocking.candidate_codes(prepared, rules)
    assert len(whole) > 3_000 and np.array_equal(chunked, whole)


def test_unique_codes_is_the_sorted_set_of_all_chunks(monkeypatch):
    monkeypatch.setattr(blocking, "CHUNK", 5)
    rng = np.random.default_rng(3)
    chunks = [rng.integers(0, 500, size=rng.integers(0, 40)) for _ in range(60)]
    codes = blocking.UniqueCodes()
    for c in chunks:
        codes.add(c.astype(np.int64))
    assert np.array_equal(codes.result(), np.unique(np.concatenate(chunks)))


def test_pair_scores_rows_are_those_of_a_sort_of_both_directions():
    rng = np.random.default_rng(5)
    n = 50
    codes = np.unique(rng.integers(0, n * n, size=400))
    i, j = np.divmod(codes, n)
    keep = i < j
    i, j = i[keep], j[keep]
    p = rng.random(len(i))
    shuffled = rng.permutation(len(i))
    got = PairScores(n, i[shuffled], j[shuffled], p[shuffled])  # in any order
    rows, cols = np.concatenate([i, j]), np.concatenate([j, i])
    order = np.lexsort((cols, rows))
    assert np.array_equal(got.cols, cols[order]) and np.array_equal(got.vals, np.concatenate([p, p])[order])
    assert np.array_equal(got.indptr, np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))]))
    a_i, a_j, a_p = got.above(0.5)
    assert np.array_equal(a_i, i[p >= 0.5]) and np.array_equal(a_j, j[p >= 0.5]) and np.array_equal(a_p, p[p >= 0.5])
    assert len(got) == len(i) and got.get(int(j[0]), int(i[0])) == p[0]
