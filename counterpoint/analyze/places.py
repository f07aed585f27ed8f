"""Places named in a text, each resolved to one place of the world with the document as context.

  1. spans: the domain's places (taxonomy/places.json: the Jungle, the port of Calais), the
     listed geography (taxonomy/geography.json: seas, islands, crossings), then runs of
     capitalised words looked up, longest first, in the world gazetteer (gazetteer.py);
  2. proper nouns only: a span is capitalised, is no common word opening a sentence, no
     currency's country ("US dollar"), no lone acronym the gazetteer does not list; unless the
     entity recogniser calls it a place, it is introduced as one ("in", "near", "à", "X, Greece")
     or is a listed place;
  3. context: the countries the document names or implies ("the Greek island of", "la police
     hongroise") and the places it names without ambiguity;
  4. each span takes its best candidate: population, the document's countries, a country or
     region named right after it ("Brest, Belarus"), nearness to the document's other places,
     and a small prior for the domain's countries (places.json `prefer_countries`); a far-away
     small homonym that nothing supports is dropped;
  5. a place on a dateline ("PARIS (Reuters) -") is marked: it says where the story was filed.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.matcher import PhraseMatcher

from .. import taxonomy
from . import gazetteer as gz
from .gazetteer import km  # noqa: F401  (events and the linker measure distances with it)
from .units import text_of

PLACE_ENTS = ("GPE", "LOC", "FAC")
# names whose tail may be a place but that place nothing ("the Treaty of Dublin"); an organisation
# "of Lille" (a court, a university) sits there, so ORG is not among them
NAME_ENTS = ("WORK_OF_ART", "PRODUCT", "EVENT", "LAW")
# words that introduce a place ("in Wormhout", "à Wormhout", "la frontière d'Idomeni")
PLACE_PREPS = {"in", "at", "near", "outside", "from", "to", "into", "off", "towards", "toward", "via", "across",
               "through", "around", "between", "and", "of", "on",
               "à", "près", "de", "d'", "d’", "du", "depuis", "vers", "en", "au", "aux", "entre", "et", "sur", "dans"}
# prepositions that may introduce a place the recogniser took for a person ("in Idomeni")
LOCATIVE_PREPS = {"in", "at", "near", "outside", "off", "à", "près", "vers", "dans"}
# prepositions that give where a movement went ("diverted to Dunkirk")
GOAL_PREPS = {"to", "towards", "toward", "into"}
# prepositions that give where people came from, not where the event happened
ORIGIN_PREPS = {"from", "depuis"}
# words that give a place as a reference point, not as where it happened ("a camp near Dunkirk",
# "close to Calais", "à proximité de Dunkerque"): the word itself, or the word before "de"/"to"
NEAR_WORDS = {"near", "outside", "nearby", "close", "près", "proche", "proximité", "abords", "loin"}
# determiners between the preposition and the name ("in the Aegean", "à la Porte de la Chapelle")
_DETS = {"the", "la", "le", "les", "l'", "l’"}
# lower-case words inside a place name ("Boulogne-sur-Mer", "Strait of Gibraltar")
_CONNECTORS = {"-", "de", "du", "des", "la", "le", "les", "sur", "en", "of", "the", "di", "del", "della", "al", "el",
               "d'", "d’", "l'", "l’", "am", "an", "im", "upon", "y", "et", "lès", "les", "au", "aux", "à", "sous",
               "da", "do", "dos", "das", "on"}
# capitalised nouns before "Of" that still lead to a place ("Port Of Dover" in a headline)
_PLACE_HEADS = {"port", "gulf", "strait", "straits", "bay", "isle", "island", "islands", "city", "republic",
                "kingdom", "province", "region", "county", "sea", "cape", "mount", "lake", "river", "coast",
                "mayor", "prefecture", "department", "town", "village", "district", "state", "capital",
                "outskirts", "centre", "center", "north", "south", "east", "west", "border", "court", "tribunal"}
_CURRENCIES = {"dollar", "dollars", "euro", "euros", "pound", "pounds", "sterling", "franc", "francs", "dinar",
               "dinars", "lira", "ruble", "rouble", "dirham", "dirhams", "peso", "pesos", "yuan", "cent", "cents"}
_AGENCY = r"(?:Reuters|AFP|AP|ANSA|EFE|dpa|Anadolu|PA|Xinhua|IANS|Belga|ANP|Agence France-Presse)"
_DATELINE_AFTER = re.compile(rf"^[\w\s,./'’-]{{0,40}}?(?:\(\s*{_AGENCY}[^)]*\)|\s[–—-]\s|:\s|\s[–—-]$)")
_DATELINE_BEFORE = re.compile(rf"^\s*(?:(?:{_AGENCY}|By [^,\n]{{1,40}})\s*[,/]\s*)?"
                              rf"(?:[A-ZÀ-Ý][\w' .-]{{1,30}}(?:,\s*[A-ZÀ-Ý][\w' .-]{{1,30}})?\s*[,/]\s*){{0,2}}$")
MAX_NAME_TOKENS = 7
# a picture credit ("REUTERS/Toby Melville", "(Photo: ...)", "Getty Images") makes its paragraph a caption
_CAPTION = re.compile(r"\b(?:REUTERS|AFP|AP|EPA|ANSA|PA|Reuters|Getty Images|Getty)\s*/\s*[A-Z]|"
                      r"\((?:Photo|Image|Picture|Credit|Crédit|Photo d'illustration)\b[^)]*\)|"
                      r"(?:^|\s)(?:Photo|Image|Picture|Credit|Crédit)s?\s*:\s*\S|\bPhotograph: |"
                      # a wire photo's caption whose credit the cleaner cut: one sentence ending on its date
                      r"^[^.!?\n]{20,300},\s(?:January|February|March|April|May|June|July|August|September"
                      r"|October|November|December)\s\d{1,2},\s\d{4}\.\s*$")
# verbs that give a site its name ("the camp near Dunkirk dubbed the New Jungle")
NAMING_VERBS = {"dub", "call", "name", "nickname", "know", "baptise", "baptize", "surnommer", "appeler", "baptiser"}
NAMESAKE_KM = 15  # a listed site's town farther than this is another site of the same name
# "in Kingsdown, near Deal", "à Oye-Plage, près de Calais": a capitalised name placed by a town after it
_VILLAGE = re.compile(r"\b(in|at|à)\s+([A-ZÀ-Ý][\w'’]+(?:[- ][A-ZÀ-Ý][\w'’]+){0,2}),\s*"
                      r"(?:near|close to|outside|près de|non loin de|à côté de)\s+$")
SPEECH_VERBS = {"say", "tell", "announce", "declare", "speak", "add", "state", "dire", "déclarer",
                "annoncer", "affirmer", "ajouter", "indiquer", "expliquer", "rapporter"}


@dataclass
class PlaceMention:
    """A place named in the text, with where it is and how specific it is."""

    start: int  # character offsets in the parsed text
    end: int
    text: str
    place: str
    lat: float | None
    lon: float | None
    rank: int  # 3 site, 2 town, 1 region or sea, 0 country
    country: str = ""  # ISO 3166 alpha-2 of the place, "" when unknown or several
    role: str | None = None  # "dateline": where the story was filed; "caption": in a photo caption;
    # "speech": where someone spoke ("said in Istanbul")
    prep: str | None = None  # the preposition that introduces it ("in", "off", "from")
    near: bool = False  # introduced as a reference point: "near Dunkirk", "proche de Dunkerque"
    pop: int = 0  # inhabitants of a town (0 when unknown): a reference point is the better known place
    site: str = ""  # the kind of a listed site ("camp", "road": places.json `site_nouns`), "" for others
    goal: bool = False  # where a movement went ("ferries were diverted to the port of Dunkirk")


@dataclass
class _Span:
    """A stretch of text that may name a place, with what the text says around it."""

    s: int  # token offsets
    e: int
    text: str
    candidates: list  # [(Entry, by_alternate_name)]
    named_place: bool  # the entity recogniser calls it a place, or a listed name matched it
    introduced: bool  # after a place preposition, or followed by its country
    prep: str | None = None  # that preposition
    qualifier: set = field(default_factory=set)  # countries and regions named right after it
    domain: dict | None = None  # an entry of places.json
    best: object = None
    score: float = 0.0
    margin: float = 0.0  # how far the best candidate leads the next
    near: float | None = None  # km from the best candidate to the document's nearest clear place
    names_site: bool = False  # it names a site after its town ("Kakuma refugee camp", "the Medyka crossing")


@lru_cache(maxsize=None)
def _domain(taxonomy_dir: str | None):
    return taxonomy.load("places.json", taxonomy_dir)


@lru_cache(maxsize=None)
def _geography(taxonomy_dir: str | None):
    return taxonomy.load("geography.json", taxonomy_dir)


def warm(taxonomy_dir: str | None = None) -> None:
    """Open the gazetteer now: the first run of a machine builds its cache file (about 10 s)
    once, rather than in each worker."""
    gz.gazetteer(taxonomy_dir)


def lookup(name: str, taxonomy_dir: str | None = None) -> tuple | None:
    """(place, lat, lon, rank) of a name out of context: the domain list first, else the
    gazetteer's likeliest place of that name."""
    data = _domain(taxonomy_dir)
    low = name.lower().strip()
    for p in data["places"]:
        if low in p["names"]:
            return p["place"], p["lat"], p["lon"], p["rank"]
    if gz.fold(name) in {gz.fold(w) for w in data.get("skip", [])}:
        return None
    cands = gz.gazetteer(taxonomy_dir).candidates(name.strip())
    if not cands:
        return None
    prefer = set(data.get("prefer_countries", []))
    e = max(cands, key=lambda c: _prior(c[0], c[1], prefer))[0]
    return e.name, e.lat, e.lon, e.rank


