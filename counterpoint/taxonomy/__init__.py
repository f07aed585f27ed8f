"""Default taxonomy data (event types, triggers, actor lexicons, places) and its loader.

Each file is JSON named `<what>.<lang>.json` (or `<what>.json` when it holds no words
of a language). A user replaces any of them by putting a file of the same name in the
folder given by the `taxonomy_dir` setting (COUNTERPOINT_TAXONOMY_DIR).
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from ..errors import TaxonomyError

DEFAULT_DIR = Path(__file__).parent


def path_of(name: str, taxonomy_dir: str | None = None) -> Path:
    if taxonomy_dir:
        user = Path(taxonomy_dir) / name
        if user.exists():
            return user
    return DEFAULT_DIR / name


@lru_cache(maxsize=None)
def _read(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TaxonomyError(f"taxonomy file {path} does not exist") from None
    except json.JSONDecodeError as exc:
        raise TaxonomyError(f"taxonomy file {path} is not valid JSON: {exc}") from None


def load(name: str, taxonomy_dir: str | None = None) -> dict:
    """The parsed data file `name` (e.g. "actors.en.json")."""
    return _read(str(path_of(name, taxonomy_dir)))


def fingerprint(taxonomy_dir: str | None = None) -> str:
    """A short hash of every taxonomy file in effect: stored with each extraction."""
    h = hashlib.sha256()
    for p in sorted(DEFAULT_DIR.glob("*.json")):
        h.update(p.name.encode())
        h.update(path_of(p.name, taxonomy_dir).read_bytes())
    return h.hexdigest()[:12]
