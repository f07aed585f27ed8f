"""Blocking keeps the number of candidate pairs linear and finds partners by several keys."""
from counterpoint.link.blocking import candidate_pairs
from counterpoint.link.mention import prepare
from counterpoint.link.rules import load_rules

from .conftest import mention


def test_blocking_pairs_grow_linearly():
    rules = load_rules()

    def pairs(n):
        ms = [mention(f"k{i}", f"d{i}", "S", "eviction", f"Camp {i % 50} cleared in town {i % 7}.",
                      date=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", place=f"Town{i % 7}")
              for i in range(n)]
        return len(list(candidate_pairs(prepare(ms, rules), rules)))

    small, big = pairs(2000), pairs(8000)  # past the sizes where document neighbours fill up
    assert big <= 4 * small * 1.3


def test_blocking_undated_reports_of_other_types_meet_through_rare_names():
    """Undated, unplaced, typed differently by two outlets: only a shared rare name joins them."""
    rules = load_rules()
    filler = [mention(f"f{i}", f"g{i}", "S", "policy", f"The council met about budget item {i}.")
              for i in range(40)]
    ms = filler + [
        mention("a", "d1", "Wire", "relocation", "Buses took families from the Verdelune squat to shelters."),
        mention("b", "d2", "Blog", "eviction", "Riot police cleared the Verdelune squat at dawn.")]
    prepared = prepare(ms, rules)
    keys = {p.key: p.index for p in prepared}
    assert tuple(sorted((keys["a"], keys["b"]))) in set(candidate_pairs(prepared, rules))


def test_cross_language_neighbours_are_the_next_in_time_of_the_other_languages():
    import random

    from counterpoint.link.blocking import cross_language_runs

    rnd = random.Random(5)
    members = list(range(300))
    rank = list(range(300))
    rnd.shuffle(rank)
    members.sort(key=rank.__getitem__)
    langs = [rnd.choice(["en", "fr", "de"]) for _ in members]
    by_lang = {}
    for i in members:
        by_lang.setdefault(langs[i], []).append(i)
    got = {run[0]: run[1:] for run in cross_language_runs(by_lang, rank, 6)}
    for i in members:  # the definition: the first six later members of another language
        assert got[i] == [j for j in members if langs[j] != langs[i] and rank[j] > rank[i]][:6]
