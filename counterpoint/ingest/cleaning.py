"""Removal of page furniture (related links, credits, share and comment prompts) with an offset map back to the raw text."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import taxonomy

RULES_FILE = "cleaning.json"
# Zero-width characters count as whitespace: extractors leave them between words.
WHITESPACE_RUN = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
LINE_WITH_END = re.compile(r"[^\n]*\n|[^\n]+")
TOKEN = re.compile(r"[^\s\u200b\u200c\u200d\u2060\ufeff]+")  # what a whitespace run separates


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str  # line | inline | list | repeat
    pattern: re.Pattern | None
    max_length: int = 200
    max_items: int = 12
    item_max_length: int = 160


@dataclass
class OffsetMap:
    """Maps offsets in the cleaned text to offsets in the raw text, piece by piece."""

    clean_starts: list[int] = field(default_factory=list)
    raw_starts: list[int] = field(default_factory=list)
    linear: list[bool] = field(default_factory=list)  # False: a replacement (a collapsed space)
    raw_length: int = 0

    def add(self, clean_start: int, raw_start: int, linear: bool) -> None:
        self.clean_starts.append(clean_start)
        self.raw_starts.append(raw_start)
        self.linear.append(linear)

    def to_raw(self, clean_offset: int) -> int:
        if not self.clean_starts or clean_offset < 0:
            return 0
        i = bisect.bisect_right(self.clean_starts, clean_offset) - 1
        if i < 0:
            return self.raw_starts[0]
        if self.linear[i]:
            return self.raw_starts[i] + (clean_offset - self.clean_starts[i])
        return self.raw_starts[i]


@dataclass
class Cleaned:
    text: str
    raw: str
    removed: list[tuple[str, str]]  # (rule name, removed line or fragment)
    offsets: OffsetMap

    def to_raw(self, clean_offset: int) -> int:
        """Raw offset of the character at `clean_offset` (len(text) maps to len(raw))."""
        if clean_offset >= len(self.text):
            return len(self.raw)
        return self.offsets.to_raw(clean_offset)

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw span covering the cleaned span [start, end)."""
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        return self.to_raw(start), self.to_raw(end - 1) + 1


@lru_cache(maxsize=8)
def load_rules(taxonomy_dir: str | None = None) -> tuple[Rule, ...]:
    data = taxonomy.load(RULES_FILE, taxonomy_dir)
    rules = []
    for spec in data.get("rules", []):
        pattern = spec.get("pattern")
        rules.append(Rule(
            name=spec["name"], kind=spec.get("kind", "line"),
            pattern=re.compile(pattern, re.IGNORECASE) if pattern else None,
            max_length=spec.get("max_length", 200), max_items=spec.get("max_items", 12),
            item_max_length=spec.get("item_max_length", 160)))
    return tuple(rules)


class _Builder:
    """Accumulates cleaned pieces and their raw positions."""

    def __init__(self, raw: str):
        self.parts: list[str] = []
        self.length = 0
        self.offsets = OffsetMap(raw_length=len(raw))

    def copy(self, raw: str, start: int, end: int) -> None:
        if end > start:
            self._emit(raw[start:end], start, linear=True)

    def replace(self, text: str, raw_start: int) -> None:
        self._emit(text, raw_start, linear=False)

    def _emit(self, text: str, raw_start: int, linear: bool) -> None:
        self.offsets.add(self.length, raw_start, linear)
        self.parts.append(text)
        self.length += len(text)


def _line_rule(stripped: str, rules: tuple[Rule, ...]) -> Rule | None:
    for rule in rules:
        if rule.kind in ("line", "list") and len(stripped) <= rule.max_length \
                and rule.pattern.fullmatch(stripped):
            return rule
    return None


def _is_list_item(stripped: str, rule: Rule) -> bool:
    # Headlines under "More Stories" are short and do not end like a sentence.
    return len(stripped) <= rule.item_max_length and not stripped.endswith((".", ":"))


def _inline_cuts(content: str, rules: tuple[Rule, ...]) -> list[tuple[int, int, str]]:
    cuts: list[tuple[int, int, str]] = []
    for rule in rules:
        if rule.kind != "inline":
            continue
        for m in rule.pattern.finditer(content):
            if m.end() > m.start() and not any(m.start() < e and s < m.end() for s, e, _ in cuts):
                cuts.append((m.start(), m.end(), rule.name))
    return sorted(cuts)


