"""The loaded pipelines' speed-ups (counterpoint/analyze/nlp.py) change no annotation: the
lemmatizers' tables built fast and their set-backed indexes give what plain spaCy gives."""
import pytest

from counterpoint.settings import Settings

EN = [
    "Gonna be honest: let's say the ferry from Port Averne ain't coming, and there's no bus either.",
    "The volunteers gave you their tents; officials at Brellac said they'd got twelve more on Tuesday.",
    "She herself was nearer   the canal than us, whereas everyone else had already left Ostrelle's camp.",
    "Is it true?  Were there forty-two people aboard, or were there fewer, as the mayor's office claims?",
    "Les bénévoles de Brellac ont compté quarante tentes.",
]
FR = [
    "Les bénévoles de Brellac ont compté quarante tentes près du canal après les pluies de mardi.",
    "« Nous avons été surpris », a déclaré la maire d'Ostrelle, qui était allée voir les familles.",
]


@pytest.mark.parametrize("lang,texts", [("en", EN[:4]), ("fr", FR)])
def test_pipeline_speedups_same_annotations_as_spacy(lang, texts):
    spacy = pytest.importorskip("spacy")
    from counterpoint.analyze.nlp import pipeline_for

    settings = Settings()
    try:
        ours = pipeline_for(lang, settings)
        plain = spacy.load(settings.model_for(lang))
    except Exception:  # a pipeline is not installed
        pytest.skip(f"{lang} spaCy pipeline not installed")
    for a, b in zip(ours.pipe(texts), plain.pipe(texts)):
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
        if lang == "en":  # the French scheme component rewrites tags and dependencies on purpose
            assert [(t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i) for t in a] == \
                   [(t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i) for t in b]


@pytest.mark.parametrize("model", ["en", "fr"])
def test_lookups_fast_tables_same_tables(model):
    spacy = pytest.importorskip("spacy")
    from pathlib import Path

    from spacy.lookups import Lookups
    from spacy.util import get_package_path

    from counterpoint.analyze import lookups

    try:
        folder = next(Path(get_package_path(Settings().model_for(model))).rglob("lemmatizer/lookups"))
    except Exception:  # the pipeline (or its lemmatizer's tables) is not installed
        pytest.skip(f"{model} spaCy pipeline not installed")
    plain = Lookups().from_disk(folder)
    with lookups.fast_tables():
        fast = Lookups().from_disk(folder)
    assert Lookups.from_bytes is not lookups._from_bytes  # restored after the block
    assert plain.tables == fast.tables
    for name in plain.tables:
        a, b = plain.get_table(name), fast.get_table(name)
        assert type(a) is type(b) and a.name == b.name
        assert list(a.items()) == list(b.items())
        assert a.bloom.to_bytes() == b.bloom.to_bytes()


def test_lookups_word_list_answers_like_a_list():
    from counterpoint.analyze.lookups import WordList

    words = WordList(["averne", "brellac", "ostrelle"])
    assert words == ["averne", "brellac", "ostrelle"] and "brellac" in words and "calais" not in words
