"""Tests for layout units: line breaks as sentence boundaries, and the role of each unit on the page."""
import pytest

from counterpoint.analyze.units import Units, continues, layout

ARTICLE = """Volunteers say police cut tents at the canal camp

Charities count forty shelters lost in two days and ask the prefect for a meeting

By Marie Tallon and Joe Hardy
Updated 14:32 BST, Tuesday 4 March 2025

Tents lie slashed on the towpath after the operation. Photograph: Lena Ward/AFP

DUNKIRK (Reuters) - Police cut open about forty tents at the canal camp on Monday, two charities said.

The prefecture said the operation had been planned for weeks.

What the charities want

They asked for a meeting with the prefect before the end of the month.
"""


def roles(text):
    return [(u.role, u.text) for u in layout(text)]


def test_units_roles_of_a_news_page():
    got = roles(ARTICLE)
    assert got[0] == ("headline", "Volunteers say police cut tents at the canal camp")
    assert got[1][0] == "standfirst"
    assert got[2] == ("byline", "By Marie Tallon and Joe Hardy")
    assert got[3] == ("timestamp", "Updated 14:32 BST, Tuesday 4 March 2025")
    assert got[4][0] == "caption"
    assert got[5][0] == "body" and got[5][1].startswith("DUNKIRK (Reuters)")
    assert got[7] == ("heading", "What the charities want")
    assert got[8][0] == "body"


def test_units_dateline_prefix_is_recorded_on_its_body_unit():
    unit = layout(ARTICLE)[5]
    assert ARTICLE[unit.start:unit.dateline_end].strip() == "DUNKIRK (Reuters) -"
    index = Units(layout(ARTICLE))
    assert index.in_dateline(ARTICLE.index("DUNKIRK"))
    assert not index.in_dateline(ARTICLE.index("canal camp on Monday"))


@pytest.mark.parametrize("line", [
    "LILLE, 5 March 2025 (AFP) — A court sentenced three men on Tuesday.",
    "HARBOURTON/PORTVILLE (Reuters) - Two boats left the beach at dawn.",
    "CALAIS, France — The mayor closed the park for a week.",
])
def test_units_wire_datelines(line):
    unit = layout("Some headline for a story\n\n" + line)[1]
    assert unit.role == "body" and unit.dateline_end is not None


@pytest.mark.parametrize("line", [
    "Photo: the camp after the rain",
    "A child walks between the tents (Photo by Sam Reed/Getty Images)",
    "(Getty)",
    "Migrants wait at the gate, pictured, before the buses left",
    "Image caption, Families queued for food in the rain",
])
def test_units_captions(line):
    text = f"Headline of the story here\n\nThe first paragraph tells what happened at the camp that day.\n\n{line}\n\nMore text follows here, at length, about the camp and the town."
    assert [u.role for u in layout(text)][2] == "caption"


def test_units_truncated_gallery_caption_repeated_in_full_is_a_caption():
    text = ("Headline of the story here\n\nA man carries a tent past the fence near the por\n"
            "A man carries a tent past the fence near the port at dawn.\n\nThe story starts here with a long sentence.")
    assert [u.role for u in layout(text)][1:3] == ["caption", "caption"]


@pytest.mark.parametrize("line", ["By Ana Ruiz", "Par Jeanne Morel", "Sam Okafor", "Home Affairs Correspondent",
                                  "La rédaction avec AFP"])
def test_units_bylines_in_the_header(line):
    text = f"Headline of the story here\n\n{line}\n\nThe story starts here with a long sentence about the camp."
    assert [u.role for u in layout(text)][1] == "byline"


@pytest.mark.parametrize("line", ["7 July 2015, 12:09", "Publié le 14 janvier 2024 à 10h12", "14:05 GMT",
                                  "Mardi 5 novembre 2024 à 18h12", "Updated 3 hours ago"])
def test_units_timestamps_in_the_header(line):
    text = f"Headline of the story here\n\n{line}\n\nThe story starts here with a long sentence about the camp."
    assert [u.role for u in layout(text)][1] == "timestamp"


def test_units_dated_entries_of_a_diary_are_headings():
    text = ("Notes from the harbour\n\nWe went down to the beach every morning this spring to count boats.\n\n"
            "12 March 2021\nThree boats left before dawn.\n\n13 March 2021\nThe police took the tents.")
    got = roles(text)
    assert ("heading", "12 March 2021") in got and ("heading", "13 March 2021") in got


