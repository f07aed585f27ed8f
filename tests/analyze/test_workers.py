"""Analysis in forked worker processes (`--workers 2`) gives what one process gives: the
workers parse their share of the pieces in batches, each in its own language."""
import pytest

from counterpoint.analyze import Analyzer, _chunks
from counterpoint.models import Document
from counterpoint.settings import Settings

EN = ["Police in Dunmore said 40 people were detained on Tuesday after a protest outside the camp.",
      "\"We will not leave,\" said Mara Tellen, a volunteer, on 3 March 2021.",
      "Two men drowned near Port Ellis when their boat capsized, the coastguard said."]
FR = ["La police a interpellé 12 personnes mardi à Calmeau, a indiqué la préfecture.",
      "« Nous restons ici », a déclaré Jeanne Corval, bénévole, le 4 mai 2020."]


def _docs() -> list[Document]:
    texts = [(t, "en") for t in EN] + [(t, "fr") for t in FR]
    return [Document(id=f"d{i}", text=t, language=lang) for i, (t, lang) in enumerate(texts * 2)]


def test_two_workers_give_the_analysis_of_one_process():
    pytest.importorskip("spacy")
    settings = Settings.load(n_process=1)
    try:
        one = [d.to_contract() for d in Analyzer(settings).analyze(_docs())]
    except Exception as exc:  # ModelError: a pipeline is not installed
        pytest.skip(str(exc))
    two_workers = Analyzer(settings.with_(n_process=2))
    try:
        two = [d.to_contract() for d in two_workers.analyze(_docs())]
    finally:
        two_workers.close()
    assert two == one
    assert any(d["events"] for d in one) and any(d["quotes"] for d in one)


def test_chunks_keep_order_and_give_each_worker_at_least_two():
    items = list(range(40))
    chunks = _chunks(items, workers=2, most=16)
    assert [x for c in chunks for x in c] == items
    assert len(chunks) >= 4 and max(len(c) for c in chunks) <= 16
    assert _chunks(items[:3], workers=2, most=16) == [[0], [1], [2]]