def _emit_line(builder: _Builder, raw: str, line_start: int, content: str,
               cuts: list[tuple[int, int, str]]) -> None:
    """Copy the line minus its cuts, trimming it and collapsing runs of whitespace."""
    if not cuts:  # most lines: each token is one run of the line, no per-character map needed
        for n, m in enumerate(TOKEN.finditer(content)):
            s, e = m.span()
            if n:
                builder.replace(" ", line_start + s - 1)
            builder.copy(raw, line_start + s, line_start + e)
        return
    kept, pos = [], 0
    for start, end, _ in cuts:
        kept.append((pos, start))
        pos = end
    kept.append((pos, len(content)))
    text = "".join(content[s:e] for s, e in kept)
    # Positions of `text` characters in `content`, to map each token back.
    index = [i for s, e in kept for i in range(s, e)]
    tokens = [m.span() for m in TOKEN.finditer(text)]
    for n, (s, e) in enumerate(tokens):
        if n:
            builder.replace(" ", line_start + index[s - 1])
        # A token is contiguous in `content` unless a cut fell inside it.
        run_start = s
        for k in range(s + 1, e + 1):
            if k == e or index[k] != index[k - 1] + 1:
                builder.copy(raw, line_start + index[run_start], line_start + index[k - 1] + 1)
                run_start = k


@dataclass
class _ListState:
    """Where the scan is: under a "More Stories" heading, and the last line kept."""

    list_rule: Rule | None = None
    list_items: int = 0
    previous_kept: str | None = None


def _drop_rule(stripped: str, rules: tuple[Rule, ...], state: _ListState) -> str | None:
    """Name of the rule that drops this whole line, or None to keep it."""
    if state.list_rule is not None:
        if state.list_items < state.list_rule.max_items and _is_list_item(stripped, state.list_rule):
            state.list_items += 1
            return state.list_rule.name
        state.list_rule = None
    repeat = next((r for r in rules if r.kind == "repeat"), None)
    if repeat is not None and stripped == state.previous_kept:
        return repeat.name
    rule = _line_rule(stripped, rules)
    if rule is not None and rule.kind == "list":
        state.list_rule, state.list_items = rule, 0
    return rule.name if rule else None


def clean(text: str, taxonomy_dir: str | None = None) -> Cleaned:
    """The text without page furniture, what was removed and by which rule, and an offset map."""
    raw = text or ""
    rules = load_rules(taxonomy_dir)
    builder = _Builder(raw)
    removed: list[tuple[str, str]] = []
    state = _ListState()
    for m in LINE_WITH_END.finditer(raw):
        content = m.group(0).rstrip("\n")
        stripped = WHITESPACE_RUN.sub(" ", content).strip()
        if stripped:
            dropped_by = _drop_rule(stripped, rules, state)
            if dropped_by:
                removed.append((dropped_by, stripped))
                continue  # the line goes with its newline
            cuts = _inline_cuts(content, rules)
            removed.extend((name, content[s:e].strip()) for s, e, name in cuts)
            _emit_line(builder, raw, m.start(), content, cuts)
            state.previous_kept = stripped
        if m.group(0).endswith("\n"):
            builder.copy(raw, m.end() - 1, m.end())
    return Cleaned("".join(builder.parts), raw, removed, builder.offsets)


# Page titles that are page furniture, not the article's title (accessibility links, error pages,
# cookie walls, generic site sections).
NOT_TITLES = re.compile(
    r"(?i)^\s*(?:skip to (?:main )?content|skip to (?:the )?(?:main|navigation|article)|jump to (?:main )?content|"
    r"main content|home(?: ?page)?|untitled(?: document)?|page not found|404(?: not found)?|access denied|"
    r"just a moment\.*|cookie (?:settings|consent)|sign in|log ?in|subscribe|menu|search|news|blog|archives?)\s*[|:\-–—]?\s*$")
HEADLINE_MAX = 150


def is_title(value: str | None) -> bool:
    """A real title: some words, not page furniture such as "Skip to main content"."""
    return bool(value and value.strip() and not NOT_TITLES.match(value) and re.search(r"\w", value))


def headline_line(text: str) -> str | None:
    """The text's first line when it reads as a headline: short, a few words, not a sentence's end."""
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        words = line.split()
        if len(line) <= HEADLINE_MAX and len(words) >= 3 and not line.endswith((".", ",", ";", ":")) \
                and is_title(line):
            return line
        return None
    return None


def choose_title(candidates, text: str) -> str | None:
    """The first candidate that is a real title, else the text's headline line, else None."""
    for c in candidates:
        if is_title(c):
            return c.strip()
    return headline_line(text)