def _prior(e, alternate: bool, prefer: set) -> float:
    """A candidate's weight before the document is read: size, kind, and the domain's countries."""
    s = math.log10(max(e.pop, 0) + 100)
    if e.kind == "country":
        s += 2
    elif e.kind in ("admin1", "admin2"):
        s -= 1  # the town of the same name is the likelier reading ("Tripoli", "Brest")
    if e.listed:
        s += 2
    if alternate:  # a small town's other names are often its districts' or a former name
        s -= 0.75 if e.pop >= 100000 else 1.5
    if e.country in prefer:
        s += 1
    return s


class PlaceFinder:
    """Finds place mentions in a Doc; built once per vocabulary."""

    def __init__(self, vocab, taxonomy_dir: str | None = None):
        self.taxonomy_dir = taxonomy_dir
        self.data = _domain(taxonomy_dir)
        self.geo = _geography(taxonomy_dir)
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.by_key = {}
        for i, p in enumerate(self.data["places"]):
            key = f"place{i}"
            self.by_key[key] = p
            self.matcher.add(key, [_make(vocab, n) for n in p["names"]])
        # listed geography with more than one word ("Strait of Gibraltar", "mer Égée")
        self.listed = PhraseMatcher(vocab, attr="LOWER")
        for p in self.geo.get("places", []):
            multi = [n for n in p["names"] if len(_words(n)) > 1]
            if multi:
                self.listed.add(f"geo:{p['place']}", [_make(vocab, n) for n in multi])
        self.skip = {gz.fold(w) for w in self.data.get("skip", [])}
        self.attribute_nouns = frozenset(w.lower() for w in self.data.get("attribute_nouns", []))
        self.land_words = frozenset(w.lower() for w in self.data.get("land_words", []))
        self.thing_nouns = frozenset(w.lower() for w in self.data.get("thing_nouns", []))
        self.site_nouns = {w: kind for kind, ws in self.data.get("site_nouns", {}).items() for w in ws}
        # a listed site's kind, from the words of its own names ("Moria camp", "A16 motorway")
        self.site_of = {p["place"]: _site_kind(p["names"], self.site_nouns)
                        for p in self.data["places"] + self.geo.get("places", []) if p.get("rank", 0) >= 2}
        self.prefer = set(self.data.get("prefer_countries", []))
        self.demonyms = {w: cc for cc, ws in self.geo.get("demonyms", {}).items() for w in ws}
        self.demonym_heads = set(self.geo.get("demonym_heads", []))
        self.government_nouns = frozenset(self.geo.get("government_nouns", []))
        self.site_heads = frozenset(w.lower() for w in self.data.get("site_heads", []))

    def __call__(self, doc) -> list[PlaceMention]:
        g = gz.gazetteer(self.taxonomy_dir)
        # Doc.text and Doc.ents are rebuilt from the whole Doc on every read: once per call
        text, ents = text_of(doc), doc.ents
        out: list[PlaceMention] = []
        used: set[int] = set()
        spans: list[_Span] = []
        # 1. the domain's places, longest first, no overlaps
        found = []
        for mid, s, e in self.matcher(doc):
            p = self.by_key[doc.vocab.strings[mid]]
            if p.get("case") == "title" and not doc[e - 1].text[:1].isupper():
                continue
            found.append((s, e, p))
        found.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        for s, e, p in found:
            if any(i in used for i in range(s, e)):
                continue
            if _acting_organisation(doc, s, e, ents):
                continue  # "plans by Eurotunnel", "Eurotunnel said": the company, not its site
            used.update(range(s, e))
            spans.append(_Span(s, e, doc[s:e].text, [], True, True, _prep_before(doc, s), domain=p))
        # listed geography of several words, then capitalised runs looked up in the gazetteer
        listed = sorted(self.listed(doc), key=lambda x: (-(x[2] - x[1]), x[1]))
        for mid, s, e in listed:
            if any(i in used for i in range(s, e)) or not any(t.text[:1].isupper() for t in doc[s:e]):
                continue
            cands = g.candidates(doc[s:e].text)
            if cands:
                used.update(range(s, e))
                spans.append(_Span(s, e, doc[s:e].text, cands, True, True, _prep_before(doc, s)))
        for s, e in self._runs(doc, used, g, text):
            span = self._span(doc, s, e, g, text, ents)
            if span is not None:
                used.update(range(s, e))
                spans.append(span)
        countries, weak = self._context(doc, spans, g)
        self._resolve(spans, countries, weak)
        for sp in spans:
            if sp.domain is not None and self._namesake(doc, sp, spans):
                continue
            if sp.domain is not None:
                p = sp.domain
                m = PlaceMention(doc[sp.s].idx, doc[sp.e - 1].idx + len(doc[sp.e - 1]), sp.text, p["place"],
                                 p["lat"], p["lon"], p["rank"], p.get("country", ""), pop=_town_pop(g, p))
            elif sp.best is not None and self._accept(sp, countries, weak):
                b = sp.best
                m = PlaceMention(doc[sp.s].idx, doc[sp.e - 1].idx + len(doc[sp.e - 1]), sp.text, b.name,
                                 b.lat, b.lon, b.rank, b.country, pop=b.pop if b.kind == "city" else 0)
            else:
                continue
            if _names_a_thing(doc, sp, self.thing_nouns):
                continue  # "the Wuhan coronavirus", "the Dublin regulation": a thing's name, no place of an event
            if _on_dateline(text, m.start, m.end):
                m.role = "dateline"
            elif _in_caption(text, m.start):
                m.role = "caption"
            elif (sp.prep and sp.s > 0 and _spoken_at(doc[_prep_index(doc, sp.s)])) or _in_speaker(doc, sp, spans):
                m.role = "speech"
            elif _qualifies(doc, sp, self.attribute_nouns) or (m.rank <= 2 and not m.site and _acts(doc, sp)):
                m.role = "attribute"
            m.prep = sp.prep
            m.near = _near(doc, sp.s)
            m.goal = _goal(doc, sp)
            m.site = self.site_of.get(m.place, "") if (sp.domain is not None or sp.best.listed) else ""
            out.append(m)
        out += self._villages(doc, text, out)
        return sorted(out, key=lambda m: m.start)

    def _villages(self, doc, text: str, found: list) -> list[PlaceMention]:
        """ "spotted in Kingsdown, near Deal": a name no list holds, placed by the text at a town
        it knows; it takes that town's point (a village a few km away)."""
        out = []
        for m in found:
            if not (m.near and m.rank == 2 and m.role is None and m.lat is not None):
                continue
            hit = _VILLAGE.search(text[max(0, m.start - 80):m.start])
            if hit is None:
                continue
            start = max(0, m.start - 80) + hit.start(2)
            end = start + len(hit.group(2))
            span = doc.char_span(start, end)
            if span is None or any(o.start < end and start < o.end for o in found) or \
                    gz.fold(span.text) in self.skip or not any(t.pos_ == "PROPN" for t in span) or \
                    any(e.label_ in ("DATE", "PERSON", "PER") for e in span.ents):
                continue
            out.append(PlaceMention(start, end, span.text, span.text, m.lat, m.lon, 2, m.country,
                                    prep=hit.group(1).lower()))
        return out

    def _namesake(self, doc, sp, spans) -> bool:
        """ "the 'New Jungle' camp near Dunkirk", "a jungle in Brussels": a listed site's generic
        name given to another site, which the same phrase places far from the listed one."""
        p = sp.domain
        if p.get("rank", 0) < 3 or p.get("lat") is None:
            return False
        for o in spans:
            gap = range(sp.e, o.s) if o.s >= sp.e else range(o.e, sp.s)
            if o is sp or o.e > sp.s and o.s < sp.e:
                continue
            if o.e == sp.s:  # "the Darien jungle"
                pass
            elif not 0 < len(gap) <= 4 or not (o.prep in LOCATIVE_PREPS or _near(doc, o.s)):
                continue
            elif any(doc[i].pos_ in ("VERB", "AUX") and doc[i].lemma_.lower() not in NAMING_VERBS for i in gap):
                continue  # another clause: "moved from the Jungle to centres in Lille"
            where = o.domain or (o.best._asdict() if o.best is not None else None)
            if where and where.get("rank") in (1, 2) and where.get("lat") is not None and \
                    gz.km((where["lat"], where["lon"]), (p["lat"], p["lon"])) > NAMESAKE_KM:
                return True
        return False

    # -- 1. spans -------------------------------------------------------------------------
    def _runs(self, doc, used, g, text: str):
        """(start, end) token ranges of the longest gazetteer names inside capitalised runs."""
        # each token's tests once: doc[i] and doc[i:j] make new objects on every read, and
        # each run is tried at up to MAX_NAME_TOKENS lengths
        toks = list(doc)
        n = len(toks)
        caps = [_capitalised(t) for t in toks]
        joins = [c or t.lower_ in _CONNECTORS for c, t in zip(caps, toks)]
        dashes = [bool(t.whitespace_) and t.text == "-" for t in toks]
        starts = [t.idx for t in toks]
        ends = [t.idx + len(t.text) for t in toks]
        i = 0
        while i < n:
            if i in used or not caps[i]:
                i += 1
                continue
            hit = None
            for j in range(min(n, i + MAX_NAME_TOKENS), i, -1):
                if any(k in used for k in range(i, j)) or not caps[j - 1]:
                    continue
                if not all(joins[i:j]) or any(dashes[i:j]):
                    continue
                inner = text[starts[i]:ends[j - 1]]  # the span's text
                if "\n" in inner:
                    continue
                if g.candidates(inner) or inner in g.acronyms:
                    hit = j
                    break
            if hit:
                yield i, hit
                i = hit
            else:
                i += 1

    def _span(self, doc, s: int, e: int, g, doc_text: str, doc_ents) -> _Span | None:
        """The span with its candidates, or None when it is no proper noun naming a place."""
        span = doc[s:e]
        text = span.text
        key = gz.fold(text)
        if key in self.skip or len(key) < 2:
            return None
        letters = text.replace(".", "")
        if letters.isupper() and len(letters) <= 4 and text not in g.acronyms:
            return None  # an acronym (CRS, MSF) that is no country's
        last = span[-1]
        nxt = doc[e] if e < len(doc) else None
        if (nxt is not None and nxt.lower_ in _CURRENCIES) or \
                (last.head.lower_ in _CURRENCIES and last.head.i >= e):
            return None  # "US dollar": a currency, not a place
        ents = [x for x in doc_ents if x.start < e and s < x.end]
        if any(x.label_ in NAME_ENTS and x.start < s for x in ents):
            return None  # the end of a work's or a law's name
        if s >= 2 and doc[s - 1].text == "Of" and doc[s - 2].text[:1].isupper() and \
                doc[s - 2].lower_ not in _PLACE_HEADS:
            return None  # the tail of a title-cased name ("Voice Of Vienna"), not a place
        named = any(x.label_ in PLACE_ENTS for x in ents)
        person = any(x.label_ in ("PERSON", "PER") for x in ents)
        prev = _prep_index(doc, s)
        prep = doc[prev].lower_ if prev >= 0 and doc[prev].lower_ in PLACE_PREPS and not doc[prev].is_sent_start else None
        # "a Roma settlement", "the Rohingya camps": a people's name, not a town's
        names_site = _names_site(span, self.site_heads) and not any(x.label_ == "NORP" for x in ents)
        introduced = prep is not None or names_site
        opening = span[0].is_sent_start or s == 0 or "\n" in doc[s - 1].text_with_ws
        dateline = opening and _on_dateline(doc_text, span.start_char, span.end_char)
        if e - s == 1 and s > 0 and _capitalised(doc[s - 1]) and doc[s - 1].dep_ == "compound" and \
                doc[s - 1].head.i == s and not doc[s - 1].is_sent_start and not g.candidates(doc[s - 1].text):
            return None  # the tail of a longer name no list holds ("Downing Street"): no town "Street"
        if e - s == 1 and text not in g.acronyms and doc.vocab[span[0].lower_].is_stop:
            return None  # "Us and them", "May": a common word, whatever its case

        if person and not all(s <= x.start and x.end <= e and (x.end - x.start == 1 or introduced)
                              for x in ents if x.label_ in ("PERSON", "PER")):
            return None  # "according to Charlotte Huet": a person; a lone "Idomeni" may be a place
        if e - s == 1 and span[0].pos_ in ("VERB", "AUX", "ADV", "PRON", "DET", "ADP", "CCONJ", "SCONJ"):
            return None  # "Lire aussi", "Nice to see": a word the tagger reads as no name
        cands = g.candidates(text)
        if not cands:
            return None
        if opening and not dateline and e - s == 1 and span[0].pos_ != "PROPN" and \
                not any(c.pop >= 100000 or c.listed or c.kind == "country" for c, _ in cands):
            return None  # a common word opening a sentence ("Police said", "Lire aussi", "Split decisions")
        return _Span(s, e, text, cands, named or dateline, introduced, prep, self._qualifier(doc, e, g),
                     names_site=names_site)

    def _qualifier(self, doc, e: int, g) -> set:
        """Countries and regions named right after a place ("Brest, Belarus", "Tripoli (Libya)")."""
        out = set()
        if e + 1 < len(doc) and doc[e].text in (",", "(", "in"):
            for j in range(min(len(doc), e + 5), e + 1, -1):
                words = doc[e + 1:j]
                if not words or not _capitalised(words[0]):
                    continue
                for c, alt in g.candidates(words.text):
                    if c.kind in ("country", "admin1", "admin2") and not alt:
                        out.add(c.country if c.kind == "country" else (c.country, gz.fold(c.name)))
                if out:
                    break
        return out

    # -- 3. context ---------------------------------------------------------------------
    def _context(self, doc, spans, g) -> tuple[set, dict]:
        """Countries the document names or implies, and the countries of its unambiguous places
        (each with the names that imply it, so that no name supports itself)."""
        countries: set = set()
        weak: dict[str, set] = {}
        for sp in spans:
            if sp.domain is not None:
                if sp.domain.get("country"):
                    weak.setdefault(sp.domain["country"], set()).add(gz.fold(sp.text))
                continue
            kinds = {c.country for c, alt in sp.candidates if c.kind == "country" and not alt}
            if kinds and (sp.named_place or sp.introduced):
                countries.update(kinds)
            for q in sp.qualifier:
                countries.add(q if isinstance(q, str) else q[0])
            ccs = {c.country for c, _ in sp.candidates}
            if len(ccs) == 1 and (sp.named_place or sp.introduced):
                weak.setdefault(ccs.pop(), set()).add(gz.fold(sp.text))
        for t in doc:
            cc = self.demonyms.get(t.lower_)
            if not cc:
                continue
            # the noun it qualifies, or (a parser's slip in "la police hongroise a ...") its dependant
            nouns = ([t.head] if t.head.i != t.i else []) + [c for c in t.children if c.pos_ in ("NOUN", "PROPN")]
            if any(n.lemma_.lower() in self.demonym_heads or n.lower_ in self.demonym_heads for n in nouns):
                countries.add(cc)
        return countries, {cc: names for cc, names in weak.items() if cc not in countries}

    # -- 4. resolution ------------------------------------------------------------------
    def _resolve(self, spans, countries, weak) -> None:
        regions = {(c.country, gz.fold(c.name)) for sp in spans for c, alt in sp.candidates
                   if c.kind == "admin1" and not alt and (sp.named_place or sp.introduced)}

        def score(sp, c, alt, anchors):
            s = _prior(c, alt, self.prefer)
            if c.country in countries:
                s += 2.5
            elif weak.get(c.country, set()) - {gz.fold(sp.text)}:
                s += 1.5
            if c.country in sp.qualifier or (c.country, gz.fold(c.region)) in sp.qualifier:
                s += 5
            if c.kind == "city" and c.region and (c.country, gz.fold(c.region)) in regions:
                s += 1.5
            near = _nearest(c, anchors, gz.fold(sp.text))
            if near is not None:
                s += 2.5 if near <= 150 else 1 if near <= 500 else 0
            return s

        anchors: list = []
        for _ in range(2):  # then again, near the places the first pass made clear
            for sp in spans:
                if sp.domain is not None or not sp.candidates:
                    continue
                scored = sorted(((score(sp, c, alt, anchors), i) for i, (c, alt) in enumerate(sp.candidates)),
                                reverse=True)
                sp.score, sp.best = scored[0][0], sp.candidates[scored[0][1]][0]
                sp.near = _nearest(sp.best, anchors, gz.fold(sp.text))
                sp.margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 99.0
            anchors = self._anchors(spans)

    def _anchors(self, spans) -> list[tuple[str, float, float]]:
        """Where the document's clear places are: (folded name, lat, lon)."""
        out = []
        for sp in spans:
            if sp.domain is not None and sp.domain.get("rank", 0) >= 2:
                out.append((gz.fold(sp.text), sp.domain["lat"], sp.domain["lon"]))
            elif sp.best is not None and sp.margin >= 1 and sp.best.rank >= 1 \
                    and sp.best.kind not in ("country", "sea", "strait", "region", "admin1") \
                    and (sp.named_place or sp.introduced):
                out.append((gz.fold(sp.text), sp.best.lat, sp.best.lon))
        return out

    def _accept(self, sp: _Span, countries: set, weak: dict) -> bool:
        """Keep a resolved span when the text and the world both support it."""
        b = sp.best
        if not (sp.named_place or sp.introduced or sp.qualifier or b.listed or b.kind == "country"):
            return False
        if b.listed or b.kind != "city":
            return True
        own = gz.fold(sp.text)
        alternate = all(alt for c, alt in sp.candidates if c is b)
        near = sp.near is not None and sp.near <= 150
        in_country = b.country in countries or bool(weak.get(b.country, set()) - {own})
        if alternate:  # a town's other name ("Notre Dame", "Vie"): a large town the recogniser calls a place,
            # or one the text places ("Mogilev, Belarus"; a few km from the story's other places)
            # or a city of 100,000+ the text puts something "in" or "near" ("in Ghent", "in Khan Younis"),
            # or a town of 15,000+ it does so in a country it names or near its other places
            # ("off Zuwara ... brought to Tripoli")
            return (sp.named_place and b.pop >= 15000) or b.country in sp.qualifier or \
                (sp.near is not None and sp.near <= 50) or (sp.prep in LOCATIVE_PREPS and b.pop >= 100000) or \
                (sp.prep in LOCATIVE_PREPS and b.pop >= 15000 and (in_country or near))
        supported = (b.country in countries or bool(weak.get(b.country, set()) - {own}) or b.country in self.prefer
                     or b.country in sp.qualifier or near
                     or bool(countries & set(gz.gazetteer(self.taxonomy_dir).neighbours.get(b.country, ()))))
        if (sp.prep in LOCATIVE_PREPS or sp.names_site) and not countries and not any(n - {own} for n in weak.values()) and \
                sum(1 for c, alt in sp.candidates if not alt and c.kind == "city") == 1:
            return True  # a short text naming no country: the one town of that name ("sank off Pylos")
        if sp.named_place or sp.prep in LOCATIVE_PREPS or sp.names_site:
            return supported or b.pop >= 15000
        return supported or b.pop >= 100000


