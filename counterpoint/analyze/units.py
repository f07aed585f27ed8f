"""Layout units of a text: its lines joined where wrapped, each tagged with the role it plays on the page.

A news page is not one stream of prose: a headline, a standfirst, a byline, a timestamp, a
photo caption and a dateline sit on lines of their own above or between the paragraphs.
Read as prose they glue onto the next sentence, and a number, a date or a place in them lands
on the wrong event. Here:

  1. the text is cut into lines; a line break ends a unit unless the next line is plainly a
     wrapped continuation (the line before does not end a sentence and the next one starts
     in lower case, or the text is hard-wrapped at a fixed width);
  2. each unit gets a role: `headline`, `standfirst`, `caption`, `byline`, `dateline`,
     `timestamp`, `heading` (a dated entry heading, or a subheading), `body`;
  3. a body unit that opens with a wire dateline ("PARIS (Reuters) -") records that prefix,
     which names where the story was filed, not where its events happened.

`line_breaks` is the spaCy component that makes each unit start a sentence before parsing.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX, IS_SPACE, SENT_START
from spacy.language import Language

from ..ingest import dates

ROLES = ("headline", "standfirst", "caption", "byline", "dateline", "timestamp", "heading", "body")
# roles whose words never assert an occurrence: page furniture about the story
NO_EVENTS = frozenset({"caption", "byline", "timestamp", "dateline"})

SENTENCE_END = (".", "!", "?", "…", "\"", "”", "’", "'", "»", ")", ":", ";")
HEADLINE_MAX = 220
STANDFIRST_MAX = 400
HEADER_UNITS = 8  # a page's header block (headline, standfirst, byline, time) sits in its first units
NAME_LINE_MAX = 45

AGENCIES = (r"AFP|Reuters|AP|AA|PA|dpa|DPA|ANSA|Belga|EFE|UPI|Xinhua|IANS|ANI|Anadolu|Bloomberg"
            r"|CNN|BBC|Sputnik|Ria Novosti|TASS|Euronews|InfoMigrants")
# "PARIS (Reuters) -", "Lille, 5 nov 2024 (AFP) —", "WIMEREUX, France/DOVER, England (Reuters) -",
# "CALAIS, France —": place words (and a date), an agency in brackets or a dash, at a line's start
_PLACE = r"[A-ZÀ-Ý][\w'’.\-]*(?:[ \-][A-ZÀ-Ýa-zà-ÿ][\w'’.\-]*){0,3}"
DATELINE_PREFIX = re.compile(
    rf"^(?:{_PLACE}(?:\s*,\s*{_PLACE})?(?:\s*/\s*{_PLACE}(?:\s*,\s*{_PLACE})?)*)"
    rf"(?:\s*,\s*[^()\n]{{3,30}}?)?\s*\((?:{AGENCIES})\)\s*[-–—:]\s*"
    r"|^(?!FILE\b)(?:[A-ZÀ-Ý]{3,}(?:[ \-/][A-ZÀ-Ý]{2,}){0,3})(?:\s*,\s*[A-Z][\w ]{2,25})?\s+[–—-]\s+")
BYLINE = re.compile(
    r"^(?:(?:written|posted|reported|story|words|text|texte)\s+)?(?:by|par|de)\s+[A-ZÀ-Ý][^.!?]{1,80}$"
    r"|^[^.!?]{0,60}\b(?:avec|with)\s+(?:AFP|Reuters|AP|agences?)\b[^.!?]{0,40}$"
    r"|^(?:AFP|Reuters|AP|PA Media|Agence France-Presse|AFP Agence France-Presse|La rédaction[^.!?]{0,40})$",
    re.I)
JOB_TITLE = re.compile(r"\b(?:correspondent|editor|reporter|journalist|staff writer|contributor|columnist"
                       r"|envoyée? spéciale?|correspondante?|journaliste|rédaction|rédacteur|rédactrice)\b", re.I)
CAPTION = re.compile(
    r"^\(?(?:photo|photograph|picture|image|illustration|credit|crédit)s?\b\s*(?:caption\b)?\s*(?:[:©(]|by\b|via\b|par\b)"
    r"|^(?:image|media|video|photo) caption\b|^©|^file\s*[-–—:]|\bphotograph\s*:|\b(?:photo|image|crédit)\s*:\s*\S"
    r"|^\((?:getty|getty images|afp|reuters|ap|pa|epa|afp via getty images|shutterstock)\)$"
    r"|(?:/|\|)\s*(?:afp|reuters|ap|pa|epa|getty images|anadolu|shutterstock|imago|sipa|maxppp)\b[^.]{0,40}$"
    r"|\((?:photo|image|picture|credit|crédit)s?\s*(?:by|:|par)[^)]{1,80}\)\s*$"
    r"|\bpictured\b|\((?:left|right|centre|center|above|below|top|bottom|pictured)\)"
    r"|\b(?:second|third|far) (?:left|right)\b"
    # a wire photo's caption, its credit cut by the cleaner: one sentence that ends on the full
    # date the picture was taken ("... at the port, Britain, April 23, 2024.")
    r"|^[^.!?]{20,300},\s(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s\d{1,2},\s\d{4}\.$", re.I)
TIME_ONLY = re.compile(
    r"^(?:(?:updated|last updated|published|posted|modifié|mis à jour|publié)\s*:?\s*(?:at\s+|à\s+|le\s+)?)?"
    r"\d{1,2}[:h.]\d\d(?:\s*(?:am|pm|a\.m\.|p\.m\.))?(?:\s*(?:GMT|BST|UTC|CET|CEST|ET|heures?))?$"
    r"|^(?:updated|published|posted|il y a|modifié|mis à jour)\b.{0,30}\b(?:ago|minutes?|hours?|heures?|jours?)\b.{0,10}$",
    re.I)
LEADING_DATE = re.compile(r"^\s*date\s+\d{4}(?:-\d\d){0,2}\s+")


@dataclass
class Unit:
    """A run of lines read together, with its role and, for a body unit, its dateline prefix."""

    start: int
    end: int
    text: str
    role: str = "body"
    dateline_end: int | None = None  # end of a "PARIS (Reuters) -" prefix, in text offsets
    blank_before: bool = True

    def __contains__(self, offset: int) -> bool:
        return self.start <= offset < self.end


@dataclass
class _Line:
    start: int
    end: int
    text: str
    blank_before: bool


def _lines(text: str) -> list[_Line]:
    out, blank = [], True
    for m in re.finditer(r"[^\n]+", text):
        stripped = m.group(0).strip()
        if not stripped:
            blank = True
            continue
        lead = len(m.group(0)) - len(m.group(0).lstrip())
        gap = text[out[-1].end:m.start()] if out else ""
        out.append(_Line(m.start() + lead, m.start() + lead + len(stripped), stripped,
                         blank or not out or gap.count("\n") > 1))
        blank = False
    return out


def _wrap_width(lines: list[_Line]) -> int | None:
    """The width a hard-wrapped text was broken at, or None when lines are paragraphs."""
    joined = [a for a, b in zip(lines, lines[1:]) if not b.blank_before]
    if len(joined) < 4:
        return None
    widths = sorted(len(a.text) for a in joined)
    top = widths[int(len(widths) * 0.8)]
    near = sum(1 for w in widths if top - 15 <= w <= top + 2)
    return top if 40 <= top <= 100 and near >= 0.6 * len(widths) else None


def continues(previous: str, line: str, wrap: int | None = None) -> bool:
    """True when `line` is the wrapped rest of the sentence on `previous`."""
    if not previous or not line or previous.endswith(SENTENCE_END):
        return False
    if previous.endswith(("-", ",", "–")) and line[0].islower():
        return True
    first = line[0]
    if first.islower() and not _is_meta(line):
        return True
    return wrap is not None and len(previous) >= wrap - 15 and not _is_meta(line)


def _is_meta(text: str) -> bool:
    return bool(_timestamp_kind(text) or BYLINE.match(text) or CAPTION.search(text))


def _timestamp_kind(text: str) -> str | None:
    """'dateline' for a published line, 'timestamp' for a bare date or time, else None."""
    if TIME_ONLY.match(text) or LEADING_DATE.match(text + " ") and len(text) <= 20:
        return "timestamp"
    hit = dates.dateline_of(text)
    if hit is None:
        return None
    return "timestamp"


def _title_like(text: str) -> bool:
    return (2 <= len(text.split()) and len(text) <= HEADLINE_MAX
            and not text.rstrip("”’\"') »").endswith((".", ",", ";"))
            and (text[0].isupper() or text[0].isdigit() or text[0] in "“\"'‘«"))


def _name_line(text: str) -> bool:
    """'Alex Ross', 'Lizzie Dearden and Jo Smith': a name alone on its line."""
    words = [w for w in re.split(r"[\s,]+", text) if w]
    if not 2 <= len(words) <= 6 or len(text) > NAME_LINE_MAX:
        return False
    small = {"and", "et", "de", "du", "van", "von", "der", "le", "la", "&"}
    return all(w[0].isupper() or w.lower() in small for w in words) and not any(ch.isdigit() for ch in text)


def _join(text: str, lines: list[_Line]) -> list[Unit]:
    wrap = _wrap_width(lines)
    units: list[Unit] = []
    for line in lines:
        if units and not line.blank_before and continues(units[-1].text.rsplit("\n", 1)[-1], line.text, wrap):
            u = units[-1]
            u.end = line.end
            u.text = text[u.start:u.end]
            continue
        units.append(Unit(line.start, line.end, line.text, blank_before=line.blank_before))
    return _split_leading_date(text, units)


# "Updated 13 August 2021: Care4Calais: We now know…": a labelled date opening a long line
LABELLED_DATE = re.compile(r"^(.{6,60}?)\s*[:|]\s+(?=\S)")  # (not a wire dateline's "PARIS, 5 May (AFP) —")


def _split_leading_date(text: str, units: list[Unit]) -> list[Unit]:
    """' date 2023-03-10 Britain is to pay…': a date label glued to the first sentence; and
    "Updated 13 August 2021: …" opening a long line: the label is the timestamp, the rest prose."""
    out: list[Unit] = []
    for i, u in enumerate(units):
        m = LEADING_DATE.match(u.text) if i == 0 else None
        if m is None and len(u.text) > 120:
            m = LABELLED_DATE.match(u.text)
            if m and not _timestamp_kind(m.group(1)):
                m = None
        if m and m.end() < len(u.text):
            out.append(Unit(u.start, u.start + len(m.group(0).rstrip()), m.group(0).strip(), "timestamp",
                            blank_before=u.blank_before))
            rest = u.start + m.end()
            out.append(Unit(rest, u.end, text[rest:u.end], blank_before=False))
        else:
            out.append(u)
    return out


def _captions(units: list[Unit]) -> set[int]:
    """Indexes of caption units: a credit or caption label, or a caption cut short and repeated."""
    out = set()
    for i, u in enumerate(units):
        if CAPTION.search(u.text) and len(u.text) <= 400:
            out.add(i)
        if i + 1 < len(units) and len(u.text) >= 30 and units[i + 1].text.startswith(u.text) \
                and len(units[i + 1].text) > len(u.text):
            out.update((i, i + 1))  # a gallery's truncated caption above the full one
    return out


def layout(text: str, credited: frozenset[int] = frozenset()) -> list[Unit]:
    """The units of `text` with their roles. `credited` holds the start offsets of lines the
    cleaner took a photo credit from: those lines are captions."""
    units = _join(text, _lines(text))
    captions = _captions(units)
    first_body = None
    bare_dates = [i for i, u in enumerate(units) if u.role == "body" and _bare_date(u.text)]
    # the headline is the first unit after a leading date label
    top = next((i for i, u in enumerate(units) if u.role == "body" and not _timestamp_kind(u.text)), 0)
    for i, u in enumerate(units):
        if u.role != "body":
            continue
        kind = _timestamp_kind(u.text)
        if i in captions or any(u.start <= c < u.end for c in credited):
            u.role = "caption"
        elif kind:
            # a bare date below the story's first paragraph heads the entries under it
            # (or one of several: a diary's entries each open with their date)
            entry = first_body is not None or (len(bare_dates) >= 2 and any(
                v.role == "standfirst" for v in units[:i]))
            u.role = "heading" if entry and i in bare_dates else kind
        elif BYLINE.match(u.text) or (i < HEADER_UNITS and first_body is None and i > top
                                      and (_name_line(u.text) or JOB_TITLE.search(u.text) and len(u.text) < 80)):
            u.role = "byline"
        elif i == top and _title_like(u.text) and len(units) > i + 1:
            u.role = "headline"
        elif first_body is None and _standfirst(units, i):
            u.role = "standfirst"
        elif first_body is not None and _title_like(u.text) and len(u.text) <= 120 and i + 1 < len(units) \
                and len(units[i + 1].text) > len(u.text):
            u.role = "heading"
        else:
            u.role = "body"
            if first_body is None and (len(u.text) >= 60 or u.text.endswith((".", "!", "?"))):
                first_body = i
        if u.role == "body":
            m = DATELINE_PREFIX.match(u.text)
            if m and m.end() < len(u.text):
                u.dateline_end = u.start + m.end()
    return units


def _bare_date(text: str) -> bool:
    hit = dates.dateline_of(text)
    return bool(hit) and hit[0] == "plain"


def _standfirst(units: list[Unit], i: int) -> bool:
    """The summary under a headline: short, right below it (or below its byline and time)."""
    head = next((k for k, u in enumerate(units) if u.role == "headline"), None)
    if head is None or i <= head or len(units[i].text) > STANDFIRST_MAX:
        return False
    if any(u.role in ("standfirst", "body") for u in units[head + 1:i]):
        return False
    ends = units[i].text.rstrip("”’\"') »").endswith((".", "!", "?"))
    below_meta = i + 1 < len(units) and units[i + 1].role == "body" and _is_meta(units[i + 1].text)
    return not ends or below_meta or _name_line(units[i + 1].text if i + 1 < len(units) else "")


class Units:
    """The units of one text with a fast lookup of the unit holding an offset."""

    def __init__(self, units: list[Unit]):
        self.units = units
        self._starts = [u.start for u in units]

    def at(self, offset: int) -> Unit | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        u = self.units[i]
        return u if offset < u.end else None

    def role_at(self, offset: int) -> str:
        u = self.at(offset)
        return u.role if u else "body"

    def in_dateline(self, offset: int) -> bool:
        u = self.at(offset)
        return bool(u and u.dateline_end is not None and u.start <= offset < u.end and offset < u.dateline_end)


USER_DATA_KEY = "counterpoint_units"
TEXT_KEY = "counterpoint_text"
NOT_START = numpy.uint64(2**64 - 1)  # -1 (not a sentence start) as the uint64 of Doc arrays


def text_of(doc) -> str:
    """`doc.text`, as the `line_breaks` component read it: Doc.text joins every token anew on each
    read, and four rule stages want the whole text of each Doc."""
    found = doc.user_data.get(TEXT_KEY)
    return found if found is not None else doc.text


def units_of(doc) -> Units:
    """The units the `line_breaks` component stored on a parsed Doc (computed when absent)."""
    found = doc.user_data.get(USER_DATA_KEY)
    if found is None:
        found = Units(layout(doc.text))
        doc.user_data[USER_DATA_KEY] = found
    return found


@Language.component("counterpoint_line_breaks")
def line_breaks(doc):
    """Start a sentence at each unit; keep a unit's wrapped lines together."""
    text = doc.text  # Doc.text joins every token: once, not per token (nor per stage: text_of)
    units = Units(layout(text))
    doc.user_data[USER_DATA_KEY] = units
    doc.user_data[TEXT_KEY] = text
    if not len(doc):
        return doc
    # Token.is_sent_start's setter scans the whole Doc for a parse each time (quadratic in a
    # long text): the boundaries are read and written once as an array instead
    cols = doc.to_array([IDX, IS_SPACE])
    idx, space = cols[:, 0].tolist(), cols[:, 1].tolist()
    starts = doc.to_array(SENT_START)
    by_char = {c: i for i, c in enumerate(idx)}
    n = len(idx)
    for u in units.units:
        first = by_char.get(u.start)
        if first is None:
            continue
        if first > 0:
            starts[first] = 1
        # one sentence for furniture and headings, and no break inside or right after a
        # dateline prefix; in a body unit, no break where a wrapped line goes on
        whole = u.role != "body" and u.role != "standfirst"
        keep_until = u.dateline_end if whole is False and u.dateline_end is not None else None
        for i in range(first + 1, n):
            at = idx[i]
            if at >= u.end:
                break
            if space[i]:
                continue
            if whole or (keep_until is not None and at <= keep_until) or _after_wrap(text, at) \
                    or _mid_clause(text, at):
                starts[i] = NOT_START
    doc.from_array([SENT_START], starts)
    return doc


def _mid_clause(text: str, idx: int) -> bool:
    """The token follows a word or a comma on the same line: no sentence starts there (the
    French parser cut "Scènes de violence ... dans la soirée du lundi 23 | novembre")."""
    j = idx - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j >= 0 and j < idx - 0 and (text[j].isalnum() or text[j] == ",")


def _after_wrap(text: str, idx: int) -> bool:
    """The token opens a line that continues the previous one (it is inside one unit)."""
    j = idx - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j >= 0 and text[j] == "\n"


def add_to(nlp) -> None:
    """Put the component before the parser of a pipeline, once."""
    if "counterpoint_line_breaks" in nlp.pipe_names:
        return
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("counterpoint_line_breaks", before="parser")
    else:
        nlp.add_pipe("counterpoint_line_breaks", first=True)
