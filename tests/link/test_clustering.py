"""Average-linkage clustering: constraints that hold whatever the pair probabilities say."""
from counterpoint.link.clustering import Groups, cluster
from counterpoint.link.mention import prepare
from counterpoint.link.pairs import PairScores
from counterpoint.link.rules import load_rules

from .conftest import mention


def _groups(ms, probabilities):
    rules = load_rules()
    prepared = prepare(ms, rules)
    index = {p.key: p.index for p in prepared}
    known = {tuple(sorted((index[a], index[b]))): p for (a, b), p in probabilities.items()}
    return Groups(prepared, rules, PairScores.from_dict(len(prepared), known), lambda i, j: 0.0), index


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


def test_clustering_one_documents_two_events_of_a_type_may_share_an_incident_through_others():
    """An occurrence the analysis split in two (two deaths in one report) joins the incident that
    other reports make, when the average allows it; the two never link directly."""
    ms = [mention("e1", "d1", "S", "death", "A man died at the camp."),
          mention("e2", "d1", "S", "death", "The man who died was 30."),
          mention("f", "d2", "T", "death", "One man died at the camp."),
          mention("g", "d3", "U", "death", "A man died at the camp on Monday.")]
    probabilities = {("e1", "f"): 0.95, ("e2", "f"): 0.9, ("e1", "g"): 0.9, ("e2", "g"): 0.9,
                     ("f", "g"): 0.95, ("e1", "e2"): 0.0}
    groups, index = _groups(ms, probabilities)
    cluster(groups, 0.5, 0.5, {}, [], [])
    assert all(_together(groups, index, "f", k) for k in ("e1", "e2", "g"))
    # with no other report to vouch for it, the second event stays apart from the first
    groups, index = _groups(ms[:2], {("e1", "e2"): 0.0})
    cluster(groups, 0.5, 0.5, {}, [], [])
    assert not _together(groups, index, "e1", "e2")


def test_clustering_only_days_read_in_the_texts_keep_groups_apart():
    def pairs(dates):
        ms = [mention(k, f"d{k}", "S", "eviction", f"Report {k}.", date=d) for k, d in zip("abcd", dates)]
        probabilities = {("a", "b"): 0.95, ("c", "d"): 0.95, ("b", "c"): 0.9, ("a", "c"): 0.9,
                         ("a", "d"): 0.9, ("b", "d"): 0.9}
        groups, index = _groups(ms, probabilities)
        cluster(groups, 0.5, 0.5, {}, [], [])
        return _together(groups, index, "a", "d")

    assert not pairs(["2020-01-10", "2020-01-10", "2020-06-10", "2020-06-10"])  # days 150 apart
    assert pairs(["2020-01", "2020-01", "2020-06", "2020-06"])  # months: a slip the model weighs


def test_clustering_a_report_telling_several_events_links_on_its_best_match():
    """A report telling the eviction, the buses and the arrests of one operation joins another
    report of the eviction: each pair of reports counts at its best-linked mentions, so the
    report's other events do not dilute the link (an average over every pair of mentions,
    here 0.35, would keep them apart)."""
    ms = [mention("e", "d1", "S", "eviction", "The camp was cleared."),
          mention("r", "d1", "S", "relocation", "Buses took them to shelters."),
          mention("x", "d1", "S", "arrest", "Two men were detained."),
          mention("f", "d2", "T", "eviction", "Police cleared the camp.")]
    probabilities = {("e", "r"): 0.9, ("e", "x"): 0.9, ("r", "x"): 0.9,
                     ("e", "f"): 0.85, ("r", "f"): 0.1, ("x", "f"): 0.1}
    groups, index = _groups(ms, probabilities)
    cluster(groups, 0.5, 0.5, {}, [], [])
    assert _together(groups, index, "e", "f") and _together(groups, index, "r", "f")


def test_clustering_an_undated_report_never_bridges_incidents_years_apart():
    """Two shootings at one place five years apart, each dated by its reports' publication, and a
    report that gives no date at all and matches both: it joins one of them, never both."""
    def dated(key, doc, sentence, day):  # dated by the publication, as the analysis does
        return dict(mention(key, doc, "S", "assault", sentence, date=day, published=day), date_stated=False)

    ms = [dated("a1", "d1", "A man was shot at the camp.", "2020-10-27"),
          dated("a2", "d2", "A man was shot dead at the camp.", "2020-10-28"),
          dated("b1", "d3", "A man was shot at the camp.", "2025-06-14"),
          dated("b2", "d4", "Shots were fired at the camp.", "2025-06-15"),
          mention("u", "d5", "U", "assault", "A man was shot at the camp.")]
    probabilities = {("a1", "a2"): 0.9, ("b1", "b2"): 0.9, ("u", "a1"): 0.95, ("u", "a2"): 0.95,
                     ("u", "b1"): 0.95, ("u", "b2"): 0.95, ("a1", "b1"): 0.6, ("a2", "b2"): 0.6,
                     ("a1", "b2"): 0.6, ("a2", "b1"): 0.6}
    groups, index = _groups(ms, probabilities)
    cluster(groups, 0.5, 0.5, {}, [], [])
    assert not _together(groups, index, "a1", "b1")
    assert _together(groups, index, "u", "a1") or _together(groups, index, "u", "b1")


def test_clustering_a_kept_average_is_used_only_while_both_groups_are_unchanged(monkeypatch):
    ms = [mention("a1", "d1", "S", "eviction", "Camp one cleared."),
          mention("a2", "d2", "S", "eviction", "Camp one was cleared."),
          mention("b1", "d3", "S", "eviction", "Camp two cleared."),
          mention("b2", "d4", "S", "eviction", "Camp two was cleared."),
          mention("c1", "d5", "S", "eviction", "Camp two cleared again.")]
    probabilities = {("a1", "a2"): 0.95, ("b1", "b2"): 0.95, ("a1", "b1"): 0.2, ("a2", "b2"): 0.2,
                     ("b1", "c1"): 0.9, ("a1", "c1"): 0.9}
    groups, index = _groups(ms, probabilities)
    computed = []
    real = Groups.linkage
    monkeypatch.setattr(Groups, "linkage", lambda self, a, b: computed.append(1) or real(self, a, b))
    groups.union(index["a1"], index["a2"])
    groups.union(index["b1"], index["b2"])
    assert groups.why_not(index["a1"], index["b1"], 0.5) == "weak on average"
    assert groups.why_not(index["a2"], index["b2"], 0.5) == "weak on average"
    assert len(computed) == 1  # the second pair joins the same two groups: the kept average
    groups.union(index["b1"], index["c1"])  # one group grows: its average with the other changes
    groups.why_not(index["a1"], index["b1"], 0.5)
    assert len(computed) == 2
