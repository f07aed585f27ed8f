"""Shared fixtures for analysis tests: the English pipeline (skipped when not installed)."""
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


@pytest.fixture
def ctx():
    return Context(language="en", published=None, settings=Settings())
