"""JSON export: `{"incidents": [...]}` exactly as `counterpoint incidents --json` prints it."""
from __future__ import annotations

import json
from typing import TextIO

from ..headline import with_headlines
from .redact import redact_incidents, redact_value


def write(incidents: list[dict], out: TextIO, *, redact: bool = False) -> None:
    json.dump({"incidents": with_headlines(redact_incidents(incidents, redact))}, out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_rows(rows: list[dict], out: TextIO, *, redact: bool = False) -> None:
    """Flat rows (events, quotes or claims of documents) as a JSON list."""
    json.dump(redact_value(rows) if redact else rows, out, ensure_ascii=False, indent=1)
    out.write("\n")
