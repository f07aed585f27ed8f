"""Average-linkage clustering: constraints that hold whatever the pair probabilities say."""
from counterpoint.link.clustering import Groups, cluster
from counterpoint.link.mention import prepare
from counterpoint.link.rules import load_rules

from .conftest import mention


def _groups(ms, probabilities):
    rules = load_rules()
    prepared = prepare(ms, rules)
    index = {p.key: p.index for p in prepared}
    known = {tuple(sorted((index[a], index[b]))): p for (a, b), p in probabilities.items()}
    return Groups(prepared, rules, known, lambda i, j: 0.0), index


def _together(groups, index, a, b):
    return groups.find(index[a]) == groups.find(index[b])


def test_clustering_background_mention_joins_but_never_bridges():
    ms = [mention("a1", "d1", "S", "eviction", "Camp one cleared."),
          mention("a2", "d2", "S", "eviction", "Camp one was cleared."),
          mention("b1", "d3", "S", "eviction", "Camp two cleared."),
          mention("b2", "d4", "S", "eviction", "Camp two was cleared."),
          dict(mention("x", "d5", "S", "eviction", "As when camps one and two were cleared."), background=True)]
    probabilities = {("a1", "a2"): 0.95, ("b1", "b2"): 0.95, ("x", "a1"): 0.9, ("x", "b1"): 0.9,
                     ("a1", "b1"): 0.0, ("a2", "b2"): 0.0}
    groups, index = _groups(ms, probabilities)
    cluster(groups, 0.5, 0.0, {}, [], [])
    assert _together(groups, index, "a1", "a2") and _together(groups, index, "b1", "b2")
    assert not _together(groups, index, "a1", "b1")
    assert _together(groups, index, "x", "a1") or _together(groups, index, "x", "b1")


def test_clustering_one_strong_pair_does_not_chain_two_groups():
    ms = [mention(k, f"d{k}", "S", "eviction", f"Report {k}.") for k in ("a1", "a2", "b1", "b2")]
    probabilities = {("a1", "a2"): 0.95, ("b1", "b2"): 0.95, ("a2", "b1"): 0.9,
                     ("a1", "b1"): 0.01, ("a1", "b2"): 0.01, ("a2", "b2"): 0.01}
    groups, index = _groups(ms, probabilities)
    cluster(groups, 0.5, 0.5, {}, [], [])
    assert not _together(groups, index, "a1", "b2")


def test_clustering_analyst_constraints_win():
    ms = [mention(k, f"d{k}", "S", "eviction", f"Report {k}.") for k in ("a", "b", "c")]
    groups, index = _groups(ms, {("a", "b"): 0.99, ("b", "c"): 0.01})
    cluster(groups, 0.5, 0.5, {}, must=[(index["b"], index["c"])], cannot=[(index["a"], index["b"])])
    assert _together(groups, index, "b", "c") and not _together(groups, index, "a", "b")