@pytest.mark.parametrize("previous,line,expected", [
    ("Police said that the people who had", "slept in the dunes were moved.", True),
    ("The buses left at noon.", "Most people went to a centre.", False),
    ("Camp cleared at the port", "The prefect ordered it on Monday.", False),
    ("Forty tents were taken,", "three charities said.", True),
    ("The police came back", "Photo: the canal at dawn", False),
])
def test_units_wrapped_continuation(previous, line, expected):
    assert continues(previous, line) is expected


def test_units_hard_wrapped_text_is_one_unit_per_paragraph():
    para = ("Police officers arrived at the camp near the canal at six in the\n"
            "morning and told everyone to leave, and the volunteers who came\n"
            "later in the day found the tents cut open and the food thrown\n"
            "Away by the bins, with the blankets, near the bridge over the\n"
            "canal where the families had been sleeping for two weeks.")
    units = layout("A headline for the story\n\n" + para + "\n\nA second paragraph follows here.")
    assert [u.role for u in units] == ["headline", "body", "body"]
    assert units[1].text == para


def test_units_leading_date_label_is_split_from_the_first_sentence():
    units = layout(" date 2023-03-10 Two boats were stopped off the beach.\n\nMore text here.")
    assert (units[0].role, units[0].text) == ("timestamp", "date 2023-03-10")
    assert units[1].text.startswith("Two boats")


def test_units_sentences_follow_line_breaks():
    spacy = pytest.importorskip("spacy")
    from counterpoint.analyze.nlp import pipeline_for
    from counterpoint.settings import Settings
    try:
        nlp = pipeline_for("en", Settings())
    except Exception:
        pytest.skip("English spaCy pipeline not installed")
    assert spacy
    doc = nlp(ARTICLE)
    sents = [s.text.strip() for s in doc.sents]
    assert "Volunteers say police cut tents at the canal camp" in sents
    assert "Updated 14:32 BST, Tuesday 4 March 2025" in sents
    assert any(s.startswith("DUNKIRK (Reuters) - Police cut open") for s in sents)
    assert not any("\n" in s for s in sents)


def test_units_no_sentence_starts_after_a_word_or_a_comma(fr):
    # the French parser cut sentences after a plain word ("... du lundi 23 | novembre")
    text = ("Scènes de violence entre policiers, exilés et militants dans la soirée du lundi 23 novembre.\n\n"
            "A Vessy, une semaine après la venue de la ministre, Madame Odile Ferrand, trois jours après "
            "la marche, une expulsion de grande envergure a eu lieu au camp des Dunes. Deux tentes sont restées.")
    sents = [s.text.strip() for s in fr(text).sents]
    assert "Scènes de violence entre policiers, exilés et militants dans la soirée du lundi 23 novembre." in sents
    assert any(s.startswith("A Vessy") and s.endswith("au camp des Dunes.") for s in sents)


def test_units_component_marks_boundaries_before_the_parser():
    # what the component itself writes (the parser may add boundaries of its own later)
    pytest.importorskip("spacy")
    import spacy

    from counterpoint.analyze.units import line_breaks
    nlp = spacy.blank("en")
    text = ("Wrapped report of the day\n\nThe boats left the beach at dawn and\nwere stopped near the port.\n\n"
            "DUNKIRK (Reuters) - Police came. Tents were cut.\n\nPhotograph: Lena Ward/AFP\n\n")
    doc = line_breaks(nlp.make_doc(text))
    start = {tok.text: tok.is_sent_start for tok in doc}
    assert doc[0].is_sent_start is True
    assert start["The"] is True and start["DUNKIRK"] is True and start["Photograph"] is True
    assert start["were"] is False  # a wrapped line goes on the sentence
    assert start["Reuters"] is False and start["Police"] is False  # inside and right after the dateline
    assert start["Lena"] is False and start["Ward"] is False  # a caption is one sentence
    assert start["Tents"] is None  # left to the parser
    assert all(tok.is_sent_start is None for tok in doc if tok.is_space)


def test_units_component_is_linear_in_the_length_of_the_text():
    # Token.is_sent_start's setter scans the Doc each time: the component must not call it per token
    pytest.importorskip("spacy")
    import time

    import spacy

    from counterpoint.analyze.units import line_breaks
    nlp = spacy.blank("en")
    para = "Wrapped line of a long report that goes\non to the next line, and on again to a third\nline.\n\n"
    times = []
    for n in (100, 800):
        doc = nlp.make_doc(para * n)
        t = time.process_time()
        line_breaks(doc)
        times.append(time.process_time() - t)
        assert sum(1 for tok in doc if tok.is_sent_start is False) > 15 * n
    assert times[1] < 16 * times[0]  # 8x the text: about 8x the time, not quadratic (64x)
