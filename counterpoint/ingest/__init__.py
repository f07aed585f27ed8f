"""The ingest stage: inputs (paths, URLs, stdin) -> clean, dated, language-tagged Documents.

Steps, in order:
  1. walk the inputs (files, folders recursively, `-` for stdin, URLs, URL lists, feeds)
  2. read each into RawRecords (readers.py), or an InputError naming the input
  3. clean page furniture (cleaning.py), keeping the raw text and an offset map
  4. split pages holding several posts into one document per post (segment.py)
  5. find the publication date and its basis (dates.py) and the language (language.py)
Duplicates (dedup.py) are found by the pipeline, which knows what is already stored.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

from ..errors import InputError
from ..models import Document
from ..settings import Settings
from . import readers
from .cleaning import choose_title, clean
from .dates import find_published
from .language import detect_language
from .outlet import outlet_from_text
from .readers import RawRecord, text_hash_id
from .segment import split_posts


@dataclass
class Rejected:
    """An input that could not become a document, with the reason code and a message."""

    name: str
    code: str
    message: str
    content_key: str  # what makes two rejections "the same input" (name + content)


def is_url(arg: str) -> bool:
    return urlparse(arg).scheme in ("http", "https")


class _OneFetcher:
    """One Fetcher for a whole walk, made when the first URL comes and closed at the end."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.fetcher = None

    def get(self, url: str):
        if self.fetcher is None:
            from .fetch import Fetcher

            self.fetcher = Fetcher(allow_private=self.settings.allow_private, timeout=self.settings.fetch_timeout,
                                   max_bytes=self.settings.max_bytes)
        return self.fetcher.get(url)

    def close(self) -> None:
        if self.fetcher is not None:
            self.fetcher.close()


def walk(args: list[str], settings: Settings, fetcher=None, stdin=None) -> Iterator[RawRecord | Rejected]:
    """Every record of every input, in order; bad inputs come out as Rejected."""
    if fetcher is None:  # not a client per URL: a list of 1,000 URLs would leave 1,000 pools open
        own = _OneFetcher(settings)
        try:
            yield from walk(args, settings, own, stdin)
        finally:
            own.close()
        return
    for arg in args:
        if arg == "-":
            data = _read_limited(stdin or sys.stdin.buffer, settings.max_bytes)
            if data is None:
                yield Rejected("<stdin>", "too_large", f"<stdin>: more than {settings.max_bytes:,} bytes, over the "
                               f"limit (setting max_bytes)", "stdin:too_large")
                continue
            yield from _from_bytes(data, "<stdin>", readers.sniff(data), settings, base_id=None)
        elif is_url(arg):
            yield from _from_url(arg, settings, fetcher)
        else:
            path = Path(arg)
            if path.is_dir():
                for f in readers.iter_files(path, follow_links=settings.follow_links):
                    if isinstance(f, InputError):
                        yield Rejected(_name_of(f, arg), f.code, str(f), f.code)
                    else:
                        yield from _from_file(f, f.relative_to(path).as_posix(), settings, fetcher)
            elif path.is_file():
                yield from _from_file(path, path.name, settings, fetcher)
            else:
                yield Rejected(arg, "not_found", f"{arg}: no such file or folder", "missing")


def _read_limited(stream, limit: int, chunk: int = 65_536) -> bytes | None:
    """All of a stream, or None as soon as it holds more than `limit` bytes (never more in memory)."""
    parts, size = [], 0
    while True:
        part = stream.read(min(chunk, limit + 1 - size))
        if not part:
            return b"".join(parts)
        parts.append(part)
        size += len(part)
        if size > limit:
            return None


