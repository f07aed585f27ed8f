"""The date scan skips the patterns that need a digit on texts without one: the same matches."""
import json
import re

from counterpoint.analyze import timex, timex_fr

LISTS = (timex.PATTERNS, timex_fr.PATTERNS)


def _both(text, monkeypatch):
    out = []
    for patterns in LISTS:
        gated = timex._scan_matches(text, patterns, timex._skip)
        with monkeypatch.context() as m:
            m.setattr(timex, "NEEDS_DIGIT", frozenset())
            plain = timex._scan_matches(text, patterns, timex._skip)
        out.append((gated, plain))
    return out


def test_every_gated_kind_is_a_pattern_kind():
    kinds = {kind for patterns in LISTS for kind, _ in patterns}
    assert timex.NEEDS_DIGIT <= kinds


def test_texts_without_digits_keep_their_words_dates(monkeypatch):
    text = ("Last Monday the camp was cleared; early in March, and again yesterday evening, police came. "
            "Lundi dernier, hier soir et début mars, la police est revenue.")
    for gated, plain in _both(text, monkeypatch):
        assert gated == plain
        assert gated  # words alone still name dates
    assert not any(kind in timex.NEEDS_DIGIT for gated, _ in _both(text, monkeypatch) for kind, *_ in gated)


def test_gated_scan_equals_full_scan_on_the_shared_texts(shared, monkeypatch):
    texts = [json.loads(p.read_text(encoding="utf-8"))["text"]
             for folder in ("corpus", "train") for p in sorted((shared / folder).glob("*.json"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    pieces = [piece for t in texts for piece in [t] + re.split(r"(?<=[.!?])\s+|\n+", t) if piece]
    assert len(pieces) > 1000
    for piece in pieces:
        for gated, plain in _both(piece, monkeypatch):
            assert gated == plain, piece
