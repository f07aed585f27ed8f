"""Source profiles over contract dicts (no model needed). Invented documents."""
import pytest

from counterpoint.profile import loaded_terms, profile_sources


def _doc(source, text="", **kw):
    d = {"id": kw.pop("id", source), "source": source, "language": "en", "text": text,
         "migrant_labels": [], "events": [], "quotes": [], "claims": [], "duplicate_of": None}
    d.update(kw)
    return d


def test_profile_labels_and_violence_roles():
    ev = {"type": "clash", "participants": [
        {"role": "agent", "category": "migrants", "label": "illegals", "count": None},
        {"role": "target", "category": "security_forces", "label": "officers", "count": None}]}
    p = profile_sources([_doc("A", migrant_labels=["illegals"], events=[ev])])[0]
    assert p["labels"]["migrants"]["illegals"] == 2
    assert p["violence"]["migrants"] == {"agent": 1, "target": 0}
    assert p["violence"]["security_forces"] == {"agent": 0, "target": 1}


def test_profile_quote_shares_and_attributed_figures():
    qs = [{"speaker": "x", "speaker_category": "officials", "text": "t", "direct": True}] * 3 + \
         [{"speaker": "y", "speaker_category": "aid_groups", "text": "t", "direct": False}]
    cl = [{"value": {"min": 1, "max": 1, "approximate": False}, "subject": "s", "attributed_to": a,
           "sentence": "s"} for a in ("police", None)]
    p = profile_sources([_doc("B", quotes=qs, claims=cl)])[0]
    assert p["quotes"]["share_by_category"] == {"officials": 0.75, "aid_groups": 0.25}
    assert p["figures"]["share_attributed"] == 0.5


def test_profile_groups_by_source_and_skips_duplicates():
    docs = [_doc("A", "one two", id="1"), _doc("B", "three", id="2"),
            _doc("A", "four", id="3", duplicate_of="1")]
    ps = profile_sources(docs)
    assert [p["source"] for p in ps] == ["A", "B"]
    assert ps[0]["documents"] == 1 and ps[0]["words"] == 2


@pytest.mark.parametrize("text,term", [
    ("A swarm of people at the fence", "swarm"),
    ("This brutal eviction", "brutal"),
    ("The town was besieged", "besieged"),
])
def test_profile_loaded_terms(text, term):
    assert loaded_terms(text)[term] == 1


def test_profile_loaded_rate_per_thousand_words():
    p = profile_sources([_doc("C", "chaos " + "word " * 99)])[0]
    assert p["loaded"]["per_1000_words"] == 10.0
