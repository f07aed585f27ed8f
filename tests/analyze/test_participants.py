"""Participants: agent and target from the parse, with category, label and count."""
import pytest

from counterpoint.analyze import participants as parts


def _find(nlp, text, lemma):
    doc = nlp(text)
    tok = next(t for t in doc if t.lemma_ == lemma)
    counts = parts.sentence_counts(tok.sent)
    return parts.for_trigger(tok, "agent", counts)


@pytest.mark.parametrize("text,lemma,agent,target", [
    ("Gendarmes detained twelve exiles at the station.", "detain", "security_forces", "migrants"),
    ("Twelve exiles were detained by gendarmes at the station.", "detain", "security_forces", "migrants"),
    ("The eviction of 500 migrants by riot police began at dawn.", "eviction", "security_forces", "migrants"),
])
def test_participants_roles(nlp, text, lemma, agent, target):
    ps = _find(nlp, text, lemma)
    assert any(p.role == "agent" and p.category == agent for p in ps)
    assert any(p.role == "target" and p.category == target for p in ps)


def test_participants_coordinated_subjects(nlp):
    ps = _find(nlp, "Police and volunteers clashed near the port.", "clash")
    assert {p.category for p in ps} == {"security_forces", "aid_groups"}


def test_participants_keep_the_sources_label(nlp):
    ps = _find(nlp, "Police arrested 14 illegals at the port.", "arrest")
    target = next(p for p in ps if p.role == "target")
    assert target.label == "illegals" and target.category == "migrants"
    assert (target.count.min, target.count.max) == (14, 14)


def test_participants_counts_skip_dates(nlp):
    doc = nlp("On December 14, 2019, police detained migrants.")
    assert parts.sentence_counts(doc[:]) == []
