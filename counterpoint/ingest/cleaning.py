"""Placeholder: page-furniture cleaning (replaced by the ingest branch)."""
from dataclasses import dataclass, field


@dataclass
class Cleaned:
    text: str
    removed: list = field(default_factory=list)
    spans: list = field(default_factory=list)

    def to_raw(self, offset: int) -> int:
        return offset


def clean(text: str, taxonomy_dir=None) -> Cleaned:
    return Cleaned(text.strip())
