"""Direct quotes: marks, paragraphs, scare quotes, and who said them. Sentences are invented."""
import pytest

from counterpoint.analyze import quotes
from counterpoint.analyze.quotes import quote_spans


def _texts(text):
    return [text[q.start:q.end] for q in quote_spans(text)]


@pytest.mark.parametrize("text,expected", [
    ("She said: “We will stay here.”", ["We will stay here."]),
    ('He said: "We will stay here."', ["We will stay here."]),
    ("He said: ‘We will stay here.’", ["We will stay here."]),
    ("Il a dit : « Nous restons ici. »", ["Nous restons ici."]),
    ("He said: 'We will stay here.'", ["We will stay here."]),
    ("He said: ''We will stay here.''", ["We will stay here."]),
])
def test_quotes_every_mark_style(text, expected):
    assert _texts(text) == expected


def test_quotes_apostrophes_are_not_marks():
    text = "The volunteers' van can't leave, said Dana Welk: 'It isn't safe tonight.'"
    assert _texts(text) == ["It isn't safe tonight."]


def test_quotes_unclosed_paragraph_runs_to_paragraph_end():
    text = 'Mr Orlan said: "The road was blocked for hours.\n\n"Nobody could pass until noon."'
    assert _texts(text) == ["The road was blocked for hours.", "Nobody could pass until noon."]


def test_quotes_nested_quote_belongs_to_outer():
    text = "“They call it the ‘hole’ and they sleep there,” she said."
    assert _texts(text) == ["They call it the ‘hole’ and they sleep there,"]


@pytest.mark.parametrize("text", [
    "Hundreds lived in the so-called 'New Camp' near the dunes.",
    "The 'Jungle' was cleared in the autumn.",
    "The mayor described the plan as “reckless”.",
])
def test_quotes_scare_quotes_are_skipped(nlp, ctx, text):
    assert [q for q in quotes.extract(nlp(text), ctx) if q.direct] == []


@pytest.mark.parametrize("text,quoted,speaker", [
    ("“It's the end,” said Mara Tolen, a volunteer. “Our mission is over.”", "It's the end,", "Mara Tolen"),
    ("“It's the end,” said Mara Tolen, a volunteer. “Our mission is over.”", "Our mission is over.", "Mara Tolen"),
    ('"We found nobody in the trailer," a border officer told reporters.', "We found nobody", "officer"),
    ("A spokesperson for Harbour Aid said: “We handed out 300 blankets.”", "We handed out", "Harbour Aid"),
    ("Chief inspector Paul Renne arrived at dawn. “We will not move,” he said.", "We will not move", "Renne"),
])
def test_quotes_speaker_of_quote(nlp, ctx, text, quoted, speaker):
    found = [q for q in quotes.extract(nlp(text), ctx) if q.direct and q.text.startswith(quoted)]
    assert found, text
    assert speaker in (found[0].speaker or "")


def test_quotes_floating_paragraph_keeps_speaker(nlp, ctx):
    text = ('Union leader Rosa Lind said: "The drivers are exhausted.\n\n'
            '"They wait for days at the port."\n\nTraffic resumed later.')
    found = [q for q in quotes.extract(nlp(text), ctx) if q.direct]
    assert [q.speaker for q in found] == ["Rosa Lind", "Rosa Lind"]


def test_quotes_offsets_point_into_text(nlp, ctx):
    text = 'Officials said: "The camp will close on Friday."'
    q = [q for q in quotes.extract(nlp(text), ctx) if q.direct][0]
    assert text[q.start:q.end] == q.text


def test_quotes_reported_speech_is_not_direct(nlp, ctx):
    text = "The prefect said that the shelter would open next week."
    found = quotes.extract(nlp(text), ctx)
    assert any(not q.direct and "shelter" in q.text and "prefect" in (q.speaker or "") for q in found)


@pytest.mark.parametrize("text", [
    "Rents have doubled since the ‘90s in the port towns along the coast.",
    "They slept in the ‘jungle’and moved on at dawn without their tents.",
])
def test_quotes_stray_opening_mark_is_not_a_quote(text):
    assert _texts(text) == []


def test_quotes_middle_paragraph_without_opening_mark():
    text = ('Union chief Rosa Lind said: "The drivers are exhausted.\n\n'
            '"Nobody protects them on the road.\n\n'
            'The ministers must act before someone dies."\n\nTraffic resumed.')
    assert _texts(text) == ["The drivers are exhausted.", "Nobody protects them on the road.",
                            "The ministers must act before someone dies."]


def test_quotes_continuation_after_attribution_runs_to_paragraph_end():
    text = "‘We cannot go on,’ said a driver. ‘Every night they climb onto the trailers.\n\nTraffic resumed."
    assert _texts(text) == ["We cannot go on,", "Every night they climb onto the trailers."]


@pytest.mark.parametrize("text", [
    "The party warns of what it calls the “Islamisation of the west” in its leaflets.",
    "The judge (‘juge des référés’) refused the request.",
])
def test_quotes_named_notions_are_skipped(nlp, ctx, text):
    assert [q for q in quotes.extract(nlp(text), ctx) if q.direct] == []
