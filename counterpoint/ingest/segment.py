"""Splitting a page that holds several posts (a blog category or archive page) into one Post per post."""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import dates

# An archive page announces itself in its first lines ("Archivi categoria: protests").
ARCHIVE_HEADER = re.compile(
    r"^(?:(archivi(o)? (della )?categoria|archives? de (la )?catégorie|category archives?|archives? for"
    r"|posts tagged|blog archives?)\b.{0,80}"
    r"|(category|categories|catégorie|archives?|tag|tags|tagged|étiquette|rubrique)\s*[:|–-].{0,80})$",
    re.IGNORECASE)
BYLINE = re.compile(r"^(posted|published|publié|written|écrit)\b.{0,80}$|^(by|par)\s+\S.{0,60}$",
                    re.IGNORECASE)
# "Source: …", "Photo: …": labelled lines inside a post, not titles.
LABEL_LINE = re.compile(r"^(source|sources|photo|photos|video|vidéo|image|credit|crédit|note|update|edit"
                        r"|ps|via|read|see|watch|full report|report|lire|voir)\b[^:]{0,20}:", re.IGNORECASE)
TITLE_MAX = 160
MIN_POST_CHARS = 150  # a "post" shorter than this is a list item, not a post
PROSE_MIN_CHARS = 80  # a line of a post's own text: a sentence at least this long
AUTHOR_MAX = 40  # "Alex Ross" between a title and its date
# Gaps that mark where an extractor dropped a post's date block, or the space between posts.
WIDE_GAP_BEFORE = 5
META_GAP_AFTER = 3


@dataclass
class Post:
    title: str | None
    text: str  # page[start:end]; begins with the post's title line when it has one
    start: int
    end: int
    date: str | None = None
    date_basis: str | None = None  # "dateline" | "inferred" | None


@dataclass
class _Line:
    start: int
    end: int
    text: str  # stripped
    blanks_before: int
    blanks_after: int = 0


def _lines(page: str) -> list[_Line]:
    lines: list[_Line] = []
    blanks = 0
    for m in re.finditer(r"[^\n]*", page):
        if m.start() > 0 and page[m.start() - 1] != "\n":
            continue  # finditer yields an empty match after each line; skip it
        stripped = m.group(0).replace("\xa0", " ").strip()
        if not stripped:
            blanks += 1
            continue
        if lines:
            lines[-1].blanks_after = blanks
        lines.append(_Line(m.start(), m.end(), stripped, blanks))
        blanks = 0
    if lines:
        lines[-1].blanks_after = blanks
    return lines


def _title_like(text: str, strict: bool = True) -> bool:
    """A headline: short, several words, starts like a sentence, and (strictly) no final period."""
    if not 8 <= len(text) <= TITLE_MAX or len(text.split()) < 2:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "“\"'‘«"):
        return False
    if text.endswith((":", ";", ",")) or LABEL_LINE.match(text):
        return False
    # A quoted sentence ("“… 9,000 migrants.”") ends like a sentence too.
    if strict and text.rstrip("”’\"')» ").endswith("."):
        return False
    return not (BYLINE.match(text) or ARCHIVE_HEADER.match(text) or dates.dateline_of(text))


def _is_meta(text: str) -> bool:
    return bool(dates.dateline_of(text) or BYLINE.match(text) or dates.LEADING_DATE_LINE.match(text))


def _meta_date(lines: list[_Line]) -> str | None:
    for line in lines:
        hit = dates.dateline_of(line.text)
        if hit:
            return hit[1].value
    return None


def _meta_after(lines: list[_Line], i: int) -> list[_Line]:
    """The date or byline lines right under title line i (an author name may sit between)."""
    if i + 1 >= len(lines):
        return []
    if _is_meta(lines[i + 1].text):
        return lines[i + 1:i + 3]
    author_line = len(lines[i + 1].text) <= AUTHOR_MAX and not _title_like(lines[i + 1].text)
    if author_line and i + 2 < len(lines) and _is_meta(lines[i + 2].text):
        return lines[i + 2:i + 3]
    return []


def _structured_starts(lines: list[_Line]) -> list[tuple[int, str | None]]:
    """Post starts (line index, dateline date) where a title sits next to a date or byline line."""
    after, before = [], []
    for i, line in enumerate(lines):
        if not _title_like(line.text):
            continue
        following = _meta_after(lines, i)
        if following:
            after.append((i, _meta_date(following)))
        elif i > 0 and _is_meta(lines[i - 1].text) and not _is_meta(lines[i + 1].text if i + 1 < len(lines) else ""):
            before.append((i - 1, _meta_date([lines[i - 1]])))
    # One layout repeated: either every title is followed by its date, or preceded by it.
    return max(after, before, key=len)


