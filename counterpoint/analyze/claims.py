"""Claims: figures and who the document attributes them to ("350 according to the police").

For each count in a sentence (counts.py), skipping years, times, ages, distances, durations,
percentages and numbers inside names ("Utopia 56", "M20"):
  1. a count inside a direct quote is a claim of the quote's speaker;
  2. a reporting phrase ("according to X") nearest to the count — so "350 according to the
     police, 400 to 600 according to associations" gives each figure its own source;
  3. else the subject of a speech or estimate verb of the sentence ("X said", "X estimates",
     "X put the number at", "the group's census counted");
  4. else a sentence that ends in "he said" / "X said" just after it (the adjacent sentence).
Figures with no source are kept with attributed_to None: the profile counts them.
"""
from __future__ import annotations

import re

from ..models import Claim
from .counts import find_counts
from .speakers import reporting_object, resolver_for, speech, speech_language

UNIT_AFTER = re.compile(
    r"^\s*(?:-|\s)?(?:%|per ?cent|percent|years?|year-old|yr|months?|weeks?|days?|hours?|hrs?|minutes?|"
    r"mins?|seconds?|km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|m\b|ft|feet|kg|degrees?|°|am\b|pm\b|"
    r"a\.m\.|p\.m\.|h\b|gmt|bst|cet|st\b|nd\b|rd\b|th\b|times\b|o'clock|-hour|-day|-week|-month|-year|"
    r"-mile|-metre|-meter|"
    # French units
    r"ans?\b|jours?\b|heures?\b|semaines?\b|mois\b|kilomètres?|mètres?|degrés?|pour ?cent|h\d|"
    r"er\b|e\b|ème\b|ans?-)", re.I)
BEFORE_SKIP = re.compile(r"(?:aged|age of|ages of|junction|route|article|section|page|no\.|number|"
                         r"chapter|platform|gate|\bm|\ba|utopia|covid-|\d[.:])\s*$", re.I)
# whole month names or their abbreviations only: "350 marchers" is not "350 March"
MONTHS = (r"(?:jan(?:uary|vier)?|feb(?:ruary)?|févr?(?:ier)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?|may|mai|"
          r"june?|juin|july?|juil(?:let)?|aug(?:ust)?|août|sept?(?:ember|embre)?|oct(?:ober|obre)?|"
          r"nov(?:ember|embre)?|d[eé]c(?:ember|embre)?)\.?")
MONEY_BEFORE = re.compile(r"[£$€]\s*$")
MONEY_AFTER = re.compile(r"^\s*(?:million|billion|bn|m\b)?\s*(?:euros?|pounds?|dollars?|sterling|£|€|\$)", re.I)


def _skip(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 14):start], text[end:end + 14]
    if re.match(r"^[.:]\d", after) or re.search(r"\d[.:]\d\d$", text[start:end]):
        return True  # times: 5.30am, 12:09
    if UNIT_AFTER.match(after) or BEFORE_SKIP.search(before):
        return True
    if re.search(r"[A-Z][\w.-]+,\s*$", before) and re.match(r"^\s*[,)]", after):
        return True  # "Ahmed, 24, from Afghanistan": an age
    if re.match(rf"^\s*{MONTHS}\b", after, re.I) or re.search(rf"\b{MONTHS}\s*$", before, re.I):
        return True  # "25 September", "September 25"
    if re.match(r"^[\w]", after) or re.search(r"[\w-]$", before) and not MONEY_BEFORE.search(before):
        return True  # inside a word or a name: "M20", "Care4Calais", "11a"
    return False


def _units(sdoc, sent):
    """A sentence cut at line breaks: a headline never lends its words to the next line."""
    out, start = [], sent.start
    for t in sent:
        if "\n" in t.text_with_ws and t.i + 1 > start:
            out.append(sdoc[start:t.i + 1])
            start = t.i + 1
    if start < sent.end:
        out.append(sdoc[start:sent.end])
    return [u for u in out if u.text.strip()]


