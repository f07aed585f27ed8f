"""Language of a text as an ISO 639-1 code, with the offline py3langid model."""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

# Languages of the press and NGO material around the Channel border; restricting the
# model to them keeps short or noisy texts from landing on exotic languages.
LANGUAGES = ("en", "fr", "de", "nl", "es", "it", "pt", "ar", "fa", "ps", "ku", "ti", "am", "pl", "ro", "ru", "uk", "tr")
DEFAULT_LANGUAGE = "en"
MIN_LETTERS = 20  # below this the model's guess is noise
SAMPLE_CHARS = 5000  # enough for a confident guess, bounded cost on long texts
_CACHE_FORMAT = 1


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    path = _cache_path()
    if path is not None and path.exists():
        try:
            return _from_cache(path)
        except Exception:  # an unreadable or foreign file: build as usual
            pass
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in LANGUAGES if code in identifier.nb_classes])
    if path is not None:
        _save(identifier, path)
    return identifier


# The model ships LZMA-compressed: unpacking it and keeping our languages takes 0.5 s of CPU in
# every run that detects a language. The restricted model is kept uncompressed in the user's
# cache (44 MB) and read back in 0.02 s.
def _cache_path() -> Path | None:
    try:
        from importlib.metadata import version

        import numpy as np

        key = f"{_CACHE_FORMAT}\0{version('py3langid')}\0{np.__version__}\0{','.join(LANGUAGES)}"
    except Exception:
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "counterpoint"
    return base / f"langid-{hashlib.sha256(key.encode()).hexdigest()[:16]}.npz"


def _save(identifier, path: Path) -> None:
    import numpy as np

    try:
        arrays = {"ptc": identifier.nb_ptc, "pc": identifier.nb_pc, "classes": np.array(identifier.nb_classes),
                  "nextmove": np.frombuffer(identifier.tk_nextmove, dtype=f"u{identifier.tk_nextmove.itemsize}"),
                  "row": np.frombuffer(identifier.tk_row, dtype=f"u{identifier.tk_row.itemsize}"),
                  "output": np.array(identifier.tk_output, dtype=np.int64)}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, **arrays)  # the arrays keep their memory order: the same sums, the same scores
        os.replace(tmp, path)  # readers never see half a file
    except Exception:  # no cache: the next run unpacks the model, as without one
        return


def _from_cache(path: Path):
    from array import array

    import numpy as np
    from py3langid.langid import LanguageIdentifier

    with np.load(path, allow_pickle=False) as data:
        nextmove, row = array(data["nextmove"].dtype.char), array(data["row"].dtype.char)
        nextmove.frombytes(data["nextmove"].tobytes())
        row.frombytes(data["row"].tobytes())
        return LanguageIdentifier(data["ptc"], data["pc"], data["classes"].tolist(), nextmove,
                                  data["output"].tolist(), norm_probs=True, tk_row=row)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language; "en" for empty or very short text."""
    sample = (text or "")[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return DEFAULT_LANGUAGE
    code, _ = _identifier().classify(sample)
    return code
