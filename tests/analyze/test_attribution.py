"""Who said it: traceable spans, reported speech, speaker checks and claim sources, in English
and French. Every sentence here is invented for these tests (no real person is quoted)."""
from __future__ import annotations

import pytest

from counterpoint.analyze import Context, claims, quotes
from counterpoint.settings import Settings


@pytest.fixture(scope="module")
def fr():
    pytest.importorskip("spacy")
    from counterpoint.analyze.nlp import pipeline_for
    try:
        return pipeline_for("fr", Settings())
    except Exception:  # ModelError: the French pipeline is not installed
        pytest.skip("French spaCy pipeline not installed")


def _quotes(nlp, text, lang="en"):
    return quotes.extract(nlp(text), Context(lang, None, Settings()))


def _claims(nlp, text, lang="en"):
    sdoc = nlp(text)
    ctx = Context(lang, None, Settings())
    ctx.quotes = quotes.extract(sdoc, ctx)
    return claims.extract(sdoc, ctx)


def _quote(found, start):
    hits = [q for q in found if q.text.startswith(start)]
    assert hits, [q.text for q in found]
    return hits[0]


# -- traceability -------------------------------------------------------------------------

def test_attribution_quote_span_and_speaker_span_point_into_the_text(nlp):
    text = "The harbour was quiet. “We found nobody on the beach,” said coastguard Ilse Marten."
    q = _quote(_quotes(nlp, text), "We found")
    assert text[q.start:q.end] == q.text
    d = q.to_dict()
    assert d["span"] == [q.start, q.end]
    a, b = d["speaker_span"]
    assert "Marten" in text[a:b]
    assert d["verb"] == "say"


def test_attribution_pronoun_speaker_span_is_the_pronoun(nlp):
    text = "Ilse Marten runs the coastguard station. “We found nobody,” she said."
    q = _quote(_quotes(nlp, text), "We found")
    assert q.speaker == "Ilse Marten"
    a, b = q.speaker_span
    assert text[a:b] == "she"


def test_attribution_unattributed_quote_has_no_speaker_span(nlp):
    text = "“Nothing will change.”"
    q = _quote(_quotes(nlp, text), "Nothing")
    assert q.speaker is None and q.to_dict()["speaker_span"] is None


def test_attribution_claim_span_is_its_source(nlp):
    text = "About 400 people sleep in the woods, according to the charity Harbour Aid."
    c = next(c for c in _claims(nlp, text) if c.value.min == 400)
    a, b = c.attributed_span
    assert "Harbour Aid" in text[a:b]
    assert c.to_dict()["attributed_span"] == [a, b]


def test_attribution_claim_inside_a_quote_takes_the_quote_speaker_span(nlp):
    text = "“We handed out 300 meals,” said volunteer Tomas Reyl."
    c = next(c for c in _claims(nlp, text) if c.value.min == 300)
    assert c.attributed_to == "Tomas Reyl"
    a, b = c.attributed_span
    assert "Reyl" in text[a:b]


def test_attribution_reported_speech_span_is_the_clause(nlp):
    text = "The prefect said that the camp would be cleared before the winter."
    q = next(q for q in _quotes(nlp, text) if not q.direct)
    assert text[q.start:q.end] == q.text
    assert q.text.startswith("the camp would be cleared") and q.verb == "say"


def test_attribution_french_spans_and_verb(fr):
    text = "« Nous n'avons trouvé personne sur la plage », a précisé la garde-côte Ilse Marten."
    q = _quote(_quotes(fr, text, "fr"), "Nous n'avons")
    assert text[q.start:q.end] == q.text
    assert q.speaker and "Marten" in q.speaker
    a, b = q.speaker_span
    assert "Marten" in text[a:b]
    assert q.verb == "préciser"


# -- speaker resolution ---------------------------------------------------------------------

@pytest.mark.parametrize("text,start,expected", [
    # a name in apposition after an inverted role
    ("“The gate stays shut,” said the harbour master, Ilse Marten.", "The gate", "Ilse Marten"),
    # a description with a capitalised role, linked to the name given before it
    ("The Chief Adviser to the mayor, Tomas Reyl, visited the camp on Monday. "
     "“Nobody will be moved tonight,” the Chief Adviser said.", "Nobody will", "Tomas Reyl"),
    # two people speaking together
    ("Ms Ilse Marten and Mr Tomas Reyl said on Friday: “We will meet again next month.”",
     "We will meet", "Tomas Reyl"),
    # the holders of a placard speak through it
    ("Some protesters carried placards saying “Open the border now” outside the town hall.",
     "Open the border", "protesters"),
    # a perception verb before the speech verb
    ("“Move back,” one officer was heard saying before the charge.", "Move back", "officer"),
    # a hyphenated description stays whole
    ("“Let us through!” cried one Dutch-speaking man near the fence.", "Let us", "Dutch-speaking man"),
    # a modifier joined by "and" is part of the speaker's description
    ("“The road was closed for hours,” said oil and gas worker Pieter Lamm.", "The road", "Lamm"),
])
def test_attribution_speaker_resolution(nlp, text, start, expected):
    assert expected in (_quote(_quotes(nlp, text), start).speaker or "")


