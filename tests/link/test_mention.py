"""Preparing mentions: date windows and figures."""
import pytest

from counterpoint.link.mention import date_interval, numbers_of


@pytest.mark.parametrize("value,precision,days", [("2024-04-23", "day", 1), ("2024-04", "month", 30),
                                                   ("2024", "year", 366), (None, None, None)])
def test_mention_date_interval(value, precision, days):
    got = date_interval(value)
    if precision is None:
        assert got is None
    else:
        assert got[2] == precision and got[1] - got[0] + 1 == days


def test_mention_numbers_skip_times_and_years():
    m = {"sentence": "At 5.30am in 2015, six migrants and 1,500 others tried; cinq morts.",
         "participants": [], "casualties": []}
    assert numbers_of(m) == {6, 1500, 5}
