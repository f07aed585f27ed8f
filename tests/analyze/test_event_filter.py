"""The occurrence check after the trigger rules: generic statements dropped, concrete ones kept,
and the learned filter (training/train_event_filter.py) loaded and applied by the pipeline."""
import json
import sys
from pathlib import Path

import pytest

from counterpoint.analyze import event_filter

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def crossings(events):
    return [e for e in events if e.type == "crossing"]


@pytest.mark.parametrize("text", [
    "Migrants regularly try to board lorries near the port.",
    "Young men often try to reach Britain by hiding in lorries.",
    "Police used tear gas to disperse those who try to cross the Channel.",
    "The new scheme is meant to discourage them from trying to get to Britain.",
])
def test_generic_statements_give_no_crossing(extract, text):
    assert crossings(extract(text, "2021-05-06")) == []


@pytest.mark.parametrize("text", [
    "On Tuesday 4 May, twelve migrants tried to board a lorry near the port of Calais.",
    "Those who tried to cross the Channel on Tuesday were rescued by a lifeboat.",
])
def test_concrete_dated_attempts_are_kept(extract, text):
    assert len(crossings(extract(text, "2021-05-06"))) == 1


def test_french_generic_relative_gives_no_crossing(fr):
    from counterpoint.analyze import Context, events
    from counterpoint.settings import Settings

    def run(text):
        return crossings(events.extract(fr(text), Context("fr", "2021-05-06", Settings())))

    assert run("La police a dispersé celles et ceux qui tentent de traverser la Manche.") == []
    assert len(run("Mardi, la police a interpellé ceux qui tentaient de monter dans les camions.")) == 1


GENERIC = [
    "Many migrants are trying to reach Britain from the coast.",
    "Many young men are trying to get to England in small boats.",
    "Hundreds of people are trying to cross to Britain this summer.",
    "More and more families are trying to reach the English coast.",
]
CONCRETE = [
    "Twelve migrants tried to board a lorry at the port of Calais on Tuesday 4 May.",
    "On Friday 7 May, 40 people attempted the crossing in a dinghy from Wimereux.",
    "Nine men tried to reach Britain in a small boat on Sunday 2 May.",
    "Thirty people tried to cross the Channel from Gravelines on Monday 3 May.",
]


def _proposed(extract, texts):
    """Every crossing the rules propose for the texts, with its features (as training records them)."""
    out = []
    event_filter.recorder = lambda evs, feats: out.extend(
        {"type": e.type, "features": f} for e, f in zip(evs, feats) if e.type == "crossing")
    try:
        for t in texts:
            extract(t, "2021-05-06")
    finally:
        event_filter.recorder = None
    return out


def test_learned_filter_is_loaded_and_applied_by_the_pipeline(extract, tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "training"))
    import train_event_filter as training

    generic, concrete = _proposed(extract, GENERIC), _proposed(extract, CONCRETE)
    assert len(generic) == len(GENERIC) and len(concrete) == len(CONCRETE)  # the rules let them all through
    monkeypatch.setattr(training, "C", 10.0)  # a handful of examples: little regularisation
    vec, model = training.fit(generic + concrete, [0] * len(generic) + [1] * len(concrete))
    path = tmp_path / "event_filter.json"
    path.write_text(json.dumps(training.as_json(vec, model, 0.5)))
    monkeypatch.setattr(event_filter, "MODEL_PATH", path)
    monkeypatch.setattr(event_filter, "_model_cache", {})
    monkeypatch.setattr(event_filter, "load", lambda p=path: json.loads(p.read_text()))

    unseen_generic = "Many families are trying to reach England from the beaches."
    unseen_concrete = "Eight men tried to board a ferry at Dunkirk on Saturday 8 May."
    assert crossings(extract(unseen_generic, "2021-05-10")) == []
    kept = crossings(extract(unseen_concrete, "2021-05-10"))
    assert len(kept) == 1 and kept[0].extra["occurrence"] >= 0.5


def test_without_a_shipped_model_every_proposed_event_is_kept(extract, monkeypatch):
    monkeypatch.setattr(event_filter, "load", lambda *a: None)
    assert len(crossings(extract(GENERIC[0], "2021-05-06"))) == 1


@pytest.mark.skipif(not (SHARED / "corpus" / "gold").exists(), reason="annotated corpora not present")
def test_training_script_runs_its_check(tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "training"))
    import train_event_filter as training

    assert training.main(["--check", "--limit", "2", "--work", str(tmp_path), "--shared", str(SHARED)]) == 0
    out = capsys.readouterr().out
    assert "| corpus/en |" in out and "Threshold:" in out
    assert (tmp_path / "proposed_events.jsonl").exists()
