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
    "Guards have been blocking all attempts to cross the border by boat.",  # going on up to now
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


@pytest.fixture(scope="module")
def run_fr(fr):
    def go(text, published=None, basis="dateline"):
        return events.extract(fr(text), Context("fr", published, Settings(), published_basis=basis))
    return go


def test_event_dates_the_year_a_numbered_tally_starts_from_dates_no_event(run_fr):
    found = run_fr("Exil : à Velmont, le 212e mort depuis 1998\n\n"
                   "Un jeune homme de 19 ans est mort à la frontière en tentant de monter dans un camion.")
    assert found and all(e.date != "1998" for e in found if e.type == "death")


def test_event_dates_a_recalled_occurrence_lends_its_date_to_no_undated_one(run):
    text = ("Five dead in boat wreck off Dunmore\n\n"
            "Five people died when their boat sank off Dunmore, the coastguard said.\n\n"
            "It is the latest in a series of wrecks. In the worst case, 31 people drowned after setting sail "
            "in a dinghy in November 2019.")
    found = run(text, "2023-08-12", basis="url")
    assert all(e.date is None for e in found if e.type == "death" and "Five" in e.sentence)
    assert any(e.date == "2019-11" for e in found if e.type == "death")


def test_event_dates_a_date_naming_an_eviction_sets_no_time_for_the_next_sentence(run_fr):
    text = ("A Velmont, une expulsion de grande envergure a eu lieu ce matin au camp du canal.\n\n"
            "Par exemple, lors de l'expulsion du 12 mai 2019, quatre bus ont été affrétés. "
            "A l'écart du terrain, certains ont été aspergés de gaz lacrymogène dans la forêt du camp.")
    found = run_fr(text, "2019-06-03", basis="url")
    assert all(e.date is None for e in found if e.type == "assault")


def test_event_dates_a_caption_date_is_not_carried_to_the_sentence_after_it(run):
    text = ("Teenager found dead near the motorway\n\n"
            "Migrants walk along the motorway near Dunmore on 18 December 2019. Photo: Sam Reed/AFP\n\n"
            "A 16-year-old was found dead at Velmont after falling from a lorry.")
    found = run(text, None, basis=None)
    assert all(e.date is None for e in found if e.type == "death")


def test_event_dates_a_caption_year_does_not_resolve_a_day_told_without_one(run):
    text = ("Boat sinks off Velmont\n\n"
            "A lifeboat crew waves to a helicopter off Dunmore on 4 July 2013. Photo: Sam Reed/AFP\n\n"
            "Rescuers searched the water off Velmont on 27 October after a boat sank, the coastguard said.")
    found = run(text, None, basis=None)
    assert found and all(not (e.date or "").startswith("2013-10") for e in found)


def test_event_dates_a_possessive_date_dates_its_own_noun(run):
    text = ("Migrant dies in tunnel\n\n"
            "Today's incident came days after around 150 migrants tried to storm the ferry terminal at Velmont.")
    found = run(text, "2015-07-07")
    assert all(e.date != "2015-07-07" for e in found if e.type == "crossing")


def test_event_dates_the_day_of_a_rescue_clause_is_not_the_day_of_the_care(run):
    text = ("Search called off off Dunmore\n\n"
            "He told councillors that 12 of the 39 people rescued from the freezing water on Wednesday were "
            "lone children who have now been taken into the council's care.")
    found = run(text, "2022-12-15")
    assert all(e.date is None for e in found if e.type == "aid")
    assert any(e.date == "2022-12-14" for e in found if e.type == "crossing")


def test_event_dates_an_occurrence_named_after_following_is_its_own(run):
    text = ("Migrant dies at Velmont\n\n"
            "It is the second migrant fatality in as many weeks following the reported death of a man "
            "at Dunmore last month.")
    # the fatality of the news may be told with the headline's death (its evidence)
    deaths = [e for e in run(text, "2015-07-07") if e.type == "death"
              and any("fatality" in x for x in [e.sentence, *e.evidence])]
    assert any(e.date == "2015-06" and e.background for e in deaths)
    assert not all(e.background for e in deaths)


