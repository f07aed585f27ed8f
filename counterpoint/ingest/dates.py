"""Placeholder: publication dates (replaced by the ingest branch)."""
import re
from dataclasses import dataclass, field


@dataclass
class Published:
    value: str | None
    basis: str | None
    precision: str | None = None
    warnings: list = field(default_factory=list)


def parse_date(s: str) -> str | None:
    m = re.match(r"(\d{4}-\d{2}-\d{2})", s or "")
    return m.group(1) if m else None


def find_published(text: str, metadata: str | None = None) -> Published:
    if metadata and parse_date(metadata):
        return Published(parse_date(metadata), "metadata", "day")
    m = re.search(r"\bdate (\d{4}(?:-\d{2}){0,2})\b", text[:300])
    if m:
        return Published(m.group(1), "dateline")
    return Published(None, None)
