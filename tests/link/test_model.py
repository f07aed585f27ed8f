"""The shipped pairwise model: it loads, matches the features the linker computes, and a
broken model file fails with an error that names the file and the fix."""
import json

import pytest

from counterpoint.link.scoring import FEATURES, ModelError, load_model


def test_model_shipped_matches_the_features_and_is_calibrated_in_range():
    model = load_model()
    assert len(model.weights) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0 and 0.0 < model.average_threshold <= model.threshold
    assert 0.0 <= model.probability([0.0] * len(FEATURES)) <= 1.0
    assert model.placement_confidence(0.99) > model.placement_confidence(0.2)


def test_model_from_other_features_fails_with_a_clear_error(tmp_path):
    bad = tmp_path / "pair_model.json"
    bad.write_text(json.dumps({"features": ["wording"], "weights": [1.0], "bias": 0.0, "threshold": 0.5}))
    with pytest.raises(ModelError) as err:
        load_model(str(bad))
    assert str(bad) in str(err.value) and "train_linker.py" in err.value.hint


def test_model_unreadable_file_fails_with_a_clear_error(tmp_path):
    bad = tmp_path / "missing.json"
    with pytest.raises(ModelError) as err:
        load_model(str(bad))
    assert str(bad) in str(err.value)
