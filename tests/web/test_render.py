"""Highlighting helpers: escaped segments, overlapping spans, context on word boundaries."""
from __future__ import annotations

import pytest

from counterpoint.web.render import context, count_text, segments, url_id


def test_render_segments_cover_the_text_once():
    text = "Police evicted 40 people. Nobody was hurt."
    parts = segments(text, [(0, 25, "ev"), (15, 24, "claim"), (100, 120, "ignored")])
    assert "".join(p for p, _ in parts) == text
    assert ("40 people", "claim ev") in parts and ("Police evicted ", "ev") in parts


def test_render_context_marks_sentence_and_words_on_word_boundaries():
    text = "word " * 100 + "Police evicted forty people. " + "after " * 100
    parts = context(text, "Police evicted forty people.", None, None, ["evicted", None, "people"], width=50)
    assert parts[0] == ("… ", "") and parts[-1] == (" …", "")
    assert parts[1][0].startswith("word") and parts[-2][0].rstrip().endswith("after")
    assert ("evicted", "evidence term") in parts and ("people", "evidence term") in parts


def test_render_context_without_the_text_shows_the_sentence():
    assert context("", "A sentence.", None, None) == [("A sentence.", "evidence")]


@pytest.mark.parametrize("count,text", [({"min": 40, "max": 40}, "40"), ({"min": 400, "max": 600}, "400–600"),
                                        ({"min": 131, "max": None}, "at least 131"),
                                        ({"min": 500, "max": 500, "approximate": True}, "about 500"), (None, "")])
def test_render_count_text(count, text):
    assert count_text(count) == text


def test_render_url_id_encodes_slash_and_tilde():
    assert url_id("blog/2018~2") == "blog%2F2018~2" or url_id("blog/2018~2") == "blog%2F2018%7E2"
