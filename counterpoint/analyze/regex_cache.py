"""The compiled regular expressions of a spaCy tokenizer, kept on disk between runs.

spaCy's French tokenizer matches tokens with one 1.4-million-character case-insensitive
pattern (spacy/lang/fr/tokenizer_exceptions.py): Python compiles it in about 2 s of CPU, in
every process that loads the French pipeline, while parsing all the French texts of a run
takes a few seconds more. Python cannot save a compiled pattern, but what its compiler
produces (the SRE code: a list of integers) can be: this module keeps that code in a cache
file and, before the pipeline is loaded, puts the patterns built from it in the `re` module's
own cache, where spaCy's `re.compile` of the same string finds them. The patterns are the
same objects Python's compiler would build; a cache made by another Python is ignored, and
anything unexpected falls back to compiling as usual.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from pathlib import Path

_FORMAT = 1


def _cache_path(model: str) -> Path | None:
    try:
        import _sre
        from importlib.metadata import version

        versions = f"{version(model)}\0{version('spacy')}"  # the patterns come from both
    except Exception:
        return None
    key = f"{_FORMAT}\0{sys.version}\0{_sre.MAGIC}\0{model}\0{versions}"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "counterpoint"
    return base / f"regex-{hashlib.sha256(key.encode()).hexdigest()[:16]}.marshal"


def seed(model: str) -> bool:
    """Put the cached patterns of `model`'s tokenizer in `re`'s cache; False if there are none."""
    path = _cache_path(model)
    if path is None or not path.exists():
        return False
    try:
        import _sre

        entries = marshal.loads(path.read_bytes())
        cache = re._cache  # type: ignore[attr-defined]
        for pattern, flags, args in entries:
            cache[str, pattern, flags] = _sre.compile(pattern, *args)
    except Exception:  # an unreadable or foreign file: compile as usual
        return False
    return True


def save(model: str, nlp) -> None:
    """Keep the compiled code of `nlp`'s tokenizer patterns for the next processes."""
    path = _cache_path(model)
    if path is None:
        return
    tok = nlp.tokenizer
    compiled = [getattr(getattr(tok, name, None), "__self__", None)
                for name in ("token_match", "url_match", "prefix_search", "suffix_search", "infix_finditer")]
    ids = {id(p) for p in compiled if isinstance(p, re.Pattern)}
    try:
        # the keys under which `re` keeps them: the very string and flags spaCy compiled
        keys = [k for k, v in list(re._cache.items()) if id(v) in ids and k[0] is str]  # type: ignore[attr-defined]
        entries = [(p, f, _compiled(p, f)) for _, p, f in keys]
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(entries))
        os.replace(tmp, path)  # readers never see half a file
    except Exception:  # no cache: the next run compiles, as without this module
        return


def _compiled(pattern: str, flags: int) -> tuple:
    """The arguments `re._compiler.compile` gives `_sre.compile` for this pattern."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    p = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(p, flags)]  # opcodes are int subclasses marshal refuses
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return (flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup))
