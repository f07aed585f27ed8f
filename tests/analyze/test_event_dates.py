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


def test_event_dates_lead_takes_the_day_of_the_sentence_after_it(run):
    text = ("Boat sinks off the dunes\n\n"
            "Four people have died after a small boat sank off the coast of northern France.\n\n"
            "The coastguard said the boat went down near the beach on Tuesday morning.")
    found = run(text, "2025-03-06")
    ev = next(e for e in found if e.type == "death")
    assert ev.date == "2025-03-04"


def test_event_dates_lead_keeps_story_date_when_next_sentence_has_two_days(run):
    text = ("Boat sinks off the dunes\n\n"
            "Four people have died after a small boat sank off the coast of northern France.\n\n"
            "Rescuers searched on Tuesday and again on Wednesday.")
    found = run(text, "2025-03-06")
    ev = next(e for e in found if e.type == "death")
    assert ev.date != "2025-03-04" and ev.date != "2025-03-05"


def test_event_dates_weekday_takes_the_date_stated_with_its_name(run):
    text = ("Tear gas at the border fence\n\n"
            "Photo: police at the fence on Wednesday September, 16 2015\n\n"
            "Riot police fired tear gas on Wednesday at crowds who tried to cross the fence, officials said.")
    found = run(text, None, basis=None)
    ev = next(e for e in found if e.type in ("clash", "assault"))
    assert ev.date == "2015-09-16"


def test_event_dates_url_date_settles_only_the_year_of_a_named_weekday(run):
    found = run("A headline for the story\n\nPolice evicted the canal camp on Tuesday 3 September, a charity said.",
                "2024-09-05", basis="url")
    assert next(e for e in found if e.type == "eviction").date == "2024-09-03"
    # a day without its weekday or year: the text alone does not say which year
    found = run("A headline for the story\n\nPolice evicted the canal camp on 14 December, a charity said.",
                "2021-01-03", basis="url")
    assert next(e for e in found if e.type == "eviction").date is None


def test_event_dates_a_day_told_later_refines_the_year(run):
    text = ("A headline for the story\n\n"
            "A teenager has died in Calais, the third migrant death this year. "
            "He died on Tuesday when a lorry ran him over near the port.")
    found = run(text, "2021-09-30")
    deaths = [e for e in found if e.type == "death"]
    assert any(e.date == "2021-09-28" for e in deaths)
    assert not any(e.date == "2021" for e in deaths)


def test_event_dates_story_year_from_a_tally_up_to_now(run):
    text = ("Three die as dinghy sinks off the dunes\n\n"
            "Three people died after a dinghy sank off the dunes early Tuesday, the coastguard said.\n\n"
            "Some 900 people have crossed so far in 2023, officials said.")
    found = run(text, None, basis=None)
    assert {e.date for e in found if e.type == "death"} == {"2023"}


def test_event_dates_weekday_takes_the_full_date_a_caption_gives_at_the_top(run):
    text = ("Police clear a canal camp on 29 September 2020 (Photo: Sam Reed)\n\n"
            "Police cleared the canal camp on Tuesday morning, the largest operation since the one in 2016.")
    found = run(text, None, basis=None)
    ev = next(e for e in found if e.type == "eviction")
    assert ev.date == "2020-09-29"


def test_event_dates_day_without_year_takes_the_latest_year_the_text_states(run):
    text = ("Court strikes down the food ban\n\n"
            "The ban was first issued in September 2020 and renewed until April 2022. "
            "In a judgment of October 12, the court cancelled the ban.")
    found = run(text, None, basis=None)
    assert any(e.date == "2022-10-12" for e in found if e.type == "policy")


def test_event_dates_own_weekday_does_not_take_the_paragraphs_other_date(run):
    text = ("Canal camp cleared again\n\n"
            "The canal camp, first set up in March 2016, was cleared by police this week. "
            "Another camp was already evicted on Monday, volunteers said.")
    found = run(text, None, basis=None)
    assert not any(e.date == "2016-03" and "Monday" in e.sentence for e in found)


def test_event_dates_own_weekday_keeps_the_paragraphs_date_on_that_weekday(run):
    text = ("Canal camp cleared\n\n"
            "The operation began at dawn on 29 September 2020 near the canal bridge, the prefect said. "
            "The camp was evicted by police on Tuesday, volunteers said.")
    found = run(text, None, basis=None)
    assert any(e.date == "2020-09-29" for e in found if e.type == "eviction")


def _date_of(found, etype, words):
    return next(e.date for e in found if e.type == etype and words in e.sentence)


@pytest.mark.parametrize("later", [
    "Officers later arrested two men at the station.",  # an adverb placing the clause in time
    "The year before, three people died in the camp.",  # a period of its own
    "Two more men have been arrested at the station.",  # a result at the time of writing
])
def test_event_dates_a_clause_with_its_own_time_takes_no_earlier_sentence_date(run, later):
    text = ("A headline for the story\n\nOn 2 March 2025, police cleared the canal camp near the port. "
            + later)
    found = run(text)
    dated = [e for e in found if e.sentence.strip() == later]
    assert dated and all(e.date != "2025-03-02" for e in dated)


def test_event_dates_a_plain_past_clause_still_takes_the_date_of_the_sentence_before(run):
    text = ("A headline for the story\n\nOn 2 March 2025, police cleared the canal camp near the port. "
            "Officers arrested two men at the station.")
    assert _date_of(run(text), "arrest", "arrested two men") == "2025-03-02"


def test_event_dates_a_recalled_occurrence_keeps_its_own_year(run):
    text = ("A headline for the story\n\nPolice evicted the canal camp on Tuesday, the prefecture said. "
            "The site had been damaged after the 2016 fire.")
    found = run(text, "2025-03-04")
    fire = next(e for e in found if e.type == "fire")
    assert fire.date == "2016" and fire.background
    assert _date_of(found, "eviction", "evicted the canal camp") == "2025-03-04"


def test_event_dates_caption_stating_its_day_reports_what_it_shows(run):
    text = ("Minors leave the canal camp\n\n"
            "Young men board a bus to a shelter near the canal on 28 October 2024. (Photo: Sam Reed)\n\n"
            "The charity said it would keep handing out blankets.")
    found = [e for e in run(text, "2024-10-30") if e.unit == "caption"]
    assert [(e.type, e.date) for e in found] == [("relocation", "2024-10-28")]
