"""Grouped folds over the annotated corpora: a cluster's documents always share one fold.

Every figure we report for a rule or a model is taken on folds that hold whole incident
clusters, so that no score comes from text a rule or a model was fitted to in the same
cluster. Learned components train on k-1 folds and are scored on the one left out; rules
report the spread of their figures across folds. Both use these folds.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

K = 5
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
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
