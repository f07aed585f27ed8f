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
