"""What the rule stages keep per Doc (its text, its resolver's role words): each document its own."""
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


def test_role_vocabulary_is_kept_per_document(nlp, fr):
    from counterpoint.analyze.actors import people_nouns
    from counterpoint.analyze.speakers import Resolver

    for pipe, lang in ((nlp, "en"), (fr, "fr")):
        r = Resolver(pipe("The mayor said the camp would close."), lang)
        lex = r.lex
        union = frozenset(lex.roles) | lex.proxy_roles | lex.titles | lex.speaker_nouns | people_nouns(lang, None)
        assert r._role_vocabulary() == union
        assert r._role_vocabulary() is r._role_vocabulary()  # made once for the document
    en, fr_ = Resolver(nlp("A word."), "en"), Resolver(fr("Un mot."), "fr")
    assert en._role_vocabulary() != fr_._role_vocabulary()  # each document its language's words
