"""Publication date of a document: from metadata, a dateline near the top, or a date in its URL's path."""
from __future__ import annotations

import bisect
import calendar
import re
from datetime import date
from dataclasses import dataclass, field

MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
    # French
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "decembre": 12, "déc": 12,
}
WEEKDAYS = (r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|"
            r"thu|thur|thurs|fri|sat|sun|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche")

# Any word of month-name length; the word is then looked up in MONTHS. A generic word is
# far faster for the regex engine than an alternation of every month name.
_MONTH = r"(?P<m>[^\W\d_]{3,9})\.?"
_DAY = r"(?<![\d/.])(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|t)?"
_YEAR = r"(?P<y>(?:1[89]|20)\d\d)(?!\d)"

# Each pattern yields a year, and a month and day where the text gives them.
FULL_DATE_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),
    re.compile(_DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR, re.I),
    re.compile(r"\b" + _MONTH + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+" + _YEAR, re.I),
    re.compile(r"(?<![\d/.:-])(?P<d>[0-3]?\d)(?P<sep>[/.-])(?P<m>[01]?\d)(?P=sep)"
               r"(?P<y>(?:19|20)\d\d|\d\d)(?!\d|[/.:-]\d)"),
]
MONTH_DATE_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)(?![\d-])"),
    re.compile(r"(?<![\d\w])" + _MONTH + r",?\s+(?:de\s+|of\s+)?" + _YEAR, re.I),
]
# Day and month without a year: only used to spot impossible dates such as "31/06".
PARTIAL_DATE_PATTERNS = [
    re.compile(r"(?<![\d/.:-])(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?![\d/])"),
    re.compile(_DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?!\w)", re.I),
    re.compile(r"\b" + _MONTH + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d\w])", re.I),
]
YEAR_PATTERN = re.compile(r"\b(?:in|since|of|en|depuis|année)\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.I)

LEADING_DATE_LINE = re.compile(r"^\s*date\s+(?P<value>\d{4}(?:-\d\d){0,2})\b", re.I)
PUBLISHED_PREFIX = re.compile(
    r"^\W*(?:first\s+)?(?:published|posted|publié|publiée|mis en ligne|créé|créée|date de publication)\b",
    re.I)
# "Mise à jour : 14/12/2024 - Publié le 14/12/2024": the published date need not open the line.
PUBLISHED_KEYWORD = re.compile(r"\b(?:published|publié|publiée|mis en ligne)\b", re.I)
UPDATED_PREFIX = re.compile(
    r"^\W*(?:page\s+)?(?:last\s+|dernière\s+)?(?:updated|modified|mise? à jour|modifié|modifiée)\b", re.I)
BYLINE_PREFIX = re.compile(r"^\W*(?:by|par)\s", re.I)
# What may surround a date on a dateline without making it a sentence.
DATELINE_FILLER = re.compile(
    r"\b(?:" + WEEKDAYS + r")\b\.?|\b\d{1,2}[:.h]\d\d(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)?"
    r"|\b(?:gmt|bst|utc|cet|cest|est|edt|et|pt|pst|cst|ist)\b"
    r"|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b"
    r"|\b(?:afp|reuters|ap|pa|dpa|ansa|belga|efe|upi|staff|reporter|correspondent|source|sources|agence"
    r"|france-presse|press|presse)\b"
    r"|\b(?:first|page|last|published|posted|updated|modified|publié|publiée|mis|à|jour|en|ligne"
    r"|le|at|on|the|de|date|mise|dernière)\b|[^\w]", re.I)
# "DOVER, England, March 3, 2017 — Police …", "Calais, 3 mars 2017 (AFP) - La police …": a wire
# dateline opening the lead: a capitalised place, a comma, the date, then a dash
WIRE_DATELINE = re.compile(r"^(?P<head>[A-ZÀ-Ý][\w'’.-]*(?:[ /][A-ZÀ-Ý][\w'’.-]*)*,[^—–\n]{4,60}?)\s+[—–-]{1,2}\s+\S")
NOT_A_PLACE = frozenset({"in", "on", "at", "by", "since", "after", "before", "le", "la", "en", "à", "dans", "depuis"})
# "— Some Charity (@somecharity) April 10, 2016": the signature of an embedded post, not the page's date
EMBED_SIGNATURE = re.compile(r"\(@\w{1,30}\)|^[—–-]\s*\S.{0,60}@\w")
TOP_LINES = 15
TOP_CHARS = 2500
# Warnings read this much: the cost of the date scan grows with the text.
SCAN_CHARS = 200_000
MAX_WARNINGS = 20


@dataclass
class Published:
    value: str | None = None  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
    basis: str | None = None  # "metadata" | "dateline" | "url" (never guessed from the text's dates)
    precision: str | None = None  # "day" | "month" | "year"
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DateMention:
    value: str
    start: int
    end: int


def precision_of(value: str | None) -> str | None:
    if not value:
        return None
    return {10: "day", 7: "month", 4: "year"}.get(len(value))


def _month_number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return MONTHS.get(token.lower().rstrip("."))


def _full_year(y: str) -> int:
    n = int(y)
    if len(y) == 2:  # "08/11/15": two-digit years are recent ones
        return 2000 + n if n < 70 else 1900 + n
    return n


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        return 1 <= day <= calendar.monthrange(year, month or 1)[1]
    return True


def _format(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


class _Spans:
    """Non-overlapping spans already read as dates, kept sorted for fast overlap tests."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, span: tuple[int, int]) -> bool:
        i = bisect.bisect_left(self.starts, span[1])  # spans starting before span's end
        return i > 0 and self.ends[i - 1] > span[0]

    def add(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_left(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.ends.insert(i, span[1])


def scan_dates(text: str) -> tuple[list[DateMention], list[DateMention], list[str]]:
    """Full dates, month dates, and warnings for impossible dates, in text order."""
    full: list[DateMention] = []
    months: list[DateMention] = []
    warnings: list[str] = []
    taken = _Spans()
    for pattern in FULL_DATE_PATTERNS:
        for m in pattern.finditer(text):
            if taken.overlaps(m.span()):
                continue
            month, day, year = _month_number(m["m"]), int(m["d"]), _full_year(m["y"])
            if month is None or not 1 <= month <= 12 or day == 0:
                continue
            taken.add(m.span())
            if _valid(year, month, day):
                full.append(DateMention(_format(year, month, day), *m.span()))
            elif day <= 31:
                warnings.append(f"impossible date {m.group(0)!r} ignored")
    for pattern in MONTH_DATE_PATTERNS:
        for m in pattern.finditer(text):
            if taken.overlaps(m.span()):
                continue
            month = _month_number(m["m"])
            if month and 1 <= month <= 12:
                taken.add(m.span())
                months.append(DateMention(_format(int(m["y"]), month), *m.span()))
    for pattern in PARTIAL_DATE_PATTERNS:
        for m in pattern.finditer(text):
            if taken.overlaps(m.span()):
                continue
            month, day = _month_number(m["m"]), int(m["d"])
            if month and 1 <= month <= 12 and 1 <= day <= 31:
                taken.add(m.span())
                if not _valid(2000, month, day):  # 2000 is a leap year: 29 February is fine
                    warnings.append(f"impossible date {m.group(0)!r} ignored")
    full.sort(key=lambda d: d.start)
    months.sort(key=lambda d: d.start)
    return full, months, list(dict.fromkeys(warnings))[:MAX_WARNINGS]


def parse_date(s: str) -> str | None:
    """One date string (ISO, '12 March 2023', 'March 12, 2023', '12/03/2023', '12 mars 2023')."""
    if not s or not s.strip():
        return None
    s = s.strip()
    iso = re.match(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$", s)
    if iso:
        year, month, day = int(iso[1]), iso[2] and int(iso[2]), iso[3] and int(iso[3])
        return _format(year, month or None, day or None) if _valid(year, month or None, day or None) else None
    full, months, _ = scan_dates(s)
    if full:
        return full[0].value
    if months:
        return months[0].value
    return _month_first(s)


def _month_first(s: str) -> str | None:
    """'09/22/2020': read month first only when day first is impossible (US metadata)."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
    if not m or int(m[2]) <= 12:
        return None
    year, month, day = int(m[3]), int(m[1]), int(m[2])
    return _format(year, month, day) if _valid(year, month, day) else None


def _leading_date_line(text: str) -> str | None:
    m = LEADING_DATE_LINE.match(text)
    return parse_date(m["value"]) if m else None


def _top_lines(text: str) -> list[str]:
    lines = [line.strip() for line in text[:TOP_CHARS].splitlines() if line.strip()]
    return lines[:TOP_LINES]


def _words_besides(line: str, found: list[DateMention]) -> list[str]:
    """The words of the line that are not dates, weekdays, times, zones or dateline words."""
    rest, pos = [], 0
    for d in found:
        rest.append(line[pos:d.start])
        pos = d.end
    rest.append(line[pos:])
    return DATELINE_FILLER.sub(" ", " ".join(rest)).split()


def _is_bare_dateline(line: str, date: DateMention) -> bool:
    """True when little besides weekdays, times and zones surrounds the date on the line."""
    leftover = _words_besides(line, [date])
    # A place or an author may stand beside the date ("Calais (AFP) - 12 mars 2023").
    return len(leftover) <= 1 or (len(leftover) <= 3 and all(w[0].isupper() for w in leftover))


_ASCII_DIGIT = re.compile(r"[0-9]")


def _has_digit(line: str) -> bool:
    """str.isdigit on any character; a regex search for the common ASCII line (called per line of every text)."""
    return bool(_ASCII_DIGIT.search(line)) if line.isascii() else any(ch.isdigit() for ch in line)


def dateline_of(line: str) -> tuple[str, DateMention] | None:
    """('published'|'plain'|'byline'|'updated', date) when the line is a dateline."""
    if not _has_digit(line) or EMBED_SIGNATURE.search(line):
        return None
    if len(line) > 120:
        # "Updated 13 August 2021: Care4Calais: …": a labelled date opening a long line
        label = re.match(r"^(.{6,60}?)\s*[:|–—-]\s", line)
        if not label or not (PUBLISHED_PREFIX.match(label[1]) or UPDATED_PREFIX.match(label[1])):
            return None
        line = label[1]
    full, months, _ = scan_dates(line)
    if PUBLISHED_PREFIX.match(line) and (full or months):
        return "published", (full or months)[0]
    keyword = PUBLISHED_KEYWORD.search(line)
    after_keyword = [d for d in full if keyword and d.start >= keyword.end()]
    if after_keyword and len(_words_besides(line, full)) <= 2:  # a meta line, not a sentence
        return "published", after_keyword[0]
    if not full:
        return None
    if UPDATED_PREFIX.match(line):
        return "updated", full[0]
    if BYLINE_PREFIX.match(line) and len(line) <= 90:
        return "byline", full[0]
    if _is_bare_dateline(line, full[0]):
        return "plain", full[0]
    return None


def wire_date_of(line: str) -> DateMention | None:
    """The date of a wire dateline opening a lead ("DOVER, England, March 3, 2017 — Police …"):
    the lead stays a sentence of the story; only its head states the publication date."""
    wire = WIRE_DATELINE.match(line)
    if not wire or line.split(None, 1)[0].lower() in NOT_A_PLACE:
        return None
    head_dates = scan_dates(wire["head"])[0]
    return head_dates[0] if head_dates and _is_bare_dateline(wire["head"], head_dates[0]) else None


def find_dateline(text: str) -> str | None:
    """The publication date a dateline near the top states, or None."""
    leading = _leading_date_line(text)
    if leading:
        return leading
    found: dict[str, str] = {}
    for line in _top_lines(text):
        hit = dateline_of(line)
        if hit is None and _has_digit(line):
            wire = wire_date_of(line)
            hit = ("plain", wire) if wire else None
        if hit and hit[0] not in found:
            found[hit[0]] = hit[1].value
    for kind in ("published", "plain", "byline", "updated"):
        if kind in found:
            return found[kind]
    return None


# "/2020/08/21/", "/2014/sep/07/", "/20210517-title", "/2021-05-17/", "/2016/02/" in a URL's path
URL_DAY_PATTERNS = [
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?=/|$|[-_.])"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[a-z]{3,4})/(?P<d>0?[1-9]|[12]\d|3[01])(?=/|$)", re.I),
    re.compile(r"/(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?=/|$|[-_.])"),
    re.compile(r"(?<=[/_-])(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?=[-_/.]|$)"),
]
URL_MONTH_PATTERN = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>0[1-9]|1[0-2])(?=/[^/\d])")


