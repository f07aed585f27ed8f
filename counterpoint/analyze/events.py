"""Stage placeholder: events extraction (filled in by its issue)."""
from __future__ import annotations


def extract(sdoc, ctx) -> list:
    return []