def _from_file(path: Path, rel_id: str, settings: Settings, fetcher) -> Iterator[RawRecord | Rejected]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            yield Rejected(name, "too_large", f"{name}: {size:,} bytes is over the limit of {settings.max_bytes:,} "
                           f"(setting max_bytes)", f"size:{size}")
            return
        with path.open("rb") as fh:  # a file still growing is held to the limit too
            data = _read_limited(fh, settings.max_bytes)
        if data is None:
            yield Rejected(name, "too_large", f"{name}: grew over the limit of {settings.max_bytes:,} bytes while "
                           f"it was read (setting max_bytes)", "grew")
            return
    except OSError as exc:
        yield Rejected(name, "unreadable", f"{name}: cannot read ({exc.strerror})", "oserror")
        return
    suffix = path.suffix.lower()
    if suffix in (".txt", ".urls", ".rss", ".xml", ".atom"):
        urls = None
        try:
            urls = readers.url_list(readers.decode_text(data, name)) if suffix in (".txt", ".urls") else None
        except InputError:
            pass
        if urls:
            for u in urls:
                yield from _from_url(u, settings, fetcher)
            return
        if suffix != ".txt":
            from .fetch import is_feed
            if is_feed(data):
                yield from _from_feed(data, name, settings, fetcher)
                return
    if suffix not in readers.KNOWN_SUFFIXES:
        suffix = readers.sniff(data)
    yield from _from_bytes(data, name, suffix, settings, base_id=rel_id)


def _from_bytes(data: bytes, name: str, suffix: str, settings: Settings, *, base_id: str | None,
                url: str | None = None, final_url: str | None = None) -> Iterator[RawRecord | Rejected]:
    import hashlib

    key = hashlib.sha256(data).hexdigest()
    if len(data) > settings.max_bytes:
        yield Rejected(name, "too_large", f"{name}: {len(data):,} bytes is over the limit of "
                       f"{settings.max_bytes:,} (setting max_bytes)", key)
        return
    for item in _guarded(readers.read_bytes(data, name, suffix, base_id=base_id, url=url, final_url=final_url),
                         name, suffix, key):
        if isinstance(item, Rejected):
            yield item
        elif isinstance(item, InputError):
            yield Rejected(_name_of(item, name), item.code, str(item), f"{key}:{item}")
        elif len(item.text.encode("utf-8")) > settings.max_bytes:
            yield Rejected(item.input_name, "too_large", f"{item.input_name}: the text is over the limit of "
                           f"{settings.max_bytes:,} bytes (setting max_bytes)", item.content_hash)
        else:
            yield item


def _guarded(items: Iterator, name: str, suffix: str, key: str) -> Iterator:
    """The reader's records; a broken reader (a missing library, a bug) rejects this input
    only, after the records it already gave."""
    try:
        yield from items
    except Exception as exc:
        reason = f"{exc.__class__.__name__}: {exc}".splitlines()[0][:200]
        yield Rejected(name, "reader_failed", f"{name}: the {suffix or 'text'} reader failed ({reason})", key)


def _name_of(exc: InputError, default: str) -> str:
    msg = str(exc)
    return msg.split(": ", 1)[0] if ": " in msg else default


def _from_url(url: str, settings: Settings, fetcher) -> Iterator[RawRecord | Rejected]:
    from .fetch import is_feed

    try:
        got = fetcher.get(url)
    except InputError as exc:
        yield Rejected(url, exc.code, str(exc), f"fetch:{exc.code}")
        return
    if is_feed(got.content, got.media_type):
        yield from _from_feed(got.content, url, settings, fetcher)
        return
    suffix = ".pdf" if "pdf" in got.media_type else ".html" if "html" in got.media_type else readers.sniff(got.content)
    for item in _from_bytes(got.content, url, suffix, settings, base_id=url, url=url, final_url=got.final_url):
        if isinstance(item, RawRecord):
            item.source = item.source or urlparse(got.final_url).hostname
        yield item


# Why a fetch can fail that a feed's summary must not paper over: the link itself is refused.
REFUSED = {"private_target", "bad_url"}


