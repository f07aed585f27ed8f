"""`--redact`: private persons' names replaced by "[name withheld]" in exported text.

Rule: a run of capitalised words is a candidate name when it is not at the start of a
sentence, or when it follows a title (Mr, Ms, ...). It is kept when it carries an official
title or role word ("Prefect Fabienne Buccio", "Home Secretary Theresa May", "President
..."), or when it is an organisation or place word (Police, Calais, Channel, ...); everything
else that looks like a personal name (two or more capitalised words, or a title + name) is
withheld. Without a language model this errs on the side of withholding: a report about
minors and victims must be shareable.
"""
from __future__ import annotations

import re
from typing import Any

WITHHELD = "[name withheld]"
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "m", "mme", "mlle", "monsieur", "madame"}
# titles and roles that make a name public: officials and public figures keep theirs
OFFICIAL_TITLES = {
    "prefect", "préfet", "préfète", "minister", "ministre", "secretary", "president",
    "président", "présidente", "mayor", "maire", "general", "général", "gen", "judge", "juge",
    "prosecutor", "procureur", "senator", "sénateur", "deputy", "député", "mp", "commissioner",
    "chancellor", "king", "queen", "prince", "pope", "sir", "lord", "dame", "premier",
    "spokesman", "spokeswoman", "spokesperson", "porte-parole", "chief", "director", "chef",
    "councillor", "governor", "ambassador", "officer", "captain", "commander", "colonel",
    # public figures of this field who are often named without their title
    "sunak", "macron", "cameron", "darmanin", "cazeneuve", "braverman", "starmer", "sarkozy",
    "hollande", "bouchart",
}
# words that mark an organisation, place or thing rather than a person
NOT_PEOPLE = {
    "police", "gendarmerie", "prefecture", "préfecture", "ministry", "office", "council",
    "court", "tribunal", "republic", "union", "government", "france", "britain", "england",
    "calais", "dunkirk", "dunkerque", "channel", "tunnel", "jungle", "camp", "street", "road",
    "river", "sea", "port", "airport", "station", "church", "église", "hospital", "centre",
    "center", "refugees", "help", "care", "rights", "watch", "news", "times", "mail", "guardian",
    "telegraph", "bbc", "reuters", "afp", "eurotunnel", "national", "international", "european",
    "association", "foundation", "auberge", "utopia", "secours", "catholique", "médecins",
    "doctors", "frontières", "borders", "border", "force", "navy", "coast", "guard", "cross",
    "croix", "rouge", "home", "house", "parliament", "assembly", "state", "council", "the",
    "north", "south", "east", "west", "nord", "pas", "grande", "synthe", "loon", "plage",
    "sangatte", "wimereux", "coquelles", "lille", "paris", "london", "dover", "kent", "rwanda",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    "dimanche", "english", "french", "british", "afghan", "sudanese", "eritrean", "syrian",
    "iraqi", "kurdish", "iranian",
}
CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]+"
NAME = re.compile(rf"(?P<name>{CAP}(?:\s+{CAP})+)")
TITLE_BEFORE = re.compile(r"([\w'’-]+)[\s,]+$")


def _is_public(name: str, before: str) -> bool:
    words = [w.lower().strip("'’") for w in name.split()]
    if any(w in NOT_PEOPLE for w in words) or any(w in OFFICIAL_TITLES for w in words):
        return True
    prev = TITLE_BEFORE.search(before[-40:])
    return bool(prev and prev.group(1).lower() in OFFICIAL_TITLES)


def redact_text(text: str | None) -> str | None:
    """The text with private persons' names withheld (see the module docstring)."""
    if not text:
        return text

    def replace(m: re.Match) -> str:
        name = m.group("name")
        if not name or _is_public(name, text[:m.start()]):
            return m.group(0)
        return WITHHELD

    out = NAME.sub(replace, text)
    # "Mr Smith": a title and a single name is a person too
    single = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mme|Mlle)\.?\s+({CAP})")
    return single.sub(lambda m: m.group(0) if _is_public(m.group(1), "") else WITHHELD, out)


def redact_value(value: Any) -> Any:
    """Every string inside a structure, redacted; ids, dates and numbers are left alone."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, list):
        return [redact_value(v) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in KEEP_FIELDS else redact_value(v)) for k, v in value.items()}
    return value


# fields that are identifiers or codes, never free text
KEEP_FIELDS = {"id", "key", "document", "documents", "source", "sources", "independent_sources",
               "type", "types", "date", "date_start", "date_end", "date_precision", "date_basis",
               "published", "what", "category", "role", "kind", "incident", "duplicate_of",
               "place", "url", "language", "speaker_category"}


def redact_incidents(incidents: list[dict], redact: bool) -> list[dict]:
    return [redact_value(i) for i in incidents] if redact else incidents
