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


def test_timex_weekday_needs_a_day_reference():
    assert [t.value for t in timex.find("on Tuesday", "2020-05")] == [None]


def test_timex_dateline():
    assert timex.dateline("Title of story  7 July 2015, 12:09  Body") == "2015-07-07"
    assert timex.dateline("Story\nPublished August 13, 2023\nBody") == "2023-08-13"


def test_timex_section_dates():
    assert timex.section_dates("News\n\nMARCH 3, 2017\n\nOn Tuesday ...") == [(6, "2017-03-03")]
