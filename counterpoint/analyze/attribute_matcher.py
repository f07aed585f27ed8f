"""The matches of spaCy's attribute ruler, found by hash lookups instead of its Matcher.

The English pipeline's attribute ruler (tag map, morphology and lemma exceptions: 179 rules of
one or two tokens) runs spaCy's general Matcher over every token, which tries every rule:
about 12 microseconds a token, a tenth of the parse once the rest is counted. Its rules only
compare a token's TAG, POS, LOWER, ORTH or DEP with a value (equal, IN, NOT_IN, REGEX) or test
IS_SPACE, so each rule is filed under one value a token must have, and each token looks up
only the rules filed under its own values. The matches are those the Matcher finds, in the
same order, and the ruler's own `set_annotations` applies them. A ruler with any other kind
of pattern keeps its Matcher.
"""
from __future__ import annotations

import re

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, POS, TAG

_ATTRS = {"TAG": TAG, "POS": POS, "LOWER": LOWER, "ORTH": ORTH, "DEP": DEP}
_COLUMNS = ["TAG", "POS", "LOWER", "ORTH", "DEP", "IS_SPACE"]  # the order of doc.to_array's columns
_ANCHORS = ("LOWER", "ORTH", "TAG", "POS", "DEP")  # most selective first


class _Unsupported(Exception):
    pass


def _test(attr: str, value, strings):
    """(column, test of the token's value in that column) for one attribute of a token pattern."""
    if attr == "IS_SPACE":
        if not isinstance(value, bool):
            raise _Unsupported(attr)
        return _COLUMNS.index(attr), (lambda v, want=int(value): v == want), None
    if attr not in _ATTRS:
        raise _Unsupported(attr)
    col = _COLUMNS.index(attr)
    if isinstance(value, str):
        h = strings.add(value)
        return col, (lambda v, h=h: v == h), {h}
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(x, str) for x in arg):
            hashes = frozenset(strings.add(x) for x in arg)
            if op == "IN":
                return col, (lambda v, s=hashes: v in s), set(hashes)
            return col, (lambda v, s=hashes: v not in s), None
        if op == "REGEX" and isinstance(arg, str):
            rx = re.compile(arg)
            return col, (lambda v, rx=rx: bool(rx.search(strings[v]))), None
    raise _Unsupported(f"{attr}: {value!r}")


class AttributeMatcher:
    """The matches `AttributeRuler.match` returns, for rulers whose patterns it supports."""

    def __init__(self, ruler):
        strings = ruler.vocab.strings
        self.n_rules = len(ruler.attrs)
        # a rule: (attr_id, match_id, tests of each of its tokens); filed under an anchor value
        self._by_value: dict[tuple[int, int], list] = {}
        self._always: list = []
        for attr_id in range(self.n_rules):
            key = str(attr_id)
            _, patterns = ruler.matcher.get(key)
            match_id = strings.add(key)
            for pattern in patterns:
                if not pattern:
                    raise _Unsupported("empty pattern")
                tokens = []
                for spec in pattern:
                    if not spec or not isinstance(spec, dict):
                        raise _Unsupported(repr(spec))
                    tokens.append({attr: _test(attr, value, strings) for attr, value in spec.items()})
                rule = (attr_id, match_id, [[(col, test) for col, test, _ in t.values()] for t in tokens])
                anchor = next((a for a in _ANCHORS if a in tokens[0] and tokens[0][a][2] is not None), None)
                if anchor is None:
                    self._always.append(rule)
                    continue
                col, _, values = tokens[0][anchor]
                for h in values:
                    self._by_value.setdefault((col, h), []).append(rule)

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        rows = doc.to_array(_COLUMNS).tolist() if len(doc) else []
        n = len(rows)
        found = set()
        get, always = self._by_value.get, self._always
        for i, row in enumerate(rows):
            # a rule is filed under one column, so a token reaches it at most once
            for rules in (get((0, row[0])), get((1, row[1])), get((2, row[2])), get((3, row[3])),
                          get((4, row[4])), always):
                if rules:
                    for rule in rules:
                        if _matches(rule[2], rows, i, n):
                            found.add((rule[0], rule[1], i, i + len(rule[2])))
        return sorted(found)


def _matches(tokens, rows, i: int, n: int) -> bool:
    if i + len(tokens) > n:
        return False
    for k, tests in enumerate(tokens):
        row = rows[i + k]
        for col, test in tests:
            if not test(row[col]):
                return False
    return True


def install(nlp) -> None:
    """Give each attribute ruler of `nlp` whose patterns allow it the hash-lookup matcher."""
    from spacy.pipeline import AttributeRuler

    for _, component in nlp.pipeline:
        if not isinstance(component, AttributeRuler) or "match" in vars(component):
            continue
        try:
            matcher = AttributeMatcher(component)
        except _Unsupported:
            continue
        original = component.match

        def match(doc, matcher=matcher, ruler=component, original=original):
            if len(ruler.attrs) != matcher.n_rules:  # rules added since: the Matcher knows them
                return original(doc)
            return matcher(doc)

        component.match = match
