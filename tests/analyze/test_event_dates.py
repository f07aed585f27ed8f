"""Tests for event dates and units read from the layout: own clause, headline, background, furniture."""
import pytest

from counterpoint.analyze import Context, events
from counterpoint.settings import Settings


@pytest.fixture(scope="module")
def run():
    from counterpoint.analyze.nlp import pipeline_for
    try:
        nlp = pipeline_for("en", Settings())
    except Exception:
        pytest.skip("English spaCy pipeline not installed")

    def go(text, published=None, basis="dateline"):
        return events.extract(nlp(text), Context("en", published, Settings(), published_basis=basis))
    return go


def test_event_dates_caption_and_byline_host_no_event(run):
    text = ("Tents cut at the canal camp\n\nBy Ana Ruiz\n\n"
            "Police evicted families from a camp, pictured, near the canal (Photo: Sam Reed/AFP)\n\n"
            "The charity said volunteers handed out blankets in the evening.")
    found = run(text, "2025-03-04")
    assert all(e.unit not in ("caption", "byline") for e in found)
    assert not any("pictured" in e.sentence for e in found)


def test_event_dates_headline_news_takes_the_stated_story_date(run):
    found = run("Police evict families from canal camp\n\nThe operation began before dawn, a charity said.",
                "2025-03-04")
    ev = next(e for e in found if e.type == "eviction")
    assert ev.unit == "headline" and ev.date == "2025-03-04"


def test_event_dates_url_date_is_no_anchor_for_relative_dates(run):
    found = run("A headline for the story\n\nPolice evicted the canal camp on Tuesday, a charity said.",
                "2025-03-06", basis="url")
    assert all(e.date is None for e in found if e.type == "eviction")


def test_event_dates_occurrence_named_after_since_is_background(run):
    found = run("A headline for the story\n\nThe camp has filled again since the demolition of October 2016, "
                "volunteers said.", "2017-06-01")
    ev = next(e for e in found if e.type == "eviction")
    assert ev.background and ev.date == "2016-10"


def test_event_dates_date_of_another_occurrence_is_not_copied(run):
    found = run("A headline for the story\n\nPolice cleared the camp, the largest operation since the 2016 fire.",
                "2020-09-29")
    ev = next(e for e in found if e.type == "eviction")
    assert ev.date != "2016"
