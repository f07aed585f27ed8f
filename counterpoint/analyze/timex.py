"""Date expressions in a sentence, resolved against a reference date with their precision.

"on Thursday", "last night", "yesterday", "earlier in March", "in February",
"16.01.2018", "30/06", "October 2016", "the 10th April", "September 25, 2020".
A month alone gives "YYYY-MM", never a made-up day; an impossible date gives nothing; a range
("between September and December 2020") or a week ("this week") gives the precision it supports.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .text_memo import TextMemo

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"])}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
               "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_M = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_W = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?"
_Y = r"(?P<year>(?:19|20)\d\d)"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_MONTH_NAMES = r"January|February|March|April|May|June|July|August|September|October|November|December"

PATTERNS = [
    # a range gets the precision both ends share: "between September and December 2020" is
    # 2020, "from 11 to 30 September 2020" is September 2020
    ("range_m", re.compile(rf"\b(?:between|from)\s+(?P<mon1>{_MONTH_NAMES})\s+(?:and|to|until)\s+{_M},?\s+{_Y}\b")),
    ("range_d", re.compile(rf"\b(?:between|from)\s+(?:the\s+)?[0-3]?\d(?:st|nd|rd|th)?\s+(?:and|to|until)\s+(?:the\s+)?"
                           rf"{_D}(?:\s+of)?\s+{_M}(?:,?\s+{_Y})?\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("dmy_num", re.compile(r"\b(?P<day>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<year>(?:19|20)?\d\d)\b")),
    ("dm_num", re.compile(r"(?<![\d/.])(?P<day>[0-3]?\d)/(?P<m>[01]?\d)(?![\d/])")),
    ("dmy", re.compile(rf"\b(?:the\s+)?{_D}(?:\s+of)?\s+{_M}(?:,?\s+{_Y})?\b")),
    # "September, 16 2015": a US date with its comma misplaced (the year makes it a date)
    ("m_comma_dy", re.compile(rf"\b{_M},\s+{_D},?\s+{_Y}\b")),
    ("mdy", re.compile(rf"\b{_M}\s+{_D}\b(?:,?\s+{_Y})?")),
    ("MDY_upper", re.compile(rf"\b(?P<mon>JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\s+{_D},?\s+{_Y}\b")),
    ("my", re.compile(rf"\b{_M},?\s+{_Y}\b")),
    ("season_y", re.compile(rf"\b(?:(?:winter|summer|spring|autumn|fall)\s+(?:of\s+)?|(?:in|since|during|by|until|of|early|late|mid-?)\s+){_Y}\b(?!\s*(?:people|migrants|refugees|officers|police))", re.I)),
    # "the 2016 fire", "a 2015 law": a year premodifying a singular noun is that thing's year
    # (a plural after it is a count: "the 2000 migrants")
    ("year_noun", re.compile(rf"(?:(?<=\bthe )|(?<=\ban )|(?<=\ba )){_Y}(?=\s+[a-z]+(?<!s)\b)"
                             r"(?!\s+(?:people|police|per|percent|and|or|to)\b)")),
    ("m_only", re.compile(rf"\b(?P<pre>(?:earlier|later|early|late|mid|the (?:end|beginning|start|middle) of|in|since|during|last|this|until|by|from|of)[\s-]+(?:in\s+)?){_M}\b(?!\s+\d)")),
    ("weekday", re.compile(rf"\b(?P<pre>(?:on|last|this|late|early|since|from|until|by)\s+)?{_W}\b(?:\s+(?P<part>morning|night|evening|afternoon))?")),
    ("rel", re.compile(r"\b(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|last night|last month|last year|this month|this year|earlier today|overnight|(?:earlier )?this week|last week|(?P<n>\w+) days? ago|in recent days|(?:in|over|during) the (?:past|last) (?:few|two|three|several) days)\b", re.I)),
]

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "a": 1}


@dataclass
class Timex:
    """A date expression: where it is, what it resolves to, and how."""

    start: int
    end: int
    text: str
    value: str | None  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | None when it cannot be resolved
    kind: str  # "absolute" | "relative" | "today"


def parse_ref(ref: str | None) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a reference date string; missing parts are None."""
    if not ref:
        return None, None, None
    m = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", ref)
    if not m:
        return None, None, None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    return y, mo, d


