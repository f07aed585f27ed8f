"""Dataclasses for what flows between stages: documents, events, quotes, claims, incidents."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Count:
    """A number of people as the text gives it: exact, a range, a bound, or approximate."""

    min: int | None = None
    max: int | None = None
    approximate: bool = False
    text: str | None = None  # the words it was read from ("more than 130")

    def to_dict(self) -> dict[str, Any]:
        return {"min": self.min, "max": self.max, "approximate": self.approximate}

    @classmethod
    def from_dict(cls, d: dict | None) -> "Count | None":
        if not d:
            return None
        return cls(d.get("min"), d.get("max"), bool(d.get("approximate")), d.get("text"))

    @classmethod
    def exact(cls, n: int, approximate: bool = False) -> "Count":
        return cls(n, n, approximate)


@dataclass
class Participant:
    role: str  # agent | target | participant
    category: str
    label: str
    count: Count | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "category": self.category, "label": self.label,
                "count": self.count.to_dict() if self.count else None}


@dataclass
class Casualty:
    what: str  # killed | injured | arrested
    category: str
    label: str
    count: Count

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, "category": self.category, "label": self.label,
                "count": self.count.to_dict()}


@dataclass
class Event:
    type: str
    trigger: str
    sentence: str
    start: int = 0  # character offsets of `sentence` in the document's cleaned text
    end: int = 0
    evidence: list[str] = field(default_factory=list)
    date: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    participants: list[Participant] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    killed: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    unit: str = "body"  # layout role of `sentence`: headline, standfirst, heading, body, ...
    background: bool = False  # a passing mention of an earlier occurrence, not the story's news
    extra: dict[str, Any] = field(default_factory=dict)  # stage-specific details (date basis, ...)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type, "trigger": self.trigger, "sentence": self.sentence,
            "evidence": list(self.evidence), "unit": self.unit, "background": self.background,
            "date": self.date, "place": self.place, "lat": self.lat, "lon": self.lon,
            "participants": [p.to_dict() for p in self.participants],
            "casualties": [c.to_dict() for c in self.casualties],
            "killed": self.killed.to_dict() if self.killed else None,
            "injured": self.injured.to_dict() if self.injured else None,
            "arrested": self.arrested.to_dict() if self.arrested else None,
            "start": self.start, "end": self.end, **self.extra,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Event":
        known = {"type", "trigger", "sentence", "evidence", "date", "place", "lat", "lon",
                 "participants", "casualties", "killed", "injured", "arrested", "start", "end",
                 "unit", "background"}
        return cls(
            type=d["type"], trigger=d.get("trigger", ""), sentence=d.get("sentence", ""),
            start=d.get("start", 0), end=d.get("end", 0), evidence=list(d.get("evidence") or []),
            date=d.get("date"), place=d.get("place"), lat=d.get("lat"), lon=d.get("lon"),
            participants=[Participant(p["role"], p["category"], p["label"], Count.from_dict(p.get("count")))
                          for p in d.get("participants") or []],
            casualties=[Casualty(c["what"], c["category"], c["label"], Count.from_dict(c["count"]))
                        for c in d.get("casualties") or []],
            killed=Count.from_dict(d.get("killed")), injured=Count.from_dict(d.get("injured")),
            arrested=Count.from_dict(d.get("arrested")),
            unit=d.get("unit") or "body", background=bool(d.get("background")),
            extra={k: v for k, v in d.items() if k not in known},
        )


@dataclass
class Quote:
    text: str
    speaker: str | None
    speaker_category: str = "other"
    direct: bool = True
    start: int = 0  # offsets of the quoted words in the cleaned text
    end: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    verb: str | None = None  # the reporting verb or phrase ("say", "according to", "estimer")
    speaker_span: tuple[int, int] | None = None  # offsets of the speaker mention it was resolved from

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "speaker_category": self.speaker_category,
                "text": self.text, "direct": self.direct, "verb": self.verb,
                "span": [self.start, self.end],
                "speaker_span": list(self.speaker_span) if self.speaker_span else None,
                "start": self.start, "end": self.end, **self.extra}


@dataclass
class Claim:
    value: Count
    subject: str
    attributed_to: str | None
    sentence: str
    start: int = 0  # offsets of `sentence` in the cleaned text
    end: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    attributed_span: tuple[int, int] | None = None  # offsets of the source's mention

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value.to_dict(), "subject": self.subject,
                "attributed_to": self.attributed_to, "sentence": self.sentence,
                "attributed_span": list(self.attributed_span) if self.attributed_span else None,
                "start": self.start, "end": self.end, **self.extra}


@dataclass
class Analysis:
    """What the analysis stage finds in one document."""

    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    migrant_labels: list[str] = field(default_factory=list)


@dataclass
class Document:
    """One story as stored and output: a file, a record, or one post of a split page."""

    id: str
    text: str  # cleaned text; every offset elsewhere points into it
    source: str | None = None
    url: str | None = None
    title: str | None = None
    language: str = "en"
    published: str | None = None
    published_basis: str | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    raw_text: str | None = None  # text before cleaning
    offset_map: list[tuple[int, int]] | None = None  # (clean_start, raw_start) runs
    warnings: list[str] = field(default_factory=list)
    input_name: str | None = None  # the file, URL or record the document came from
    pk: int | None = None  # the stored row, when the document came from the store
    analysis: Analysis = field(default_factory=Analysis)

    def to_contract(self) -> dict[str, Any]:
        """The JSON contract of product.md (plus a few extra fields)."""
        a = self.analysis
        return {
            "id": self.id, "source": self.source, "url": self.url, "title": self.title,
            "language": self.language, "published": self.published,
            "published_basis": self.published_basis, "duplicate_of": self.duplicate_of,
            "similarity": self.similarity, "warnings": list(self.warnings), "text": self.text,
            "migrant_labels": list(a.migrant_labels),
            "events": [e.to_dict() for e in a.events],
            "quotes": [q.to_dict() for q in a.quotes],
            "claims": [c.to_dict() for c in a.claims],
        }