def _names_site(span, heads: frozenset) -> bool:
    """The name qualifies a site noun ("Kakuma refugee camp", "the Dadaab camps", "the Medyka
    crossing"): a site called after the town it lies in, which places the name."""
    head = span[-1]
    for _ in range(3):
        if head.dep_ != "compound" or head.head is head:
            return False
        head = head.head
        if head.lower_ in heads:
            return True
        if head.pos_ != "NOUN" and head.pos_ != "PROPN":
            return False
    return False


def _prep_index(doc, s: int) -> int:
    """The token before a name, past its determiners ("in the Aegean" -> "in")."""
    prev = s - 1
    while prev >= 0 and doc[prev].lower_ in _DETS:
        prev -= 1
    return prev


def _site_kind(names, site_nouns: dict) -> str:
    for n in names:
        for w in _words(n):
            if w in site_nouns:
                return site_nouns[w]
    return ""


def _town_pop(g, p: dict) -> int:
    """A listed town's inhabitants, from the gazetteer's town of that name a few km away."""
    if p.get("rank") != 2 or p.get("lat") is None:
        return 0
    return max((c.pop for c, alt in g.candidates(p["place"]) if c.kind == "city" and not alt
                and gz.km((c.lat, c.lon), (p["lat"], p["lon"])) <= 10), default=0)