@pytest.mark.parametrize("text,start,wrong", [
    ("Marchers held banners reading “Homes not walls” as they crossed the bridge.", "Homes not", "banners"),
    ("She told me: “It was the worst time of my life.”", "It was the worst", "time"),
])
def test_attribution_speaker_is_never_a_thing(nlp, text, start, wrong):
    assert wrong not in (_quote(_quotes(nlp, text), start).speaker or "")


def test_attribution_reported_by_a_newspaper_is_the_newspaper(nlp):
    text = "The Evening Courier reported, “The boat was found empty at dawn.”"
    assert "Courier" in _quote(_quotes(nlp, text), "The boat").speaker


# -- reported speech ----------------------------------------------------------------------

@pytest.mark.parametrize("text,speaker,verb,words", [
    ("The mayor described the camp as a disgrace to the whole region.", "mayor", "describe", "the camp as a disgrace"),
    ("According to the charity Harbour Aid, the shelter turned away forty families last week.",
     "Harbour Aid", "according to", "the shelter turned away"),
    ("Volunteer Ilse Marten told reporters that the water supply had been cut twice.", "Ilse Marten", "tell",
     "the water supply had been cut"),
])
def test_attribution_reported_speech(nlp, text, speaker, verb, words):
    found = [q for q in _quotes(nlp, text) if not q.direct]
    assert found, text
    q = found[0]
    assert speaker in q.speaker and q.verb == verb and words in q.text


# -- French --------------------------------------------------------------------------------

@pytest.mark.parametrize("text,start,expected", [
    # an inverted attribution with no comma after the closing mark
    ("« Le bilan reste provisoire » a indiqué à la radio la procureure de Lille, Ilse Marten.",
     "Le bilan", "Ilse Marten"),
    # an inverted attribution after a comma
    ("« Les départs ont repris dès l'aube », estime le bénévole Tomas Reyl.", "Les départs", "Tomas Reyl"),
    # whom it was said to is skipped whole, a two-word station name included
    ("« Nous manquons de tout », a confié à Radio Littoral le responsable de l'association, Pieter Lamm.",
     "Nous manquons", "Pieter Lamm"),
])
def test_attribution_french_inverted_speakers(fr, text, start, expected):
    assert expected in (_quote(_quotes(fr, text, "fr"), start).speaker or "")


def test_attribution_french_reported_speech(fr):
    text = "Selon la préfecture, l'opération a concerné une centaine de personnes dans la matinée."
    found = [q for q in _quotes(fr, text, "fr") if not q.direct]
    assert found and "préfecture" in found[0].speaker and found[0].verb == "selon"


@pytest.mark.parametrize("text,start,expected,wrong", [
    # the impersonal "on" is nobody: the account named after "lire sur le compte de"
    ("Le trafic a repris. « Le terminal restera fermé jusqu'à midi », pouvait-on lire sur le compte "
     "de la compagnie Nordlys Ferries.", "Le terminal", "Nordlys Ferries", None),
])
def test_attribution_french_voice_is_the_right_one(fr, text, start, expected, wrong):
    speaker = _quote(_quotes(fr, text, "fr"), start).speaker or ""
    assert expected in speaker
    assert wrong is None or wrong not in speaker


# -- claims ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,value,source", [
    # a source as passive agent
    ("The number of people in the camp was estimated at 900 by the charity Harbour Aid.", 900, "Harbour Aid"),
    # figures published by a named body
    ("Figures from the Harbour Office show 312 people crossed in small boats on Friday.", 312, "Harbour Office"),
    # a statement without author is the source just named
    ("The Harbour Office said the crossings had slowed. A statement added that 40 people were detained.",
     40, "Harbour Office"),
    # an embedded post's figures are its author's
    ("We handed out 450 meals at the warehouse tonight. — Harbour Aid (@harbouraid) May 2, 2021", 450,
     "Harbour Aid"),
])
def test_attribution_claim_sources(nlp, text, value, source):
    found = [c for c in _claims(nlp, text) if c.value.min == value]
    assert found, [(c.value, c.attributed_to) for c in _claims(nlp, text)]
    assert source in (found[0].attributed_to or "")


def test_attribution_claim_never_copies_a_wrong_quote_speaker(nlp):
    # the quote's speaker is the volunteer, not the man she talks about
    text = ("Volunteer Ilse Marten spoke about Tomas Reyl, who sleeps by the canal. "
            "“He has seen 200 people sleep by the water,” she said.")
    c = next(c for c in _claims(nlp, text) if c.value.min == 200)
    assert "Ilse Marten" in c.attributed_to and "Reyl" not in c.attributed_to
