"""French date expressions, resolved like timex.py's English ones (same Timex, same precision rules).

"lundi 10 avril", "le 30 décembre 2021", "1er novembre", "30/12/2021", "en décembre 2018",
"fin septembre", "hier soir", "avant-hier", "ce mardi", "mardi dernier", "dans la nuit de
jeudi à vendredi" (the second day: the small hours), "il y a trois jours", "l'an dernier".
A month alone gives "YYYY-MM"; a weekday against a reference known only to the month gives
that month, never a made-up day.
"""
from __future__ import annotations

import datetime as dt
import re

from .timex import (Timex, _fmt, _ref_date, _year_for, days_month, numeric_date, parse_ref, range_date, scan,
                    week_month)

MONTHS = {m: i + 1 for i, m in enumerate(
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
     "septembre", "octobre", "novembre", "décembre"])}
MONTHS.update({"fevrier": 2, "aout": 8, "decembre": 12, "janv": 1, "févr": 2, "fév": 2, "avr": 4,
               "juil": 7, "sept": 9, "oct": 10, "nov": 11, "déc": 12, "dec": 12})
WEEKDAYS = {d: i for i, d in enumerate(
    ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"])}
NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
                "sept": 7, "huit": 8, "dix": 10, "quinze": 15}

_M = (r"(?P<mon>janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
      r"novembre|décembre|decembre|janv|févr|fév|avr|juil|sept|oct|nov|déc|dec)(?![\w])\.?")
_W = r"(?P<wd>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?"
_Y = r"(?P<year>(?:19|20)\d\d)"
_D = r"(?P<day>1er|[0-3]?\d)"
_PART = r"(?:\s+(?P<part>matin|soir|après-midi|midi|dans la soirée|dans la matinée|dans la nuit))?"

I = re.I
PATTERNS = [
    # "entre septembre et décembre 2020": the year; "du 11 au 30 septembre 2020": the month
    ("range_m", re.compile(rf"\b(?:entre|de|d')\s*(?P<mon1>janvier|février|mars|avril|mai|juin|juillet|août|"
                           rf"septembre|octobre|novembre|décembre)\s+(?:et|à)\s+{_M}\s+{_Y}\b", I)),
    ("range_d", re.compile(rf"\b(?:entre\s+le|du)\s+(?:1er|[0-3]?\d)\s+(?:et\s+le|au)\s+{_D}\s+{_M}(?:\s+{_Y})?\b", I)),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("dmy_num", re.compile(r"\b(?P<day>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<year>(?:19|20)?\d\d)\b")),
    # "dans la nuit de jeudi à vendredi", "la nuit du samedi 13 au dimanche 14 janvier"
    ("night", re.compile(rf"\bnuit\s+(?:de|du)\s+(?:ce\s+)?(?P<wd1>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
                         rf"(?:\s+(?P<day1>1er|[0-3]?\d))?\s+(?:à|au)\s+(?:ce\s+)?{_W}"
                         rf"(?:\s+{_D}(?:\s+{_M})?(?:\s+{_Y})?)?", I)),
    # "lundi 10 avril (2023)", "le 30 décembre", "1er novembre 2021", "samedi 14"
    ("dmy", re.compile(rf"\b(?:(?:{_W})\s+)?{_D}\s+{_M}(?:\s+{_Y})?\b", I)),
    ("wd_day", re.compile(rf"\b{_W}\s+(?P<day>1er|[0-3]?\d)\b(?!\s*(?:h\b|heures?|:|personnes|migrants|exilés|%))", I)),
    ("dm_num", re.compile(r"(?<![\d/.])(?P<day>[0-3]?\d)/(?P<m>[01]?\d)(?![\d/])")),
    ("my", re.compile(rf"\b(?P<pre>(?:début|fin|mi-?|courant|en|depuis|dès|de)\s+)?{_M}\s+{_Y}\b", I)),
    ("season_y", re.compile(rf"\b(?:(?:hiver|été|printemps|automne)\s+|(?:en|depuis|durant|pendant|début|fin|mi-?)\s+){_Y}\b"
                            r"(?!\s*(?:personnes|migrants|exilés|policiers|gendarmes))", I)),
    ("m_only", re.compile(rf"\b(?P<pre>(?:début|fin|mi|courant|en|depuis|dès|durant|pendant|le mois d'|le mois de|"
                          rf"au mois de|au mois d'|au début du mois de|à la fin du mois de|plus tôt en|ce|cet|dernier)[\s-]*){_M}(?!\s+\d)", I)),
    ("weekday", re.compile(rf"\b(?P<pre>(?:ce|dès|depuis|jusqu'à|le|la|lors de|dans la nuit de)\s+)?{_W}"
                           rf"(?P<post>\s+(?:dernier|passé|précédent|suivant))?{_PART}\b(?P<post2>\s+(?:dernier|passé))?", I)),
    ("rel", re.compile(r"\b(?P<rel>avant-hier|hier(?:\s+(?:soir|matin|après-midi))?|aujourd'hui|aujourd’hui|"
                       r"ce matin|cet après-midi|ce soir|cette nuit|dans la nuit|la nuit dernière|"
                       r"le mois dernier|le mois passé|ce mois-ci|l'an dernier|l’an dernier|l'an passé|l’an passé|"
                       r"l'année dernière|l’année dernière|cette année|la semaine dernière|cette semaine|ces (?:deux |trois |quelques )?derniers jours|"
                       r"il y a (?P<n>\w+) jours?)\b", I)),
]


def _resolve(kind: str, g: dict, ref) -> tuple[str | None, str]:
    ry, rm, _ = parse_ref(ref)
    if kind in ("range_m", "range_d"):
        return range_date(kind, g, ref, MONTHS), "absolute"
    if kind in ("iso", "dmy_num", "dm_num"):
        return numeric_date(g, ref), "absolute"
    if kind == "dmy":
        mon = MONTHS.get(g["mon"].lower().rstrip("."))
        day = 1 if g["day"].lower() == "1er" else int(g["day"])
        y = int(g["year"]) if g.get("year") else _year_for(mon, ref)
        if y is None:
            return None, "absolute"
        return _fmt(y, mon, day), "absolute"
    if kind == "night" and g.get("day") and g.get("mon"):
        mon = MONTHS.get(g["mon"].lower().rstrip("."))
        y = int(g["year"]) if g.get("year") else _year_for(mon, ref)
        return (_fmt(y, mon, 1 if g["day"].lower() == "1er" else int(g["day"])) if y else None), "absolute"
    if kind == "my":
        return _fmt(int(g["year"]), MONTHS[g["mon"].lower().rstrip(".")]), "absolute"
    if kind == "season_y":
        return _fmt(int(g["year"])), "absolute"
    if kind == "m_only":
        mon = MONTHS[g["mon"].lower().rstrip(".")]
        y = _year_for(mon, ref)
        if y is None:
            return None, "absolute"
        return _fmt(y, mon), "absolute"
    base = _ref_date(ref)
    if kind in ("weekday", "night", "wd_day"):
        if kind == "wd_day":
            day = 1 if g["day"].lower() == "1er" else int(g["day"])
            if ry is None or rm is None:
                return None, "relative"
            # "samedi 14": the 14th of the reference month, or of the month before
            y, m = ry, rm
            if base is not None and day > base.day:
                y, m = (y - 1, 12) if m == 1 else (y, m - 1)
            return _fmt(y, m, day), "relative"
        if base is None:
            # known to the month or year only: the occurrence is in it as far as we know
            return (_fmt(ry, rm) if ry else None), "relative"
        wd = WEEKDAYS[g["wd"].lower()]
        back = (base.weekday() - wd) % 7
        post = ((g.get("post") or "") + (g.get("post2") or "")).strip().lower()
        if post in ("dernier", "passé", "précédent") and back == 0:
            back = 7
        if post == "suivant":
            return None, "relative"
        return (base - dt.timedelta(days=back)).isoformat(), "relative"
    if kind == "rel":
        r = re.sub(r"\s+", " ", g["rel"].lower().replace("’", "'"))
        if r in ("le mois dernier", "le mois passé", "ce mois-ci"):
            if ry is None or rm is None:
                return None, "relative"
            if r == "ce mois-ci":
                return _fmt(ry, rm), "relative"
            return (_fmt(ry - 1, 12) if rm == 1 else _fmt(ry, rm - 1)), "relative"
        if r in ("l'an dernier", "l'an passé", "l'année dernière", "cette année"):
            if ry is None:
                return None, "relative"
            return _fmt(ry if r == "cette année" else ry - 1), "relative"
        if r.startswith("ces ") and r.endswith("derniers jours"):
            return days_month(ref), "relative"
        if r in ("la semaine dernière", "cette semaine"):
            return week_month(ref, 1 if r == "la semaine dernière" else 0), "relative"
        if base is None:
            if r in ("aujourd'hui", "ce matin", "cet après-midi", "ce soir", "cette nuit", "dans la nuit") and ref:
                return ref, "today"
            return None, "relative"
        if r.startswith("hier") or r == "la nuit dernière":
            return (base - dt.timedelta(days=1)).isoformat(), "relative"
        if r == "avant-hier":
            return (base - dt.timedelta(days=2)).isoformat(), "relative"
        if r.startswith("il y a"):
            n = (g.get("n") or "").lower()
            k = int(n) if n.isdigit() else NUMBER_WORDS.get(n)
            if k is None:
                return None, "relative"
            return (base - dt.timedelta(days=k)).isoformat(), "relative"
        return base.isoformat(), "today"
    return None, "absolute"


def find(text: str, ref: str | None = None) -> list[Timex]:
    """French date expressions in `text`, left to right, resolved against `ref`."""
    return scan(text, ref, PATTERNS, _resolve, _skip)


def _skip(kind: str, g: dict, text: str, end: int) -> bool:
    if kind == "dm_num" and not (1 <= int(g["m"]) <= 12 and 1 <= int(g["day"]) <= 31):
        return True
    if kind == "m_only" and g["mon"].lower() in ("mars", "mai") and not (g.get("pre") or "").strip():
        return True
    # "7 sept personnes" is not a date
    return kind == "dmy" and g["mon"].lower().rstrip(".") == "sept" and not g.get("year") \
        and bool(re.match(r"\s*(?:personnes|migrants|exilés|morts|blessés)", text[end:]))


_DATELINE = re.compile(
    rf"(?:publié\s+le|mis à jour le|^|\n|\s\s)\s*(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    rf"(?P<date>(?:1er|[0-3]?\d)\s+{_M}\s+(?:19|20)\d\d|\d{{1,2}}/\d{{1,2}}/(?:19|20)\d\d)", I)


def dateline(text: str, window: int = 400) -> str | None:
    """A full date stated at the top of a French text ("Publié le 14 janvier 2024 à 10h")."""
    for m in _DATELINE.finditer(text[:window]):
        for t in find(m.group("date")):
            if t.value and len(t.value) == 10:
                return t.value
    return None
