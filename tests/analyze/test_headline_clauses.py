"""Round eight's classes of error on short event descriptions: headline verbs the small tagger
reads as nouns when a later clause has a verb of its own, a semicolon that ends a clause, and a
past tense joined to a participle. Sentences written for these tests."""
import pytest
from spacy.tokens import Doc

from counterpoint.analyze import Context, events
from counterpoint.settings import Settings


def _types(events):
    return [e.type for e in events]


def _parsed(nlp, rows):
    """A Doc with a parse given by hand: (word, head index, dep, pos, tag, lemma) a token. The
    small parser's mistakes vary with the wording, so the mistake under test is written out."""
    words, heads, deps, pos, tags, lemmas = zip(*rows)
    return Doc(nlp.vocab, words=list(words), heads=list(heads), deps=list(deps), pos=list(pos),
               tags=list(tags), lemmas=list(lemmas))


def _extract_parsed(nlp, rows):
    return events.extract(_parsed(nlp, rows), Context("en", None, Settings()))


# -- a headline's main verb, read as a noun, before a relative or adverbial clause -------------

@pytest.mark.parametrize("text,etype", [
    ("Police in Port Said detain 12 members of gang that ran boats to Crete", "arrest"),
    ("Four drown after speedboat rams dinghy off Chios", "death"),
    ("Some 300 migrants storm Ceuta fence; dozens make it across", "crossing"),
])
def test_en_headline_verb_before_a_clause(extract, text, etype):
    assert etype in _types(extract(text))


@pytest.mark.parametrize("text", [
    # prose with articles: a noun stays a noun even before a later verb
    "The police detain rate in the region rose after the law that was passed in May.",
])
def test_en_prose_noun_is_not_a_headline_verb(extract, text):
    assert "arrest" not in _types(extract(text))


# -- a semicolon ends a clause ------------------------------------------------------------------

def test_en_negation_after_semicolon_is_another_clause(extract):
    evs = extract("A fire tore through the tents of the camp near Corinth; no injuries were reported.")
    fire = [e for e in evs if e.type == "fire"]
    assert fire, _types(evs)
    assert fire[0].injured is not None and fire[0].injured.max == 0


def test_en_noun_parsed_under_the_next_clause_keeps_its_own(nlp):
    # the parser hangs "fire" under "reported", whose subject is "no deaths"
    evs = _extract_parsed(nlp, [
        ("A", 1, "det", "DET", "DT", "a"), ("fire", 10, "dep", "NOUN", "NN", "fire"),
        ("swept", 1, "acl", "VERB", "VBN", "sweep"), ("through", 2, "prep", "ADP", "IN", "through"),
        ("the", 5, "det", "DET", "DT", "the"), ("camp", 3, "pobj", "NOUN", "NN", "camp"),
        (";", 10, "punct", "PUNCT", ":", ";"), ("no", 8, "det", "DET", "DT", "no"),
        ("deaths", 10, "nsubjpass", "NOUN", "NNS", "death"), ("were", 10, "auxpass", "AUX", "VBD", "be"),
        ("reported", 10, "ROOT", "VERB", "VBN", "report"), (".", 10, "punct", "PUNCT", ".", ".")])
    fire = [e for e in evs if e.type == "fire"]
    assert fire, _types(evs)
    assert fire[0].killed is not None and fire[0].killed.max == 0


def test_en_belief_after_semicolon_does_not_control_a_finding(extract):
    evs = extract("Bodies of nine people found in the dunes near Agadez; officials think their car broke down.")
    assert "death" in _types(evs)


# -- a past tense joined to a participle coordinates with the finite verb -----------------------

def test_en_past_tense_after_participle_is_asserted(extract):
    evs = extract("On 3 May 2024, police near Idomeni stopped a lorry carrying 31 people from Syria "
                  "and arrested the driver.")
    assert "arrest" in _types(evs)


def test_en_past_tense_parsed_under_a_participle_is_asserted(nlp):
    # the parser joins "arrested" to "carrying", under the object of "stopped" (a controller)
    evs = _extract_parsed(nlp, [
        ("Police", 1, "nsubj", "NOUN", "NNS", "police"), ("stopped", 1, "ROOT", "VERB", "VBD", "stop"),
        ("a", 3, "det", "DET", "DT", "a"), ("van", 1, "dobj", "NOUN", "NN", "van"),
        ("carrying", 3, "acl", "VERB", "VBG", "carry"), ("20", 6, "nummod", "NUM", "CD", "20"),
        ("migrants", 4, "dobj", "NOUN", "NNS", "migrant"), ("and", 4, "cc", "CCONJ", "CC", "and"),
        ("arrested", 4, "conj", "VERB", "VBD", "arrest"), ("the", 10, "det", "DET", "DT", "the"),
        ("driver", 8, "dobj", "NOUN", "NN", "driver"), (".", 1, "punct", "PUNCT", ".", ".")])
    assert "arrest" in _types(evs)


def test_en_controlled_arrest_is_still_controlled(extract):
    evs = extract("Residents stopped the police from arresting the driver.")
    assert "arrest" not in _types(evs)


# -- "hundreds of", "dozens of": the people are those named after the quantity word -------------

def test_en_quantity_word_subject_is_the_people_after_it(extract):
    evs = extract("Hundreds of residents gathered outside the town hall of Bree to protest the plan.")
    protest = [e for e in evs if e.type == "protest"]
    assert protest, _types(evs)
    assert any(p.label == "residents" and p.role == "agent" for p in protest[0].participants)


def test_en_quantity_word_object_is_the_people_after_it(extract):
    evs = extract("Police detained dozens of young men in a raid on a squat in Liège on Friday.")
    arrest = [e for e in evs if e.type == "arrest"]
    assert arrest, _types(evs)
    assert any(p.label == "men" or p.label == "young men" for p in arrest[0].participants)
