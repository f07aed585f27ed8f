"""One document must never stop a batch: a bug in a reader, an analyser or the store
rejects (or flags) that document, and every other document of the batch is stored."""
from __future__ import annotations

import json
import random

import pytest

from counterpoint.settings import Settings

GOOD = ("Police cleared a camp of about eighty people beside the canal on Tuesday morning, "
        "volunteers said. Officers took tents and sleeping bags.")
OTHER = "A new shelter for families opened in the town hall annex this week, offering forty beds."
POISON = "Zebracorn text that the patched analyser refuses."


@pytest.fixture
def inputs(tmp_path):
    d = tmp_path / "inputs"
    d.mkdir()
    return d


def _stored(db: str) -> dict[str, dict]:
    from counterpoint.store import Store

    return {d.id: d for d in Store(db).documents()}


def test_title_word_surname_does_not_crash_speaker_resolution(cli, tmp_path):
    # "King" is also a title word: removing titles once left an empty name (IndexError)
    (tmp_path / "k.txt").write_text("“We saw nothing in his hands,” King told the Evening Post.\n")
    res = cli("analyze", tmp_path / "k.txt", "--json")
    [doc] = [json.loads(x) for x in res.stdout.splitlines()]
    assert doc["warnings"] == []
    assert [q["speaker"] for q in doc["quotes"]] == ["King"]


def test_analyser_bug_flags_its_document_and_the_batch_is_stored(cli, inputs, db, monkeypatch):
    from counterpoint.analyze import events

    real = events.extract

    def flaky(sdoc, ctx):
        if "Zebracorn" in sdoc.text:
            raise IndexError("list index out of range")
        return real(sdoc, ctx)

    monkeypatch.setattr(events, "extract", flaky)
    for name, text in (("a.txt", GOOD), ("b.txt", POISON), ("c.txt", OTHER)):
        (inputs / name).write_text(text)
    res = cli("ingest", inputs, "--db", db)
    assert res.exit_code == 0, res.stderr
    docs = _stored(db)
    assert set(docs) == {"a.txt", "b.txt", "c.txt"}
    assert docs["b.txt"].warnings == ["analysis_failed: IndexError: list index out of range"]
    assert docs["a.txt"].warnings == [] and docs["a.txt"].analysis.events


def test_analyser_bug_in_analyze_json_keeps_every_output(cli, tmp_path, monkeypatch):
    from counterpoint.analyze import quotes

    monkeypatch.setattr(quotes, "extract", lambda sdoc, ctx: 1 / 0 if "Zebracorn" in sdoc.text else [])
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(POISON)
    res = cli("analyze", tmp_path, "--json")
    docs = {d["id"]: d for d in map(json.loads, res.stdout.splitlines())}
    assert docs["b.txt"]["warnings"] == ["analysis_failed: ZeroDivisionError: division by zero"]
    assert docs["a.txt"]["events"]


def test_broken_reader_rejects_its_input_by_name(cli, inputs, db, monkeypatch):
    from counterpoint.ingest import readers

    def missing(*a, **k):
        raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")

    monkeypatch.setattr(readers, "read_html", missing)
    (inputs / "page.html").write_text("<html><body><p>" + OTHER + "</p></body></html>")
    (inputs / "a.txt").write_text(GOOD)
    res = cli("ingest", inputs, "--db", db)
    assert res.exit_code == 1
    assert "page.html: the .html reader failed (ImportError: lxml.html.clean" in res.stderr
    assert set(_stored(db)) == {"a.txt"}