def _subject(sdoc, start: int, end: int) -> str:
    """What the figure counts: the noun it modifies and a short tail ("migrants in Calais")."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return ""
    tok = span[-1]
    head = tok.head if tok.dep_ in ("nummod", "quantmod", "amod", "compound") else tok
    if head.pos_ not in ("NOUN", "PROPN"):
        nxt = [t for t in sdoc[span.end:span.end + 3] if t.pos_ in ("NOUN", "PROPN")]
        head = nxt[0] if nxt else head
    if head.i < span.end - 1 and head.pos_ not in ("NOUN", "PROPN"):
        return ""
    words = [t for t in head.lefts if t.dep_ in ("amod", "compound") and t.i >= span.end] + [head]
    for c in head.rights:
        if c.dep_ in ("prep", "acl") and c.text.lower() not in ("by",):
            words += [t for t in c.subtree][:5]
            break
    words.sort(key=lambda t: t.i)
    return re.sub(r"\s+", " ", " ".join(t.text for t in words)).strip(" ,.")


TWEET_SIGNATURE = re.compile(r"[—–-]\s*(?P<name>[^\n(@—–]{3,80}?)\s*\(@\w+\)")


def _tweet_author(text: str, end: int) -> tuple[str, tuple[int, int]] | None:
    """An embedded post's figures are its author's: "… — Harbour Aid (@harbouraid) 14 January".
    (name, its offsets in `text`), or None."""
    m = TWEET_SIGNATURE.search(text, end, end + 300)
    if m is None or re.search(r"[.!?]\s+[A-ZÀ-Ý][a-zà-ÿ]+\s+[a-zà-ÿ]+\s+[a-zà-ÿ]+", text[end:m.start()]):
        return None  # prose between the figure and the signature: not the post's text
    name = m.group("name").strip()
    a = text.index(name, m.start("name"))
    return name, (a, a + len(name))


def _phrase_verbs(sent, lex) -> list:
    """Verbs of two-word attributions ("faire état", "faire savoir"): the verb token."""
    phrases = [p.split() for p in lex.estimate_verbs | lex.reported_verbs if " " in p]
    out = []
    for t in sent:
        if t.pos_ in ("VERB", "AUX"):
            nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
            if nxt is not None and any(t.lemma_.lower() == a and nxt.lower_ == b for a, b in phrases):
                out.append(t)
    return out


INVERTED_PRONOUNS = ("-il", "-elle", "-ils", "-elles")


def _inverted_subject(sdoc, v, resolver):
    """The subject after a verb in an incise: ", ont indiqué gendarmerie et préfecture"."""
    i = v.i
    while i > 0 and (sdoc[i - 1].pos_ == "AUX" or sdoc[i - 1].lower_ in INVERTED_PRONOUNS or sdoc[i - 1].lower_ == "-t"):
        i -= 1
    if i == 0 or sdoc[i - 1].text not in (",", "»", "\"", "”"):
        return None
    for t in sdoc[i:v.i + 2]:  # ", a-t-elle ajouté", ", précise-t-il": the pronoun of the inversion
        if t.lower_ in INVERTED_PRONOUNS:
            return resolver.resolve(t)
    j = v.i + 1
    if j < len(sdoc) and sdoc[j].lower_ in ("état", "savoir", "part"):
        j += 1
        if j < len(sdoc) and sdoc[j].lower_ in ("de", "d'", "d’"):
            return None  # "a fait état de 32 rescapés": the subject is before
    who = []
    for t in sdoc[j:j + 16]:
        glued = t.text in ("-", "‐") and not sdoc[t.i - 1].whitespace_  # "Boulogne-sur-Mer"
        if t.is_punct and not glued or t.lower_ in ("que", "qu'", "qu’", "à", "au", "dans", "lors", "selon", "auprès") \
                or t.lower_ == "sur" and not (who and who[-1].text == "-"):
            break
        who.append(t)
    if not who or who[0].pos_ in ("VERB", "AUX", "SCONJ", "ADP") or who[0].lower_ in ("que", "qu'"):
        return None
    end = who[-1].i + 1
    if end + 1 < len(sdoc) and sdoc[end].text == ",":  # "précise le procureur de Lille, Ilse Marten."
        name = resolver.name_run(end + 1, +1, after_role=True)
        if name and (name[-1].i + 1 >= len(sdoc) or sdoc[name[-1].i + 1].is_punct):
            who = who + [sdoc[end]] + name
    return resolver.from_tokens(who, expand=False)  # a figure's source as written


def _according_source(t, lex, resolver):
    """The source named by the reporting phrase starting at `t` ("according to X's count": X)."""
    obj = reporting_object(t, lex)
    sp = resolver.resolve(obj) if obj is not None else None
    if sp and obj.lemma_.lower() in lex.statement_nouns and obj.head is not None:
        author = resolver.author_of(obj)
        sp = resolver.resolve(author) if author is not None else sp
    return sp


def _statement_source(sent, lex, resolver, lang: str, vague, back: bool):
    """The author of a statement that a figure-free adjacent sentence is about.

    After the figures (`back`): a statement noun that refers back to them ("The figure was
    given by X.", "X published the toll on Monday.", "These figures come from X.", "Le bilan a
    été communiqué par X."). Before them: a statement X issued ("X published a new toll on
    Monday."). The speaker, or None."""
    if sent is None or len(sent) > 30 or any(c.count is not None and not c.year_like and c.count.max != 1
                                             for c in find_counts(sent.text, lang, vague)):
        return None
    for t in sent:
        if t.pos_ != "NOUN" or t.lemma_.lower() not in lex.statement_nouns and t.lower_ not in lex.statement_nouns:
            continue
        dets = [c.lower_.replace("’", "'").rstrip("'") for c in t.children if c.dep_ in ("det", "poss")]
        if back and not any(d in lex.back_determiners for d in dets):
            continue  # "the toll", "these figures", "ce bilan": the figures just given
        author = resolver.author_of(t)
        if author is None and back and t.dep_ in ("nsubj", "nsubjpass"):
            verb = t.head
            if verb.lemma_.lower() in lex.origin_verbs:  # "these figures come from X"
                author = next((o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("from", "de", "d'", "d’", "du", "des")
                               for o in p.children if o.dep_ == "pobj"), None)
            elif t.dep_ == "nsubjpass" or verb.lemma_.lower() in lex.issue_verbs:
                author = resolver.subject_of(verb)  # "the toll was given by X": the agent
                author = None if author is t else author
        elif author is not None and not back and t.dep_ != "dobj":
            author = None  # before the figures only "X published a toll" announces them
        if author is not None and author.pos_ != "PRON":
            sp = resolver.resolve(author)
            if sp is not None:
                return sp
    return None


# what separates two clauses that each give a figure and its source
CLAUSE_BREAK = re.compile(r"(?i);|\b(?:while|whereas|but|against|versus|tandis|alors que|mais|contre)\b")


def _own_source(text: str, a: int, b: int, figures: list[int], sources, according):
    """Among several sources of a sentence that holds several figures, the figure's own: the
    nearest source with no other figure between them ("the police counted 350, while the
    organisers said 1,200"; "350 according to the police, 1,200 according to the
    organisers"). A `sources` entry, an `according` token, or None (one source, one figure,
    or none that is alone with the figure)."""
    cands = [(x[0], x) for x in sources] + [(t.idx, t) for t in according]
    if len(cands) < 2 or len(figures) < 2:
        return None

    def alone(pos: int) -> bool:
        lo, hi = (pos, a) if pos < a else (b, pos)
        return not any(lo < f < hi for f in figures if f != a)

    def same_clause(pos: int) -> bool:
        lo, hi = (pos, a) if pos < a else (b, pos)
        return not CLAUSE_BREAK.search(text[lo:hi])

    near = [c for c in cands if alone(c[0])]
    near = [c for c in near if same_clause(c[0])] or near
    if not near:
        return None
    return min(near, key=lambda c: c[0] - b if c[0] >= b else a - c[0])[1]


def extract(sdoc, ctx) -> list[Claim]:
    tdir = ctx.settings.taxonomy_dir if ctx.settings else None
    lang = speech_language(ctx.language, tdir)
    lex = speech(lang, tdir)
    resolver = resolver_for(sdoc, lang, tdir, ctx.offset)
    resolver.source = getattr(ctx, "source", None)
    text = resolver.text
    direct = [q for q in ctx.quotes if q.direct]
    vague = ctx.settings.vague_numbers if ctx.settings else {}
    claims: list[Claim] = []
    sents = []
    for u in (u for sent in resolver.sents for u in _units(sdoc, sent)):
        if sents and u.text.lstrip()[:1] in (",", ";") and "\n" not in sdoc[sents[-1].end - 1].text_with_ws \
                and not sents[-1].text.rstrip().endswith((".", "!", "?", ":")):
            sents[-1] = sdoc[sents[-1].start:u.end]  # a sentence the parser cut before its comma
        else:
            sents.append(u)
    firsts = {p[0] for p in lex.reporting_phrases}
    last_source = None
    for si, sent in enumerate(sents):
        s0 = sent.start_char
        found = [c for c in find_counts(sent.text, lang, vague) if c.count is not None and not c.year_like
                 and not (c.count.min == 1 and c.count.max == 1)]
        if not found:
            continue
        according = [t for t in sent if t.text.lower() in firsts
                     and reporting_object(t, lex) is not None]
        verbs = [t for t in sent if (t.lemma_.lower() in lex.estimate_verbs or t.lemma_.lower() in lex.reported_verbs)
                 and (t.pos_ in ("VERB", "AUX") or t.pos_ == "ADJ" and any(c.dep_ == "aux" for c in t.children))]
        # (a participle the tagger took for an adjective: "les ONG ont recensé 37 morts")
        # whom a speaker addresses is not what they claim: "told a crowd of about 150 people"
        addressed = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)) for v in sent
                     if v.lemma_.lower() in ("tell", "address", "inform", "brief", "urge", "ask")
                     for c in v.children if c.dep_ in ("dobj", "dative")
                     and not any(x.pos_ in ("VERB", "AUX") or x.dep_ == "mark" for x in c.subtree)]
        sources = []  # (token position, source) of every attributing subject in the unit
        if lang == "fr":
            # "…, ont indiqué gendarmerie et préfecture." / "a fait savoir la préfecture":
            # the subject follows the verb of an incise
            forms = [t for t in sent if t.lower_ in lex.quote_verb_forms and t.pos_ not in ("VERB", "AUX")]
            for v in verbs + _phrase_verbs(sent, lex) + forms:  # "…, estiment les associations"
                sp = _inverted_subject(sdoc, v, resolver)
                if sp is not None:
                    sources.append((v.idx, sp, (v.idx, v.idx), v))  # (the subject follows the verb)
        for v in verbs + (_phrase_verbs(sent, lex) if lang == "fr" else []) + \
                [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.lemma_.lower() in lex.statement_nouns]:
            if v.idx in resolver.inside:
                continue  # a quoted "le bilan est de …" names no source for the figures around it
            subj = v if v.dep_ in ("nsubj", "nsubjpass") and v.pos_ == "NOUN" else resolver.subject_of(v)
            if subj is None:
                continue
            if subj.text.lower() in ("which", "who", "that") and subj.head.dep_ == "relcl":
                subj = subj.head.head
            sp = resolver.resolve(subj)
            if sp is not None:
                clauses = {x.i for c in subj.children if c.dep_ in ("relcl", "acl", "advcl")
                           for x in c.subtree}  # "services, which estimate 1,000": not the name
                own = [x.i for x in subj.subtree if x.i not in clauses]
                end = subj.i
                while end + 1 in own and not sdoc[end + 1].is_punct:
                    end += 1  # the contiguous phrase: "the head of Utopia 56"
                span = (sdoc[own[0]].idx, sdoc[end].idx + len(sdoc[end].text))
                sources.append((v.idx, sp, span, v))
        for t in sent:  # "600 people, a figure given by the prefecture, …": the statement's author
            if t.pos_ == "NOUN" and t.lemma_.lower() in lex.statement_nouns and \
                    t.dep_ not in ("nsubj", "nsubjpass", "pobj", "compound"):
                author = resolver.author_of(t)
                sp = resolver.resolve(author) if author is not None and author.pos_ != "PRON" else None
                if sp is not None:
                    sources.append((t.idx, sp, (t.idx, t.idx), t))
        sent_source = None
        if si + 1 < len(sents):
            nxt = sents[si + 1]
            toks = [t for t in nxt if not t.is_punct and not t.is_space]
            if 1 < len(toks) <= 8 and any(t.lemma_.lower() in lex.verbs for t in toks[:4]):
                v = next(t for t in toks if t.lemma_.lower() in lex.verbs)
                subj = resolver.subject_of(v)
                sp = resolver.resolve(subj) if subj is not None else None
                if sp is None and lang == "fr":  # "… dans les bois, estiment les associations."
                    sp = _inverted_subject(sdoc, v, resolver)
                sent_source = sp
        if sent_source is None:  # "… 12 injured. The toll was given by X." / "X published the toll."
            nxt = sents[si + 1] if si + 1 < len(sents) else None
            prv = sents[si - 1] if si > 0 else None
            sent_source = _statement_source(nxt, lex, resolver, lang, vague, back=True) or \
                _statement_source(prv, lex, resolver, lang, vague, back=False)
        figures = [s0 + c.start for c in found]
        for c in found:
            a, b = s0 + c.start, s0 + c.end
            if _skip(text, a, b):
                continue
            if lang == "fr" and re.search(r"(?<![.!?:]\s)\b[A-Z][\w-]+\s$", text[max(0, a - 25):a]) and \
                    not re.match(r"\s*(?:[a-zà-ÿ]+\s+)?(?:personnes|migrants|exilés|morts|blessés|policiers|gendarmes|%)", text[b:b + 30]):
                continue  # a number that ends a name: "France 3", "Osmose 62"
            if lang == "fr" and text[a - 1:a] == "(" and text[b:b + 1] == ")":
                continue  # a département: "Wimereux (62)"
            source, source_span = None, None
            q = next((q for q in direct if q.start - ctx.offset <= a < q.end - ctx.offset), None)
            usable = [x for x in sources if not (x[2][0] <= a < x[2][1])]  # not "47 migrants said"
            if any(x <= a < y for x, y in addressed):
                usable = []
            governing = _own_source(text, a, b, figures, usable, according) if q is None else None
            if q is not None and q.speaker:
                source, source_span = q.speaker, q.speaker_span
            elif governing is not None and not isinstance(governing, tuple):
                sp = _according_source(governing, lex, resolver)
                source, source_span = (sp.name, sp.span) if sp else (None, None)
            elif governing is not None:
                source, source_span = governing[1].name, governing[1].span
            elif according:
                sp = _according_source(min(according, key=lambda t: abs(t.idx - a)), lex, resolver)
                source, source_span = (sp.name, sp.span) if sp else (None, None)
            if source is None and q is None and usable:
                sp = min(usable, key=lambda x: abs(x[0] - a))[1]
                source, source_span = sp.name, sp.span
            if source is None and q is None and sent_source is not None:
                source, source_span = sent_source.name, sent_source.span
            if source is None or (source == resolver.source and source_span and
                                  text[source_span[0] - ctx.offset:source_span[1] - ctx.offset].lower()
                                  in lex.first_person):
                # an embedded post's "we" is its author's, not the publisher's
                tweet = _tweet_author(text, sent.end_char)
                if tweet is not None:
                    source, source_span = tweet[0], (ctx.offset + tweet[1][0], ctx.offset + tweet[1][1])
            if source and re.match(r"(?i)(this|these|that|those|its|their|the same)\b", source) and \
                    re.search(r"(?i)(estimate|census|figure|count|report|release|statement|survey)s?$", source) \
                    and last_source is not None:
                source, source_span = last_source  # "according to these estimates": the earlier source
            if source:
                last_source = (source, source_span)
            claims.append(Claim(value=c.count, subject=_subject(sdoc, a, b), attributed_to=resolver.canonical(source),
                                sentence=sent.text.strip(), start=ctx.offset + s0,
                                end=ctx.offset + sent.end_char, extra={"figure": c.text},
                                attributed_span=source_span if source else None))
    return claims