@pytest.mark.parametrize("text,lang,ref,value", [
    ("orders taken between September and December 2020", "en", None, "2020"),
    ("a ban on food between 11 and 30 September 2020", "en", None, "2020-09"),
    ("the camp was cleared from 3 to 5 June 2021", "en", None, "2021-06"),
    ("des arrêtés pris entre septembre et décembre 2020", "fr", None, "2020"),
    ("interdites du 11 au 30 septembre 2020", "fr", None, "2020-09"),
    ("the minister this week published a bill", "en", "2023-03-10", "2023-03"),
    ("police cleared the camp last week", "en", "2023-03-17", "2023-03"),
    ("police cleared the camp last week", "en", "2023-03-10", None),  # 27 February - 5 March
    ("la police a évacué le camp la semaine dernière", "fr", "2023-03-15", "2023-03"),
    ("in recent days police took tents from the camp", "en", "2021-08-13", "2021-08"),
    ("over the past two days 900 people arrived", "en", "2021-05-18", "2021-05"),
    ("in recent days police took tents from the camp", "en", "2021-08-03", None),  # late July too
    ("la police a confisqué des tentes ces derniers jours", "fr", "2021-08-13", "2021-08"),
])
def test_event_dates_ranges_and_weeks_get_the_precision_they_support(text, lang, ref, value):
    from counterpoint.analyze import timex
    found = [t for t in timex.find(text, ref, lang)]
    assert len(found) == 1 and found[0].value == value


def test_event_dates_the_one_day_written_with_its_weekday_anchors_the_other_weekdays(run):
    text = ("Police fire tear gas at the Velmont crossing\n\n"
            "Police fired tear gas on Wednesday, 16 September 2015 at crowds trying to cross at Velmont. "
            "Police had evicted a camp at Dunmore on Tuesday, a reporter said.")
    found = run(text, None, basis=None)
    assert any(e.date == "2015-09-15" for e in found if e.type == "eviction")


def test_event_dates_an_undated_top_date_anchors_no_other_weekday(run):
    text = ("Strike at the port\n\n"
            "Tents near the port of Velmont, 30 April 2015. Photo: Sam Reed/AFP\n\n"
            "Hundreds of migrants tried to climb aboard lorries stuck in traffic during a strike on Tuesday.")
    found = run(text, None, basis=None)
    assert all(e.date is None for e in found if e.type == "crossing")


def test_event_dates_a_labelled_update_date_opening_a_long_line_is_split_from_its_prose(run):
    text = ("Updated 13 August 2021: Dunmore Aid: we now know what made the young man who died in the sea "
            "off Velmont yesterday so desperate to leave the camp where he had stayed all summer.\n\n"
            "The charity said it would hold a vigil at the harbour.")
    found = run(text, "2021-08-13")
    ev = next(e for e in found if e.type == "death")
    assert ev.unit == "body" and ev.date == "2021-08-12"


def test_event_dates_a_day_on_the_reporting_verb_does_not_date_what_is_reported(run):
    # the day is when the mayor spoke; the arrests she reports happened at an untold time
    found = run("The mayor told the town council yesterday that police had arrested four volunteers "
                "near the harbour.", "2025-03-06")
    ev = next(e for e in found if e.type == "arrest")
    assert ev.date is None


def test_event_dates_a_reported_event_keeps_the_day_of_its_own_clause(run):
    found = run("The mayor said that police arrested four volunteers near the harbour on Tuesday.",
                "2025-03-06")
    ev = next(e for e in found if e.type == "arrest")
    assert ev.date == "2025-03-04"


def test_event_dates_a_day_on_the_reporting_verb_dates_a_clause_that_situates_the_telling(run):
    # "after ...": the eviction is when the telling happened, not something the speaker reports
    found = run("A resident told reporters in October 2024 after police evicted the canal camp.",
                "2025-03-06")
    ev = next(e for e in found if e.type == "eviction")
    assert ev.date == "2024-10"
