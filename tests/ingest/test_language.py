"""Tests for language detection."""
import pytest

from counterpoint.ingest.language import detect_language


@pytest.mark.parametrize("text,expected", [
    ("Police cleared the camp near the canal on Tuesday morning and took forty people to centres.", "en"),
    ("La police a évacué le campement près du canal mardi matin et emmené quarante personnes.", "fr"),
    ("Die Polizei hat am Dienstagmorgen das Lager am Kanal geräumt und vierzig Menschen weggebracht.", "de"),
])
def test_language_detects(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "OK", "12 345"])
def test_language_defaults_to_english_on_short_text(text):
    assert detect_language(text) == "en"
