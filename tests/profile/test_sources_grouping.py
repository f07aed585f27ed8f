"""Who counts as one source: posts of one unnamed blog are one source, not one each, nor all lumped."""
from __future__ import annotations

from counterpoint.profile import page_of, profile_sources


def doc(id_, source=None, text="Police cleared the camp."):
    return {"id": id_, "source": source, "text": text, "language": "en", "events": [], "quotes": [], "claims": []}


def test_profile_posts_of_an_unnamed_blog_are_one_source():
    docs = [doc("blog.txt~1"), doc("blog.txt~2"), doc("blog.txt~3"), doc("other.txt"), doc("x", "Gazette")]
    profiles = profile_sources(docs)
    assert [(p["source"], p.get("page"), p["documents"]) for p in profiles] == [
        ("Gazette", None, 1), (None, "blog.txt", 3), (None, "other.txt", 1)]


def test_profile_page_of_split_ids():
    assert page_of("blog/2018.html~12") == "blog/2018.html" and page_of("plain") == "plain"


def test_profile_unnamed_sources_are_stored_apart(tmp_path):
    from counterpoint.store import Store

    store = Store(str(tmp_path / "p.db"))
    store.save_profiles(profile_sources([doc("a.txt~1"), doc("a.txt~2"), doc("b.txt")]))
    assert sorted(p["page"] for p in store.profiles()) == ["a.txt", "b.txt"]
