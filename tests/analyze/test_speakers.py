"""Speakers: fullest names, roles, organisations, pronouns and categories. Invented sentences."""
import pytest

from counterpoint.analyze import quotes
from counterpoint.analyze.speakers import role_category, speech


def _speaker(nlp, ctx, text, start):
    found = [q for q in quotes.extract(nlp(text), ctx) if q.direct and q.text.startswith(start)]
    assert found, text
    return found[0]


def test_speakers_surname_resolved_to_fullest_name(nlp, ctx):
    text = ("Prefect Helene Varda visited the site on Monday. "
            "“The site is unsafe,” Ms Varda said.")
    assert _speaker(nlp, ctx, text, "The site").speaker == "Helene Varda"


@pytest.mark.parametrize("text,start,expected", [
    ("“We counted every tent,” the prefecture said in a press release.", "We counted", "prefecture"),
    ("“Nobody slept,” a spokesman for Harbour Aid said.", "Nobody slept", "spokesman for Harbour Aid"),
    ("“Stay back,” one officer shouted.", "Stay back", "officer"),
])
def test_speakers_roles_and_organisations(nlp, ctx, text, start, expected):
    assert expected in _speaker(nlp, ctx, text, start).speaker


@pytest.mark.parametrize("phrase,category", [
    ("the prefect of the region", "officials"),
    ("a spokesperson for Utopia 56", "aid_groups"),
    ("one riot police officer", "security_forces"),
    ("a lorry driver", "drivers"),
    ("a local resident", "residents"),
])
def test_speakers_category_from_role(phrase, category):
    assert role_category(phrase, "en", None) == category


def test_speakers_speech_file_has_every_key():
    lex = speech("en")
    assert "say" in lex.verbs and ("according", "to") in lex.reporting_phrases
    assert "mr" in lex.titles and "she" in lex.person_pronouns