def _acts(doc, sp) -> bool:
    """A place that acts stands for its government or council ("Budapest decided to close the
    crossing", "London and Paris agreed"): the subject of an active verb, not where it happened."""
    last = doc[sp.e - 1]
    head = last.head
    if last.dep_ == "conj" and head.dep_ == "nsubj":  # "London and Paris agreed"
        last, head = head, head.head
    return last.dep_ == "nsubj" and head.pos_ == "VERB" and \
        not any(c.dep_ in ("cop", "auxpass") for c in head.children)


def _acting_organisation(doc, s: int, e: int, ents) -> bool:
    """A listed name the recogniser calls an organisation, acting or owning: the subject of a
    verb, the agent after "by" / "par", a possessor."""
    if not any(x.label_ == "ORG" and x.start <= s and e <= x.end for x in ents):
        return False
    last = doc[e - 1]
    return last.dep_ in ("nsubj", "nsubjpass", "poss") or \
        (last.dep_ == "pobj" and last.head.lower_ in ("by", "par"))


def _near(doc, s: int) -> bool:
    """The name follows a word that makes it a reference point ("near", "close to", "près de")."""
    prev = _prep_index(doc, s)
    if prev < 0:
        return False
    if doc[prev].lower_ in NEAR_WORDS:
        return True
    return doc[prev].lower_ in ("de", "d'", "d’", "du", "to", "of") and prev > 0 and \
        doc[prev - 1].lower_ in NEAR_WORDS