def _fmt(y: int, m: int | None = None, d: int | None = None) -> str | None:
    try:
        if d is not None and m is not None:
            return dt.date(y, m, d).isoformat()
        if m is not None:
            if not 1 <= m <= 12:
                return None
            return f"{y:04d}-{m:02d}"
        return f"{y:04d}"
    except (ValueError, OverflowError):
        return None


def _ref_date(ref) -> dt.date | None:
    y, m, d = parse_ref(ref)
    if y and m and d:
        try:
            return dt.date(y, m, d)
        except ValueError:
            return None
    return None


def _year_for(month: int, ref) -> int | None:
    """The year of a month named without one: the latest not after the reference."""
    y, m, d = parse_ref(ref)
    if y is None:
        return None
    # only a known publication day makes "December" last year's; a month-only reference
    # is often itself inferred from a date in the text
    if m is not None and d is not None and month > m:
        return y - 1
    return y


def numeric_date(g: dict, ref) -> str | None:
    """A date written in digits ("2021-12-30", "30/12/2021", "30/06"), in any language."""
    y = g.get("year")
    if y is None:
        y = _year_for(int(g["m"]), ref)
        if y is None:
            return None
    y = int(y)
    if y < 100:
        y += 2000
    return _fmt(y, int(g["m"]), int(g["day"]))


def week_month(ref, weeks_back: int) -> str | None:
    """The month of "this week" (0) or "last week" (1) against a full reference date, when
    the whole week lies in one month; None when it straddles two or the reference has no day."""
    base = _ref_date(ref)
    if base is None:
        return None
    monday = base - dt.timedelta(days=base.weekday() + 7 * weeks_back)
    last = base if weeks_back == 0 else monday + dt.timedelta(days=6)
    if (monday.year, monday.month) != (last.year, last.month):
        return None
    return _fmt(monday.year, monday.month)


def days_month(ref, days: int = 6) -> str | None:
    """The month of "in recent days" against a full reference date, when the days before it
    lie in the same month."""
    base = _ref_date(ref)
    if base is None or (base - dt.timedelta(days=days)).month != base.month:
        return None
    return _fmt(base.year, base.month)


def range_date(kind: str, g: dict, ref, months: dict[str, int]) -> str | None:
    """A range at the precision both ends share (`months`: the language's month names):
    "between September and December 2020" is 2020, "from 11 to 30 September 2020" is 2020-09."""
    if kind == "range_m":
        mon1, mon2 = months[g["mon1"].lower()], months[g["mon"].lower().rstrip(".")]
        return _fmt(int(g["year"]), mon1 if mon1 == mon2 else None)
    mon = months.get(g["mon"].lower().rstrip("."))
    y = int(g["year"]) if g.get("year") else _year_for(mon, ref)
    return _fmt(y, mon) if y else None


