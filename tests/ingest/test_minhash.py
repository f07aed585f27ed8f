"""Our MinHash and LSH give datasketch 2.0's values and candidates (stored signatures stay comparable)."""
import pytest

from counterpoint.ingest.minhash import LSH, MinHash, optimal_bands

datasketch = pytest.importorskip("datasketch")
lsh_module = pytest.importorskip("datasketch.lsh")

TEXTS = [
    "the ferry from Port Averne was delayed by a storm on Tuesday morning",
    "the ferry from Port Averne was delayed by a gale on Tuesday morning",
    "volunteers in Brellac counted forty tents near the canal after the rain",
    "a fishing boat left Ostrelle harbour at dawn with nine people aboard",
    "",
]


def _pair(tokens, num_perm=64, seed=7):
    ours, theirs = MinHash(num_perm=num_perm, seed=seed), datasketch.MinHash(num_perm=num_perm, seed=seed)
    ours.update_batch(tokens)
    theirs.update_batch(tokens)
    return ours, theirs


@pytest.mark.parametrize("num_perm,seed", [(64, 7), (128, 1), (16, 3)])
def test_minhash_same_values_as_datasketch(num_perm, seed):
    for text in TEXTS:
        ours, theirs = _pair([w.encode() for w in text.split()], num_perm, seed)
        assert ours.hashvalues.dtype == theirs.hashvalues.dtype
        assert ours.hashvalues.tolist() == theirs.hashvalues.tolist()
    a, b = _pair([w.encode() for w in TEXTS[0].split()]), _pair([w.encode() for w in TEXTS[1].split()])
    assert a[0].jaccard(b[0]) == a[1].jaccard(b[1])


@pytest.mark.parametrize("num_perm", [16, 64, 128])
def test_minhash_lsh_bands_as_datasketch(num_perm):
    for threshold in (0.1, 0.3, 0.4, 0.5, 0.7, 0.9):
        assert optimal_bands(threshold, num_perm) == lsh_module._optimal_param(threshold, num_perm, 0.5, 0.5)


def test_minhash_lsh_candidates_as_datasketch():
    ours, theirs = LSH(threshold=0.4, num_perm=64), datasketch.MinHashLSH(threshold=0.4, num_perm=64)
    words = [w for t in TEXTS for w in t.split()]
    sets = [set(words[i:i + 12]) for i in range(0, len(words) - 12, 3)]
    for key, s in enumerate(sets):
        mine, other = _pair([w.encode() for w in s])
        assert ours.query(mine) == set(theirs.query(other))
        ours.insert(key, mine)
        theirs.insert(key, other)
    with pytest.raises(ValueError):
        ours.insert(0, mine)
