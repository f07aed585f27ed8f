"""Results of a pass over a text, kept per text within a budget of characters.

The rules ask for the dates or the counts of one sentence several times (the event, claim and
participant rules each read it); the regex passes are kept rather than run again. Past the
budget every entry is dropped at once: a few MB at most, whatever the corpus."""
from __future__ import annotations

from typing import Callable, Hashable, TypeVar

T = TypeVar("T")


class TextMemo:
    def __init__(self, max_chars: int = 2_000_000):
        self.max_chars = max_chars
        self._items: dict = {}
        self._chars = 0  # characters of the texts held as keys

    def get(self, key: Hashable, text: str, compute: Callable[[], T]) -> T:
        """The value kept for (`key`, `text`), else `compute()` (and keep it)."""
        full = (key, text)
        got = self._items.get(full)
        if got is None:
            got = compute()
            if self._chars + len(text) > self.max_chars:
                self._items.clear()
                self._chars = 0
            self._items[full] = got
            self._chars += len(text)
        return got
