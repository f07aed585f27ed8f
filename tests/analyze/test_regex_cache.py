"""The tokenizer's compiled patterns kept on disk: a later process gets the very patterns
Python's compiler builds, and tokenizes as before."""
import re
from re import _compiler

import pytest

from counterpoint.analyze import regex_cache
from counterpoint.settings import Settings

SENTENCE = "Officers met Ana Duvel at 10:30 in St. Merin-sur-Lac; see https://example.org/a-b (e-mail: x@y.org)."


@pytest.fixture()
def model(tmp_path, monkeypatch):
    spacy = pytest.importorskip("spacy")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    name = Settings().model_en
    try:
        spacy.load(name)
    except OSError:
        pytest.skip("English spaCy pipeline not installed")
    return name


def _tokenizer_patterns(nlp) -> list[re.Pattern]:
    tok = nlp.tokenizer
    return [getattr(tok, n).__self__ for n in ("token_match", "url_match", "prefix_search", "suffix_search",
                                                "infix_finditer") if getattr(tok, n, None) is not None]


def test_a_seeded_pattern_is_the_one_python_compiles_and_tokenizes_the_same(model):
    import spacy

    re.purge()
    assert regex_cache.seed(model) is False  # nothing cached yet: compiled as usual
    first = spacy.load(model)
    regex_cache.save(model, first)
    expected = [t.text for t in first(SENTENCE)]

    re.purge()
    assert regex_cache.seed(model) is True
    seeded = {k: v for k, v in re._cache.items()}
    second = spacy.load(model)
    patterns = _tokenizer_patterns(second)
    assert patterns
    for p in patterns:
        (key,) = [k for k, v in seeded.items() if v is p]  # spaCy got the cached object, not a new compile
        assert p == _compiler.compile(key[1], key[2])  # equal: same string, flags and compiled code
    assert [t.text for t in second(SENTENCE)] == expected


def test_an_unreadable_cache_file_is_ignored(model):
    import spacy

    regex_cache.save(model, spacy.load(model))
    path = regex_cache._cache_path(model)
    path.write_bytes(b"not a cache")
    re.purge()
    assert regex_cache.seed(model) is False
    assert [t.text for t in spacy.load(model)("Ana left.")] == ["Ana", "left", "."]
