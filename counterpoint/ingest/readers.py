"""Readers: turn files, folders, stdin and fetched pages into raw records, one per story.

Each reader yields `RawRecord`s or `InputError`s (an input that cannot be read): a bad
input never stops the batch. Formats: .txt/.md, .html/.htm (trafilatura), .pdf (pypdf),
.json/.jsonl (one document per object; news-please and Media Cloud field names), .csv,
a .txt/.urls file listing URLs, and RSS/Atom feeds (see fetch.py).
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from ..errors import InputError

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | {".pdf", ".csv", ".urls", ".xml", ".rss", ".atom"}

# Field names of common exports, in order of preference, for each of our fields.
FIELD_ALIASES = {
    "id": ("id", "stories_id", "doc_id", "guid"),
    "url": ("url", "link", "guid_url", "source_url", "url_canonical"),
    "source": ("source", "media_name", "source_domain", "outlet", "sitename", "site_name", "publisher"),
    "title": ("title", "headline"),
    "published": ("published", "date_publish", "publish_date", "date", "pubdate", "published_at"),
    "text": ("text", "maintext", "content", "body", "story_text", "raw_text", "article_text"),
    "language": ("language", "lang"),
}


@dataclass
class RawRecord:
    """One story as read, before cleaning; `raw` keeps the exact bytes it came from."""

    input_name: str  # the file path, URL or "<stdin>" it came from (for messages)
    text: str
    raw: bytes
    id: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None  # from metadata: record field or HTML meta
    language: str | None = None
    media_type: str = "text/plain"
    final_url: str | None = None
    retrieved_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    record_no: int | None = None  # position in a JSONL/CSV file
    warnings: list[str] = field(default_factory=list)  # what reading changed, named by field

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


def text_hash_id(text: str) -> str:
    """The id of a document that came with none and has no path or URL."""
    return "sha1:" + hashlib.sha1(re.sub(r"\s+", " ", text).strip().encode("utf-8")).hexdigest()[:16]


BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def unicode_bom(data: bytes) -> str | None:
    """The encoding a UTF-16 or UTF-32 byte order mark announces (their NULs are not binary)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode_text(data: bytes, name: str) -> str:
    """Text of a file (UTF-8, or UTF-16/32 with a byte order mark), or an InputError that says
    what is wrong with it."""
    encoding = unicode_bom(data)
    if encoding:
        try:
            data = data.decode(encoding).encode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {encoding.upper()} despite its byte order mark "
                             f"(at offset {exc.start})", code="bad_encoding") from None
    if not data.strip():
        raise InputError(f"{name}: the file is empty", code="empty")
    if b"\x00" in data[:4096] or _binary_share(data[:4096]) > 0.1:
        raise InputError(f"{name}: this looks like binary data, not text", code="binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                         code="bad_encoding", hint="convert the file to UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _binary_share(data: bytes) -> float:
    if not data:
        return 0.0
    control = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return control / len(data)


def sniff(data: bytes) -> str:
    """Guess the format of bytes that came without a name (stdin, a fetched URL)."""
    encoding = unicode_bom(data[:4])
    if encoding:
        data = data[:4096].decode(encoding, "ignore").encode("utf-8")
    head = data[:2048].lstrip().lower()
    if head.startswith(b"%pdf"):
        return ".pdf"
    if head.startswith((b"<?xml", b"<rss", b"<feed")) and (b"<rss" in head or b"<feed" in head):
        return ".rss"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<p>" in head:
        return ".html"
    if head.startswith((b"{", b"[")):
        return ".jsonl"
    return ".txt"


# The text fields of a record, in the order a warning names them.
TEXT_FIELDS = ("text", "title", "source", "id", "url", "published", "language", "final_url")


def without_nul(rec: RawRecord) -> RawRecord:
    """The record with NUL characters removed from every text field, each field named in a warning.

    PostgreSQL cannot store NUL in text and SQLite would keep it: removing them here makes
    both stores hold the same documents. (A NUL near the start of a file still marks it as
    binary; see decode_text.)
    """
    changed = []
    for name in TEXT_FIELDS:
        value = getattr(rec, name)
        if isinstance(value, str) and "\x00" in value:
            setattr(rec, name, value.replace("\x00", ""))
            changed.append(name)
    rec.input_name = rec.input_name.replace("\x00", "")
    if changed:
        rec.warnings.append("nul_removed: " + ", ".join(changed))
    return rec


def read_bytes(data: bytes, name: str, suffix: str, *, base_id: str | None, url: str | None = None,
               media_type: str | None = None, final_url: str | None = None) -> Iterator[RawRecord | InputError]:
    """Records from the bytes of one input whose format is given by `suffix`, NULs removed."""
    for item in _read_bytes(data, name, suffix, base_id=base_id, url=url, media_type=media_type,
                            final_url=final_url):
        yield without_nul(item) if isinstance(item, RawRecord) else item


def _read_bytes(data: bytes, name: str, suffix: str, *, base_id: str | None, url: str | None = None,
                media_type: str | None = None, final_url: str | None = None) -> Iterator[RawRecord | InputError]:
    try:
        if suffix in HTML_SUFFIXES:
            yield read_html(data, name, base_id=base_id, url=url, final_url=final_url)
        elif suffix == ".pdf":
            yield read_pdf(data, name, base_id=base_id, url=url)
        elif suffix in JSON_SUFFIXES:
            yield from read_json_records(data, name)
        elif suffix == ".csv":
            yield from read_csv_records(data, name)
        else:
            text = decode_text(data, name)
            yield RawRecord(name, text, data, id=base_id, url=url, media_type=media_type or "text/plain",
                            final_url=final_url)
    except InputError as exc:
        yield exc


def read_html(data: bytes, name: str, *, base_id: str | None, url: str | None = None,
              final_url: str | None = None) -> RawRecord:
    """Main text and metadata of an HTML page, with trafilatura."""
    import trafilatura

    if unicode_bom(data):  # trafilatura reads UTF-8: hand it the page re-encoded
        data = decode_text(data, name).encode("utf-8")
    if not data.strip():
        raise InputError(f"{name}: the file is empty", code="empty")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: this looks like binary data, not HTML", code="binary")
    try:
        doc = trafilatura.bare_extraction(
            data, url=final_url or url, with_metadata=True, include_comments=False,
            include_tables=True, favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(f"{name}: the HTML could not be parsed ({exc.__class__.__name__})", code="bad_html") from None
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (meta.get("text") or "").strip()
    if not text:
        raise InputError(f"{name}: no article text found in the HTML", code="no_text",
                         hint="the page may be truncated or hold only navigation")
    return RawRecord(name, text, data, id=base_id, url=url or meta.get("url"),
                     source=meta.get("sitename") or None, title=meta.get("title") or None,
                     published=meta.get("date") or None, media_type="text/html", final_url=final_url)


def read_pdf(data: bytes, name: str, *, base_id: str | None, url: str | None = None) -> RawRecord:
    """The text layer of a PDF report, page by page, with pypdf."""
    from pypdf import PdfReader

    if not data.strip():
        raise InputError(f"{name}: the file is empty", code="empty")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [(p.extract_text() or "") for p in reader.pages]
        info = reader.metadata or {}
    except Exception as exc:
        raise InputError(f"{name}: the PDF is corrupt or unreadable ({exc.__class__.__name__}: {str(exc)[:80]})",
                         code="bad_pdf") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise InputError(f"{name}: the PDF has no text layer (scanned pages need OCR first)", code="no_text")
    title = str(info.get("/Title") or "").strip() or None
    published = None
    raw_date = str(info.get("/CreationDate") or "")
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", raw_date)
    if m:
        published = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return RawRecord(name, text, data, id=base_id, url=url, title=title, published=published,
                     media_type="application/pdf")


def _field(obj: dict, name: str):
    for key in FIELD_ALIASES[name]:
        value = obj.get(key)
        if value not in (None, ""):
            return value
    return None


def record_from_mapping(obj: dict, name: str, n: int, raw: bytes) -> RawRecord:
    """A RawRecord from one JSON object or CSV row (our names or news-please/Media Cloud)."""
    where = f"{name} record {n}"
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected an object, got {type(obj).__name__}", code="bad_record")
    text = _field(obj, "text")
    if text is not None and not isinstance(text, str):
        raise InputError(f"{where}: `text` is {_kind(text)}, not text", code="bad_record")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: no `text` field (or `maintext`/`content`)", code="no_text")
    text = unescape_entities(text)
    if _binary_share(text[:4096].encode("utf-8", "replace")) > 0.1:  # a few NULs are removed later
        raise InputError(f"{where}: the text holds binary data", code="binary")
    warnings: list[str] = []
    source = _field(obj, "source")
    if isinstance(source, dict) and (source.get("name") or source.get("domain")):  # some exports nest it
        source = source.get("name") or source.get("domain")
    rid = _field(obj, "id")
    values = {key: _text_field(key, _field(obj, key), warnings) for key in ("url", "title", "published")}
    given = _field(obj, "language")
    language = given.strip() if isinstance(given, str) else None
    if given is not None and not (language and LANGUAGE_CODE.match(language)):
        warnings.append(f"bad_field: language {json.dumps(given, ensure_ascii=False)[:40]} is not a language "
                        f"code (detected from the text instead)")
        language = None
    return RawRecord(where, text.replace("\r\n", "\n"), raw,
                     id=_text_field("id", rid, warnings, numbers=True), url=values["url"],
                     source=unescape_entities(_text_field("source", source, warnings)),
                     title=unescape_entities(values["title"]),
                     published=values["published"], language=language,
                     media_type="application/json", record_no=n, warnings=warnings)


LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _text_field(key: str, value, warnings: list[str], *, numbers: bool = False) -> str | None:
    """A text field as text, or None with a warning naming the field when it is of another type
    (a number becomes text only where it is an id)."""
    if value is None:
        return None
    if isinstance(value, str) or (numbers and isinstance(value, (int, float)) and not isinstance(value, bool)):
        return str(value).strip() or None
    warnings.append(f"bad_field: {key} is {_kind(value)}, not text (ignored)")
    return None


ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_entities(value: str | None) -> str | None:
    """Exports often keep the page's HTML entities (`&quot;`, `&#8217;`) in JSON strings: decode them."""
    if not value or "&" not in value or not ENTITY.search(value):
        return value
    import html

    return html.unescape(value)


def read_json_records(data: bytes, name: str) -> Iterator[RawRecord | InputError]:
    """One record per object: a JSON array, a single object, or JSON Lines."""
    text = decode_text(data, name)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno})", code="bad_json") from None
        for n, obj in enumerate(items, 1):
            try:
                yield record_from_mapping(obj, name, n, json.dumps(obj, ensure_ascii=False).encode())
            except InputError as exc:
                yield exc
        return
    lines = text.split("\n")
    if stripped.startswith("{") and not _is_jsonl(lines):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno})", code="bad_json") from None
        yield record_from_mapping(obj, name, 1, data)
        return
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{name} line {n}: not valid JSON ({exc.msg})", code="bad_json")
            continue
        try:
            yield record_from_mapping(obj, name, n, line.encode("utf-8"))
        except InputError as exc:
            yield exc


