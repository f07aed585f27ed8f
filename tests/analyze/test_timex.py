"""Date expressions resolved against a reference date, at their precision."""
import pytest

from counterpoint.analyze import timex


@pytest.mark.parametrize("text,ref,value", [
    ("on Thursday", "2020-05-09", "2020-05-07"),
    ("last night", "2020-05-09", "2020-05-08"),
    ("yesterday", "2020-05-09", "2020-05-08"),
    ("on Friday", "2020-05-08", "2020-05-08"),
    ("earlier in March", "2020-05-09", "2020-03"),
    ("in February", "2020-01-15", "2019-02"),
    ("16.01.2018", None, "2018-01-16"),
    ("30/06", "2020-07-02", "2020-06-30"),
    ("October 2016", None, "2016-10"),
    ("the 10th April", "2019-05-01", "2019-04-10"),
    ("September 25, 2020", None, "2020-09-25"),
    ("in the winter of 2017", None, "2017"),
    ("last month", "2015-07-07", "2015-06"),
])
def test_timex_resolves(text, ref, value):
    assert [t.value for t in timex.find(text, ref)] == [value]


@pytest.mark.parametrize("text", ["31/02/2019", "on 31 February 2019", "30/13"])
def test_timex_impossible_dates_do_not_crash(text):
    assert all(t.value is None for t in timex.find(text, "2020-01-01"))


def test_timex_month_without_reference_keeps_month_precision():
    assert [t.value for t in timex.find("in March 2019")] == ["2019-03"]


def test_timex_weekday_against_a_month_or_year_gives_no_made_up_day():
    assert [t.value for t in timex.find("on Tuesday", "2020-05")] == ["2020-05"]
    assert [t.value for t in timex.find("on Tuesday", "2020")] == ["2020"]
    assert [t.value for t in timex.find("on Tuesday", None)] == [None]


@pytest.mark.parametrize("text,year", [
    ("More than 300 people have crossed so far in 2020, officials said.", "2020"),
    ("Twelve have died since the start of 2019.", "2019"),
    ("Depuis le début de l'année 2021, sept personnes sont mortes.", "2021"),
    ("Nothing says which year this is, though 2018 was mentioned.", None),
    ("So far in 2020 ten died; since the start of 2019, forty.", None),
])
def test_timex_current_year_from_a_tally_up_to_now(text, year):
    assert timex.current_year(text) == year


def test_timex_dateline():
    assert timex.dateline("Title of story  7 July 2015, 12:09  Body") == "2015-07-07"
    assert timex.dateline("Story\nPublished August 13, 2023\nBody") == "2023-08-13"


def test_timex_section_dates():
    assert timex.section_dates("News\n\nMARCH 3, 2017\n\nOn Tuesday ...") == [(6, "2017-03-03")]


@pytest.mark.parametrize("text,ref,lang,value", [
    # 16 September fell on a Wednesday in 2015 and 2020: the year nearest the reference
    ("The march set off on Wednesday 16 September.", "2019-01-05", "en", "2020-09-16"),
    ("The march set off on Wednesday 16 September.", "2016-03-01", "en", "2015-09-16"),
    ("Le camp a été évacué mardi 28 septembre.", "2020", "fr", "2021-09-28"),
    ("They met on Monday, September 19.", "2020-01-10", "en", "2022-09-19"),
])
def test_timex_weekday_settles_the_year(text, ref, lang, value):
    assert [t.value for t in timex.find(text, ref, lang)] == [value]


def test_timex_weekday_and_date_are_one_expression():
    found = timex.find("Police moved in on Saturday, 14 June.", "2025-06-20")
    assert [(t.value, t.kind) for t in found] == [("2025-06-14", "absolute")]


def test_timex_us_date_with_misplaced_comma():
    assert [t.value for t in timex.find("Clashes at the fence on Wednesday September, 16 2015")] == ["2015-09-16"]
    # without a year, "September, 16" is a list, not a date
    assert [t.value for t in timex.find("in August, September, 16 families left", "2020-01-01")] == ["2019-08"]


def test_timex_named_weekdays_map_weekday_to_stated_date():
    text = "Volunteers met on Sunday, 7 February 2016. On Sunday they handed out tents."
    assert timex.named_weekdays(text) == {6: "2016-02-07"}
    both = "On Friday, June 17, 2022 and on Friday, June 24, 2022 the camp was full."
    assert timex.named_weekdays(both) == {}


@pytest.mark.parametrize("text,value", [
    ("after the 2016 fire", "2016"),
    ("under a 2015 law", "2015"),
    ("the 2000 migrants in the camp", None),  # a plural after it: a count, not a year
])
def test_timex_a_year_before_a_noun_is_that_things_year(text, value):
    found = [t.value for t in timex.find(text, "2023-03-14")]
    assert found == ([value] if value else [])


def test_timex_same_text_under_two_references_resolves_against_each():
    """The regex matches of a text are kept between calls; their resolution is not."""
    text = "The camp was cleared on Tuesday and again last month."
    first = [t.value for t in timex.find(text, "2021-03-12")]
    second = [t.value for t in timex.find(text, "2019-07-05")]
    assert first == ["2021-03-09", "2021-02"]
    assert second == ["2019-07-02", "2019-06"]
    assert [t.value for t in timex.find(text, "2021-03-12")] == first
