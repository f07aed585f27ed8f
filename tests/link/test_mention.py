"""Preparing mentions: date windows, attached figures, names, settings."""
import pytest

from counterpoint.link.mention import counts_of, date_interval, is_stated, names_in, prepare
from counterpoint.link.rules import load_rules
from counterpoint.link.scoring import FEATURES, features

from .conftest import mention


@pytest.mark.parametrize("value,precision,days", [("2024-04-23", "day", 1), ("2024-04", "month", 30),
                                                   ("2024", "year", 366), (None, None, None)])
def test_mention_date_interval(value, precision, days):
    got = date_interval(value)
    if precision is None:
        assert got is None
    else:
        assert got[2] == precision and got[1] - got[0] + 1 == days


def test_mention_counts_only_those_attached_to_the_event():
    m = {"sentence": "For two weeks, 60 police with two water cannon watched 300 migrants.",
         "participants": [{"role": "target", "category": "migrants", "count": {"min": 300, "max": 300}}],
         "casualties": [], "injured": {"min": 4, "max": 6, "approximate": False}}
    assert counts_of(m) == {300, 4, 6}


@pytest.mark.parametrize("event,stated", [({"date": "2024-04-02", "date_stated": True}, True),
                                          ({"date": "2024-04-02", "date_stated": False}, False),
                                          ({"date": "2024-04-02", "date_basis": "published"}, False),
                                          ({"date": "2024-04-02"}, True), ({"date": None}, False)])
def test_mention_date_stated_read_defensively(event, stated):
    assert is_stated(event) is stated


def test_mention_names_skip_sentence_openers():
    m = {"sentence": "Police cleared a camp near Loon-Plage on Tuesday, the prefecture of Nord said.",
         "evidence": ["Volunteers from Utopia said tents were taken."], "place": "Loon-Plage"}
    names = names_in(m, load_rules())
    assert {"loon-plage", "nord", "utopia"} <= names and "police" not in names and "volunteers" not in names


def test_mention_settings_tell_a_death_at_sea_from_one_on_the_road():
    rules = load_rules()
    sea, road, shore, tunnel = prepare([
        mention("s", "d1", "S", "death", "Three people drowned when their dinghy capsized off the beach."),
        mention("r", "d2", "S", "death", "A man was hit by a lorry on the motorway and died."),
        mention("c", "d3", "S", "death", "A body was found in the dunes near the town."),
        mention("t", "d4", "S", "death", "Un homme a été percuté par un train dans le tunnel.")], rules)
    assert features(sea, road, rules)[FEATURES.index("setting_apart")] == 1.0
    assert features(road, tunnel, rules)[FEATURES.index("setting_apart")] == 1.0
    # a sentence that names no setting is never set apart
    assert features(sea, shore, rules)[FEATURES.index("setting_apart")] == 0.0


def test_mention_weights_do_not_depend_on_string_hashing():
    # Set order follows PYTHONHASHSEED; the weights' order numbers the columns of the linker's
    # arrays and their sums must not change with it, or two runs could link differently.
    import os
    import subprocess
    import sys
    code = ("from counterpoint.link.mention import idf_vector, cosine\n"
            "names = {f'name{i}' for i in range(60)}\n"
            "df = {n: 1 + i % 7 for i, n in enumerate(sorted(names))}\n"
            "v = idf_vector(names, df, 500)\n"
            "w = idf_vector({f'name{i}' for i in range(20, 90)} & set(df), df, 500)\n"
            "print(repr(list(v.items())), repr(cosine(v, w)))\n")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
            for seed in (1, 2, 3, 4)}
    assert len(outs) == 1