def _is_jsonl(lines: list[str]) -> bool:
    """Several non-empty lines that each parse on their own."""
    filled = [ln for ln in lines if ln.strip()]
    if len(filled) < 2:
        return False
    try:
        json.loads(filled[0])
        return True
    except json.JSONDecodeError:
        return False


def read_csv_records(data: bytes, name: str) -> Iterator[RawRecord | InputError]:
    text = decode_text(data, name)
    csv.field_size_limit(50_000_000)
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not any(k in reader.fieldnames for k in FIELD_ALIASES["text"]):
        raise InputError(f"{name}: the CSV has no `text` column (columns: {', '.join(reader.fieldnames or [])})",
                         code="bad_csv")
    for n, row in enumerate(reader, 2):
        try:
            yield record_from_mapping(row, name, n, ",".join(f"{k}={v}" for k, v in row.items()).encode())
        except InputError as exc:
            yield exc


URL_LINE = re.compile(r"^https?://\S+$")


def url_list(text: str) -> list[str] | None:
    """The URLs of a file that lists only URLs (blank lines and # comments allowed)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip() and not ln.strip().startswith("#")]
    if lines and all(URL_LINE.match(ln) for ln in lines):
        return lines
    return None


def iter_files(root: Path, *, follow_links: bool = False) -> Iterator[Path | InputError]:
    """Files of a folder, recursively, in a stable order, skipping hidden ones.

    A link to a file inside the folder is read; a link to a folder inside it is not entered
    (its files are read where they lie). A link leading out of the folder is refused unless
    `follow_links`, and a folder that cannot be listed is refused too: both come out as an
    InputError naming the path, never as a silent skip.
    """
    base = root.resolve()
    found: list[tuple[Path, Path | InputError]] = []
    seen = {base}  # real folders entered, so that links cannot loop

    def refuse(path: Path, message: str, code: str) -> None:
        found.append((path, InputError(f"{path}: {message}", code=code)))

    def visit(folder: Path) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            refuse(folder, f"cannot read the folder ({exc.strerror or exc})", "unreadable")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if not entry.is_symlink():
                if entry.is_dir(follow_symlinks=False):
                    seen.add(path.resolve())
                    visit(path)
                elif entry.is_file(follow_symlinks=False):
                    found.append((path, path))
                continue
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                refuse(path, f"a link to nothing ({os.readlink(path)})", "broken_link")
                continue
            inside = target.is_relative_to(base)
            kind = "folder" if target.is_dir() else "file"
            if not inside and not follow_links:
                refuse(path, f"a link to a {kind} outside {root} ({target}); pass --follow-links to read it",
                       "outside_link")
            elif kind == "file":
                found.append((path, path))
            elif not inside and target not in seen:
                seen.add(target)
                visit(path)

    visit(root)
    for _, item in sorted(found, key=lambda pair: pair[0].relative_to(root).parts):
        yield item
