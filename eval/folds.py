"""Grouped folds over the annotated corpora: a cluster's documents always share one fold.

Every figure we report for a rule or a model is taken on folds that hold whole incident
clusters, so that no score comes from text a rule or a model was fitted to in the same
cluster. Learned components train on k-1 folds and are scored on the one left out; rules
report the spread of their figures across folds. Both use these folds.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

K = 5
# A worktree sits one level deeper than main: COUNTERPOINT_SHARED names the data then.
SHARED = Path(os.environ.get("COUNTERPOINT_SHARED")
              or Path(__file__).resolve().parents[1].parent / "shared")
CORPORA = ("corpus", "train")


def clusters(corpus_dir: Path) -> dict[str, str]:
    """doc id -> cluster name, from the corpus's INDEX.md ("none" -> the document alone)."""
    out = {}
    for line in (corpus_dir / "INDEX.md").read_text().splitlines():
        m = re.match(r"([a-z]\d{3}) \|.*\| cluster: (\S+)\s*$", line)
        if m:
            out[m.group(1)] = m.group(2) if m.group(2) != "none" else f"solo:{m.group(1)}"
    return out


def fold_of_group(group: str, k: int = K) -> int:
    """A stable fold for a cluster name (hash-based, so adding documents moves nothing)."""
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % k


def folds(shared: Path = SHARED, k: int = K) -> dict[str, int]:
    """doc id -> fold, over both corpora."""
    out = {}
    for name in CORPORA:
        for doc, group in clusters(shared / name).items():
            out[doc] = fold_of_group(group, k)
    return out


def groups(shared: Path = SHARED) -> dict[str, str]:
    """doc id -> cluster over both corpora (for GroupKFold and the like)."""
    out = {}
    for name in CORPORA:
        out.update(clusters(shared / name))
    return out


def load_scorer(shared: Path = SHARED):
    """The shared scorer (../shared/eval/score.py) as a module: the same matching as the figures."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def annotated(corpus: Path, lang: str = "all"):
    """(gold, document) for each annotated document of `corpus` in id order, in `lang` or all."""
    for gpath in sorted((corpus / "gold").glob("[a-z][0-9][0-9][0-9].json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        doc = json.loads((corpus / gpath.name).read_text(encoding="utf-8"))
        if lang == "all" or doc["language"] == lang:
            yield gold, doc


def found_by(score, predicted: list[dict], gold_event: dict) -> list[dict]:
    """The predicted events that find a gold event, as the shared scorer matches them: an
    acceptable type, and a sentence that says one of its evidence sentences."""
    types = [gold_event["type"], *gold_event.get("alt_types", [])]
    return [pe for pe in predicted if pe.get("type") in types and score.says(pe, gold_event["evidence"])]

