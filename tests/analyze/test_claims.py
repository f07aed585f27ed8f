"""Claims: attributed figures, with their value, subject and source. Invented sentences."""
import pytest

from counterpoint.analyze import claims, quotes


def _claims(nlp, ctx, text):
    sdoc = nlp(text)
    ctx.quotes = quotes.extract(sdoc, ctx)
    return claims.extract(sdoc, ctx)


def test_claims_three_sources_in_one_sentence(nlp, ctx):
    text = ("The crowd numbered 350 according to the police, between 400 and 600 according to "
            "some associations, 800 according to others.")
    got = [(c.value.min, c.value.max, c.attributed_to) for c in _claims(nlp, ctx, text) if c.attributed_to]
    assert (350, 350) == got[0][:2] and "police" in got[0][2]
    assert (400, 600) == got[1][:2] and "associations" in got[1][2]
    # "others" are other people than the associations just named ("other associations")
    assert (800, 800) == got[2][:2] and "other" in got[2][2] and got[2][2] != got[1][2]


@pytest.mark.parametrize("text,value,source", [
    ("The charity Harbour Aid estimates that 1,200 people sleep near the port.", (1200, 1200), "Harbour Aid"),
    ("Officials said more than 130 migrants were moved to shelters.", (131, None), "Officials"),
    ("The ministry put the cost at 50 million euros.", (50000000, 50000000), "ministry"),
    ("The council said a £480m package had been agreed.", (480000000, 480000000), "council"),
])
def test_claims_value_and_source(nlp, ctx, text, value, source):
    got = [c for c in _claims(nlp, ctx, text) if c.attributed_to]
    assert got, text
    assert (got[0].value.min, got[0].value.max) == value
    assert source in got[0].attributed_to


def test_claims_number_in_quote_is_speakers_claim(nlp, ctx):
    text = "“We fed 900 people yesterday,” said Tomas Brell, a volunteer."
    got = [c for c in _claims(nlp, ctx, text) if c.attributed_to]
    assert got and got[0].value.min == 900 and "Brell" in got[0].attributed_to


@pytest.mark.parametrize("text", [
    "The ferry left at 5.30am on 12 March 2021, a spokesman said.",
    "A 22-year-old man was detained, police said.",
    "The fence is 2 kilometres long, officials said.",
])
def test_claims_skip_dates_times_ages_units(nlp, ctx, text):
    assert [c for c in _claims(nlp, ctx, text) if c.attributed_to] == []


def test_claims_unattributed_figure_has_no_source(nlp, ctx):
    got = _claims(nlp, ctx, "About 40 tents were removed on Tuesday.")
    assert got and all(c.attributed_to is None for c in got)


@pytest.mark.parametrize("text,expected", [
    ("Police estimated the crowd at 2,000, while organisers said 5,000 people had marched.",
     [(2000, "Police"), (5000, "organisers")]),
    ("Some 1,500 people live in the camp, according to the prefecture.", [(1500, "prefecture")]),
    ("The charity Care Point puts the number of children at 300.", [(300, "Care Point")]),
    ("According to Harbour Aid's latest census, 4,200 people were living in the camp.", [(4200, "Harbour Aid")]),
    ("The interior ministry said 1,100 police officers had been deployed. It added that 40 arrests "
     "had been made.", [(1100, "ministry"), (40, "ministry")]),
    ("More than 800 people crossed the Channel on Saturday, the Home Office said.", [(801, "Home Office")]),
    ("The government has pledged £54m to the scheme, a spokesman said.", [(54000000, "spokesman")]),
    ("Around 60 tents were destroyed, the group said on Twitter.", [(60, "group")]),
    ("The group's estimates put the number of exiles at 1,200.", [(1200, "group")]),
    ("Officials counted 740 people during the operation.", [(740, "Officials")]),
])
def test_claims_attribution_patterns(nlp, ctx, text, expected):
    got = [(c.value.min, c.attributed_to) for c in _claims(nlp, ctx, text)]
    for value, source in expected:
        assert any(v == value and s and source in s for v, s in got), got


@pytest.mark.parametrize("text,value,source", [
    ("The regional services, which estimate at a thousand the number of exiles in the town, "
     "defend the ban.", 1000, "regional services"),
    ("Some 500 residents live in the camp, the head of Harbour 56 explained.", 500, "Harbour 56"),
])
def test_claims_source_phrase_is_not_the_figure(nlp, ctx, text, value, source):
    got = [(c.value.min, c.attributed_to) for c in _claims(nlp, ctx, text)]
    assert any(v == value and s and source in s for v, s in got), got


def test_claims_audience_of_a_speech_is_not_a_claim(nlp, ctx):
    got = _claims(nlp, ctx, "The general addressed a crowd of about 150 people in the square.")
    assert all(c.attributed_to is None for c in got if c.value.min == 150)