def url_date(url: str | None) -> str | None:
    """The date a URL's path carries ("/2020/08/21/" -> "2020-08-21", "/2016/02/slug" -> "2016-02")."""
    if not url:
        return None
    from urllib.parse import urlparse

    path = urlparse(url).path
    for pattern in URL_DAY_PATTERNS:
        m = pattern.search(path)
        if m:
            month, day, year = _month_number(m["m"]), int(m["d"]), int(m["y"])
            if month and _valid(year, month, day):
                return _format(year, month, day)
    m = URL_MONTH_PATTERN.search(path)
    return _format(int(m["y"]), int(m["m"])) if m else None


def find_published(text: str, metadata: str | None = None, url: str | None = None) -> Published:
    """Publication date: metadata first, then a dateline near the top, then the URL's path.

    Without any of these the date stays unknown: the latest date a text mentions is often
    background ("In October of 2016"), and a wrong anchor misdates every relative date.
    """
    text = text or ""
    _, _, warnings = scan_dates(text[:SCAN_CHARS])
    value = parse_date(metadata) if metadata else None
    if metadata and value is None:
        warnings.append(f"metadata date {metadata!r} could not be read")
    if value:
        return Published(value, "metadata", precision_of(value), warnings)
    value = find_dateline(text)
    if value:
        return Published(value, "dateline", precision_of(value), warnings)
    value = url_date(url)
    if value:
        return Published(value, "url", precision_of(value), warnings)
    return Published(None, None, None, warnings)