def _chronological(starts: list[tuple[int, str | None]]) -> bool:
    """Dated headings in ascending order are a diary inside one post: archives list newest first."""
    found = [d for _, d in starts]
    return all(found) and all(a < b for a, b in zip(found, found[1:]))


def _gap_starts(lines: list[_Line]) -> list[int]:
    """Post starts on an archive page whose date lines were lost: titles set apart by wide gaps."""
    starts = []
    for i in range(1, len(lines)):
        line, previous = lines[i], lines[i - 1]
        wide_gap = line.blanks_before >= WIDE_GAP_BEFORE
        dropped_meta = line.blanks_before == 1 and line.blanks_after >= META_GAP_AFTER
        previous_ended = previous.text.endswith((".", "!", "?", "”", '"', "…", ")"))
        if (wide_gap or dropped_meta) and previous_ended and _title_like(line.text, strict=False):
            starts.append(i)
    return starts


def _archive_header(lines: list[_Line]) -> int | None:
    for i, line in enumerate(lines[:2]):
        if ARCHIVE_HEADER.match(line.text) and len(line.text) <= 100:
            return i
    return None


def _long_enough(page: str, lines: list[_Line], starts: list[int]) -> bool:
    """Every post is long enough and tells something: a paragraph of prose under its title,
    not only the byline, date and caption lines of an article's header."""
    bounds = starts + [len(lines)]
    for a, b in zip(bounds, bounds[1:]):
        end = lines[b - 1].end
        if end - lines[a].start < MIN_POST_CHARS:
            return False
        if not any(_prose(line.text) for line in lines[a + 1:b]):
            return False
    return True


def _prose(text: str) -> bool:
    return len(text) >= PROSE_MIN_CHARS and text.rstrip("”’\"')» ").endswith((".", "!", "?", "…")) \
        and not _is_meta(text)


def _make_post(page: str, lines: list[_Line], first: int, last: int, title: str | None,
               date: str | None) -> Post:
    start, end = lines[first].start, lines[last].end
    text = page[start:end]
    basis = "dateline" if date else None
    if date is None:
        date, basis = _dateline(text)
    return Post(title, text, start, end, date, basis)


def _single(page: str, lines: list[_Line]) -> list[Post]:
    first = lines[0].text
    title = first if _title_like(first) and len(first.split()) >= 3 and len(lines) > 1 else None
    return [Post(title, page, 0, len(page), *_dateline(page))]


def _dateline(text: str) -> tuple[str | None, str | None]:
    """What `dates.find_published` gives a text without metadata or URL (its value and basis),
    without its scan of the whole text for impossible dates: their warnings are the
    document's, found once on its cleaned text."""
    value = dates.find_dateline(text)
    return value, "dateline" if value else None


def split_posts(text: str) -> list[Post]:
    """One Post per post on a multi-post page; a single Post for an ordinary article.

    Splitting needs repeated structure: titles each next to a date or byline line (not in
    ascending date order, which is a diary inside one post), or,
    on a page headed as an archive (or with at least two such gaps), titles set apart
    by the wide gaps an extractor leaves where it dropped each post's date block.
    """
    page = text or ""
    lines = _lines(page)
    if not lines:
        return [Post(None, page, 0, len(page), None, None)]
    structured = _structured_starts(lines)
    if len(structured) >= 2 and not _chronological(structured) \
            and _long_enough(page, lines, [i for i, _ in structured]):
        return _posts_at(page, lines, [i for i, _ in structured], dict(structured))
    header = _archive_header(lines)
    gaps = _gap_starts(lines)
    if header is not None and header + 1 < len(lines):
        starts = [header + 1] + [i for i in gaps if i > header + 1]
        if len(starts) >= 2 and _long_enough(page, lines, starts):
            return _posts_at(page, lines, starts, {})
    elif len(gaps) >= 2:
        starts = [0] + gaps
        if _long_enough(page, lines, starts):
            return _posts_at(page, lines, starts, {})
    return _single(page, lines)


def _posts_at(page: str, lines: list[_Line], starts: list[int], dated: dict[int, str | None]) -> list[Post]:
    posts = []
    bounds = starts + [len(lines)]
    for a, b in zip(bounds, bounds[1:]):
        title_index = a + 1 if _is_meta(lines[a].text) and a + 1 < b else a
        title = lines[title_index].text if _title_like(lines[title_index].text, strict=False) else None
        posts.append(_make_post(page, lines, a, b - 1, title, dated.get(a)))
    return posts
