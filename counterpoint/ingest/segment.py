"""Placeholder: split pages holding several posts (replaced by the ingest branch)."""
from dataclasses import dataclass


@dataclass
class Post:
    title: str | None
    text: str
    start: int
    end: int
    date: str | None = None


def split_posts(text: str) -> list[Post]:
    return [Post(None, text, 0, len(text))]