def _resolve(kind: str, g: dict, ref) -> tuple[str | None, str]:
    ry, rm, _ = parse_ref(ref)
    if kind in ("range_m", "range_d"):
        return range_date(kind, g, ref, MONTHS), "absolute"
    if kind in ("iso", "dmy_num", "dm_num"):
        return numeric_date(g, ref), "absolute"
    if kind in ("dmy", "mdy", "MDY_upper", "m_comma_dy"):
        mon = MONTHS.get(g["mon"].lower().rstrip("."))
        if mon is None:
            return None, "absolute"
        y = int(g["year"]) if g.get("year") else _year_for(mon, ref)
        if y is None:
            return None, "absolute"
        return _fmt(y, mon, int(g["day"])), "absolute"
    if kind == "my":
        return _fmt(int(g["year"]), MONTHS[g["mon"].lower().rstrip(".")]), "absolute"
    if kind in ("season_y", "year_noun"):
        return _fmt(int(g["year"])), "absolute"
    if kind == "m_only":
        mon = MONTHS[g["mon"].lower().rstrip(".")]
        pre = (g.get("pre") or "").strip().lower()
        y = _year_for(mon, ref)
        if y is None:
            return None, "absolute"
        if pre.startswith("last") and ry is not None and rm is not None and mon >= rm:
            y = ry - 1
        return _fmt(y, mon), "absolute"
    base = _ref_date(ref)
    if kind == "weekday":
        if base is None:
            # known only to the month or year: the occurrence is in it as far as we know
            return (_fmt(ry, rm) if ry else None), "relative"
        wd = WEEKDAYS[g["wd"].lower()]
        back = (base.weekday() - wd) % 7
        pre = (g.get("pre") or "").strip().lower()
        if pre == "last" and back == 0:
            back = 7
        return (base - dt.timedelta(days=back)).isoformat(), "relative"
    if kind == "rel":
        r = g["rel"].lower()
        if r in ("last month", "this month"):
            if ry is None or rm is None:
                return None, "relative"
            if r == "this month":
                return _fmt(ry, rm), "relative"
            return (_fmt(ry - 1, 12) if rm == 1 else _fmt(ry, rm - 1)), "relative"
        if r in ("last year", "this year"):
            if ry is None:
                return None, "relative"
            return _fmt(ry - 1 if r == "last year" else ry), "relative"
        if r.endswith("week"):
            return week_month(ref, 1 if r == "last week" else 0), "relative"
        if r.endswith("days") and "ago" not in r:
            return days_month(ref), "relative"
        if base is None:
            if r in ("today", "tonight", "this morning", "this afternoon", "this evening",
                     "earlier today") and ref:
                return ref, "today"
            if r in ("yesterday", "last night") and ry:
                return _fmt(ry, rm), "relative"  # within the month or year we know
            return None, "relative"
        if r in ("yesterday", "last night"):
            return (base - dt.timedelta(days=1)).isoformat(), "relative"
        if r == "overnight":
            return base.isoformat(), "today"
        if r.endswith("ago"):
            n = g.get("n") or ""
            k = int(n) if n.isdigit() else NUMBER_WORDS.get(n.lower())
            if k is None:
                return None, "relative"
            return (base - dt.timedelta(days=k)).isoformat(), "relative"
        return base.isoformat(), "today"
    return None, "absolute"


def names_a_thing(t: Timex) -> bool:
    """A bare year before a noun ("the 2016 fire"): the year of that thing, not a time frame."""
    return t.text.isdigit() and len(t.text) == 4


def find(text: str, ref: str | None = None, language: str = "en", weekday_anchor: str | None = None) -> list[Timex]:
    """Date expressions in `text`, left to right, resolved against `ref` (may be None).
    `weekday_anchor` (a date the page gives but does not state, as in its URL) may settle the
    year of a day named with its weekday, and nothing else."""
    if language == "fr":
        from . import timex_fr
        found = _without_overlaps(timex_fr.find(text, ref) + scan(text, ref, PATTERNS, _resolve, _skip))
    else:
        found = scan(text, ref, PATTERNS, _resolve, _skip)
    return _year_from_weekday(text, found, ref, language, weekday_anchor)


