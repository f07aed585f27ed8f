"""Migrant labels: the words for the people, as written. Invented sentences."""
import pytest

from counterpoint.analyze.labels import find_labels


def _labels(text, lang="en"):
    return [lab for _, _, lab in find_labels(text, lang)]


@pytest.mark.parametrize("text,expected", [
    ("Police moved the exiles and several asylum seekers.", ["exiles", "asylum seekers"]),
    ("The paper called them illegals.", ["illegals"]),
    ("Failed asylum seekers will be returned.", ["failed asylum seekers"]),
    ("Twelve unaccompanied minors were found.", ["unaccompanied minors"]),
    ("Afghans and Eritreans queued for food.", ["afghans", "eritreans"]),
    ("Refugees crossing the strait were rescued.", ["refugees"]),
])
def test_labels_words_for_people(text, expected):
    assert _labels(text) == expected


@pytest.mark.parametrize("text", [
    "The migrant camp was cleared.",
    "The refugee crisis deepened.",
    "Afghan men were rescued.",
])
def test_labels_modifiers_are_not_labels(text):
    assert _labels(text) == []


def test_labels_french_words():
    assert _labels("Les exilés et les personnes migrantes attendent.", "fr") == ["exilés", "personnes migrantes"]
