"""Small hand-written mentions for the linking tests (invented sentences, no real people)."""
import pytest


def count(n, approximate=False):
    return {"min": n, "max": n, "approximate": approximate}


def mention(key, document, source, type_, sentence, *, date=None, place=None, lat=None,
            lon=None, published=None, duplicate_of=None, participants=(), casualties=(),
            killed=None, injured=None, arrested=None):
    return {"key": key, "document": document, "source": source, "duplicate_of": duplicate_of,
            "published": published, "language": "en", "type": type_, "trigger": "",
            "sentence": sentence, "evidence": [], "date": date, "place": place, "lat": lat,
            "lon": lon, "participants": list(participants), "casualties": list(casualties),
            "killed": killed, "injured": injured, "arrested": arrested}


def evicted(n, approximate=False):
    return {"role": "target", "category": "migrants", "label": "migrants",
            "count": count(n, approximate)}


POLICE = {"role": "agent", "category": "security_forces", "label": "police", "count": None}
CALAIS = {"place": "Calais", "lat": 50.95, "lon": 1.86}


@pytest.fixture
def eviction_three_sources():
    return [
        mention("a#0", "a", "Wire", "eviction",
                "Police cleared the camp near the hospital in Calais on Tuesday, evicting 400 migrants.",
                date="2023-05-02", participants=[POLICE, evicted(400)], **CALAIS),
        mention("b#0", "b", "Tabloid", "eviction",
                "Riot police dismantled the Calais camp by the hospital, removing 650 migrants.",
                date="2023-05-02", participants=[POLICE, evicted(650)], **CALAIS),
        mention("c#0", "c", "Blog", "eviction",
                "This morning the police evicted the camp beside the hospital in Calais: 400 people lost their tents.",
                date="2023-05-02", participants=[POLICE, evicted(400)], **CALAIS),
    ]