def test_store_failure_of_one_document_keeps_the_others(cli, inputs, db, monkeypatch):
    from counterpoint.store import Store

    real = Store.save_document

    def failing(self, doc, **kw):
        if doc.id == "b.txt":
            raise ValueError("A string literal cannot contain NUL (0x00) characters.")
        return real(self, doc, **kw)

    monkeypatch.setattr(Store, "save_document", failing)
    for name, text in (("a.txt", GOOD), ("b.txt", OTHER + " Second text."), ("c.txt", OTHER)):
        (inputs / name).write_text(text)
    res = cli("ingest", inputs, "--db", db)
    assert res.exit_code == 1
    assert "b.txt: could not be stored (ValueError" in res.stderr
    assert set(_stored(db)) == {"a.txt", "c.txt"}
    # the rerun is exact: the two good ones unchanged, the failed one tried again
    monkeypatch.setattr(Store, "save_document", real)
    res = cli("ingest", inputs, "--db", db)
    assert res.exit_code == 0 and "1 stored, 2 unchanged" in res.stderr
    assert set(_stored(db)) == {"a.txt", "b.txt", "c.txt"}


def test_version_names_package_rules_taxonomy_and_models(cli):
    res = cli("--version")
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0].startswith("counterpoint ")
    assert any(x.startswith("rules ") for x in lines) and any(x.startswith("taxonomy ") for x in lines)
    assert any(x.startswith("model en ") for x in lines) and any(x.startswith("model fr ") for x in lines)


# -- fuzzing the analysers -----------------------------------------------------------------

_PIECES = {
    "en": {
        "who": ["King", "Dr", "Mr King", "the prefect", "Ms O'Neil-Smith", "he", "she", "they", "HRO",
                "Capt. Marsh", "a spokeswoman", "Lord", "St", "The", "police", "UN"],
        "verb": ["said", "told the Post", "added", "claimed", "denied", "according to", "warned"],
        "what": ["12 migrants died", "about 80 people were evicted", "between 3 and 5 injured",
                 "on 3 March 2020", "last Friday", "dozens were arrested", "a fire destroyed 20 tents",
                 "nothing", "", "1,200", "two weeks", "in Calais", "near Dunkirk", "off Lesbos"],
    },
    "fr": {
        "who": ["le préfet", "Mme Dupont", "il", "elle", "la préfecture", "M.", "Pr", "le Roi", "l'ONG"],
        "verb": ["a déclaré", "a précisé", "estime", "selon", "affirme", "a dit"],
        "what": ["12 migrants sont morts", "une centaine de personnes évacuées", "le 3 mars 2020",
                 "samedi dernier", "des dizaines d'interpellations", "un incendie a détruit 20 tentes",
                 "", "à Calais", "près de Dunkerque", "faisant 3 blessés"],
    },
}
_PUNCT = ["“", "”", '"', "«", "»", "'", "’", ",", ":", ";", "—", "–", "(", ")", "...", "!", "?", "\n", "\n\n", " "]


def _fuzz_sentence(rng: random.Random, lang: str) -> str:
    p = _PIECES[lang]
    parts = []
    for _ in range(rng.randint(1, 7)):
        kind = rng.choice(["who", "verb", "what", "punct", "punct"])
        parts.append(rng.choice(_PUNCT) if kind == "punct" else rng.choice(p[kind]))
    return " ".join(parts) if rng.random() < 0.7 else "".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_analysers_survive_fuzzed_sentences(lang):
    """Seeded and bounded: 40 documents of odd quotes, titles, numbers, dates and punctuation."""
    from counterpoint.analyze import Context, analyze_parsed
    from counterpoint.analyze.nlp import pipeline_for

    settings = Settings.load()
    nlp = pipeline_for(lang, settings)
    rng = random.Random(20261204)
    texts = [" ".join(_fuzz_sentence(rng, lang) for _ in range(rng.randint(1, 8))) for _ in range(40)]
    for text, sdoc in zip(texts, nlp.pipe(texts)):
        try:
            analyze_parsed(sdoc, Context(lang, rng.choice([None, "2020-03-05", "2020"]), settings))
        except Exception as exc:  # pragma: no cover - the message names the input that broke
            pytest.fail(f"{lang} analysis raised {exc!r} on {text!r}")