# a weekday just before a day and month ("Wednesday 16 September", "mardi 28 septembre")
_WEEKDAY_WORD = (r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                 r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\W{0,3}(?:the\s+|le\s+)?")
_WEEKDAY_BEFORE = re.compile(_WEEKDAY_WORD + "$", re.I)  # "Wednesday, " before "16 September"
_WEEKDAY_FIRST = re.compile(_WEEKDAY_WORD, re.I)  # "mardi 28 septembre": the weekday inside the match
_WEEKDAY_NUM = {**WEEKDAYS, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
                "dimanche": 6}
WEEKDAY_YEARS = 6  # a weekday and day of month recur within 11 years: search this many each side


def _year_from_weekday(text: str, found: list[Timex], ref, language: str, weekday_anchor=None) -> list[Timex]:
    """A day and month stated with their weekday but no year ("Wednesday 16 September") are
    in the year where that day falls on that weekday, the one nearest the anchor; the
    weekday word is then part of that date, not a date of its own."""
    ry, rm, rd = parse_ref(weekday_anchor or ref)
    anchor = dt.date(ry, rm or 7, min(rd or 1, 28)) if ry else None
    named: list[Timex] = []
    for t in found:
        if (t.value and len(t.value) != 10) or t.kind == "relative" or re.search(r"\d[/.]", t.text) \
                or not re.search(r"\d", t.text):
            continue  # a day and month in words, not a weekday alone or a numeric date
        before = text[max(0, t.start - 14):t.start]
        m = _WEEKDAY_BEFORE.search(before) or _WEEKDAY_FIRST.match(t.text)
        if m is None:
            continue
        if m.re is _WEEKDAY_BEFORE:
            at = t.start - len(before) + m.start()
            named += [w for w in found if w.kind == "relative" and w.end > at and w.start < t.start]
        if anchor is None or re.search(r"\d{4}", t.text):
            continue  # the year is stated
        # unresolved for want of a year: read its day and month in a leap year (29 February)
        day_month = t.value or next((x.value for x in find(t.text, "2000", language)
                                     if x.value and len(x.value) == 10), None)
        if day_month is None:
            continue
        wd = _WEEKDAY_NUM[m.group("wd").lower()]
        mon, day = int(day_month[5:7]), int(day_month[8:10])
        fits = []
        for y in range(ry - WEEKDAY_YEARS, ry + WEEKDAY_YEARS + 1):
            try:
                d = dt.date(y, mon, day)
            except ValueError:
                continue
            if d.weekday() == wd:
                fits.append(d)
        if fits:
            t.value = min(fits, key=lambda d: (abs((d - anchor).days), d > anchor)).isoformat()
            t.kind = "absolute"
    return [t for t in found if t not in named]


def _skip(kind: str, g: dict, text: str, end: int) -> bool:
    if kind == "m_only" and g["mon"] == "May" and not (g.get("pre") or "").strip():
        return True  # "may" is mostly the verb
    return kind == "dm_num" and not (1 <= int(g["m"]) <= 12 and 1 <= int(g["day"]) <= 31)


def scan(text: str, ref, patterns, resolve, skip) -> list[Timex]:
    """Matches of `patterns` (in order of preference, none overlapping an earlier one),
    resolved against `ref`; `skip(kind, groups, text, end)` drops a match; a date that
    cannot exist resolves to None instead of failing."""
    found: list[Timex] = []
    for kind, s, e, g, matched in _matches(text, patterns, skip):
        try:
            value, how = resolve(kind, dict(g), ref)
        except (ValueError, KeyError, OverflowError, TypeError):
            value, how = None, "absolute"
        found.append(Timex(s, e, matched, value, how))
    return sorted(found, key=lambda t: t.start)


_MATCHES = TextMemo()  # (patterns, skip) and a text -> its kept matches


def _matches(text: str, patterns, skip) -> list[tuple]:
    """The kept matches of `patterns` in `text` (kind, start, end, groups, matched text), which
    do not depend on the reference date: the event stage asks for one sentence's dates under
    several references, and the regexes were a fifth of the rules' time."""
    return _MATCHES.get((id(patterns), id(skip)), text, lambda: _scan_matches(text, patterns, skip))


# kinds (of PATTERNS and timex_fr.PATTERNS) whose every match holds a digit (a day, a year or a
# numeric date outside any optional group): most sentences have no digit, and these regexes were
# most of the scanning time. Tested against the unfiltered scan.
NEEDS_DIGIT = frozenset({"range_m", "range_d", "iso", "dmy_num", "dm_num", "dmy", "m_comma_dy", "mdy", "MDY_upper",
                         "my", "season_y", "year_noun", "wd_day"})
_DIGIT = re.compile(r"\d")


def _scan_matches(text: str, patterns, skip) -> list[tuple]:
    kept: list[tuple] = []
    taken: list[tuple[int, int]] = []
    digits = _DIGIT.search(text) is not None
    for kind, rx in patterns:
        if not digits and kind in NEEDS_DIGIT:
            continue
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            g = m.groupdict()
            if skip(kind, g, text, e):
                continue
            taken.append((s, e))
            kept.append((kind, s, e, g, m.group(0)))
    return kept


def _without_overlaps(found: list[Timex]) -> list[Timex]:
    """The first of overlapping expressions (the list is in order of preference)."""
    out: list[Timex] = []
    for t in found:
        if not any(t.start < o.end and o.start < t.end for o in out):
            out.append(t)
    return sorted(out, key=lambda t: t.start)


_DATELINE = re.compile(
    r"(?:published:?\s*(?:on\s+)?(?:\d{1,2}[:.]\d{2}\s*,?\s*)?|^|\n|\s\s)\s*(?:\w+day,?\s+)?"
    r"(?P<date>(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+(?:19|20)\d\d)|(?:[A-Za-z]+\.?,?\s+\d{1,2},?\s+(?:19|20)\d\d))",
    re.I)


def dateline(text: str, window: int = 400, language: str = "en") -> str | None:
    """A full date stated at the top of a text ("7 July 2015, 12:09", "Published August 13, 2023")."""
    if language == "fr":
        from . import timex_fr
        found = timex_fr.dateline(text, window)
        if found:
            return found
    head = text[:window]
    for m in _DATELINE.finditer(head):
        for t in find(m.group("date")):
            if t.value and len(t.value) == 10:
                return t.value
    return None


# a tally from the start of a year up to now: the story is told in that year
_CURRENT_YEAR = re.compile(
    r"\b(?:so far in|since the (?:start|beginning) of|depuis le début de(?: l'année| l’année)?|"
    r"depuis début)\s+(?P<year>(?:19|20)\d\d)\b|\bin (?P<year2>(?:19|20)\d\d) so far\b", re.I)


def current_year(text: str) -> str | None:
    """The year a text says it is told in ("so far in 2020", "since the start of 2020",
    "depuis le début de l'année 2020"), if it names exactly one."""
    years = {m.group("year") or m.group("year2") for m in _CURRENT_YEAR.finditer(text)}
    return years.pop() if len(years) == 1 else None


def section_dates(text: str, language: str = "en") -> list[tuple[int, str]]:
    """Lines that hold only a full date (diary and blog headings) -> (offset, date)."""
    out = []
    for m in re.finditer(r"(?m)^[ \t]*(?P<line>[^\n]{6,40})$", text):
        line = m.group("line").strip()
        ts = find(line, None, language)
        if len(ts) == 1 and ts[0].value and len(ts[0].value) == 10 and \
                len(ts[0].text) >= len(line) - 12:
            out.append((m.start(), ts[0].value))
    return out


def weekday_of(text: str) -> int | None:
    """The weekday (0 = Monday) a date expression names, if any."""
    m = re.search(r"\b(" + "|".join(_WEEKDAY_NUM) + r")", text, re.I)
    return _WEEKDAY_NUM[m.group(1).lower()] if m else None


TOP_CHARS = 600  # headline, standfirst, caption and lead: where a page states its story's day


def named_weekdays(text: str, language: str = "en", top: bool = True) -> dict[int, str]:
    """Weekdays -> the full date the text gives them: a date written with its weekday
    ("Wednesday, 16 September 2015"), or (`top`) a full date at the top of the page (a caption's
    "le 29 septembre 2020" names a Tuesday); a weekday given two different dates has neither."""
    out: dict[int, str | None] = {}
    for t in find(text, None, language):
        if not t.value or len(t.value) != 10 or not re.search(r"\d{4}", t.text):
            continue
        wd = weekday_of(text[max(0, t.start - 14):t.end])
        if wd is None and top and t.start < TOP_CHARS:
            wd = dt.date.fromisoformat(t.value).weekday()
        if wd is None or dt.date.fromisoformat(t.value).weekday() != wd:
            continue
        out[wd] = t.value if out.get(wd, t.value) == t.value else None
    return {k: v for k, v in out.items() if v}


def week_of(day: str) -> dict[int, str]:
    """Weekdays -> their dates in the seven days up to `day` ("Tuesday" before "Wednesday 16
    September 2015" is the 15th)."""
    d = dt.date.fromisoformat(day)
    return {wd: (d - dt.timedelta(days=(d.weekday() - wd) % 7)).isoformat() for wd in range(7)}
