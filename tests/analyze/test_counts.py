"""Counts: numbers, ranges and qualifiers as the guideline converts them."""
import pytest

from counterpoint.analyze.counts import find_counts, parse_count


@pytest.mark.parametrize("text,mn,mx,approx", [
    ("more than 130 people", 131, None, False),
    ("at least 12 migrants", 12, None, False),
    ("around 500 exiles", 500, 500, True),
    ("some 2,000 migrants", 2000, 2000, True),
    ("between 400 and 600 people", 400, 600, False),
    ("6000 to 8000 refugees", 6000, 8000, False),
    ("up to 30 officers", None, 30, False),
    ("a dozen police vans", 12, 12, True),
    ("fifteen gendarmes", 15, 15, False),
    ("two hundred people", 200, 200, False),
    ("4 404 people", 4404, 4404, False),
])
def test_counts_qualifiers(text, mn, mx, approx):
    c = parse_count(text)
    assert (c.min, c.max, c.approximate) == (mn, mx, approx)


def test_counts_vague_amounts_have_no_number_by_default():
    m = find_counts("dozens of migrants")
    assert m and m[0].vague and m[0].count is None


def test_counts_vague_convention():
    c = parse_count("dozens of migrants", vague_numbers={"dozens": 12})
    assert (c.min, c.max, c.approximate) == (12, 12, True)


@pytest.mark.parametrize("text,value", [
    ("(Reuters) -Five migrants died", 5),
    ("COVID-19 cases rose", None),
])
def test_counts_dash_before_a_number(text, value):
    c = parse_count(text)
    assert (c.min if c else None) == value


def test_counts_of_a_text_asked_again_are_the_same_under_each_convention():
    # the grammar's matches of a text are kept between calls; the counts are made per call
    from counterpoint.settings import VAGUE_CONVENTIONS

    text = "Dozens of people and more than 130 others waited at the gate."
    plain = find_counts(text)
    acled = find_counts(text, "en", VAGUE_CONVENTIONS["acled"])
    again = find_counts(text)
    assert [(c.text, c.count, c.vague) for c in plain] == [(c.text, c.count, c.vague) for c in again]
    assert plain[0].count is None and plain[0].vague
    assert acled[0].count is not None and acled[0].count.min == 12
    assert plain[1].count.min == acled[1].count.min == 131
