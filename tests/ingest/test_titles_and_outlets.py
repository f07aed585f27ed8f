"""Titles, outlet names and entities: what an input says about itself, cleaned."""
from __future__ import annotations

import json

import pytest

from counterpoint.ingest import prepare, readers
from counterpoint.ingest.cleaning import choose_title, headline_line, is_title
from counterpoint.ingest.outlet import outlet_from_text
from counterpoint.settings import Settings

BODY = ("Police cleared a small camp near the ring road on Tuesday morning. "
        "Around forty people were told to leave, and volunteers said tents were taken away.")


def test_readers_json_entities_are_decoded():
    line = json.dumps({"id": "a", "title": "Camp &quot;cleared&quot; at dawn",
                       "text": "Volunteers said: &quot;We had no warning&quot; &#8211; and left.",
                       "source": "Nord &amp; Pas"})
    [rec] = list(readers.read_bytes(line.encode(), "in.jsonl", ".jsonl", base_id="base"))
    assert rec.title == 'Camp "cleared" at dawn'
    assert rec.text == 'Volunteers said: "We had no warning" – and left.'
    assert rec.source == "Nord & Pas"


@pytest.mark.parametrize("title", ["Skip to main content", "skip to content", "Home", "Page not found", "  ", None])
def test_cleaning_furniture_is_not_a_title(title):
    assert not is_title(title)


def test_cleaning_empty_title_falls_back_to_the_headline_line():
    text = "Police clear camp beside the canal\n\n" + BODY
    assert choose_title(["Skip to main content"], text) == "Police clear camp beside the canal"
    assert choose_title(["Camp cleared"], text) == "Camp cleared"
    assert headline_line(BODY) is None  # a first sentence is not a headline


def test_prepare_gives_the_headline_as_title_when_the_page_title_is_furniture():
    raw = readers.RawRecord("page.html", "Police clear camp beside the canal\n\n" + BODY, b"", id="page",
                            title="Skip to main content")
    [doc] = prepare(raw, Settings.load())
    assert doc.title == "Police clear camp beside the canal"


@pytest.mark.parametrize("tail, name", [
    ("Stay tuned for more updates from Harbour Light News.", "Harbour Light News"),
    ("© 2021 Coastline Daily. All rights reserved.", "Coastline Daily"),
    ("Copyright 2019-2021 The Calais Herald", "Calais Herald"),
    ("Subscribe to the Nord Observer newsletter for more.", "Nord Observer"),
])
def test_outlet_named_by_the_page_itself(tail, name):
    assert outlet_from_text(BODY + "\n\n" + tail) == name


@pytest.mark.parametrize("text", [
    "According to the French news outlet France Bleu, the fight left fifteen officers hurt.",
    BODY + "\nFollow Sam Reporter on Twitter here @samreporter",
    BODY,
])
def test_outlet_cited_outlets_and_bylines_are_not_the_publisher(text):
    assert outlet_from_text(text) is None


def test_prepare_posts_of_a_page_share_the_outlet_it_names(shared):
    # a blog category page split into posts: every post gets the outlet, none the file name
    text = (shared / "seeds" / "004_ca9318fe90946ee3.txt").read_text()
    raw = readers.RawRecord("blog.txt", text + "\n\n© 2018 Border Notes Collective", b"", id="blog.txt")
    docs = prepare(raw, Settings.load())
    assert len(docs) > 1 and {d.source for d in docs} == {"Border Notes Collective"}
