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


def test_language_model_cache_gives_the_same_scores(tmp_path, monkeypatch):
    from counterpoint.ingest import language

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    language._identifier.cache_clear()
    try:
        built = language._identifier()  # unpacks the shipped model and writes the cache
        assert language._cache_path().exists()
        language._identifier.cache_clear()
        cached = language._identifier()
        assert cached is not built
        for text in ("Les bénévoles de Brellac ont compté quarante tentes près du canal.",
                     "The ferry from Port Averne was delayed by a storm on Tuesday morning.",
                     "Die Fähre aus Port Averne hatte am Dienstag Verspätung."):
            assert cached.rank(text) == built.rank(text)
        language._cache_path().write_bytes(b"not a model")  # a broken cache file: build as usual
        language._identifier.cache_clear()
        assert language._identifier().classify("The ferry from Port Averne was late again.")[0] == "en"
    finally:
        language._identifier.cache_clear()
