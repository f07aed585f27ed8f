"""Counts of people (and other quantities) as the text gives them: numbers, ranges, bounds.

"more than 130" -> min 131; "at least 12" -> min 12; "around 500" -> 500 approximate;
"between 400 and 600" -> 400..600; "up to 30" -> max 30; "a dozen" -> 12 approximate;
"dozens" -> no number unless a vague-number convention is configured (settings).
Words and qualifiers come from taxonomy/numbers.<lang>.json.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import taxonomy
from ..models import Count
from .text_memo import TextMemo


@dataclass
class CountMatch:
    """A count found in a text: where it is, what it says, and whether it is vague."""

    start: int
    end: int
    text: str
    count: Count | None  # None for a vague amount with no configured number
    vague: bool = False
    year_like: bool = False  # a bare four-digit number that may be a year


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Grammar:
    atom: re.Pattern
    expr: re.Pattern
    units: dict
    mults: dict
    approx_words: dict
    vague: tuple
    quals: dict


@lru_cache(maxsize=None)
def _grammar(language: str, taxonomy_dir: str | None = None) -> _Grammar:
    data = taxonomy.load(f"numbers.{language}.json", taxonomy_dir)
    units, mults = data["units"], data["multipliers"]
    word_mults = {k: v for k, v in mults.items() if len(k) > 2}
    abbrev = {k: v for k, v in mults.items() if len(k) <= 2}
    num_word = _alt(list(units) + list(word_mults))
    sep_digits = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?!\d)" if language == "en" else \
        r"\d{1,3}(?:[.\u00a0\u202f ]\d{3})+(?![\d,])"
    decimal = r"\d+(?:[.,]\d+)?"
    digits = rf"(?:{sep_digits}|{decimal})(?:\s?(?:{_alt(word_mults)})\b|(?:{_alt(abbrev)})\b)?"
    words = rf"(?:{num_word})(?:(?:[\s-]+(?:and\s+|et\s+)?|-)(?:{num_word}))*"
    approx = _alt([k for k in data["approximate_words"]])
    vague = _alt(data["vague_words"])
    atom = rf"(?:{approx}|{digits}|\b{words}\b)"
    q = data["qualifiers"]
    qual = _alt([w for ws in q.values() for w in ws])
    openers = _alt(data["range_openers"])
    joiners = _alt(data["range_joiners"])
    # not inside a word ("COVID-19", "quatre-vingt"); a dash after a dateline is no word ("(Reuters) -Five")
    expr = (rf"(?i)(?<!\w)(?<!\w-)(?:(?P<opener>{openers})\s+(?P<a1>{atom})\s*(?:{joiners})\s*(?P<a2>{atom})"
            rf"|(?:(?P<qual>{qual})\s+)?(?P<a>{atom})(?:\s*(?:{joiners})\s*(?P<b>{atom}))?"
            rf"|(?P<vague>{vague}))(?![\w])")
    return _Grammar(re.compile(rf"(?i){atom}"), re.compile(expr), units, mults,
                    {k.lower(): v for k, v in data["approximate_words"].items()},
                    tuple(x.lower() for x in data["vague_words"]),
                    {k: [w.lower() for w in ws] for k, ws in q.items()})


def _words_value(text: str, g: _Grammar) -> int | None:
    """Value of a run of number words ("two hundred and fifty", "quatre-vingt-dix-huit")."""
    s = text.lower().replace("\u2011", "-")
    vocab = sorted(list(g.units) + list(g.mults), key=len, reverse=True)
    total = current = 0
    seen = False
    i = 0
    while i < len(s):
        if s[i] in " -" or s.startswith("and ", i) or s.startswith("et ", i):
            i += 1 if s[i] in " -" else (4 if s.startswith("and ", i) else 3)
            continue
        for w in vocab:
            if s.startswith(w, i) and (i + len(w) == len(s) or not s[i + len(w)].isalpha()):
                if w in g.units:
                    current += g.units[w]
                else:
                    m = g.mults[w]
                    if m == 100:
                        current = max(current, 1) * 100
                    else:
                        total += max(current, 1) * m
                        current = 0
                seen = True
                i += len(w)
                break
        else:
            return None
    return total + current if seen else None


def atom_value(text: str, language: str = "en") -> tuple[int | None, bool]:
    """(value, approximate) of one number ("1,500", "fifteen", "a dozen", "2.5 million")."""
    g = _grammar(language)
    t = text.strip().lower()
    if t in g.approx_words:
        return g.approx_words[t], True
    m = re.match(r"^(\d[\d,.\u00a0\u202f ]*)\s*([a-zé]*)$", t)
    if m:
        num, mult = m.group(1).strip(), m.group(2)
        factor = g.mults.get(mult, 1) if mult else 1
        grouped = re.fullmatch(r"\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+", num)
        if grouped and not (factor > 1 and re.fullmatch(r"\d+[.,]\d{1,2}", num)):
            value = float(re.sub(r"\D", "", num))
        else:
            value = float(num.replace(",", ".").replace(" ", ""))
        return int(round(value * factor)), False
    return _words_value(t, g), False


def _to_count(m: re.Match, g: _Grammar, language: str, vague_numbers: dict) -> tuple[Count | None, bool]:
    if m.group("vague"):
        n = vague_numbers.get(m.group("vague").lower())
        return (Count(n, n, True, m.group(0)) if n is not None else None), True
    if m.group("opener") or m.group("b"):
        a1, a2 = (m.group("a1"), m.group("a2")) if m.group("opener") else (m.group("a"), m.group("b"))
        (lo, ap1), (hi, ap2) = atom_value(a1, language), atom_value(a2, language)
        if lo is None or hi is None:
            return None, False
        if lo > hi:  # "400 or 300" — keep the order of magnitude honest
            lo, hi = hi, lo
        q = (m.group("qual") or "").lower()
        approx = ap1 or ap2 or q in g.quals["approximate"]
        return Count(lo, hi, approx, m.group(0)), False
    value, approx = atom_value(m.group("a"), language)
    if value is None:
        return None, False
    q = (m.group("qual") or "").lower()
    text = m.group(0)
    if q in g.quals["min_exclusive"]:
        return Count(value + 1, None, approx, text), False
    if q in g.quals["min"]:
        return Count(value, None, approx, text), False
    if q in g.quals["max"]:
        return Count(None, value, approx, text), False
    if q in g.quals["max_exclusive"]:
        return Count(None, max(value - 1, 0), approx, text), False
    return Count(value, value, approx or q in g.quals["approximate"], text), False


def find_counts(text: str, language: str = "en", vague_numbers: dict | None = None) -> list[CountMatch]:
    """Every count expression in `text`, left to right, with character offsets."""
    g = _grammar(language)
    out = []
    for m in _matches(g.expr, text):
        count, vague = _to_count(m, g, language, vague_numbers or {})
        if count is None and not vague:
            continue
        a = m.group("a") or ""
        year_like = bool(re.fullmatch(r"(1[89]|20)\d\d", a)) and not m.group("qual")
        out.append(CountMatch(m.start(), m.end(), m.group(0), count, vague, year_like))
    return out


_MATCHES = TextMemo()  # the count grammar's matches of a text


def _matches(expr: re.Pattern, text: str) -> list[re.Match]:
    """The count grammar's matches in `text`, kept: the claim and participant rules ask for the
    counts of one sentence two or three times (half the calls repeat a text)."""
    return _MATCHES.get(expr, text, lambda: list(expr.finditer(text)))


def parse_count(text: str, language: str = "en", vague_numbers: dict | None = None) -> Count | None:
    """The first count in `text` ("more than 130" -> min 131), or None."""
    for cm in find_counts(text, language, vague_numbers):
        if cm.count is not None:
            return cm.count
    return None