def _goal(doc, sp) -> bool:
    """The place is where something moved to ("diverted to the nearby port of Dunkirk", "taken
    into Dover"): a preposition of direction hung on a verb, up to two nouns up."""
    cur = doc[sp.e - 1]
    for _ in range(4):
        h = cur.head
        if h.i == cur.i:
            return False
        if h.lower_ in GOAL_PREPS and h.dep_ == "prep":
            return h.head.pos_ in ("VERB", "AUX") and h.head.lower_ != "according"  # a source, no movement
        if h.pos_ not in ("ADP", "NOUN", "PROPN") or cur.dep_ not in ("pobj", "prep", "compound", "nmod", "appos"):
            return False
        cur = h
    return False


def _prep_before(doc, s: int) -> str | None:
    prev = _prep_index(doc, s)
    return doc[prev].lower_ if prev >= 0 and doc[prev].lower_ in PLACE_PREPS else None


def _nearest(c, anchors, own: str) -> float | None:
    best = None
    for name, lat, lon in anchors:
        if name == own:
            continue
        d = gz.km((c.lat, c.lon), (lat, lon))
        if best is None or d < best:
            best = d
    return best


def _capitalised(tok) -> bool:
    return tok.text[:1].isupper()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", text.lower())


def _on_dateline(text: str, start: int, end: int) -> bool:
    """A place opening a line and followed by an agency or a dash: "PARIS (Reuters) -",
    "LESBOS, GREECE - SEPTEMBER 9", "AFP, NADOR, Morocco"."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start:start], text[end:line_end]
    if not _DATELINE_BEFORE.match(before):
        return False
    name = text[start:end]
    agency_first = bool(re.match(rf"\s*{_AGENCY}\s*,", before))
    return bool(_DATELINE_AFTER.match(after)) and (name.isupper() or "(" in after[:40] or agency_first)


def in_caption(sentence: str) -> bool:
    """A sentence told in a photo caption (its first line carries a credit or a caption's form)."""
    return _in_caption(sentence, 0)


def _in_caption(text: str, pos: int) -> bool:
    """Inside a photo caption: a paragraph that carries a picture credit."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return _caption_line(text[start:len(text) if end < 0 else end])


@lru_cache(maxsize=4096)
def _caption_line(line: str) -> bool:
    """A paragraph that carries a picture credit (kept: each place of a paragraph and each event
    of a sentence asks about it again)."""
    return bool(_CAPTION.search(line))


def _qualifies(doc, sp, nouns) -> bool:
    """The place only qualifies an office or an institution ("the Dunkirk prosecutor", "a
    hospital in Lille", "procureure de la République de Dunkerque"): up to two nouns up."""
    last = doc[sp.e - 1]
    if last.dep_ in ("compound", "amod", "nmod") and last.head.i > last.i and last.head.lower_ in nouns:
        return True
    if sp.e < len(doc) and doc[sp.e].lower_ in nouns:
        return True  # "Dunkirk Prosecutor Jane Doe": the parser heads the compound with the name
    prev = _prep_index(doc, sp.s)
    if prev > 0 and doc[prev].lower_ in PLACE_PREPS and doc[prev - 1].lower_ in nouns:
        return True  # "taken to a hospital in Dunkirk", whichever word the parser hangs "in" on
    cur = last
    for _ in range(4):  # Dunkerque <- de <- République <- de <- procureure
        h = cur.head
        if h is cur or h.i > cur.i:
            return False
        if h.pos_ in ("NOUN", "PROPN") and h.lower_ in nouns:
            return True
        if h.pos_ not in ("ADP", "NOUN", "PROPN", "DET"):
            return False
        cur = h
    return False


def _names_a_thing(doc, sp, nouns) -> bool:
    """The place is part of a thing's name: "the Wuhan coronavirus", "the Le Touquet
    agreement", "le règlement de Dublin", "the Treaty of Dublin"."""
    if sp.e < len(doc) and doc[sp.e].lower_ in nouns:
        return True
    prev = _prep_index(doc, sp.s)
    return prev > 0 and doc[prev].lower_ in ("de", "du", "d'", "d’", "of") and doc[prev - 1].lower_ in nouns


def _in_speaker(doc, sp, spans) -> bool:
    """The place only says where a source is, when what the source reports names its own place
    ("sources in the region of Nador reported that 13 died in the assault at Melilla"); a
    spokesman in Melilla saying that people tried to enter the city still places the event."""
    cur = doc[sp.e - 1]
    for _ in range(5):
        h = cur.head
        if h.i == cur.i:
            return False
        if cur.dep_ in ("nsubj", "nsubjpass") and h.lemma_.lower() in SPEECH_VERBS:
            subj = range(cur.left_edge.i, cur.right_edge.i + 1)
            told = range(h.left_edge.i, h.right_edge.i + 1)
            others = [o for o in spans if o is not sp and o.s in told and o.s not in subj and
                      ((o.domain or {}).get("rank", 0) >= 2 or (o.best is not None and o.best.rank >= 2))]
            # a source in Ceuta telling of "southern Ceuta" is where it happened
            return bool(others) and all(gz.fold(o.text) != gz.fold(sp.text) for o in others)
        if cur.dep_ in ("nsubj", "nsubjpass", "dobj", "ROOT") or cur.pos_ in ("VERB", "AUX"):
            return False
        cur = h
    return False


def _spoken_at(prep) -> bool:
    """The preposition places a speaker, not the event ("said in Istanbul", "a déclaré à Paris")."""
    return prep.head.lemma_.lower() in SPEECH_VERBS


def _make(vocab, text: str):
    """A pattern Doc split the way the tokenizer splits ("loon-plage" -> loon, -, plage)."""
    from spacy.tokens import Doc

    return Doc(vocab, words=_words(text))


_cache: dict = {}


def finder_for(vocab, taxonomy_dir: str | None = None) -> PlaceFinder:
    key = (id(vocab), taxonomy_dir)
    f = _cache.get(key)
    if f is None:
        f = _cache[key] = PlaceFinder(vocab, taxonomy_dir)
    return f
