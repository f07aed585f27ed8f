"""Language of a text as an ISO 639-1 code, with the offline py3langid model."""
from __future__ import annotations

from functools import lru_cache

# Languages of the press and NGO material around the Channel border; restricting the
# model to them keeps short or noisy texts from landing on exotic languages.
LANGUAGES = ("en", "fr", "de", "nl", "es", "it", "pt", "ar", "fa", "ps", "ku", "ti", "am", "pl", "ro", "ru", "uk", "tr")
DEFAULT_LANGUAGE = "en"
MIN_LETTERS = 20  # below this the model's guess is noise
SAMPLE_CHARS = 5000  # enough for a confident guess, bounded cost on long texts


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in LANGUAGES if code in identifier.nb_classes])
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language; "en" for empty or very short text."""
    sample = (text or "")[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return DEFAULT_LANGUAGE
    code, _ = _identifier().classify(sample)
    return code
