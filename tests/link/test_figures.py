"""Figures per source, the conservative figure, and figure conflicts."""
import pytest

from counterpoint.link.conflicts import figure_conflicts
from counterpoint.link.figures import count_text, mention_figures, summarise
from counterpoint.link.rules import load_rules


def fig(source, document, n_min, n_max=None, approximate=False, what="injured"):
    return {"source": source, "document": document, "duplicate_of": None, "what": what,
            "category": "security_forces", "sentence": "...",
            "count": {"min": n_min, "max": n_max if n_max is not None else n_min, "approximate": approximate}}


@pytest.mark.parametrize("count,text", [({"min": 15, "max": 15, "approximate": False}, "15"),
                                        ({"min": 131, "max": None, "approximate": False}, "131+"),
                                        ({"min": None, "max": 30, "approximate": False}, "up to 30"),
                                        ({"min": 400, "max": 600, "approximate": False}, "400-600"),
                                        ({"min": 500, "max": 500, "approximate": True}, "~500")])
def test_figures_count_text(count, text):
    assert count_text(count) == text


def test_figures_conservative_is_lowest_credible():
    summary = summarise([fig("A", "a", 15), fig("B", "b", 16), fig("C", "c", 18)])[0]
    assert (summary["conservative"], summary["high"], summary["spread"]) == (15, 18, 3)
    assert summary["sources"] == ["A", "B", "C"]


def test_figures_conflict_names_sources_on_each_side():
    conflicts = figure_conflicts([fig("A", "a", 15), fig("B", "b", 16), fig("C", "c", 18),
                                  fig("D", "d", 15)], load_rules())
    assert conflicts[0]["kind"] == "figure" and conflicts[0]["what"] == "injured"
    assert conflicts[0]["sides"] == [{"value": "15", "sources": ["A", "D"]},
                                     {"value": "16", "sources": ["B"]},
                                     {"value": "18", "sources": ["C"]}]


def test_figures_approximate_and_ranges_are_not_conflicts():
    figures = [fig("A", "a", 500, approximate=True), fig("B", "b", 520), fig("C", "c", 400, 600)]
    assert figure_conflicts(figures, load_rules()) == []


def test_figures_casualty_breakdown_replaces_total():
    m = {"source": "A", "document": "a", "key": "a#0", "sentence": "s", "participants": [],
         "casualties": [{"what": "injured", "category": "migrants", "label": "migrants",
                         "count": {"min": 3, "max": 3, "approximate": False}},
                        {"what": "injured", "category": "security_forces", "label": "CRS",
                         "count": {"min": 15, "max": 15, "approximate": False}}],
         "injured": {"min": 18, "max": 18, "approximate": False}}
    assert sorted(f["category"] for f in mention_figures(m)) == ["migrants", "security_forces"]


def test_figures_a_passing_mention_lists_its_source_but_sets_no_figure_date_or_place():
    from counterpoint.link.incident import build

    from .conftest import count, mention

    told = mention("a", "d1", "Le Quotidien", "death", "Two men died at the camp on Monday.",
                   date="2021-03-01", place="Calais", lat=50.95, lon=1.86, killed=count(2))
    passing = dict(mention("b", "d2", "Weekly", "death", "After last year's deaths of four men, the camp stayed open.",
                           date="2021-02", place="Dunkirk", lat=51.03, lon=2.38, killed=count(4)), background=True)
    inc = build("inc-1", [told, passing], load_rules())
    assert inc["killed"] == 2 and not inc["conflicts"]
    assert (inc["date_start"], inc["place"]) == ("2021-03-01", "Calais")
    assert set(inc["sources"]) == {"Le Quotidien", "Weekly"}
    assert [m["background"] for m in inc["mentions"]].count(True) == 1
    # an occurrence known only from passing mentions still gets their figures
    alone = build("inc-2", [passing], load_rules())
    assert alone["killed"] == 4 and alone["place"] == "Dunkirk"
