"""Placeholder: language detection (replaced by the ingest branch)."""
import py3langid


def detect_language(text: str) -> str:
    if len(text.strip()) < 20:
        return "en"
    lang, _ = py3langid.classify(text[:5000])
    return lang
