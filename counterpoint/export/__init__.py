"""Exporters, one module per format; each has `write(incidents, out, *, redact=False)`.

`write_rows(what, documents, out, fmt, redact=...)` exports events, quotes or claims of
contract documents as flat rows (JSON or CSV).
"""
from __future__ import annotations

from typing import TextIO

from . import csv, geojson, html, json
from .rows import rows_of

FORMATS = {"json": json, "csv": csv, "geojson": geojson, "html": html}
ROW_FORMATS = {"json": json, "csv": csv}


def write(fmt: str, incidents: list[dict], out: TextIO, *, redact: bool = False) -> None:
    FORMATS[fmt].write(incidents, out, redact=redact)


def write_rows(what: str, documents: list[dict], out: TextIO, fmt: str = "csv", *,
               redact: bool = False) -> None:
    ROW_FORMATS[fmt].write_rows(rows_of(what, documents), out, redact=redact)
