"""spaCy's lemmatizer lookups, built and searched faster: the same tables, the same lemmas.

- `fast_tables()`: while a pipeline loads, each lookups table is filled without the Python
  call `Table.__setitem__` makes per entry (French: 216,849 lemma_lookup entries, 0.31 ->
  0.06 s of CPU per process that loads it); same keys, values, order and Bloom filter.
- `index_sets(nlp)`: the rule lemmatizers (English, French) test each candidate lemma with
  `form in index`, the index being a list of up to 66,000 words per part of speech: a linear
  scan, 0.2 ms per new word before the lemmatizer's cache has it (a tenth of the French
  parse). The same lists, answering `in` with a set.
"""
from __future__ import annotations

from collections import OrderedDict
from contextlib import contextmanager

import srsly
from preshed.bloom import BloomFilter
from spacy.lookups import Lookups, Table
from spacy.strings import get_string_id


def _table(name: str, data) -> Table:
    """`Table(name, data)`, filled by the dict's own setter."""
    if not isinstance(data, dict) or not data:
        return Table(name, data)
    table = Table(name, {})
    table.bloom = BloomFilter.from_error_rate(len(data))  # the size Table(name, data) gives it
    setitem, add = OrderedDict.__setitem__, table.bloom.add
    for key, value in data.items():
        key = get_string_id(key)
        setitem(table, key, value)
        add(key)
    return table


def _from_bytes(self: Lookups, bytes_data: bytes, **kwargs) -> Lookups:
    self._tables = {}
    for key, value in srsly.msgpack_loads(bytes_data).items():
        self._tables[key] = _table(key, value)
    return self


@contextmanager
def fast_tables():
    """Lookups read in this block build their tables with `_table` (spacy.load reads them)."""
    original = Lookups.from_bytes
    Lookups.from_bytes = _from_bytes
    try:
        yield
    finally:
        Lookups.from_bytes = original


class WordList(list):
    """A list of words that answers `in` with a set (same contents, same order)."""

    def __init__(self, words):
        super().__init__(words)
        self._set = frozenset(self)

    def __contains__(self, word) -> bool:
        return word in self._set


def index_sets(nlp) -> None:
    """Every lemmatizer's `lemma_index` lists as WordLists."""
    for _, component in nlp.pipeline:
        lookups = getattr(component, "lookups", None)
        if lookups is None or not lookups.has_table("lemma_index"):
            continue
        table = lookups.get_table("lemma_index")
        for key, words in list(table.items()):
            if type(words) is list:
                table[key] = WordList(words)
