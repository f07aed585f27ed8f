"""Templates and the helpers they use: highlighted text is built as escaped segments, never raw HTML."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import select_autoescape

HERE = Path(__file__).parent


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """Cut `text` into (piece, classes) where classes names every span covering the piece.

    Overlapping spans (an event sentence holding a claim) give pieces with several classes
    instead of nested markup; the template escapes each piece.
    """
    cuts = {0, len(text)}
    good = []
    for start, end, cls in spans:
        start, end = max(0, int(start or 0)), min(len(text), int(end or 0))
        if end > start:
            good.append((start, end, cls))
            cuts.update((start, end))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        classes = " ".join(sorted({cls for s, e, cls in good if s <= a and b <= e}))
        if out and out[-1][1] == classes:
            out[-1] = (out[-1][0] + text[a:b], classes)
        else:
            out.append((text[a:b], classes))
    return out


def find(text: str, needle: str | None, start: int | None = None, end: int | None = None) -> tuple[int, int] | None:
    """Where `needle` sits in `text`: at the given offsets if they hold it, else its first occurrence."""
    if not needle:
        return None
    if start is not None and end and text[start:end] == needle:
        return start, end
    i = text.find(needle)
    return (i, i + len(needle)) if i >= 0 else None


def context(text: str, sentence: str, start: int | None, end: int | None, marks: list[str] = (),
            width: int = 220) -> list[tuple[str, str]]:
    """The evidence sentence in its surrounding text, with the sentence and words inside it marked."""
    where = find(text or "", sentence, start, end)
    if where is None:
        return segments(sentence or "", [(0, len(sentence or ""), "evidence")] + _words(sentence or "", marks, 0))
    s, e = where
    a, b = max(0, s - width), min(len(text), e + width)
    if a:  # start and end the context on whole words
        space = text.find(" ", a, s)
        a = space + 1 if space >= 0 else a
    if b < len(text):
        space = text.rfind(" ", e, b)
        b = space if space >= 0 else b
    piece = text[a:b]
    spans = [(s - a, e - a, "evidence")] + _words(text[s:e], marks, s - a)
    out = segments(piece, spans)
    if a:
        out.insert(0, ("… ", ""))
    if b < len(text):
        out.append((" …", ""))
    return out


def _words(sentence: str, words, offset: int) -> list[tuple[int, int, str]]:
    spans = []
    for w in words:
        if w:
            i = sentence.find(w)
            if i >= 0:
                spans.append((offset + i, offset + i + len(w), "term"))
    return spans


def count_text(c: dict | None) -> str:
    if not c:
        return ""
    lo, hi = c.get("min"), c.get("max")
    if lo is not None and lo == hi:
        s = str(lo)
    elif lo is not None and hi is not None:
        s = f"{lo}–{hi}"
    elif lo is not None:
        s = f"at least {lo}"
    elif hi is not None:
        s = f"at most {hi}"
    else:
        s = "some"
    return ("about " if c.get("approximate") else "") + s


def _number_forms(value: int) -> list[str]:
    """How a number may be written: 1200, 1,200, 1 200, and its word for the units (forty)."""
    from .. import taxonomy

    forms = [str(value), f"{value:,}", f"{value:,}".replace(",", " "), f"{value:,}".replace(",", ".")]
    for lang in ("en", "fr"):
        try:
            units = taxonomy.load(f"numbers.{lang}.json").get("units", {})
        except Exception:
            continue
        forms += [w for w, v in units.items() if v == value]
    return list(dict.fromkeys(forms))


def _has_number(sentence: str, value: int) -> bool:
    import re

    low = sentence.lower()
    return any(re.search(r"(?<![\w,.])" + re.escape(f.lower()) + r"(?![\w]|[,.]\d)", low) for f in _number_forms(value))


def nearby_sentences(text: str, sentence: str, start: int | None = None, reach: int = 3) -> list[str]:
    """Up to `reach` sentences either side of `sentence` in `text`, nearest first (after before)."""
    import re

    where = find(text or "", sentence, start, (start + len(sentence)) if start is not None else None)
    if not where or not text:
        return []
    pieces = [(m.start(), m.group().strip()) for m in re.finditer(r"[^.!?\n]+(?:[.!?]+[\"”’)]*|\n|$)", text)
              if m.group().strip()]
    before = [p for at, p in pieces if at < where[0]][-reach:]
    after = [p for at, p in pieces if at >= where[1]][:reach]
    out = []
    for i in range(reach):
        if i < len(after):
            out.append(after[i])
        if i < len(before):
            out.append(before[-1 - i])
    return out


def figure_sentence(count: dict | None, label: str | None, sentences: list[str]) -> str | None:
    """The sentence a figure came from, among an event's sentences: the one that states the number
    (with the label, if several do); None when no sentence states it."""
    if not count:
        return None
    values = [v for v in (count.get("min"), count.get("max")) if isinstance(v, int)]
    with_number = [s for s in sentences if s and any(_has_number(s, v) for v in values)]
    if not with_number:
        return None
    labelled = [s for s in with_number if label and label.lower() in s.lower()]
    return (labelled or with_number)[0]


WEAK = 0.5  # confidence below this is shown as a weak link (the linker's confidence, when it gives one)


def confidence(item: dict | None) -> float | None:
    value = (item or {}).get("confidence")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def is_weak(item: dict | None) -> bool:
    c = confidence(item)
    return c is not None and c < WEAK


def url_id(value: str) -> str:
    """Ids in URLs: every reserved character percent-encoded (document ids hold `/` and `~`)."""
    return quote(str(value), safe="")


def _headline(inc: dict) -> str:
    from ..headline import headline

    return inc.get("headline") or headline(inc)


def _source_count(inc: dict) -> int:
    from ..headline import source_count

    return source_count(inc)


def make_templates(settings) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = select_autoescape(default=True, default_for_string=True)
    env.filters["url_id"] = url_id
    env.filters["count"] = count_text
    env.filters["headline"] = _headline
    env.filters["source_count"] = _source_count
    env.filters["weak"] = is_weak
    env.filters["confidence"] = confidence
    env.globals["tile_url"] = getattr(settings, "tile_url", "") or ""
    return templates


def flash(request: Request, message: str, kind: str = "ok") -> None:
    request.state.session.setdefault("flash", []).append((kind, message))


def pop_flash(request: Request) -> list:
    msgs = list(request.state.session.get("flash") or [])
    request.state.session["flash"] = []
    return msgs
