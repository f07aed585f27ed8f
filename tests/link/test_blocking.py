"""Blocking keeps the number of candidate pairs linear."""
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

    small, big = pairs(500), pairs(2000)
    assert big <= 4 * small * 1.3


def test_blocking_incompatible_types_not_paired():
    rules = load_rules()
    ms = [mention("a", "d1", "S", "policy", "A decree was issued in Calais.", date="2023-01-01", place="Calais"),
          mention("b", "d2", "S", "fire", "A fire broke out in Calais.", date="2023-01-01", place="Calais")]
    assert list(candidate_pairs(prepare(ms, rules), rules)) == []