def _from_feed(content: bytes, name: str, settings: Settings, fetcher) -> Iterator[RawRecord | Rejected]:
    from .fetch import parse_feed

    try:
        items = parse_feed(content, name)
    except InputError as exc:
        yield Rejected(name, exc.code, str(exc), f"feed:{exc.code}")
        return
    for n, item in enumerate(items, 1):
        if not item.link:
            where = f"{name} item {n}"
            yield Rejected(where, "no_link", f"{where}: the feed item has no link"
                           + (f" ({item.title})" if item.title else ""), f"feed-item:{item.guid or item.title}")
            continue
        for rec in _from_url(item.link, settings, fetcher):
            if isinstance(rec, RawRecord):
                rec.title = rec.title or item.title
                rec.published = rec.published or item.published
                yield rec
            elif item.summary and rec.code not in REFUSED:
                # the page is gone: the feed's own summary is what we have, and the document says so
                yield RawRecord(item.link, item.summary, item.summary.encode("utf-8"), id=item.link,
                                url=item.link, source=urlparse(item.link).hostname, title=item.title,
                                published=item.published, media_type="application/rss+xml",
                                warnings=[f"page_unavailable: {rec.message}; the feed's summary is stored instead"])
            else:  # a link we refuse to fetch is reported, never replaced
                yield rec


def _plausible_published(raw: RawRecord) -> tuple[str | None, list[str]]:
    """The record's publication date, unless it reads as a date no document was published on
    (year 0, the year 9999, tomorrow): then None and a warning naming the field."""
    from datetime import date, timedelta

    from .dates import parse_date

    value = parse_date(raw.published) if raw.published else None
    if not value:
        return raw.published, []
    if value[:4] < "1800":
        return None, [f"bad_field: published {raw.published!r} is not a possible publication date (ignored)"]
    if value > (date.today() + timedelta(days=1)).isoformat()[:len(value)]:
        return None, [f"bad_field: published {raw.published!r} is in the future (ignored)"]
    return raw.published, []


def prepare(raw: RawRecord, settings: Settings) -> list[Document]:
    """Split, clean, date and tag one record; one Document per post.

    Posts are found on the page as read (a category header is part of what tells an
    archive page), then each is cleaned; the offset map leads from the cleaned text back
    to the raw page, so any figure can be traced to what was read.
    """
    posts = split_posts(raw.text)
    base_id = raw.id or (raw.url if raw.url and not raw.record_no else None) or text_hash_id(raw.text)
    several = len(posts) > 1
    source = raw.source or outlet_from_text(raw.text)  # every post of a page has the page's outlet
    docs = []
    for n, post in enumerate(posts, 1):
        cleaned = clean(post.text, settings.taxonomy_dir)
        text = cleaned.text.strip()
        if not text:
            continue
        lead = len(cleaned.text) - len(cleaned.text.lstrip())
        om = cleaned.offsets
        runs = zip(om.clean_starts, om.raw_starts, om.linear)  # an entry per token: keep the common case cheap
        offset_map = [[c - lead, r + post.start, lin] for c, r, lin in runs] if lead or post.start else \
            list(map(list, runs))
        # a page's metadata and URL date the page, not each of the posts it holds
        metadata, warnings = _plausible_published(raw)
        pub = find_published(text, None if several else metadata, None if several else raw.url)
        if several and post.date and not pub.value:
            pub.value, pub.basis = post.date, post.date_basis or "dateline"
        language = (raw.language or "")[:2].lower() or detect_language(text)
        docs.append(Document(
            id=f"{base_id}~{n}" if several else base_id, text=text, source=source, url=raw.url,
            title=choose_title([post.title] if several else [raw.title, post.title], text), language=language,
            published=pub.value, published_basis=pub.basis, raw_text=raw.text, offset_map=offset_map,
            warnings=list(raw.warnings) + warnings + list(pub.warnings), input_name=raw.input_name))
    return docs
