"""The array features equal the pair-by-pair features, on mentions that vary every field."""
import itertools
import random

import numpy as np

from counterpoint.link.arrays import MentionArrays
from counterpoint.link.mention import prepare
from counterpoint.link.rules import load_rules
from counterpoint.link.scoring import FEATURES, features, load_model, veto

from .conftest import POLICE, count, mention

WORDS = ("camp tents police cleared families shelter buses morning riot vans gas river bridge "
         "lorry port fence volunteers meals boat beach coastguard rescued night wood").split()
PLACES = [("Calais", 50.95, 1.86), ("Grande-Synthe", 51.01, 2.30), ("Dunkirk", 51.03, 2.38),
          ("Paris", 48.85, 2.35), ("Calais port", 50.96, 1.87), ("Lesbos", 39.2, 26.3),
          ("the Channel", None, None), (None, None, None)]
DATES = [None, "2020-09-29", "2020-09-30", "2021-09-29", "2020-09", "2020", "2020-11-10", "2019-09-29"]


def _varied(n: int, seed: int = 3) -> list[dict]:
    rnd = random.Random(seed)
    types = ["eviction", "arrest", "death", "crossing", "protest", "aid", "policy", "fire"]
    out = []
    for k in range(n):
        place, lat, lon = rnd.choice(PLACES)
        m = mention(f"m{k:03d}", f"d{rnd.randrange(n // 3)}", rnd.choice(["A", "B", "C", None]),
                    rnd.choice(types), " ".join(rnd.choices(WORDS, k=8)) + (f" in {place}" if place else ""),
                    date=rnd.choice(DATES), place=place, lat=lat, lon=lon,
                    published=rnd.choice([None, "2020-09-30", "2020-10-12", "2021-01-05"]),
                    participants=rnd.choice([(), (POLICE,), ({"role": "target", "category": "migrants",
                                                             "label": "migrants", "count": count(rnd.choice([3, 40, 41, 200]))},)]),
                    killed=rnd.choice([None, None, count(1), count(2), count(27)]),
                    arrested=rnd.choice([None, count(5), count(6), count(12)]))
        m["language"] = rnd.choice(["en", "en", "fr"])
        m["background"] = rnd.random() < 0.1
        if rnd.random() < 0.2:
            m["date_stated"] = False
        out.append(m)
    return out


def test_array_features_equal_pair_features():
    rules = load_rules()
    prepared = prepare(_varied(90), rules)
    pairs = list(itertools.combinations(range(len(prepared)), 2))
    i = np.array([a for a, _ in pairs])
    j = np.array([b for _, b in pairs])
    arrays = MentionArrays(prepared, rules)
    got = arrays.features(i, j)
    want = np.array([features(prepared[a], prepared[b], rules) for a, b in pairs])
    for k, name in enumerate(FEATURES):
        assert np.allclose(got[:, k], want[:, k], atol=1e-9), name
        assert want[:, k].any() or name in {"same_document"}, f"the mentions never exercise {name}"
    vetoed = np.array([veto(prepared[a], prepared[b], rules) is not None for a, b in pairs])
    assert (arrays.vetoed(i, j) == vetoed).all() and vetoed.any()
    model = load_model()
    p = arrays.probabilities(i, j, model)
    expected = [0.0 if v else model.probability(x) for v, x in zip(vetoed, want)]
    assert np.allclose(p, expected, atol=1e-9)


def test_arrays_a_per_document_dot_is_computed_once_per_pair_of_documents_with_the_same_sums():
    from scipy import sparse

    from counterpoint.link.arrays import _dot, _dot_by
    rng = np.random.default_rng(5)
    document = np.repeat(np.arange(40), rng.integers(1, 5, size=40))  # 1-4 mentions a document
    doc_rows = sparse.random(40, 300, density=0.05, format="csr", random_state=6)
    m = doc_rows[document]  # each mention carries its document's row
    first = np.full(40, -1, dtype=np.int64)
    first[document[::-1]] = np.arange(len(document) - 1, -1, -1)
    i = rng.integers(0, len(document), size=2000)
    j = rng.integers(0, len(document), size=2000)
    assert np.array_equal(_dot_by(m, document, first, i, j), _dot(m, i, j))
