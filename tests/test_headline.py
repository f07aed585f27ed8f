"""Incident headlines: one line from the incident's own facts, neutral nouns, honest numbers."""
from __future__ import annotations

import pytest

from counterpoint.headline import headline, with_headlines
from counterpoint.link.figures import incident_figures, summarise


def incident(type_, mentions, place="Gravelines", sources=None, types=None):
    figures = incident_figures(mentions)
    srcs = sources or sorted({m["source"] for m in mentions})
    return {"id": "inc-1", "type": type_, "types": types or sorted({m["type"] for m in mentions}), "place": place,
            "mentions": mentions, "figures": figures, "figure_summary": summarise(figures), "sources": srcs,
            "source_count": len(srcs)}


def mention(source, type_, participants=(), **tolls):
    return {"source": source, "document": source + "-1", "key": source, "type": type_, "sentence": "s",
            "participants": list(participants), "casualties": [], **tolls}


def people(role, category, label, n=None, hi=None):
    return {"role": role, "category": category, "label": label,
            "count": None if n is None else {"min": n, "max": hi if hi is not None else n, "approximate": False}}


def test_headline_deaths_lead_with_number_place_and_sources():
    inc = incident("crossing", [
        mention("A", "crossing", [people("target", "migrants", "migrants")], killed={"min": 12, "max": 12, "approximate": False}),
        mention("B", "death", [people("target", "migrants", "exiles")], killed={"min": 12, "max": 12, "approximate": False}),
        mention("C", "crossing"), mention("D", "crossing")])
    assert headline(inc) == "12 migrants die during a Channel crossing off Gravelines — 4 sources"


def test_headline_range_when_sources_disagree_and_plural_follows_the_high_figure():
    inc = incident("arrest", [mention("A", "arrest", arrested={"min": 1, "max": 1, "approximate": False}),
                              mention("B", "arrest", arrested={"min": 4, "max": 4, "approximate": False})])
    assert headline(inc).startswith("1–4 people arrested in Gravelines")
    one = incident("arrest", [mention("A", "arrest", arrested={"min": 1, "max": 1, "approximate": False})])
    assert headline(one) == "1 person arrested in Gravelines — 1 source"


def test_headline_uses_neutral_category_nouns_not_a_sources_label():
    inc = incident("eviction", [mention("A", "eviction", [people("agent", "security_forces", "CRS riot squads"),
                                                          people("target", "migrants", "illegals", 300)])])
    text = headline(inc)
    assert text == "Police evict 300 migrants in Gravelines — 1 source"
    assert "illegals" not in text and "CRS" not in text


@pytest.mark.parametrize("type_", ["protest", "clash", "assault", "fire", "relocation", "aid", "policy", "eviction"])
def test_headline_every_type_reads_without_facts(type_):
    inc = incident(type_, [mention("A", type_)], place=None)
    text = headline(inc)
    assert text.endswith("— 1 source") and "None" not in text and "{" not in text
    assert text[0].isupper()


def test_headline_large_numbers_are_grouped_and_input_is_not_changed():
    inc = incident("protest", [mention("A", "protest", [people("participant", "activists", "protesters", 1200)])])
    [out] = with_headlines([inc])
    assert out["headline"] == "1,200 activists protest in Gravelines — 1 source"
    assert "headline" not in inc


def test_headline_posts_of_one_unnamed_blog_are_one_source():
    inc = incident("eviction", [mention("blog.txt~1", "eviction"), mention("blog.txt~2", "eviction"),
                                mention("Gazette", "eviction")])
    assert headline(inc).endswith("— 2 sources")
