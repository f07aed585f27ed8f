"""Shared fixtures for the analysis tests: the English pipeline, loaded once (skipped when not installed)."""
import pytest

from counterpoint.analyze import Context
from counterpoint.settings import Settings


@pytest.fixture(scope="session")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load(Settings().model_en)
    except OSError:
        pytest.skip("English spaCy pipeline not installed")


@pytest.fixture(scope="session")
def fr():
    """The French pipeline as the analysis loads it (line breaks end sentences)."""
    pytest.importorskip("spacy")
    from counterpoint.analyze.nlp import pipeline_for
    try:
        return pipeline_for("fr", Settings())
    except Exception:  # ModelError: the French pipeline is not installed
        pytest.skip("French spaCy pipeline not installed")


@pytest.fixture(scope="session")
def extract(nlp):
    from counterpoint.analyze import Context, events

    def run(text, published=None):
        return events.extract(nlp(text), Context("en", published, Settings()))
    return run


@pytest.fixture(scope="session")
def fr_extract(fr):
    """French events of a text, as the analysis gives them (a fixed story date by default)."""
    from counterpoint.analyze import events
    return lambda text, published="2021-05-06": events.extract(fr(text), Context("fr", published, Settings()))


@pytest.fixture
def ctx():
    return Context(language="en", published=None, settings=Settings())
