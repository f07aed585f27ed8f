"""Answers cached per store generation: unchanged between links and edits, so built once.

Building `/api/incidents` means reading every incident, applying the analysts' edits,
filtering, and encoding a large JSON body: tens of milliseconds of Python for a store of a
few hundred incidents, which made the server CPU-bound under many clients. Between two
writes the answer is the same, and the store's generation (a counter that database
triggers bump on every write to incidents, links or edits, from any process) says when a
write happened. Each server process keeps its own small cache; one cheap read of the
generation per request decides whether an entry still holds.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable

ENTRIES = 64  # distinct filter/page combinations kept per process


class GenerationCache:
    def __init__(self, generation: Callable[[], int], entries: int = ENTRIES):
        self._generation = generation
        self._entries = entries
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()  # sync routes run in a thread pool
        self._building: dict[tuple, threading.Lock] = {}

    def get(self, key: Hashable, build: Callable[[], bytes]) -> bytes:
        """The cached bytes for `key` at the current generation, else `build()` (and keep it).

        The generation is read before building: a write that lands while building leaves the
        entry under the older generation, which the next request no longer asks for.
        """
        full = (self._generation(), key)
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                return self._items[full]
            # one build per entry: the requests that miss together wait for it, rather than each
            # building the same answer (50 clients after a relink held every database connection)
            building = self._building.setdefault(full, threading.Lock())
        with building:
            with self._lock:
                if full in self._items:
                    return self._items[full]
            try:
                value = build()
            except BaseException:
                with self._lock:
                    self._building.pop(full, None)
                raise
            with self._lock:
                self._building.pop(full, None)
                for old in [k for k in self._items if k[0] < full[0]]:  # a write made them useless
                    del self._items[old]
                self._items[full] = value
                self._items.move_to_end(full)
                while len(self._items) > self._entries:
                    self._items.popitem(last=False)
        return value
