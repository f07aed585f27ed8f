"""`text_of`: the Doc's text as the line-break component read it, for each Doc its own."""
from counterpoint.analyze.nlp import pipeline_for
from counterpoint.analyze.units import TEXT_KEY, text_of
from counterpoint.settings import Settings


def test_text_of_is_each_docs_own_text():
    nlp = pipeline_for("en", Settings())
    texts = ["Police cleared the camp on Monday.\nThe mayor spoke.", "Two boats reached the coast at dawn.  ", ""]
    docs = list(nlp.pipe(texts))
    for text, doc in zip(texts, docs):
        assert TEXT_KEY in doc.user_data
        assert text_of(doc) == doc.text == text
    assert text_of(nlp(texts[1])) == texts[1]  # one Doc after another: nothing carried over


def test_text_of_a_doc_made_without_the_component(nlp):
    doc = nlp.make_doc("A tent was set up near the port.")
    assert TEXT_KEY not in doc.user_data
    assert text_of(doc) == doc.text
