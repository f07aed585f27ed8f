"""Speakers: who a speech verb's subject is, resolved to the fullest name, role or organisation.

Rules (vocabulary in taxonomy/speech.<lang>.json):
  1. the subject of a speech verb ("X said", "said X", "X, who ..., told AFP"), climbing from
     "adding" / "and added" to the verb that has one; the agent of a passive ("was told by X");
     the object of a reporting phrase ("according to X");
  2. a person's name becomes the fullest form the document gives ("Ms Buccio" -> "Fabienne
     Buccio"); a role keeps its noun phrase with its modifiers ("a spokesperson for Utopia 56");
  3. a pronoun ("she said") is the nearest earlier speaker of a compatible kind: he/she a
     person, it/they an organisation or group;
  4. the category comes from the words of the speaker's role (the actor lexicon, then the
     role words of the speech file), the roles a person's name is given anywhere in the
     document included ("Calais Mayor Natacha Bouchart" -> officials).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import taxonomy
from .actors import category_of, people_nouns
from .units import text_of


@dataclass(frozen=True)
class Speech:
    """The speech vocabulary of one language, as sets for quick lookup."""

    verbs: frozenset
    quote_verbs: frozenset
    reported_verbs: frozenset
    estimate_verbs: frozenset
    reporting_phrases: tuple  # tuples of lower-case words
    statement_nouns: frozenset
    titles: frozenset
    person_pronouns: frozenset
    group_pronouns: frozenset
    group_words: frozenset
    roles: dict  # phrase -> category
    scare_cues: frozenset
    proxy_roles: frozenset  # roles whose category is that of whom they speak for
    pronoun_gender: dict  # "she" -> "f"
    title_gender: dict  # "mrs" -> "f"
    role_gender: dict  # "spokeswoman" -> "f"
    any_kind_pronouns: frozenset = frozenset()  # "il"/"elle": a person or an organisation
    determiners: frozenset = frozenset({"the", "this", "that"})  # of a definite description
    lead_phrases: tuple = ()  # adverbials before an inverted subject ("de son côté")
    scare_max_words: int = 0  # a quoted term of up to this many words after a cue is a term
    quote_verb_forms: frozenset = frozenset()  # inflected forms the lemmatiser misses ("lance")
    object_clitics: frozenset = frozenset()  # "comme le qualifie X": words before an inverted verb
    description_to_name: bool = False  # "le prêtre" -> the last named person of its category
    not_pronouns: frozenset = frozenset()  # tagged PRON but naming a group ("l'une des personnes")
    after_quote_window: int = 14  # tokens read after a quote for "…," said X (longer French names)
    perception_verbs: frozenset = frozenset()  # "was heard saying": not the clause of the speech verb
    description_verbs: frozenset = frozenset()  # "X described the camp as …": reported speech
    statement_determiners: frozenset = frozenset({"the", "this", "that", "these", "its", "their"})  # of an authorless statement
    issue_verbs: frozenset = frozenset()  # "X issued a statement": the statement is X's
    speaker_nouns: frozenset = frozenset()  # common nouns that can speak besides roles and actors
    not_names: frozenset = frozenset()  # capitalised words that never name a speaker ("Monday")
    indefinites: frozenset = frozenset()  # "a man who lives nearby": a restrictive clause says who
    first_person: frozenset = frozenset()  # "we", "our": outside quotes, the publisher's own voice
    back_determiners: frozenset = frozenset()  # "the toll", "these figures": the figures just given
    origin_verbs: frozenset = frozenset()  # "these figures come from X": X is the source
    sign_nouns: frozenset = frozenset()  # "placards reading '…'", "chants of '…'": a crowd's words
    sign_verbs: frozenset = frozenset()  # the verbs that introduce a sign's words ("reading")
    protest_words: frozenset = frozenset()  # whose a sign with no holder is ("protesters")
    crowd_words: frozenset = frozenset()  # …or, with no protest word, this ("crowd")
    quantifiers: frozenset = frozenset()  # "some", "others": part of the group named just before
    other_quantifiers: frozenset = frozenset()  # "others": the rest of that group ("other protesters")
    other_prefix: str = "other"
    collective_nouns: frozenset = frozenset()  # "family": more than one person, never "he"
    # every verb whose clause is reported speech: reported_verbs and the file's reported_clause_verbs
    # ("agreed the process needed work"), which name no source of a figure
    reported_clause_verbs: frozenset = frozenset()
    organisation_nouns: frozenset = frozenset()  # "the company": the organisation named just before
    addressee_verbs: frozenset = frozenset()  # "told reporters …": the object is whom it was said to


def speech_language(language: str, taxonomy_dir: str | None = None) -> str:
    """`language` when a speech file exists for it (speech.<lang>.json), else English."""
    return language if taxonomy.path_of(f"speech.{language}.json", taxonomy_dir).exists() else "en"


@lru_cache(maxsize=None)
def speech(language: str = "en", taxonomy_dir: str | None = None) -> Speech:
    """The speech vocabulary of `language` (taxonomy/speech.<lang>.json), loaded once."""
    d = taxonomy.load(f"speech.{language}.json", taxonomy_dir)
    low = lambda xs: frozenset(x.lower() for x in xs)  # noqa: E731
    roles = {}
    for cat, words in d.get("roles", {}).items():
        for w in words:
            roles.setdefault(w.lower(), cat)
    return Speech(
        verbs=low(d["verbs"]), quote_verbs=low(d.get("quote_verbs", d["verbs"])),
        reported_verbs=low(d.get("reported_verbs", d["verbs"])),
        estimate_verbs=low(d.get("estimate_verbs", [])),
        reporting_phrases=tuple(tuple(p.lower().split()) for p in d.get("reporting_phrases", [])),
        statement_nouns=low(d.get("statement_nouns", [])), titles=low(d.get("titles", [])),
        person_pronouns=low(d.get("pronouns", {}).get("person", [])),
        group_pronouns=low(d.get("pronouns", {}).get("group", [])),
        group_words=low(d.get("group_words", [])), roles=roles,
        scare_cues=low(d.get("scare_cues", [])), proxy_roles=low(d.get("proxy_roles", [])),
        pronoun_gender=_gender_map(d.get("gender", {}).get("pronouns", {})),
        title_gender=_gender_map(d.get("gender", {}).get("titles", {})),
        role_gender=_gender_map(d.get("gender", {}).get("roles", {})),
        any_kind_pronouns=low(d.get("pronouns", {}).get("any_kind", [])),
        determiners=low(d.get("determiners", ["the", "this", "that"])),
        lead_phrases=tuple(tuple(p.lower().split()) for p in d.get("lead_phrases", [])),
        scare_max_words=int(d.get("scare_max_words", 0)),
        quote_verb_forms=low(d.get("quote_verb_forms", [])),
        object_clitics=low(d.get("object_clitics", [])),
        description_to_name=bool(d.get("description_to_name", False)),
        not_pronouns=low(d.get("not_pronouns", [])),
        after_quote_window=int(d.get("after_quote_window", 14)),
        speaker_nouns=low(d.get("speaker_nouns", [])), issue_verbs=low(d.get("issue_verbs", [])),
        statement_determiners=low(d.get("statement_determiners", ["the", "this", "that", "these", "its", "their"])),
        perception_verbs=low(d.get("perception_verbs", [])), description_verbs=low(d.get("description_verbs", [])), not_names=low(d.get("not_names", [])),
        first_person=low(d.get("first_person", [])), indefinites=low(d.get("indefinites", [])), back_determiners=low(d.get("back_determiners", [])),
        origin_verbs=low(d.get("origin_verbs", [])), sign_nouns=low(d.get("sign_nouns", [])),
        sign_verbs=low(d.get("sign_verbs", [])), protest_words=low(d.get("protest_words", [])),
        crowd_words=low(d.get("crowd_words", [])), quantifiers=low(d.get("quantifiers", [])),
        other_quantifiers=low(d.get("other_quantifiers", [])), other_prefix=d.get("other_prefix", "other"),
        collective_nouns=low(d.get("collective_nouns", [])), addressee_verbs=low(d.get("addressee_verbs", [])), organisation_nouns=low(d.get("organisation_nouns", [])),
        reported_clause_verbs=low(d.get("reported_verbs", d["verbs"])) | low(d.get("reported_clause_verbs", [])))


def _gender_map(by_gender: dict) -> dict:
    return {w.lower(): g for g, words in by_gender.items() for w in words}


@lru_cache(maxsize=None)
def _first_names(taxonomy_dir: str | None = None) -> dict:
    d = taxonomy.load("first_names.json", taxonomy_dir)
    return {w: g for g in ("f", "m") for w in d.get(g, [])}


def first_name_gender(word: str, taxonomy_dir: str | None = None) -> str | None:
    """'f' or 'm' for a given name that is one or the other (taxonomy/first_names.json),
    compared without accents ("Hélène" -> 'f'); None for any other word."""
    names = _first_names(taxonomy_dir)
    key = _plain(word.lower()).strip(".")
    return names.get(key) or (names.get(key.split("-")[0]) if "-" in key else None)


SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
CUT_DEPS = {"relcl", "acl", "advcl", "parataxis", "punct", "cc", "ccomp", "xcomp", "dep",
            "mark", "advmod", "npadvmod", "quantmod", "case"}


@dataclass
class Speaker:
    """A resolved speaker: the text to show, its category, and whether it is a person."""

    name: str
    category: str
    person: bool
    start: int = 0  # where it is mentioned in the document text
    plural: bool = False  # named by a plural noun ("les rescapés"): not the antecedent of "elle"
    span: tuple[int, int] | None = None  # the mention it was read from (offsets in the document text)
    verb: str | None = None  # the reporting verb or phrase of the attribution that found it


@dataclass(frozen=True)
class NamedRole:
    """A role the document gives a named person ("Jérôme Bourrier, procureur de Bayonne",
    "government commissioner Paul Groutsch"), so that "the prosecutor" can name him."""

    name: str
    head: frozenset  # words of the role's head, before "of"/"de" and after a possessive
    words: frozenset  # every word of the role phrase
    start: int  # offset of the name in the document text


# words that end the head of a role phrase ("coordinator | of Utopia 56", "procureur | de Bayonne")
ROLE_PREPS = {"of", "for", "at", "from", "with", "in", "on", "to", "de", "du", "des", "d'", "d’", "à", "au",
              "aux", "auprès", "chez", "pour", "en"}
APPOSITION_STOPS = {",", ".", ";", ":", "(", ")", "“", "”", "«", "»", "\"", "—", "–", "!", "?"}


def role_category(words: str, language: str, taxonomy_dir: str | None) -> str | None:
    """The actor category of a role or organisation phrase, or None.

    The head of the phrase decides first ("the lawyer for the associations" is a lawyer,
    "a spokesman for Utopia 56" speaks for an aid group): the words before "for"/"of" are
    looked up, then the whole phrase."""
    words = re.sub(r"['’]s\b", "", words)
    roles = speech(language, taxonomy_dir).roles
    head = re.split(r"\b(?:for|of|at|from|with|in)\b", words.lower())[0].strip()
    head_word = head.split()[-1] if head.split() else ""
    rest = words.lower()[len(head):].strip()
    if head_word in speech(language, taxonomy_dir).proxy_roles and rest:
        cat = category_of(rest, language, taxonomy_dir)  # "a spokesperson for Utopia 56"
        if cat:
            return cat
    elif head_word in roles and rest:
        return roles[head_word]  # "the lawyer for the associations": a lawyer
    cat = category_of(words, language, taxonomy_dir, head=head_word or None) if head != words.lower().strip() \
        else category_of(words, language, taxonomy_dir)
    if cat:
        return cat
    toks = re.findall(r"[\w'’-]+", words.lower())
    best = None
    for n in (3, 2, 1):
        for i in range(len(toks) - n + 1):
            w = " ".join(toks[i:i + n])
            if w in roles or (w.endswith("s") and w[:-1] in roles):
                best = roles.get(w) or roles[w[:-1]]
        if best:
            return best
    return None


def _plain(text: str) -> str:
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:-–—\"'“”‘’«»()")
    return re.sub(r"['’]s$", "", text).strip()


@dataclass
class Resolver:
    """Per document: names, their roles, and the speakers met so far (for pronouns)."""

    sdoc: object
    language: str = "en"
    taxonomy_dir: str | None = None
    offset: int = 0
    full: dict = field(default_factory=dict)  # last name (lower) -> fullest name
    roles: dict = field(default_factory=dict)  # fullest name -> role words
    mentions: list = field(default_factory=list)  # Speakers in text order
    source: str | None = None  # the document's outlet: who "we" is outside quotation marks

    def __post_init__(self):
        self.lex = speech(self.language, self.taxonomy_dir)
        self.starts = [t.idx for t in self.sdoc]  # token start offsets, for bisect
        self.inside = frozenset()  # quoted stretches (set by the quotes stage): never a speaker
        self._genders: dict = {}
        self.learned_genders: dict = {}  # name -> gender told by "X said she …" (learn_gender)
        self.sents = list(self.sdoc.sents)
        self.text = text_of(self.sdoc)  # Doc.text joins every token: read it once
        self.ents = self.sdoc.ents  # Doc.ents too builds its spans on every read
        for ent in self.ents:
            if ent.label_ not in ("PERSON", "PER"):
                continue
            words = self._name_words(ent)
            if not words:
                continue
            name = " ".join(words)
            key = words[-1].lower()
            if len(words) > len(self.full.get(key, "").split()):
                self.full[key] = name
            role = self._role_words(ent)
            if role:
                self.roles.setdefault(key, role)

    # -- acronyms ------------------------------------------------------------------------
    def _acronyms(self) -> dict:
        """Names the document spells out with their acronym ("l'Office français de
        l'immigration et de l'intégration (Ofii)"): lower-case acronym and lower-case
        spelled-out name -> the full form with the acronym, as the document gives it."""
        if getattr(self, "_acr", None) is None:
            self._acr = {}
            small = {"de", "du", "des", "la", "le", "les", "et", "of", "the", "for", "and", "aux", "pour", "à", "en"}
            for m in re.finditer(r"\(([A-Z][A-Za-z]{1,9})\)", self.text):
                acr = m.group(1)
                words = re.findall(r"[\w'’-]+", self.text[max(0, m.start() - 120):m.start()].split("\n")[-1])[-12:]
                for k in range(len(words) - 1, -1, -1):
                    phrase = words[k:]
                    bare = [re.sub(r"^[ldLD]['’]", "", w) for w in phrase]
                    if not bare[0][:1].lower() == acr[0].lower() or not bare[0][:1].isalpha():
                        continue
                    initials = "".join(w[0].lower() for w in bare if w.lower() not in small)
                    letters = _plain("".join(bare).lower())
                    content = [w for w in bare if w.lower() not in small]
                    if len(content) >= 2 and (_subsequence(acr.lower(), initials) or (
                            len(acr) >= 4 and len(content) <= 5 and _subsequence(_plain(acr.lower()), letters))):
                        spelled = " ".join([bare[0]] + phrase[1:])
                        self._acr.setdefault(acr.lower(), f"{spelled} ({acr})")
                        self._acr.setdefault(spelled.lower().replace("’", "'"), f"{spelled} ({acr})")
                        break
        return self._acr

    def canonical(self, name: str | None) -> str | None:
        """`name` spelled out with its acronym when the document defines one: "Ofii" or
        "l'Office français de l'immigration" -> "Office français de l'immigration et de
        l'intégration (Ofii)"."""
        if not name:
            return name
        acr = self._acronyms()
        if not acr:
            return name
        bare = re.sub(r"^(?:(?:the|la|le|les)\s+|[lL]['’])", "", name.strip()).lower().replace("’", "'")
        if bare in acr:
            return acr[bare]
        if len(bare.split()) >= 2:
            for key, full in acr.items():
                if len(key.split()) > 1 and key.startswith(bare):
                    return full
        return name

    # -- names -------------------------------------------------------------------------
    def _name_words(self, span) -> list[str]:
        # tokens written together stay one word: "Fodil-Cherif", not "Fodil - Cherif"
        words: list[str] = []
        glue = False
        for t in span:
            if t.is_punct and t.text not in ("-", "‐"):
                glue = False
                continue
            if glue and words:
                words[-1] += t.text
            else:
                words.append(t.text)
            glue = not t.whitespace_ and t.i + 1 < span.end
        words = [w.strip("-") if w.endswith("-") or w.startswith("-") else w for w in words]
        titled = [i for i, w in enumerate(words) if w.lower() in self.lex.titles]
        if titled and titled[-1] < len(words) - 1:
            words = words[titled[-1] + 1:]  # "Calais MP Pierre-Henri Laval" -> the name after the title
        untitled = [w for w in words if w.lower() not in self.lex.titles and w not in ("'s", "’s")]
        # a surname that is also a title word ("King", "Marshal") is still the name
        words = untitled or words[-1:]
        words = [re.sub(r"['’]s$", "", w) for w in words]
        out = [w for k, w in enumerate(words) if re.match(r"[A-ZÀ-Ý]", w) or w in ("-",)
               or (k and w.isdigit() and re.match(r"[A-ZÀ-Ý]", words[k - 1]))]  # "Local 417", "Utopia 56"
        return out

    def _role_words(self, ent) -> str:
        """Role words around a name: compounds before it, an apposition, a title."""
        head = ent.root
        out = [t.text for t in head.lefts if t.dep_ in ("compound", "amod", "poss")
               and t.i < ent.start and not t.ent_type_]
        out += [t.text for t in self.sdoc[max(ent.sent.start, ent.start - 3):ent.start]
                if t.text.lower() in self.lex.titles]
        for c in head.children:
            if c.dep_ == "appos" and not c.ent_type_ == "PERSON":
                out.append(" ".join(t.text for t in c.subtree)[:80])
        if head.dep_ == "appos" and head.head.ent_type_ != "PERSON":
            out.append(" ".join(t.text for t in head.head.subtree if t.i < ent.start)[:80])
        return " ".join(out)

    def fullest(self, name: str) -> str:
        titles = {t.strip(".") for t in self.lex.titles}
        words = name.split()
        titled = [i for i, w in enumerate(words) if w.lower().strip(".") in titles]
        if titled and titled[-1] < len(words) - 1:
            self.roles.setdefault(words[-1].lower(), " ".join(words[:titled[-1] + 1]))
            words = words[titled[-1] + 1:]  # "Calais MP Pierre-Henri Laval" -> the name
        words = [w for w in words if w.lower().strip(".") not in titles]
        if not words:
            return name
        full = self.full.get(words[-1].lower(), " ".join(words))
        if len(words) >= 2 and words[0] not in full.split():
            return " ".join(words)  # "Karim Haddad" is not his wife "Amira Haddad"
        return full

    # -- subjects ------------------------------------------------------------------------
    def subject_of(self, verb, inside=frozenset()):
        """The token naming who speaks for a speech verb, or None.

        Never climbs into a quotation (`inside`: spans of quoted words), where a "we" or an
        "I" is the quoted voice, not the reporter's subject."""
        v = verb
        inside = inside or self.inside
        for _ in range(4):
            if v.idx in inside:
                return None
            subs = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")] or \
                [c for a in v.children if a.dep_ == "aux" for c in a.children if c.dep_ == "nsubj"]  # hung on "ont"
            if subs:
                # two subjects is a parse slip ("The charity Harbour Aid estimates"): the
                # one next to the verb is the head of the real subject
                c = max(subs, key=lambda c: (c.i < v.i, c.i if c.i < v.i else -c.i))
                if c.idx in inside:
                    return None  # the quoted words' own subject ("« le bilan est de … », a-t-elle ajouté")
                if c.dep_ == "nsubj":
                    return self.named_beside(c, v) or c
            passive_aux = any(c.dep_ == "auxpass" for c in v.children)
            for c in v.children:
                # "was counted by X"; "a été estimé à 600 par X" (the parser may leave "par" a plain prep)
                if c.dep_ == "agent" or (passive_aux and c.dep_ == "prep" and c.lower_ in ("by", "par")):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return p
            passive = v.tag_ == "VBN" and any(c.dep_ == "agent" or (c.dep_ == "prep" and c.text.lower() == "as")
                                              for c in v.children)
            if v.dep_ in ("acl", "relcl") and v.head.pos_ in ("NOUN", "PROPN") and v.head.i < v.i \
                    and not passive:  # not "a brawl described as …"
                return v.head  # "the lawyer ..., hailed": a participle hung on its subject
            if v.dep_ in ("advcl", "conj", "xcomp", "ccomp", "pcomp", "acl") and v.head is not v:
                v = v.head
                continue
            break
        return self._opening_name(verb)

    # -- a name beside a role ("Tomas Reyl, le président de X, réclame …") ------------------
    def name_run(self, start: int, step: int, after_role: bool = False):
        """The capitalised name that starts at token `start` and runs in direction `step`
        (+1 rightwards, -1 leftwards): its tokens in text order, or []. Set off after a role
        (`after_role`), a run the small model tags as a place is still a name ("Guirec Le Bras")."""
        out, i = [], start
        while 0 <= i < len(self.sdoc) and len(out) <= 5:
            t = self.sdoc[i]
            if t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN", "ADJ", "X") or \
                    (out and t.lower_ in ("de", "van", "von", "da", "di", "le", "la") and t.text[:1].isupper()):
                out.append(t)
                i += step
            else:
                break
        out.sort(key=lambda t: t.i)
        if not out or len(out) > 5 or out[0].lower_ in self.lex.determiners or \
                any(t.lower_ in self.lex.not_names or t.lower_ in self.lex.titles for t in out[:1]):
            return []
        if any(t.ent_type_ in ("PERSON", "PER") for t in out):
            return out
        if len(out) >= 2 and (after_role or not all(t.ent_type_ in ("GPE", "LOC", "FAC", "DATE") for t in out)):
            return out
        return []

    def _run_root(self, run):
        ids = {t.i for t in run}
        return next((t for t in run if t.head.i not in ids or t.head is t), run[0])

    def named_beside(self, role, verb):
        """The person named beside a role subject, set off by commas, when the parser made
        the role the subject: "Tomas Reyl, le président de X, réclame …" (the name opens the
        sentence) or "L'avocate du marin A, Ilse Marten, a dénoncé …" (the name comes right
        after the role phrase and right before the verb). The name's token, or None."""
        if role.pos_ != "NOUN" or role.i > verb.i or role.idx in self.inside:
            return None
        sdoc = self.sdoc
        left = role.left_edge.i
        if left >= 2 and sdoc[left - 1].text == ",":
            run = self.name_run(left - 2, -1)
            if run and (run[0].i == run[0].sent.start or sdoc[run[0].i - 1].is_punct) and \
                    all(t.i < verb.i for t in run):
                return self._run_root(run)
        comma = next((t.i for t in sdoc[role.i + 1:min(verb.i, role.i + 12)] if t.text == ","), None)
        if comma is not None:
            run = self.name_run(comma + 1, +1, after_role=True)
            if run and run[-1].i + 1 < len(sdoc) and sdoc[run[-1].i + 1].text == "," and \
                    all(t.pos_ in ("AUX", "ADV", "PART", "PRON") for t in sdoc[run[-1].i + 2:verb.i]):
                return self._run_root(run)
        return None

    def _opening_name(self, verb):
        """A speech verb the parser left without a subject, after a sentence that opens with
        "Name, description," ("Ilse Marten, la porte-parole de X, estime que …"): the name."""
        start = verb.sent.start
        if self.sdoc[start].text == "," and start > 0:
            start = self.sdoc[start - 1].sent.start  # a sentence wrongly cut at the comma
        run = self.name_run(start, +1)
        if not run or run[-1].i + 1 >= verb.i or self.sdoc[run[-1].i + 1].text != "," or \
                run[0].idx in self.inside:
            return None
        rest = list(self.sdoc[run[-1].i + 2:verb.i])
        close = next((k for k, t in enumerate(rest) if t.text == ","), None)
        if close is None or close > 12 or any(t.pos_ in ("VERB", "AUX") for t in rest[:close]) or \
                any(t.pos_ not in ("AUX", "ADV", "PART", "PRON") and t.text != "," for t in rest[close + 1:]):
            return None
        return self._run_root(run)

    def phrase(self, head) -> tuple[str, bool]:
        """(text, is_person) of the noun phrase headed by `head`."""
        text, person, _ = self.phrase_with_tokens(head)
        return text, person

    def mention_span(self, head) -> tuple[int, int]:
        """Document offsets of the words the phrase headed by `head` was read from."""
        a, b = self.phrase_with_tokens(head)[2]
        return self.offset + self.sdoc[a].idx, self.offset + self.sdoc[b].idx + len(self.sdoc[b].text)

    def phrase_with_tokens(self, head) -> tuple[str, bool, tuple[int, int]]:
        """(text, is_person, (first, last) token index) of the noun phrase headed by `head`."""
        sdoc = self.sdoc
        if head.ent_type_ in ("PERSON", "PER"):
            ent = next((e for e in self.ents if e.start <= head.i < e.end), None)
            if ent is not None:
                # "Kent Police", "The union, Unifor,": an organisation the model took for a person
                person = not self.group_in_apposition(ent) and \
                    not {t.lower_ for t in ent} & (self.lex.group_words - set(self.lex.roles))
                return self.fullest(" ".join(self._name_words(ent)) or ent.text), person, (ent.start, ent.end - 1)
        apposed = [c for c in head.children if c.dep_ == "appos" and (c.ent_type_ in ("PERSON", "PER") or c.pos_ == "PROPN")
                   and c.idx not in self.inside]
        # "the lawyer of the sailor Tom Reyl, Ilse Marten, said": the name set off by commas is
        # the speaker's; the one glued to "the sailor" is whom the role serves
        if not apposed:  # "le député de Douvres, le conservateur Tomas Reyl": the name inside the apposition
            apposed = [x for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i > head.i
                       and c.idx not in self.inside for x in c.subtree
                       if x.ent_type_ in ("PERSON", "PER") and x.dep_ != "flat"][:1]
        set_off = [c for c in apposed if c.left_edge.i > 0 and sdoc[c.left_edge.i - 1].text == ","]
        for c in (set_off or apposed)[:1]:  # "the mayor, Natacha Bouchart, said"
            if True:
                name, person, (_, last) = self.phrase_with_tokens(c)
                role = sdoc[head.left_edge.i:head.i + 1].text
                if name.split():
                    self.roles.setdefault(name.split()[-1].lower(), role)
                if head.lemma_.lower() in self.lex.group_words or head.lower_ in self.lex.group_words:
                    person = False  # "the union representing the cleaners, Dovecote,": an organisation
                return name, person, (min(head.left_edge.i, c.i), max(last, head.i))
        keep = []

        indefinite = sdoc[head.left_edge.i].lower_ in self.lex.indefinites or head.lower_ in self.lex.indefinites

        def walk(t):
            keep.append(t)
            for c in t.children:
                if c.dep_ == "relcl" and indefinite and not sdoc[c.left_edge.i - 1].is_punct and \
                        len(list(c.subtree)) <= 10 and not any(x.idx in self.inside or x.pos_ == "VERB" and (
                            x.lemma_.lower() in self.lex.verbs or x.lemma_.lower() in self.lex.estimate_verbs)
                                                                for x in c.subtree):  # not "a man who said"
                    keep.extend(c.subtree)  # "an Iraqi Kurd who had been living at the camp": who it is
                    continue
                if c.dep_ in CUT_DEPS and not (c.dep_ == "punct" and c.text in ("-", "'s")):
                    continue
                if c.idx in self.inside or c.lower_ in self.lex.not_names:
                    continue  # (a day hung on the name: "la préfecture lundi")
                if c.dep_ == "appos" and c.i > head.i and sdoc[c.left_edge.i - 1].is_punct:
                    continue  # "X, a volunteer," is a description; "Utopia 56" is a name
                walk(c)

        walk(head)
        keep.sort(key=lambda t: t.i)
        # a contiguous run around the head
        idx = [t.i for t in keep]
        lo = hi = idx.index(head.i)
        while lo > 0 and idx[lo - 1] == idx[lo] - 1:
            lo -= 1
        while hi < len(idx) - 1 and idx[hi + 1] == idx[hi] + 1:
            hi += 1
        toks = keep[lo:hi + 1][:14]
        nxt = toks[-1].i + 1
        if nxt < len(sdoc) - 1 and sdoc[nxt].text.lower() in ("for", "of") and len(toks) < 8:
            # the parser often hangs "for the X region" on the verb: a role keeps it
            pobj = next((c for c in sdoc[nxt].children if c.dep_ == "pobj"), None)
            if pobj is not None and any(t.pos_ == "PROPN" for t in pobj.subtree) and \
                    pobj.right_edge.i - nxt < 8:
                toks = toks + list(sdoc[nxt:pobj.right_edge.i + 1])
        if self.lex.description_to_name:
            toks = self._extend_name(toks, head)
        while head.text[:1].isupper() and toks[0].i > 0 and len(toks) < 6 and toks[0].text[:1].isupper():
            prev = sdoc[toks[0].i - 1]  # a name the parser cut in two: "Detention | Action"
            if prev.pos_ != "PROPN" or not prev.text[:1].isupper() or prev.lower_ in self.lex.titles or \
                    prev.lower_ in self.lex.not_names or prev.i == prev.sent.start or prev.idx in self.inside:
                break
            toks = [prev] + list(toks)
        text = _clean(sdoc[toks[0].i:toks[-1].i + 1].text)
        extent = (toks[0].i, toks[-1].i)
        if head.pos_ == "PROPN" and all(t.pos_ in ("PROPN", "PUNCT") or t.text.lower() in self.lex.titles
                                        for t in toks) and not self._is_group(text):
            return self.fullest(text), head.ent_type_ not in ("GPE", "LOC", "NORP", "ORG", "FAC"), extent
        person = not self._is_group(text) and head.tag_ not in ("NNS", "NNPS")
        return text, person, extent

    def group_in_apposition(self, ent) -> bool:
        """Whether a name the model took for a person's is set off by commas beside a phrase
        whose head is a group noun: "The union representing the workers, Unifor, said",
        "Unifor, the union, said" (not "X, the agency's coordinator")."""
        sdoc = self.sdoc

        def group_head(toks) -> bool:
            ids = {t.i for t in toks}
            heads = [t for t in toks if t.head.i not in ids or t.head is t]
            return len(heads) == 1 and heads[0].pos_ == "NOUN" and (
                heads[0].lemma_.lower() in self.lex.group_words or heads[0].lower_ in self.lex.group_words)
        if ent.start >= 2 and sdoc[ent.start - 1].text == ",":
            toks = []
            for t in reversed(sdoc[max(ent.sent.start, ent.start - 9):ent.start - 1]):
                if t.is_punct or t.ent_type_ in ("PERSON", "PER"):
                    break
                toks.insert(0, t)
            if toks and toks[0].i == ent.sent.start and group_head(toks):
                return True
        if ent.end < len(sdoc) - 2 and sdoc[ent.end].text == "," and sdoc[ent.end + 1].lower_ in self.lex.determiners:
            toks = []
            for t in sdoc[ent.end + 1:ent.end + 8]:
                if t.is_punct:
                    break
                toks.append(t)
            return group_head(toks)
        return False

    def _extend_name(self, toks, head):
        """An organisation's name goes on across "et" and articles to its last capitalised
        word ("Préfecture maritime de la Manche et de la Mer du Nord")."""
        sdoc = self.sdoc
        sub = {t.i for t in head.subtree}
        end = toks[-1].i
        j = end + 1
        while j < len(sdoc) and j - end <= 8 and j in sub:
            t = sdoc[j]
            if t.text[:1].isupper() and t.pos_ in ("PROPN", "NOUN", "ADJ"):
                end = j
            elif t.lower_ not in ("et", "de", "du", "des", "la", "le", "les", "l'", "l’", "d'", "d’"):
                break
            j += 1
        if end > toks[-1].i:
            return list(sdoc[toks[0].i:end + 1])
        while len(toks) > 1 and toks[-1].lower_ in ("de", "du", "des", "d'", "d’", "of", "for"):
            toks = toks[:-1]
        return toks

    def _is_group(self, text: str) -> bool:
        """Whether a phrase names an organisation or group (judged on its head, the words
        before "for"/"of": "a spokeswoman for the Government" is a person)."""
        named = re.search(r"(?:^|\s)([A-ZÀ-Ý][\w'-]+)\s+([A-ZÀ-Ý][\w'-]+)$", text.strip())
        before = set(re.findall(r"[\w'-]+", text[:named.start(1)].lower())) if named else set()
        if named and before & ((set(self.lex.roles) | self.lex.titles | self.lex.proxy_roles) - self.lex.group_words) and \
                not {w.lower() for w in named.groups()} & (self.lex.group_words | self.lex.titles):
            # "Board chair Marguerite Osei", "Police Chief Martin Beaulieu": a name after the role
            return False
        text = re.split(r"\b(?:for|of|at|from|in|with)\b", text.lower())[0]
        words = set(re.findall(r"[\w'-]+", text))
        if words & self.lex.group_words:
            return True
        cat = category_of(text, self.language, self.taxonomy_dir)
        return cat is not None and not any(w in self.lex.roles for w in words)

    def category(self, name: str) -> str:
        key = name.split()[-1].lower() if name.split() else ""
        extra = self.roles.get(key, "")
        for words in (extra, name):
            if words:
                cat = role_category(words, self.language, self.taxonomy_dir)
                if cat:
                    return cat
        return "other"

    def resolve(self, tok) -> Speaker | None:
        """The speaker a subject token names (pronouns resolved), or None; its `span` is
        the mention it was read from (the pronoun itself for a resolved pronoun)."""
        sp = self._resolve(tok)
        if sp is not None and sp.span is None:
            a, b = self.phrase_with_tokens(tok)[2]
            if not self.can_speak(tok, sp.name, self.sdoc[a:b + 1]):
                return None
            sp.span = self.offset + self.sdoc[a].idx, self.offset + self.sdoc[b].idx + len(self.sdoc[b].text)
        return sp

    def can_speak(self, head, name: str, toks=()) -> bool:
        """Whether the phrase headed by `head` (its words `toks`) names someone who can speak:
        a person, an organisation, a group of people or a role — not "banners", "oil", "the images"."""
        low, lemma = head.lower_, head.lemma_.lower()
        if low in self.lex.not_names or lemma in self.lex.not_names or not re.search(r"\w\w", name):
            return False
        if head.pos_ in ("PRON", "NUM") or head.ent_type_ in ("PERSON", "PER", "ORG", "NORP", "GPE") or \
                low.lstrip("-") in self.lex.person_pronouns | self.lex.group_pronouns:  # "-elle" tagged X
            return True  # "she", "two of them", a named entity
        if low in self._acronyms() or (head.text.isupper() and head.text.isalpha() and len(head.text) >= 2
                                       and head.pos_ in ("NOUN", "PROPN")):
            return True  # an acronym: "the HSO", "l'Orah"
        if head.pos_ == "NOUN" and head.text[:1].isupper() and head.i > 0 and \
                not self.sdoc[head.i - 1].is_punct and "\n" not in self.sdoc[head.i - 1].text_with_ws and \
                low not in self.lex.not_names:
            return True  # a capitalised noun inside a sentence names something: "l'Office régional"
        if head.pos_ == "PROPN" and head.text[:1].isupper():
            return True
        if any(t.ent_type_ in ("PERSON", "PER", "ORG") or (t.pos_ == "PROPN" and t.text[:1].isupper()
                                                           and t.lower_ not in self.lex.not_names) for t in toks):
            return True  # "l'AFP" parsed with the article as its head; "the head of Utopia 56"
        quantity = [c for c in head.children if c.dep_ == "prep"] if low in self.lex.speaker_nouns or \
            head.pos_ in ("ADJ", "DET", "ADV") else []
        for prep in quantity:  # "a number of news outlets", "one of the organisers"
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj is not head and self.can_speak(obj, obj.text):
                    return True
        words = {low, lemma, low.rstrip("s"), lemma.rstrip("s")}
        lex = self.lex
        if words & (lex.group_words | lex.speaker_nouns | lex.titles | lex.statement_nouns | set(lex.roles)
                    | people_nouns(self.language, self.taxonomy_dir)):
            return True
        # a role the document gives a named person ("the harbour master" after "Harbour Master X")
        return role_category(name, self.language, self.taxonomy_dir) is not None or \
            self.role_holder(head, name) is not None

    def publisher(self, tok) -> Speaker | None:
        """The outlet, when `tok` is the text's own first-person voice: "we counted",
        "nous avons recensé", "our teams counted" — outside quotation marks, where an "I" or
        a "we" is whoever publishes the text (the NGO of a report, the author of a blog)."""
        if not self.source or tok.idx in self.inside:
            return None
        low = tok.lower_
        own = low in self.lex.first_person and tok.pos_ == "PRON" and low not in self.lex.determiners
        if not own and tok.pos_ == "NOUN":  # "our volunteers counted", "nos équipes ont recensé"
            own = any(c.dep_ in ("poss", "det") and c.lower_ in self.lex.first_person for c in tok.children) \
                and (tok.lemma_.lower() in self.lex.speaker_nouns or tok.lower_ in self.lex.speaker_nouns)
        if not own:
            return None
        cat = role_category(self.source, self.language, self.taxonomy_dir) or "media"
        first = tok.left_edge if tok.pos_ == "NOUN" else tok
        return Speaker(self.source, cat, False, self.offset + tok.idx,
                       span=(self.offset + first.idx, self.offset + tok.idx + len(tok.text)))

    def _resolve(self, tok) -> Speaker | None:
        low = tok.text.lower().lstrip("-")  # "-il" of an inversion ("confie-t-il")
        start = self.offset + tok.idx
        if low == "t" and tok.text.startswith("-"):
            return None  # the euphonic "-t-" of "a-t-elle" is nobody: the pronoun after it is
        own = self.publisher(tok)
        if own is not None:
            return own
        if low in ("who", "which", "that", "qui") and tok.head.dep_ == "relcl" and tok.head.head is not tok.head:
            return self.resolve(tok.head.head)  # "X, qui vient en aide aux migrants, a appelé": X
        if low in self.lex.quantifiers:
            group = self.group_of_part(tok)
            sp = self.resolve(group) if group is not None else None
            if sp is not None and low in self.lex.other_quantifiers and group.i < tok.i:
                # "some associations …, others": other associations, not the same ones
                return Speaker(f"{self.lex.other_prefix} {group.text}", sp.category, False, start, True,
                               span=(start, start + len(tok.text)))
            if sp is not None:
                return sp
        if (tok.pos_ == "PRON" and low not in self.lex.not_pronouns) or \
                low in self.lex.person_pronouns | self.lex.group_pronouns:
            want_person = low in self.lex.person_pronouns
            if low in ("we", "i", "you") and not self.mentions:
                return None
            earlier = [m for m in self.mentions if m.start < start]
            if low in self.lex.any_kind_pronouns:
                # "il"/"elle" name a person or an organisation, in the singular; a person
                # of the other gender is skipped ("Mme Varin … il")
                want_gender = self.lex.pronoun_gender.get(low)
                for m in reversed(earlier):
                    if m.plural != (low in ("ils", "elles")) or (m.category == "other" and not (
                            m.person and any(w[:1].isupper() for w in m.name.split()))):
                        continue
                    if m.person and want_gender and self.gender_of(m.name) not in (None, want_gender):
                        continue
                    return Speaker(m.name, m.category, m.person, start, m.plural)
                if low in self.lex.person_pronouns:  # no one met yet: the person just described
                    noun = self._person_noun_before(tok, want_gender)
                    sp = self.resolve(noun) if noun is not None else None
                    if sp is not None:
                        return Speaker(sp.name, sp.category, True, start)
                return None
            want_gender = self.lex.pronoun_gender.get(low)
            for m in reversed(earlier):
                if want_person == m.person and not (want_gender and self.gender_of(m.name) not in (None, want_gender)):
                    return Speaker(m.name, m.category, m.person, start)
            if low in ("they", "we") and earlier:
                m = earlier[-1]
                return Speaker(m.name, m.category, m.person, start)
            if want_person:
                named = self._person_named_before(tok, want_gender)
                if named is not None:  # "According to Chief Olivia Grant, … No one was hurt, she said"
                    return named
                # no person named yet: "a call came from one man … “…,” he said"
                noun = self._person_noun_before(tok, want_gender)
                sp = self.resolve(noun) if noun is not None else None
                if sp is not None:
                    return Speaker(sp.name, sp.category, True, start)
            return None
        if low in ("who", "which", "that"):
            # "the officer, who said ..." -> the noun the clause hangs on
            if tok.head.dep_ == "relcl":
                return self.resolve(tok.head.head)
            return None
        if tok.lemma_.lower() in self.lex.statement_nouns:
            author = self.author_of(tok)
            if author is not None:
                return self.resolve(author)
        text, person = self.phrase(tok)
        if not text or len(text) < 2:
            return None
        first = text.lower().replace("’", "'").split("'")[0].split()[0]
        bare = first in ("the", "this", "that", "these", "its", "their", "le", "la", "l", "ce", "cette") or \
            len(text.split()) == 2  # "a statement added", not "an official census"
        if tok.lemma_.lower() in self.lex.statement_nouns and tok.pos_ == "NOUN" and bare and \
                first in self.lex.statement_determiners and tok.lemma_.lower() not in self.lex.roles:
            # "according to the statement", "a statement added": whoever was last heard from
            # (an organisation or a named person, not "400 migrants" who "agreed")
            for m in reversed(self.mentions):
                if m.start < start and m.name.lower() != text.lower() and not re.search(r"\d", m.name):
                    return Speaker(m.name, m.category, m.person, start)
        text, person = self.expand(tok, text, person)
        if (person or tok.pos_ == "PROPN") and tok.dep_ in ("nsubj", "nsubjpass"):
            others = [c for c in tok.children if c.dep_ == "conj" and c.ent_type_ in ("PERSON", "PER")]
            if others and any(c.dep_ == "cc" for c in tok.children):  # "Ms Patel and Mr Darmanin said"
                names = [text] + [self.phrase(c)[0] for c in others]
                joiner = " et " if self.language == "fr" else " and "
                return Speaker(", ".join(names[:-1]) + joiner + names[-1], self.category(text), True, start, True)
        return Speaker(text, self.category(text), person, start, tok.tag_ in ("NNS", "NNPS"))

    def _person_named_before(self, tok, gender: str | None) -> Speaker | None:
        """The nearest person named before `tok` in any role of the sentence (an object, "according
        to X"), outside quotation marks, whose gender does not contradict `gender`, or None. Used
        when no speaker or subject before `tok` fits: subjects are the likelier antecedents."""
        for ent in reversed(self.ents):
            if ent.end > tok.i or ent.label_ not in ("PERSON", "PER") or ent.start_char in self.inside or \
                    ent.root.dep_ in ("compound", "nmod", "amod", "poss"):
                continue  # "the Eastbrook library", "Price's lawyer": the name of no one speaking here
            if tok.i - ent.end > 80:
                break
            words = self._name_words(ent)
            if not words:
                continue
            name = self.fullest(" ".join(words))
            if gender and self.gender_of(name) not in (None, gender):
                continue
            return Speaker(name, self.category(name), True, self.offset + tok.idx)
        return None

    def _person_noun_before(self, tok, gender: str | None):
        """The nearest singular noun naming a person before `tok` (about two sentences back,
        outside quotation marks), of a gender compatible with `gender`, or None."""
        vocab = people_nouns(self.language, self.taxonomy_dir) | set(self.lex.roles)
        for t in reversed(self.sdoc[max(0, tok.i - 50):tok.i]):
            if t.pos_ != "NOUN" or t.idx in self.inside or t.tag_ in ("NNS", "NNPS") or \
                    "Plur" in t.morph.get("Number"):
                continue
            lemma = t.lemma_.lower()
            if (lemma in vocab or t.lower_ in vocab) and lemma not in self.lex.group_words and \
                    lemma not in self.lex.collective_nouns and \
                    self.lex.role_gender.get(lemma) in (None, gender):
                return t
        return None

    def group_of_part(self, tok):
        """The group a quantifier names part of: "certains des manifestants", "some of the
        marchers" -> that noun; "Some held placards", "others blamed …" -> the nearest plural
        noun of people before it, in its sentence or the one before. The token, or None."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "among", "parmi"):
                c = next((p for p in c.children if p.dep_ == "pobj"), None)
            if c is not None and c.dep_ in ("pobj", "nmod") and c.pos_ in ("NOUN", "PROPN") and c.i > tok.i:
                return c
        first = max(0, tok.i - 50)  # this sentence and the one before, about
        vocab = self._role_vocabulary() | self.lex.protest_words | self.lex.crowd_words
        for t in reversed(self.sdoc[first:tok.i]):
            if t.pos_ != "NOUN" or t.idx in self.inside or t.lower_ in self.lex.quantifiers or \
                    not (t.tag_ in ("NNS", "NNPS") or "Plur" in t.morph.get("Number")):
                continue
            lemma = t.lemma_.lower()
            if lemma in vocab or t.lower_ in vocab or category_of(lemma, self.language, self.taxonomy_dir):
                return t
        return None

    def author_of(self, tok):
        """The author of a statement noun: "X's statement", "a statement issued by X",
        "X took their own census"."""
        for c in tok.children:
            if c.dep_ == "poss" and c.pos_ != "PRON":
                return c
            if c.dep_ == "compound" and c.pos_ == "PROPN":  # "the AFP report"
                return c
            if c.dep_ == "poss" and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
                subj = self.subject_of(tok.head)
                if subj is not None and subj is not tok:
                    return subj
        if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and tok.head.lemma_.lower() in self.lex.issue_verbs:
            subj = self.subject_of(tok.head)  # "the government issued a statement"
            if subj is not None and subj is not tok and subj.pos_ != "PRON":
                return subj
        for c in tok.subtree:
            if c.dep_ == "pobj" and c.head.text.lower() in ("by", "from", "par") and c.i > tok.i \
                    and c.head.head.i in (tok.i, *[x.i for x in tok.children]):
                return c
            if c.dep_ == "pobj" and c.head.text.lower() in ("de", "du", "des", "d'", "d’") and \
                    c.head.head == tok and c.i > tok.i:  # "le communiqué de la préfecture"
                return c
        return None

    # -- roles given to named people ----------------------------------------------------
    def _role_vocabulary(self) -> frozenset:
        # asked for each description and role phrase: the union is made once per document
        vocab = self.__dict__.get("_role_vocab")
        if vocab is None:
            lex = self.lex
            vocab = self._role_vocab = frozenset(lex.roles) | lex.proxy_roles | lex.titles | lex.speaker_nouns | \
                people_nouns(self.language, self.taxonomy_dir)
        return vocab

    def _role_phrase(self, toks) -> NamedRole | None:
        """The role words `toks` give a name, when they name a role (a role word or a
        common noun, no other person's name); `name` and `start` are filled by the caller."""
        toks = [t for t in toks if not t.is_space]
        while toks and (toks[0].pos_ in ("ADP", "CCONJ", "DET", "PUNCT") or toks[0].lower_ in self.lex.determiners):
            toks = toks[1:]
        while toks and (toks[-1].pos_ in ("ADP", "CCONJ", "DET", "PUNCT") or toks[-1].lower_ in ROLE_PREPS):
            toks = toks[:-1]
        if not toks or len(toks) > 12 or any(t.ent_type_ in ("PERSON", "PER") for t in toks):
            return None
        vocab = self._role_vocabulary()
        if not any(t.lower_ in vocab or t.lemma_.lower() in vocab or
                   (t.pos_ == "NOUN" and t.text[:1].islower()) for t in toks):
            return None
        head = []
        for t in toks:
            if t.lower_ in ROLE_PREPS and head:
                break
            if t.lower_ in ("'s", "’s"):
                head = []  # "the Prime Minister's Chief Advisor": the adviser, not the minister
                continue
            head.append(t)
        forms = lambda ts: frozenset(w for t in ts for w in (t.lower_, t.lemma_.lower()))  # noqa: E731
        return NamedRole("", forms(head), forms(toks), 0)

    def named_roles(self) -> list[NamedRole]:
        """The roles the document gives named people: a title or role before the name
        ("Calais Mayor Natacha Bouchart", "le sous-préfet de Dunkerque Hervé Tourmente"),
        or set off by a comma before or after it ("The Chief Advisor, Tomas Reyl",
        "Jérôme Bourrier, procureur de Bayonne,")."""
        if getattr(self, "_named_roles", None) is not None:
            return self._named_roles
        out = []
        sdoc = self.sdoc
        for ent in sdoc.ents:
            if ent.label_ not in ("PERSON", "PER") or ent.start_char in self.inside:
                continue
            words = self._name_words(ent)
            if not words:
                continue
            name = self.fullest(" ".join(words))
            sent_start = ent.sent.start
            found = []
            # a title or role written before the name, with no comma ("government commissioner X")
            own = [t for t in ent if t.text not in words]
            j, run = ent.start - 1, []
            while j >= sent_start and len(run) < 8:
                t = sdoc[j]
                if t.is_punct or t.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "CCONJ", "NUM") or \
                        t.lower_ in self.lex.determiners or "\n" in t.text_with_ws:
                    break
                run.insert(0, t)
                j -= 1
            found.append(run + own)
            # a role set off by a comma before the name, after a few modifiers ("…, twenty-year-old X")
            k = ent.start - 1
            while k >= sent_start and k >= ent.start - 3 and sdoc[k].text != "," and not sdoc[k].is_punct \
                    and sdoc[k].text[:1].islower():
                k -= 1
            if k >= sent_start and sdoc[k].text == ",":
                j, run = k - 1, []
                while j >= sent_start and len(run) < 14:
                    t = sdoc[j]
                    if t.text in APPOSITION_STOPS or t.pos_ in ("VERB", "AUX") or "\n" in t.text_with_ws:
                        break
                    run.insert(0, t)
                    j -= 1
                found.append(run)
            # a role set off by a comma after the name ("X, coordinator of Utopia 56,")
            if ent.end < len(sdoc) - 1 and sdoc[ent.end].text == "," and sdoc[ent.end + 1].text[:1].islower():
                run = []
                for t in sdoc[ent.end + 1:ent.end + 15]:
                    if t.text in APPOSITION_STOPS or t.pos_ in ("VERB", "AUX") or "\n" in t.text_with_ws:
                        break
                    run.append(t)
                found.append(run)
            for toks in found:
                role = self._role_phrase(toks)
                if role is not None:
                    out.append(NamedRole(name, role.head, role.words, self.offset + ent.start_char))
        self._named_roles = out
        return out

    def _feminine_of(self, word: str) -> set:
        """`word` and, in French, its masculine: "la procureure" holds the role "procureur
        de Valmont", "la préfète" that of "préfet"."""
        if self.language != "fr":
            return {word}
        return {word, re.sub(r"ète$", "et", word), re.sub(r"e$", "", word)}

    def role_holder(self, tok, text: str) -> str | None:
        """The named person a role description stands for: "the Chief Advisor" -> the
        person the document calls "Chief Advisor on Homeland Security"; "le procureur" ->
        "Jérôme Bourrier, procureur de Bayonne". Every content word of the description must
        be in the person's role and its head in the role's head; an indefinite description
        ("a government commissioner") needs two such words and a single person. Among
        several people, the one named last before the description, else the next one."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ in ("NNS", "NNPS") or \
                "Plur" in tok.morph.get("Number") or tok.lower_ in self.lex.group_words or \
                tok.lemma_.lower() in self.lex.group_words:
            return None
        forms = self._feminine_of(tok.lower_) | self._feminine_of(tok.lemma_.lower())
        if not (forms & self._role_vocabulary() or (tok.pos_ == "NOUN" and tok.text[:1].islower())) or \
                tok.ent_type_ in ("ORG", "GPE", "NORP", "LOC", "FAC") or tok.text.isupper():
            return None  # "the RHA", "l'AFP" name an organisation, not a role
        words = re.findall(r"[\w-]+", text.lower().replace("’", "'").replace("'s ", " "))
        if not words:
            return None
        indefinite = words[0] in self.lex.indefinites
        content = [w for w in words if w not in self.lex.determiners and w not in self.lex.indefinites
                   and w not in ROLE_PREPS and w not in ("l", "d", "s")]
        if not content or len(content) > 6 or (indefinite and len(content) < 2):
            return None
        cands = [r for r in self.named_roles() if forms & r.head and
                 all(self._feminine_of(w) & r.words for w in content)]
        names = {r.name for r in cands}
        if not names or (indefinite and len(names) > 1):
            return None
        pos = self.offset + tok.idx
        before = [r for r in cands if r.start < pos]
        pick = max(before, key=lambda r: r.start) if before else min(cands, key=lambda r: r.start)
        return pick.name

    def expand(self, tok, text: str, person: bool) -> tuple[str, bool]:
        """A definite description ("the court", "the mayor") -> the fullest earlier mention
        with the same head ("the Administrative Court of Lille", "Mayor Natacha Bouchart")."""
        holder = self.role_holder(tok, text)
        if holder is not None:
            return holder, True
        words = text.lower().replace("’", "'").replace("l'", "l' ").split()
        longest = 6 if self.lex.description_to_name else 3
        if len(words) > longest or not words or words[0] not in self.lex.determiners or \
                tok.pos_ not in ("NOUN", "PROPN"):
            return text, person
        head = tok.lemma_.lower()
        # a person whose role names the same noun ("the Chief Advisor" -> the adviser named before)
        for key, role in self.roles.items():
            if head in role.lower().split() and key in self.full:
                return self.full[key], True
        if tok.pos_ != "NOUN":
            return text, person
        if self.lex.description_to_name:
            return self._expand_by_name(tok, text, person, head)
        best = None
        for t in self.sdoc[:tok.i]:
            if t.lemma_.lower() == head and t.i != tok.i:
                span = self.sdoc[t.left_edge.i:t.i + 1]
                tail = [c for c in t.rights if c.dep_ == "prep" and c.text.lower() in ("of", "for", "in", "de", "du")]
                if tail:
                    span = self.sdoc[t.left_edge.i:tail[0].right_edge.i + 1]
                if len(span) > len(words) and len(span) <= 10 and any(x.pos_ == "PROPN" for x in span):
                    best = span
        if best is not None:
            return _clean(best.text), person
        org = self._organisation_named_before(tok, head, len(words))
        if org is not None:
            return org, False
        return text, person

    def _organisation_named_before(self, tok, head: str, n_words: int) -> str | None:
        """ "The company said" after "Northwind Airlines cancelled 140 flights": the organisation
        the description stands for — the nearest one named before (two sentences back at most,
        outside quotation marks) whose name holds the head ("the airline" -> "Northwind
        Airlines"), else, for a bare organisation noun ("the company", "the union"), the one
        that is the subject of a clause there. Its name, or None."""
        if n_words > 2 or head not in self.lex.organisation_nouns:
            return None
        sent_starts = [s.start for s in self.sents if s.start <= tok.i]
        first = sent_starts[-3] if len(sent_starts) >= 3 else 0
        orgs = [e for e in self.ents if e.label_ == "ORG" and first <= e.start and e.end <= tok.i
                and e.start_char not in self.inside]
        for e in reversed(orgs):
            if head in {t.lemma_.lower() for t in e} | {t.lower_ for t in e}:
                return _clean(e.text)
        for e in reversed(orgs):
            if e.root.dep_ in ("nsubj", "nsubjpass") and e.root.head.i < tok.i:
                return _clean(e.text)
        return None

    def _expand_by_name(self, tok, text: str, person: bool, head: str) -> tuple[str, bool]:
        """French descriptions: "le prêtre" -> the last person named before with the same
        category; "la préfecture maritime" -> its fullest earlier mention, capitals and all."""
        pos = self.offset + tok.idx
        if any(w[:1].isupper() for w in text.split()[1:]):
            return text, person  # "le journal espagnol El Confidencial" names itself
        cat = self.category(text)
        if person and cat != "other" and tok.tag_ not in ("NNS", "NNPS"):
            # a person whose role the document gives is not a different role of the same
            # category ("le procureur" is not "le sous-préfet Hervé Tourmente")
            known = {r.name for r in self.named_roles() if r.head & set(self.lex.roles)}
            for m in reversed(self.mentions):
                if m.start < pos and m.person and m.category == cat and m.name not in known and \
                        any(w[:1].isupper() for w in m.name.split()):
                    return m.name, True
        best = None
        for t in self.sdoc[:tok.i]:
            if t.lemma_.lower() == head and t.i != tok.i and t.pos_ == "NOUN":
                cand = self.phrase(t)[0]
                if len(cand.split()) > len(text.split()) and \
                        sum(w[:1].isupper() for w in cand.split()[1:]) >= 1:
                    best = cand
        if best is not None:
            return best, person
        if not person and cat != "other":
            for m in reversed(self.mentions):
                if m.start < pos and not m.person and m.category == cat and \
                        any(w[:1].isupper() for w in m.name.split()[1:] or m.name.split()):
                    return m.name, False
        return text, person

    def from_tokens(self, toks, expand: bool = True) -> Speaker | None:
        """A speaker from a run of tokens ("local prefect Jacques Billant", "she",
        "a spokesperson for Utopia 56", "Salomé, coordinator of Utopia 56")."""
        toks = [t for t in toks if not t.is_space]
        for lead in self.lex.lead_phrases:  # "de son côté la préfecture": the subject
            if tuple(t.text.lower() for t in toks[:len(lead)]) == lead:
                toks = toks[len(lead):]
                break
        if self.lex.description_to_name and len(toks) > 2 and toks[0].lower_ in ("à", "au", "aux"):
            # "confie à l'AFP Karim": whom it was said to comes before the inverted subject
            k = next((i for i, t in enumerate(toks[1:], 1) if t.pos_ in ("PROPN", "NOUN")), None)
            while k is not None and k + 1 < len(toks) and (
                    toks[k + 1].pos_ == "PROPN" and toks[k + 1].text[:1].isupper() or
                    toks[k + 1].text == "-" and k + 2 < len(toks) and toks[k + 2].text[:1].isupper()):
                k += 2 if toks[k + 1].text == "-" else 1  # "à France Bleu Nord", "à l'Agence France-Presse"
            if k is not None and k + 1 < len(toks):
                toks = toks[k + 1:]
        while toks and (toks[0].is_punct or toks[0].pos_ in ("ADV", "CCONJ")):
            toks = toks[1:]
        while toks and (toks[-1].is_punct or toks[-1].pos_ in ("ADV", "CCONJ", "ADP")):
            toks = toks[:-1]
        if not toks or len(toks) > 16:
            return None
        start = self.offset + toks[0].idx
        span = (start, self.offset + toks[-1].idx + len(toks[-1].text))
        for t in toks:  # "a statement issued by X" speaks for X
            if t.lemma_.lower() in self.lex.statement_nouns and t.dep_ != "compound":
                author = self.author_of(t)
                if author is not None:
                    return self.resolve(author)
        if len(toks) == 1 and (toks[0].pos_ == "PRON" or toks[0].text.lower() in
                               self.lex.person_pronouns | self.lex.group_pronouns | self.lex.quantifiers):
            return self.resolve(toks[0])
        if any(t.pos_ == "PRON" and t.dep_ != "poss" and not (
                self.lex.description_to_name and t.lower_ in self.lex.determiners) for t in toks[:1]):
            return self.resolve(toks[0])
        # a name, then its role after a comma: keep the name
        comma = next((k for k, t in enumerate(toks) if t.text == ","), None)
        head_part = toks[:comma] if comma else toks
        role_part = toks[comma + 1:] if comma else []
        # "the lawyer of Tom Ciotkowski, Appoline Cagnat": a name after "of" is whom the role
        # serves, not the speaker, when another name stands in apposition
        served = next((k for k, t in enumerate(head_part) if t.lower_ in ("of", "for", "de", "du", "des", "d'", "d’")
                       and k > 0 and head_part[k - 1].pos_ == "NOUN" and head_part[k - 1].text[:1].islower()), None)
        names = [t for t in head_part if t.ent_type_ in ("PERSON", "PER")
                 and not (served is not None and role_part and t.i > head_part[served].i)]
        named_role = role_part and all(t.text[:1].isupper() or t.lower_ in ("de", "du", "van", "von", "-")
                                       for t in role_part) and \
            any(t.pos_ == "NOUN" and t.text[:1].islower() for t in head_part)
        if not names and role_part and (named_role or any(t.ent_type_ in ("PERSON", "PER") for t in role_part)):
            # "the group's president, Lucas Arden": the name is in the apposition
            head_part, role_part = role_part, head_part
            names = [t for t in head_part if t.ent_type_ in ("PERSON", "PER")] or \
                [t for t in head_part if named_role and t.text[:1].isupper()]
        if not names and head_part and all(t.pos_ == "PROPN" or t.text.lower() in self.lex.titles
                                           for t in head_part) and not self._is_group(
                " ".join(t.text for t in head_part)):
            names = [t for t in head_part if t.pos_ == "PROPN"]
        if names:
            ent = next((e for e in self.ents if e.start <= names[-1].i < e.end
                        and e.label_ in ("PERSON", "PER")), None)
            words = self._name_words(ent) if ent is not None else [t.text for t in names]
            name = self.fullest(" ".join(words))
            if not name.strip():
                return None
            role = " ".join(t.text for t in head_part if t.i < names[0].i) + " " + \
                " ".join(t.text for t in role_part)
            key = name.split()[-1].lower()
            if role.strip():
                self.roles.setdefault(key, role.strip())
            return Speaker(name, self.category(name), True, start, span=span)
        text = _clean(self.sdoc[toks[0].i:toks[-1].i + 1].text)
        if not text:
            return None
        run = {t.i for t in toks}
        head = next((t for t in toks if t.head.i not in run or t.head is t), toks[-1])
        if not self.can_speak(head, text, toks):
            return None
        person = not self._is_group(text) and toks[-1].tag_ not in ("NNS", "NNPS")
        if expand and (toks[0].lower_ in self.lex.determiners or toks[0].lower_ in self.lex.indefinites):
            # "la préfecture maritime", "the Chief Adviser": the fullest mention named before
            head = next((t for t in toks if t.pos_ == "NOUN"), None) if self.lex.description_to_name else head
            if head is not None:
                text, person = self.expand(head, text, person)
        return Speaker(text, self.category(text), person, start, span=span)

    def gender_of(self, name: str) -> str | None:
        """'f', 'm' or None, from a title before the name in the document ("Ms Varda")
        or from the role words ("spokeswoman"), else from the given name ("Julie Tran")."""
        if name not in self._genders:
            g = None
            words = name.lower().split()
            role = self.roles.get(words[-1], "").lower().split() if words else []
            for w in words + role:  # "spokeswoman Ada Lind"; "her son, Marc"
                g = g or self.lex.role_gender.get(w)
            if g is None and words:
                last = re.escape(name.split()[-1])
                m = re.search(rf"\b({'|'.join(re.escape(t) for t in self.lex.title_gender)})\.?\s+(?:[A-Z][\w-]+\s+)?{last}\b",
                              self.text, re.I) if self.lex.title_gender else None
                if m:
                    g = self.lex.title_gender.get(m.group(1).lower())
            if g is None and words and (len(words) >= 2 or words[0] not in self.full):
                # "Julie Tran"; a name given alone ("Marc") unless it is someone's surname
                # ("Organizer Hannah Whitfield": the first given name before the surname)
                g = next((x for x in (first_name_gender(w, self.taxonomy_dir) for w in words[:-1] or words) if x), None)
            g = g or self.learned_genders.get(name)
            self._genders[name] = g
        return self._genders[name]

    def learn_gender(self, name: str, subj, verb) -> None:
        """ "Kwabena Mensah said he would …": the person named as a speech verb's subject is
        of the gender of the pronoun that opens the reported clause, when no other person is
        named between them — for names the given-name list does not know."""
        comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if comp is None or comp.i <= verb.i:
            return
        pro = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        g = self.lex.pronoun_gender.get(pro.lower_) if pro is not None else None
        if g is None or pro.idx in self.inside or any(
                t.ent_type_ in ("PERSON", "PER") for t in self.sdoc[subj.i + 1:pro.i]):
            return
        if name not in self.learned_genders:
            self.learned_genders[name] = g
            self._genders.pop(name, None)

    def remember(self, sp: Speaker | None) -> None:
        if sp is not None:
            self.mentions.append(sp)
            self.mentions.sort(key=lambda m: m.start)


def resolver_for(sdoc, language: str, taxonomy_dir: str | None, offset: int) -> Resolver:
    """The document's resolver, built once and shared by the quotes and claims stages."""
    key = ("counterpoint.resolver", language, taxonomy_dir, offset)
    r = sdoc.user_data.get(key)
    if r is None:
        r = sdoc.user_data[key] = Resolver(sdoc, language, taxonomy_dir, offset)
    return r


def reporting_object(tok, lex: Speech):
    """For a token starting a reporting phrase ("according" of "according to X"): X's head."""
    first = tok.text.lower()
    for phrase in lex.reporting_phrases:
        if phrase and phrase[0] != first:
            continue  # (asked of many tokens: most start no phrase)
        n = len(phrase)
        toks = tok.doc[tok.i:tok.i + n]
        if len(toks) == n and tuple(t.text.lower() for t in toks) == phrase:
            last = toks[-1]
            for c in list(last.children) + list(toks[0].children):
                if c.dep_ == "pobj":
                    return c
            # the parser sometimes hangs the object elsewhere: take the next noun
            for t in tok.doc[last.i + 1:last.i + 8]:
                if t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("compound", "amod"):
                    return t
    return None
