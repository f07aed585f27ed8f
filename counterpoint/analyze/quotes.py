"""Quotes: direct quotes in any quotation style, reported speech, and who said them.

Stages:
  1. spans: quotation marks are paired within each paragraph (“ ” « » ‘ ’ " ' and '');
     a mark opened and not closed runs to the paragraph's end, as a quote that goes on in
     the next paragraph does; apostrophes (can't, Afghans') are not marks; a quote inside
     a quote belongs to the outer one;
  2. scare quotes — a single quoted word, a quoted name ('the so-called "New Jungle"') or a
     term in brackets — are dropped;
  3. attribution: the speech verb nearest to the quote in the sentences it touches, or the
     sentence before a colon; its subject is the speaker (speakers.py); a quote with no
     verb of its own continues the previous quote's speaker when it follows it closely;
  4. reported speech: a speech verb with a clause that is not in quotation marks ("said
     that ...", "according to X, ...") gives a quote with direct=False.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..models import Quote
from .speakers import Resolver, Speaker, reporting_object, resolver_for, role_category, speech, speech_language

DOUBLE_OPEN, DOUBLE_CLOSE = "“«„", "”»"
SINGLE_OPEN, SINGLE_CLOSE = "‘‹", "’›"
MARKS = re.compile(r"''|[“”«»„\"‘’‹›']")
SUBJ = ("nsubj", "nsubjpass")
# "OTTAWA — ", "CALAIS, France (AP) — ": a dateline before a report's first words
DATELINE = re.compile(r"[A-ZÀ-Ý][A-ZÀ-Ý'’. -]+(?:,[\w .]+)?(?:\s*\([\w .]+\))?\s*[—–-]+\s*")
INTRO = re.compile(r"(?i)\b(?:said|says|say|told|tells|added|adds|wrote|writes|asked|explained|declared)$")


@dataclass
class QuoteSpan:
    start: int  # the quoted words, without the marks
    end: int
    open_end: bool = False  # ran to the end of its paragraph with no closing mark


class Spans:
    """Sorted, non-overlapping character spans with a fast `pos in spans` test."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.spans[i][1]

    def __iter__(self):
        return iter(self.spans)


def _kind(text: str, i: int, mark: str) -> tuple[str, str] | None:
    """(family, 'open'|'close'|'either') of the mark at i, or None for an apostrophe."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(mark)] if i + len(mark) < len(text) else " "
    bws = before.isspace() or before in "([{—–-/" or i == 0
    aws = after.isspace() or after in ".,;:!?)]}—–-" or i + len(mark) >= len(text)
    if mark in DOUBLE_OPEN:
        if mark == "“" and not bws and aws:
            return "d", "close"  # a reversed mark used as closing
        return "d", "open"
    if mark in DOUBLE_CLOSE:
        if bws and not aws:
            return "d", "open"  # ” sanitary risks “ — marks typed the wrong way round
        return "d", "close"
    if mark in ('"', "''"):
        if bws and not aws:
            return "d", "open"
        if aws and not bws:
            return "d", "close"
        return "d", "either"
    if mark in SINGLE_OPEN:
        return "s", "open"
    # ’ and ': an apostrophe between letters or after a letter s is not a mark
    if before.isalnum() and after.isalnum():
        return None
    if bws and not aws:
        return "s", "open"
    if aws and not bws:
        return "s", "close"
    return None


def quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted stretch of `text`, outermost only, in text order."""
    spans: list[QuoteSpan] = []
    carry = None  # the family of a quote left open at the end of the previous paragraph
    for para in re.finditer(r"[^\n]+", text):
        p0, ptext = para.start(), para.group(0)
        opened: dict[str, int] = {}  # family -> content start
        found: list[QuoteSpan] = []
        first = True
        for m in MARKS.finditer(ptext):
            k = _kind(ptext, m.start(), m.group(0))
            if k is None:
                continue
            fam, role = k
            if first and carry == fam and role == "close" and ptext[:1] not in "“«„\"‘'‹":
                # a middle paragraph of a long quote: its opening mark was left out
                opened[fam] = 0
            first = False
            if fam in opened and role in ("close", "either"):
                s = opened.pop(fam)
                found.append(QuoteSpan(p0 + s, p0 + m.start()))
                if fam == "d":
                    opened.pop("s", None)  # an apostrophe taken for a mark inside
            elif role in ("open", "either") and fam not in opened:
                opened[fam] = m.end()
            elif role == "open" and fam in opened and fam == "s":
                opened[fam] = m.end()
        for fam, s in opened.items():
            # an unclosed mark runs to the paragraph's end only where quotes begin: at the
            # start of the paragraph or after "said:" / a comma (not "the ‘90s", "‘jungle’and")
            lead = ptext[:s].rstrip("“«„\"‘'‹ ").rstrip()
            if not (lead == "" or lead[-1] in ":," or INTRO.search(lead)
                    or (found and lead[-1] in ".!?")):  # ‘…,’ said a source. ‘Many more …
                continue
            rest = ptext[s:].rstrip()
            if len(rest.split()) >= 3:
                found.append(QuoteSpan(p0 + s, p0 + s + len(rest), True))
        carry = next((f for f, s in opened.items() if any(q.open_end and q.start == p0 + s for q in found)), None)
        found.sort(key=lambda q: (q.start, -q.end))
        for q in found:
            if any(o.start <= q.start and q.end <= o.end for o in spans if o is not q):
                continue
            spans.append(q)
    out = []
    for q in spans:  # trim spaces inside the marks
        s, e = q.start, q.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(QuoteSpan(s, e, q.open_end))
    out.sort(key=lambda q: q.start)
    # drop spans nested in others (a single-quoted term inside a double-quoted quote)
    return [q for q in out if not any(o is not q and o.start <= q.start and q.end <= o.end
                                       and (o.start, o.end) != (q.start, q.end) for o in out)]


def is_scare(text: str, span: QuoteSpan, cues: frozenset, max_words: int = 0) -> bool:
    """A quoted term or name rather than someone's words."""
    words = span_text(text, span).split()
    if len(words) <= 1:
        return True
    before = text[max(0, span.start - 30):span.start - 1].lower()
    if len(words) <= max_words and not re.search(r"[.!?,;:]", span_text(text, span)):
        prev_word = re.findall(r"[\w'’-]+", before)[-1:]
        if prev_word and prev_word[0] in cues:
            return True
    after = text[span.end + 1:span.end + 12].lower()
    if re.search(r"\(\s*\W?\s*$", text[max(0, span.start - 4):span.start]) and \
            re.match(r"^\W?\s*\)", text[span.end:span.end + 3]):
        return True  # a term in brackets: ('juge des référés')
    if len(words) <= 4 and re.search(r"\b(?:the|so-called|its|their|his|her)\s*$", before) and \
            not re.search(r"[.!?,]$", words[-1]) and words[0].lower() not in ("the", "a", "an"):
        return True  # a named notion: the “Islamisation of the west”
    cue = re.findall(r"[\w-]+(?: [\w-]+)?$", before.strip())
    titled = all(w[:1].isupper() or w.lower() in ("of", "the", "de", "la", "du", "des", "and", "for")
                 for w in words)
    if len(words) <= 3 and titled and not re.search(r"[.!?,]$", words[-1]):
        last = before.split()[-1:] if before.split() else []
        if (last and last[0] in cues) or (cue and cue[0] in cues) or re.match(r"^\W?\s*(camp|site|area)\b", after):
            return True
    return False


def span_text(text: str, span: QuoteSpan) -> str:
    return text[span.start:span.end]


def _sentences_touching(sents, start: int, end: int):
    return [s for s in sents if s.start_char < end + 2 and s.end_char > start - 2]


def _verb_candidates(sdoc, sents, inside, lex):
    """Speech verbs (and reporting phrases) of `sents` that are outside every quote."""
    out = []
    firsts = {p[0] for p in lex.reporting_phrases}
    for s in sents:
        for t in s:
            if t.idx in inside:
                continue
            low = t.lemma_.lower()
            if t.pos_ in ("VERB", "AUX") and low in lex.quote_verbs:
                out.append(("verb", t))
            elif t.pos_ == "NOUN" and low in lex.statement_nouns and t.dep_ == "pobj" \
                    and t.head.text.lower() in ("in", "on"):
                out.append(("noun", t))
            elif t.text.lower() in firsts and reporting_object(t, lex) is not None:
                out.append(("according", t))
    return out


def _statement_author(tok, resolver: Resolver, inside=()):
    """The author of 'in a statement' / 'X's statement': the governing verb's subject."""
    for c in tok.children:
        if c.dep_ == "poss":
            return c
    v = tok.head.head if tok.head is not None else None
    if v is not None and v.pos_ in ("VERB", "AUX"):
        return resolver.subject_of(v, inside)
    return None


# words that open a new clause after a quote rather than name its speaker
CLAUSE_OPENERS = {"while", "whereas", "and", "but", "tandis", "alors", "et", "mais", "or", "ou"}
STOPPERS = {"in", "on", "at", "during", "after", "before", "while", "when", "to", "who", "which",
            "as", "from", "with", "today", "yesterday", "last", "this", "earlier", "later", "that",
            "adding", "but", "and", "because", "since", "via", "by", "under", "about",
            # French: the words that end an inverted subject ("a déclaré la préfète à l'AFP")
            "à", "au", "aux", "dans", "lors", "pendant", "après", "avant", "alors", "qui", "que", "qu'",
            "qu’", "dont", "selon", "auprès", "sur", "par", "avec", "mais", "car", "depuis", "hier",
            "aujourd'hui", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "ce",
            "cette", "devant", "face", "lorsque", "quand", "puis"}


def _apposed_name(toks) -> list:
    """The capitalised name that opens `toks` and ends at punctuation or the text's end
    ("Ilse Marten." after "the prosecutor,"), or []."""
    out = []
    for t in toks:
        if t.is_punct or "\n" in t.text_with_ws and out and t.text[:1].isupper():
            if "\n" in t.text_with_ws and not t.is_punct:
                out.append(t)
            break
        if t.text[:1].isupper() or (out and t.lower_ in ("de", "du", "van", "von", "da", "di", "-")):
            out.append(t)
        else:
            return []
        if len(out) > 4:
            return []
    return out if len(out) >= 2 or (out and out[0].ent_type_ in ("PERSON", "PER")) else []


def _said(sp: Speaker | None, verb) -> Speaker | None:
    """`sp` with the reporting verb (a token: its lemma; a phrase: its words) it was found by."""
    if sp is not None and sp.verb is None and verb is not None:
        if not isinstance(verb, str) and verb.pos_ == "AUX":
            # "a déclaré", "has said": the participle carries the meaning, not the auxiliary
            main = verb.head if verb.head.pos_ == "VERB" and verb.head.i > verb.i else next(
                (t for t in verb.doc[verb.i + 1:verb.i + 4] if t.pos_ == "VERB"), verb)
            verb = main
        sp.verb = verb if isinstance(verb, str) else (verb.lemma_ or verb.text).lower()
    return sp


def _is_verb(t, lex) -> bool:
    if t.lower_ in lex.quote_verb_forms:
        return True
    return t.lemma_.lower() in lex.quote_verbs and (t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB"))


def _subject_after(toks, k: int, resolver: Resolver) -> Speaker | None:
    """The inverted subject after the speech verb `toks[k]`: '…," said the prosecutor, Ilse Marten.'"""
    who = []
    rest = toks[k + 1:]
    if rest and rest[0].pos_ == "PRON" and not (len(rest) == 1 or rest[1].is_punct):
        return None  # '…," claimed they had …' is a clause, not "said he"
    for j, t in enumerate(rest):
        if not who and t.text.lower() in ("that", "how", "if", "whether"):
            return None
        if who and t.lower_ in ("who", "that", "qui") and who[0].lower_ in resolver.lex.indefinites:
            # '…," said an Iraqi Kurd who had lived at the camp': the restrictive clause says who
            clause = []
            for x in rest[j:j + 10]:
                if x.is_punct or x.idx in resolver.inside:
                    break
                clause.append(x)
            if j + len(clause) >= len(rest) or rest[j + len(clause)].text in (".", "!", "?", ",", ";"):
                who += clause
                break
        if t.text == "," and who and _apposed_name(rest[j + 1:]):
            who += [t] + _apposed_name(rest[j + 1:])  # "said the prosecutor, Ilse Marten"
            break
        if t.lower_ in ("and", "et") and who and who[-1].head.i > t.i and who[-1].head.i - t.i <= 3:
            who.append(t)  # "oil and gas worker": the phrase goes on to its head
            continue
        hyphened = who and who[-1].text in ("-", "‐") and not who[-1].whitespace_  # "French-speaking"
        if t.is_punct and t.text not in ("-", "'s", "’s") or t.text.lower() in STOPPERS and who \
                or (t.pos_ in ("VERB", "AUX") and who and not hyphened):
            break
        who.append(t)
    return _said(resolver.from_tokens(who), toks[k]) if who else None


def _embedding_verb(sdoc, q: QuoteSpan, resolver: Resolver, lex, inside) -> Speaker | None:
    """A quoted fragment inside the clause a speech verb reports: 'Bell said the plan was "a
    cash grab"', "l'association craint que l'évacuation ne « mène à … »" — the words are that
    verb's subject's, whoever is named after the quote ("…, comme le rapporte France Bleu")."""
    first = bisect.bisect_left(resolver.starts, q.start)
    if first >= len(sdoc):
        return None
    tok = sdoc[first]
    if tok.i == tok.sent.start or not any(t.is_alpha for t in sdoc[tok.sent.start:max(tok.sent.start, tok.i - 1)]):
        return None  # a quote that opens its sentence is not a fragment of another's clause
    cur = tok
    for _ in range(12):
        head = cur.head
        if head is cur:
            return None
        if cur.dep_ == "ccomp" and head.idx not in inside and head.i < tok.i and \
                head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in lex.reported_clause_verbs:
            subj = resolver.subject_of(head, inside)
            sp = resolver.resolve(subj) if subj is not None else None
            return _said(sp, head) if sp is not None else None
        if head.idx in inside and head.i < tok.i:
            return None
        cur = head
    return None


def _after_quote(sdoc, text, q: QuoteSpan, resolver: Resolver, lex, inside) -> Speaker | None:
    """ "…,” said a spokesperson for X.  /  "…," local prefect Jacques Billant told reporters."""
    m = re.match(r"[ \t\u00a0\u202f]*(?:''|[\"”»’'])?[ \t\u00a0\u202f]*", text[q.end:])
    after = q.end + (m.end() if m else 0)
    # '….” Police arrived' starts a new sentence; '«…» a déclaré X' and '"…" said X' do not
    joined = text[q.end - 1:q.end] in ",?!—-–" or text[after:after + 1] in (",", "—", "–")
    toks = []
    first = bisect.bisect_left(resolver.starts, after)
    for t in sdoc[first:first + 20]:
        if t.text in (".", "!", "?", ";", ":") or "\n" in t.text or t.idx in inside \
                or t.text in ("“", "\"", "«", "‘") or len(toks) >= lex.after_quote_window:
            break
        toks.append(t)
    while toks and toks[0].is_punct:
        toks = toks[1:]
    k = next((i for i, t in enumerate(toks) if _is_verb(t, lex)), None)
    if k is None or not joined and (text[after:after + 1].isupper() or
                                    any(t.pos_ not in ("AUX", "ADV") for t in toks[:k])):
        return None
    before = [t for t in toks[:k] if (t.pos_ not in ("ADV", "AUX", "PART") or t.pos_ == "PRON")
              and t.lower_ not in lex.object_clitics]
    if toks[k].tag_ in ("VBG", "VBN") and not any(t.pos_ == "AUX" for t in toks[:k]) \
            and toks[k].lower_ not in lex.quote_verb_forms:
        return None  # '…", considering that the court …' is not an attribution
    if not before:  # said X
        return _subject_after(toks, k, resolver)
    if toks[0].pos_ in ("SCONJ", "CCONJ") or toks[0].lower_ in CLAUSE_OPENERS:
        return None  # '…», tandis que le parti a estimé …': another clause, not this quote's attribution
    last = next((t for t in reversed(toks[:k]) if t.pos_ not in ("AUX", "ADV", "PART")), None)
    told = any(t.dep_ in ("dobj", "dative", "iobj") and t.head.i == toks[k].i for t in toks[k + 1:k + 8])
    if last is not None and last.text == "," and any(t.pos_ in ("NOUN", "PROPN") for t in before) \
            and not told:  # '"…," Salomé, a volunteer, told InfoMigrants': whom she told is no speaker
        # '«…», une ville proche de X, a déclaré Y': what stands between commas describes the
        # quote's last words; the speaker is the subject inverted after the verb
        after = _subject_after(toks, k, resolver)
        if after is not None:
            return after
    # "one officer was heard saying": a verb of perception before the speech verb is no clause
    before = [t for t in before if t.lemma_.lower() not in lex.perception_verbs]
    if any(t.pos_ in ("VERB",) and t.dep_ not in ("amod", "compound") for t in before):
        return None
    return _said(resolver.from_tokens(before), toks[k])


# ", confie-t-il", ", a-t-elle ajouté", ", poursuit-il": a verb inverted with its pronoun subject
_INVERSION = re.compile(r"(?i),\s*(?P<verb>[\w’']+)(?:-t)?-(?P<pro>il|elle|ils|elles|on)\b")
# "…, dit-il, …" / "…, poursuit le prêtre, …" inside a quotation: an incise naming the voice
# (or a name: "…, explique Ilse Marten, chef de mission de X. …")
_INCISE = re.compile(r"(?i),\s*(?P<verb>[\w’']+)(?:(?:-t)?-(?P<pro>il|elle|ils|elles|on)|\s+(?P<np>(?:le|la|l'|l’|les|M\.|Mme|Me)\s*[^,.«»\"“”]{2,60}?|(?-i:[A-ZÀ-Ý][\w’'-]+(?:\s+(?:de\s+)?[A-ZÀ-Ý][\w’'-]+){1,3})))\s*[,.]")


def _token_at(sdoc, pos: int):
    for t in sdoc:
        if t.idx <= pos < t.idx + len(t.text):
            return t
    return None


def _pronoun_speaker(sdoc, resolver: Resolver, pos: int) -> Speaker | None:
    tok = _token_at(sdoc, pos)
    return resolver.resolve(tok) if tok is not None else None


def _french_attribution(sdoc, text, q: QuoteSpan, resolver: Resolver, lex, inside) -> Speaker | None:
    """French incises: "« … », lance-t-il", "« …, dit-il, … »", "« … », poursuit le prêtre",
    "« … » C'est ce que raconte Matin"."""
    m = re.match(r"[ \t\u00a0\u202f]*(?:''|[\"”»’'])?[ \t\u00a0\u202f]*", text[q.end:])
    after = q.end + (m.end() if m else 0)
    tail = text[after:after + 120]
    inv = _INVERSION.match(tail)
    if inv is not None and inv.group("pro").lower() == "on":
        # "pouvait-on lire sur le compte Twitter de X": the impersonal "on" is nobody; the
        # words are those of the account or statement named after it, if any
        rest = re.match(r"[^.!?«»\"“”\n]{0,80}?\b(?:de|du|d['’])\s*(?:la |l['’]|le )?", tail[inv.end():])
        if rest is not None:
            at = after + inv.end() + rest.end()
            toks = []
            for t in sdoc[bisect.bisect_left(resolver.starts, at):]:
                if t.is_punct or "\n" in t.text or len(toks) >= 10:
                    break
                toks.append(t)
            sp = resolver.from_tokens(toks) if toks else None
            if sp is not None:
                return _said(sp, _token_at(sdoc, after + inv.start("verb")))
        return None
    if inv is not None:
        sp = _pronoun_speaker(sdoc, resolver, after + inv.start("pro"))
        if sp is not None:
            return _said(sp, _token_at(sdoc, after + inv.start("verb")))
    cest = re.match(r"(?i)\s*c['’]est (?:ce )?qu(?:e|['’])\s*(?:(?:me|nous|m['’])\s*)?", tail)
    if cest is not None:
        toks = [t for t in sdoc if t.idx >= after + cest.end()][:16]
        k = next((i for i, t in enumerate(toks) if t.lemma_.lower() in lex.quote_verbs), None)
        if k is not None and k <= 2:
            who = []
            for t in toks[k + 1:]:
                if (t.is_punct and t.text not in ("-",)) or (t.text.lower() in STOPPERS and who):
                    break
                who.append(t)
            if who:
                return _said(resolver.from_tokens(who), toks[k])
    # "Pour Hélène Roussel, bénévole, « … »": the voice the sentence opens with
    pour = re.search(r"(?:^|[.!?]\s+|\n)Pour\s+(?P<who>[^,«»\"“”.]{2,60})(?:,[^,«»\"“”.]{2,60})?,\s*[«\"“]?\s*$",
                     text[max(0, q.start - 160):q.start])
    if pour is not None:
        base = max(0, q.start - 160)
        toks = [t for t in sdoc if base + pour.start("who") <= t.idx < base + pour.end("who")]
        sp = resolver.from_tokens(toks) if toks else None
        if sp is not None:
            return sp
    inner = text[q.start:q.end]
    for inc in _INCISE.finditer(inner):
        verb_tok = _token_at(sdoc, q.start + inc.start("verb"))
        if inc.group("pro"):
            sp = _pronoun_speaker(sdoc, resolver, q.start + inc.start("pro"))
        elif verb_tok is not None and verb_tok.lemma_.lower() in lex.quote_verbs:
            toks = [t for t in sdoc if q.start + inc.start("np") <= t.idx < q.start + inc.end("np")]
            sp = resolver.from_tokens(toks) if toks else None
        else:
            sp = None
        if sp is not None:
            return _said(sp, verb_tok)
    return None


def _sentence_before(sdoc, text, q: QuoteSpan, resolver: Resolver, lex, inside) -> Speaker | None:
    """ "X a raconté à France 3 le retour des naufragés. « … »": a quote that opens right
    after a sentence whose speech verb has a named subject is that subject's."""
    prev = [s for s in sdoc.sents if s.end_char <= q.start + 1]
    if not prev:
        return None
    s = prev[-1]
    gap = text[s.end_char:q.start]
    if len(gap) > 6 or re.search(r"\w", gap) or any(a <= s.start_char < b or a < s.end_char - 1 <= b for a, b in inside):
        return None
    for t in s:
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lex.quote_verbs:
            subj = resolver.subject_of(t, inside)
            if subj is not None and subj.pos_ != "PRON":
                sp = resolver.resolve(subj)
                if sp is not None:
                    return _said(sp, t)
    return None


def _sign_noun(sdoc, text, q: QuoteSpan, resolver: Resolver, lex, inside):
    """The placard, banner or chant noun whose words the quote gives, or None: before it in
    its sentence with nothing but the sign's own verbs between ("placards reading '…'",
    "chants of '…'", "Sur les pancartes, on pouvait lire : « … »"), or right after it
    ("'…,' read a banner", "« … » Une banderole des commerçants")."""
    def is_sign(t):
        return t.pos_ in ("NOUN", "PROPN") and (t.lemma_.lower() in lex.sign_nouns or t.lower_ in lex.sign_nouns)

    first = bisect.bisect_left(resolver.starts, q.start)
    # back to the sentence's end (the parser may cut a sentence at « or :)
    seen = 0
    for t in reversed(sdoc[max(0, first - 60):first]):
        if t.idx in inside or t.text in ("“", "«", "\"", "‘", "'", "”", "»", "’"):
            continue
        seen += 1
        if seen > 15 or t.text in (".", "!", "?") or "\n" in t.text_with_ws:
            break
        if is_sign(t):
            return t
        if t.pos_ == "VERB" and t.lemma_.lower() not in lex.sign_verbs:
            break
    after = [t for t in sdoc[bisect.bisect_left(resolver.starts, q.end):][:6] if t.idx not in inside]
    for t in after:
        if is_sign(t):
            return t
        if not (t.is_punct or t.pos_ in ("DET", "ADJ") or t.lemma_.lower() in lex.sign_verbs) or "\n" in t.text:
            break
    return None


def _on_a_sign(sdoc, text, q: QuoteSpan, resolver: Resolver, lex, inside) -> tuple[bool, Speaker | None]:
    """(True, speaker) when the quote is written on a placard or banner or chanted by a crowd:
    its words are the owner's ("une banderole des commerçants"), the holder's ("Some held
    placards reading …": the subject of the verb that holds it), else the crowd's — the
    document's most frequent protest word before it ("protesters"), else the nearest crowd
    word — never a person named nearby. (False, None) for any other quote."""
    sign = _sign_noun(sdoc, text, q, resolver, lex, inside)
    if sign is None:
        return False, None
    holder = None
    for c in sign.children:  # the owner: "les pancartes des manifestants", "the protesters' banners"
        if c.dep_ == "poss" or (c.dep_ == "nmod" and c.i > sign.i):
            holder = c
        elif c.dep_ == "prep" and c.lower_ in ("of", "de", "des", "du"):
            holder = next((p for p in c.children if p.dep_ == "pobj"), None)
        if holder is not None and not (holder.pos_ in ("NOUN", "PROPN") and holder.idx not in inside):
            holder = None
        if holder is not None:
            break
    if holder is None:
        n = sign
        while n.dep_ == "conj" and n.head is not n:
            n = n.head
        if n.dep_ in ("dobj", "obj") and n.head.pos_ == "VERB" and n.head.lemma_.lower() not in lex.sign_verbs:
            holder = resolver.subject_of(n.head, inside)  # "Some held placards", "brandissaient des pancartes"
        elif n.dep_ == "pobj" and n.head.lower_ in ("with", "avec") and n.head.head.pos_ in ("NOUN", "PROPN"):
            holder = n.head.head  # "a protester with a banner that reads"
    if holder is not None and holder.lower_ not in ("on", "it", "il", "there"):
        sp = resolver.resolve(holder)
        if sp is not None:
            return True, _said(sp, None)
    return True, _crowd_before(sdoc, q, resolver, lex, inside)


def _crowd_before(sdoc, q: QuoteSpan, resolver: Resolver, lex, inside) -> Speaker | None:
    """The crowd a sign or chant with no holder belongs to: protesters named in the quote's
    sentence or the one before, else the protest word the document uses most before the
    quote (its nearest mention), else the nearest crowd word ("the crowd", "la foule")."""
    end = bisect.bisect_left(resolver.starts, q.start)

    def plural(t):
        return t.tag_ in ("NNS", "NNPS") or "Plur" in t.morph.get("Number")

    def found(words, need_plural):
        return [t for t in sdoc[:end] if t.pos_ == "NOUN" and t.idx not in inside and
                (t.lemma_.lower() in words or t.lower_ in words) and (plural(t) or not need_plural)]

    protest = found(lex.protest_words, True)  # a single "protester" is one person, not the crowd
    if protest:
        sents = [s for s in resolver.sents if s.start <= end]
        near = [t for t in protest if t.i >= (sents[-2].start if len(sents) >= 2 else 0)]
        if near:
            pick = near[-1]
        else:
            by_word: dict[str, list] = {}
            for t in protest:
                by_word.setdefault(t.lemma_.lower(), []).append(t)
            pick = max(by_word.values(), key=lambda ts: (len(ts), ts[-1].i))[-1]
    else:
        crowd = found(lex.crowd_words, False)
        if not crowd:
            return None
        pick = crowd[-1]
    first = pick.i  # "counter-demonstrators": the hyphenated word whole
    while first >= 2 and sdoc[first - 1].text in ("-", "‐") and not sdoc[first - 1].whitespace_ \
            and not sdoc[first - 2].whitespace_:
        first -= 2
    sp = resolver.resolve(pick)
    whole = sdoc[first:pick.i + 1].text
    if sp is not None and first < pick.i and sp.name.endswith(pick.text) and not sp.name.endswith(whole):
        sp.name = sp.name[:len(sp.name) - len(pick.text)] + whole
    return sp


def _colon_intro(sdoc, text, q: QuoteSpan, resolver: Resolver, lex, inside) -> Speaker | None:
    """X said: "…"  /  Home Secretary Theresa May: "…"  (the colon may end the paragraph before)."""
    m = re.search(r":[\s\"“«‘']*$", text[max(0, q.start - 12):q.start])
    if not m:
        return None
    colon = max(0, q.start - 12) + m.start()
    sent = next((s for s in resolver.sents if s.start_char <= colon < s.end_char), None)
    if sent is None:
        return None
    verbs = [t for t in sent if t.idx < colon and _is_verb(t, lex) and t.idx not in inside]
    for v in reversed(verbs):
        subj = resolver.subject_of(v, inside)
        if subj is not None:
            sp = resolver.resolve(subj)
            if sp:
                return _said(sp, v)
    if not verbs:
        line_start = text.rfind("\n", 0, colon) + 1
        toks = [t for t in sent if line_start <= t.idx < colon]
        if 0 < len(toks) <= 8 and any(t.pos_ == "PROPN" or t.lemma_.lower() in lex.roles for t in toks):
            return resolver.from_tokens(toks)
    return None


def speaker_of(kind: str, tok, resolver: Resolver, inside=()) -> Speaker | None:
    """The speaker of a speech verb, reporting phrase or statement noun, with that verb."""
    if kind == "according":
        phrase = next((p for p in resolver.lex.reporting_phrases
                       if tuple(t.lower_ for t in tok.doc[tok.i:tok.i + len(p)]) == p), None)
        words = tok.doc[tok.i:tok.i + len(phrase)].text.lower() if phrase else tok
        return _said(_speaker_of(kind, tok, resolver, inside), words)
    return _said(_speaker_of(kind, tok, resolver, inside), tok)


def _speaker_of(kind: str, tok, resolver: Resolver, inside=()) -> Speaker | None:
    lex = resolver.lex
    if kind == "verb":
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.ent_type_ in ("PERSON", "PER") and tok.i > 0 and \
                tok.doc[tok.i - 1].is_punct:  # '…', says Rishi Sunak
            return resolver.resolve(nxt)
        cur = tok
        while cur.dep_ == "ccomp" and cur.head is not cur:  # 'X said the court condemned "…"'
            anc = cur.head
            if anc.pos_ == "VERB" and anc.lemma_.lower() in lex.quote_verbs and \
                    anc.idx not in inside:
                tok = anc
            cur = anc
        if tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.head.dep_ == "ccomp" and \
                tok.head.head.lemma_.lower() in lex.quote_verbs and tok.head.head.idx not in inside:
            tok = tok.head.head  # "X said the story was typical, adding that …": X adds it
        subj = resolver.subject_of(tok, inside)
        sp = resolver.resolve(subj) if subj is not None else None
        if sp is None and subj is not None and subj.dep_ == "dobj" and tok.dep_ == "acl":
            # "protesters carried placards saying '…'": the words are those who carry them
            holder = resolver.subject_of(subj.head, inside)
            sp = resolver.resolve(holder) if holder is not None else None
        return sp
    if kind == "according":
        obj = reporting_object(tok, lex)
        if obj is None:
            return None
        # "according to a census by Help Refugees" / "according to its statement"
        if obj.lemma_.lower() in lex.statement_nouns:
            for c in obj.subtree:
                if c.dep_ == "poss" and c.head == obj:
                    sp = resolver.resolve(c)
                    if sp:
                        return sp
                if c.dep_ == "pobj" and c.head.text.lower() in ("by", "of", "from") and c.i > obj.i:
                    sp = resolver.resolve(c)
                    if sp:
                        return sp
        return resolver.resolve(obj)
    if kind == "noun":
        a = _statement_author(tok, resolver, inside)
        return resolver.resolve(a) if a is not None else None
    return None


def extract(sdoc, ctx) -> list[Quote]:
    tdir = ctx.settings.taxonomy_dir if ctx.settings else None
    lang = speech_language(ctx.language, tdir)
    lex = speech(lang, tdir)
    resolver = resolver_for(sdoc, lang, tdir, ctx.offset)
    resolver.source = getattr(ctx, "source", None)
    text = resolver.text
    quoted = quote_spans(text)
    spans = [q for q in quoted if not is_scare(text, q, lex.scare_cues, lex.scare_max_words)]
    inside = Spans((q.start, q.end) for q in quoted)
    resolver.inside = inside
    verbs = lex.verbs | lex.quote_verbs

    if lang == "fr":
        # French refers back by "il"/"elle" to people and to organisations alike: every named
        # person, and every subject that names an actor, is an antecedent
        for ent in sdoc.ents:
            if ent.label_ in ("PERSON", "PER") and ent.start_char not in inside:
                resolver.remember(resolver.resolve(ent.root))
        for t in sdoc:
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and t.ent_type_ != "PER" \
                    and t.idx not in inside:
                sp = resolver.resolve(t)
                if sp is not None and sp.category != "other":
                    resolver.remember(sp)

    # pass 1: every speech verb with a named subject is a speaker the pronouns may point to
    for t in sdoc:
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in verbs:
            if t.idx in inside:
                continue  # the quoted voice's own "nous disons" or "Smith said" names no speaker of ours
            subj = resolver.subject_of(t)
            if subj is not None and subj.idx in inside:
                continue
            if subj is not None and subj.pos_ != "PRON" and subj.text.lower() not in ("who", "which", "that"):
                sp = resolver.resolve(subj)
                resolver.remember(sp)
                if sp is not None and sp.person:
                    resolver.learn_gender(sp.name, subj, t)

    # people named as the subject of any clause are antecedents for "he"/"she" too
    # (a run of capitalised names counts when the small model misses the entity)
    for t in sdoc:
        if t.dep_ not in ("nsubj", "nsubjpass") or t.idx in inside:
            continue
        if t.pos_ == "NOUN" and any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in t.children):
            sp = resolver.resolve(t)  # "The mayor, Odile Brac, visited …"
            if sp is not None and sp.person:
                resolver.remember(Speaker(sp.name, sp.category, True, ctx.offset + t.idx, span=sp.span))
            continue
        if t.pos_ != "PROPN":
            continue
        first = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        # "Firstname Surname" the small model tags ORG: a person unless the lexicon knows it
        two_names = len(first) == 1 and first[0].i == t.i - 1 and t.ent_type_ in ("", "ORG") and \
            t.text.istitle() and first[0].text.istitle() and \
            role_category(f"{first[0].text} {t.text}", lang, tdir) is None
        named = t.ent_type_ in ("PERSON", "PER") or two_names
        if named and not any(m.start == ctx.offset + t.idx for m in resolver.mentions):
            sp = resolver.resolve(t)
            if sp is not None and (sp.person or two_names):
                resolver.remember(Speaker(sp.name, sp.category, True, ctx.offset + t.idx, span=sp.span))

    quotes: list[Quote] = []
    prev: tuple[QuoteSpan, Speaker | None] | None = None

    def keep(q: QuoteSpan, sp: Speaker | None) -> None:
        resolver.remember(sp and Speaker(sp.name, sp.category, sp.person, ctx.offset + q.start, span=sp.span))
        quotes.append(Quote(text=text[q.start:q.end], speaker=resolver.canonical(sp.name) if sp else None,
                            speaker_category=sp.category if sp else "other", direct=True,
                            start=ctx.offset + q.start, end=ctx.offset + q.end,
                            verb=sp.verb if sp else None, speaker_span=sp.span if sp else None))

    for q in spans:
        on_sign, sp = _on_a_sign(sdoc, text, q, resolver, lex, inside)
        if on_sign:
            # a placard's or a chant's words: the holders' or the crowd's, or nobody's
            keep(q, sp)
            prev = (q, None)
            continue
        if lang == "fr":
            sp = _french_attribution(sdoc, text, q, resolver, lex, inside)
        sp = (sp or _embedding_verb(sdoc, q, resolver, lex, inside) or _after_quote(sdoc, text, q, resolver, lex, inside)
              or _colon_intro(sdoc, text, q, resolver, lex, inside))
        if sp is None and lang == "fr":
            sp = _sentence_before(sdoc, text, q, resolver, lex, inside)
        if sp is None:
            sents = _sentences_touching(resolver.sents, q.start, q.end)
            p0 = text.rfind("\n", 0, q.start) + 1
            p1 = text.find("\n", q.end)
            p1 = len(text) if p1 == -1 else p1
            cands = [c for c in _verb_candidates(sdoc, sents, inside, lex) if p0 <= c[1].idx < p1]
            for kind, tok in sorted(cands, key=lambda c: _distance(c[1], q)):
                sp = speaker_of(kind, tok, resolver, inside)
                if sp is not None:
                    break
        gap = text[prev[0].end:q.start] if prev else ""
        if sp is None and prev is not None and prev[1] is not None:
            # a floating quote goes on from the quote before it (next paragraph, same voice)
            if len(gap) < 400 and (prev[0].open_end or gap.count("\n\n") <= 1 or
                                   not re.search(r"[.!?]\s+[A-Z]", gap)):
                sp = prev[1]
        if sp is None and (prev is None or prev[1] is None):
            # a quote paragraph after a sentence that introduces its speaker ("X spoke to us.")
            before = [s for s in resolver.sents if s.end_char <= q.start and q.start - s.end_char < 4][-1:]
            for kind, tok in _verb_candidates(sdoc, before, inside, lex):
                sp = speaker_of(kind, tok, resolver, inside)
                if sp:
                    break
        if sp is None:
            nxt = [s for s in resolver.sents if s.start_char >= q.end][:1]
            for kind, tok in _verb_candidates(sdoc, nxt, inside, lex):
                if kind == "verb" and tok.i - nxt[0].start <= 3:
                    sp = speaker_of(kind, tok, resolver, inside)
                    if sp:
                        break
        if sp is None and q.start > 0 and text.rfind("\n", 0, q.start) != -1:
            # last resort for a floating quote: the speaker last met in this paragraph or the one
            # before ("The mayor was blunt. “We cannot cope.”") — never in a document's first line
            near = [m for m in resolver.mentions
                    if 0 < ctx.offset + q.start - m.start < 300 and m.name.lower() not in ("it", "they")]
            if near:
                m = near[-1]
                sp = Speaker(m.name, m.category, m.person, ctx.offset + q.start, span=m.span)
        keep(q, sp)
        prev = (q, sp)
    quotes += reported(sdoc, ctx, resolver, inside, Spans((q.start, q.end) for q in spans))
    return quotes


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    """(a, b) without the spaces and commas at either end, so text[a:b] is the quote's text."""
    while a < b and text[a] in " ,":
        a += 1
    while b > a and text[b - 1] in " ,":
        b -= 1
    return a, b


def _distance(tok, q: QuoteSpan) -> int:
    if tok.idx >= q.end:
        return tok.idx - q.end
    return max(0, q.start - (tok.idx + len(tok.text)))


def _that_clause(verb, inside):
    """A "that" clause the parser hung on a noun after the speech verb instead of on the verb:
    "said in a statement that it would …", "told reporters at a briefing that …". Its root,
    or None; only prepositional phrases and objects may stand between verb and clause."""
    for c in verb.subtree:
        if c.i <= verb.i or c.idx in inside or c.dep_ not in ("acl", "relcl", "advcl", "ccomp"):
            continue
        mark = c.left_edge
        if mark.dep_ == "mark" and mark.lower_ == "that" and any(x.dep_ in SUBJ for x in c.children) and \
                not any(x.pos_ in ("VERB", "AUX") for x in verb.doc[verb.i + 1:mark.i]):
            return c
    return None


def _described_as(verb):
    """ "X described the camp as a disgrace": the object and the "as" phrase, or None."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    for c in obj.children:  # "described the evacuation as chaotic": "as" hung on the object
        if c.lower_ in ("as", "comme") and c.dep_ == "prep" and any(True for _ in c.children):
            return list(verb.doc[obj.left_edge.i:c.right_edge.i + 1])
    for c in verb.children:
        if c.i <= obj.i:
            continue
        if c.lower_ in ("as", "comme", "de", "d'", "d’") and any(True for _ in c.children):
            return list(verb.doc[obj.left_edge.i:c.right_edge.i + 1])
        if c.dep_ in ("advcl", "xcomp", "oprd", "acomp", "prep") and c.left_edge.lower_ in ("as", "comme") \
                and c.left_edge.i > obj.i:  # "as outdated": the parser made "as" a mark
            return list(verb.doc[obj.left_edge.i:c.right_edge.i + 1])
    return None


def reported(sdoc, ctx, resolver: Resolver, inside, kept=None) -> list[Quote]:
    """Reported speech: speech verbs with a clause outside quotation marks (direct=False).

    "X said that …" (the verb's clausal complement, or a "that" clause hung on the noun after
    it: "said in a statement that …"), "…, police said" (the main clause a speech verb is hung
    on), "according to X, …" (the sentence without the phrase), "X described Y as Z". A clause
    that holds a direct quote (`kept`) is left to that quote; one that holds only a quoted term
    ('said the decision was "disappointing"') is reported speech. A reported clause inside
    another ("he said police told him …") belongs to the outer one."""
    lex = resolver.lex
    kept = inside if kept is None else kept
    out = []
    firsts = {p[0] for p in lex.reporting_phrases}
    text = resolver.text
    for s in resolver.sents:
        for t in s:
            if t.idx in inside:
                continue
            kind, toks = None, []
            if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lex.reported_clause_verbs:
                comp = [c for c in t.children if c.dep_ == "ccomp"] or \
                    [c for c in [_that_clause(t, inside)] if c is not None]
                if comp:
                    # "said riders would be hit and urged the commission to …": a speech verb the
                    # parser joined to the clause is the speaker's next act, not reported words
                    acts = [c for c in comp[0].children if c.dep_ == "conj" and c.lemma_.lower() in lex.verbs
                            and not any(x.dep_ in SUBJ for x in c.children)]
                    kind, toks = "verb", [x for x in comp[0].subtree
                                          if not any(x.i >= a.left_edge.i for a in acts)]
                    while acts and toks and (toks[-1].text in (",", ";", ":", "—", "–") or toks[-1].dep_ == "cc"):
                        toks = toks[:-1]
                    objs = [c for c in t.children if c.dep_ == "dobj" and t.i < c.i < comp[0].i]
                    if objs and not any(c.dep_ in SUBJ for c in comp[0].children) and \
                            t.lemma_.lower() not in lex.addressee_verbs:
                        # "said small co-operatives, which …, should be eligible": the parser took
                        # the clause's subject for the verb's object
                        toks = list(t.doc[objs[0].left_edge.i:toks[-1].i + 1]) if toks else toks
                elif t.dep_ == "parataxis" and any(c.dep_ in SUBJ for c in t.children):
                    # "…, police said." / "The road, she said, will reopen": the rest of the sentence
                    sub = {x.i for x in t.subtree}
                    kind, toks = "verb", [x for x in s if x.i not in sub and not x.is_space
                                          and not (x.i > t.i and x.is_punct)]
            elif t.text.lower() in firsts and reporting_object(t, lex) is not None:
                obj = reporting_object(t, lex)
                phrase = {x.i for x in t.subtree} | set(range(t.i, max(obj.right_edge.i, obj.i) + 1))
                if t.i > 0 and t.doc[t.i - 1].lower_ in ("d'", "d’"):
                    phrase.add(t.i - 1)  # "d'après"
                rest = [x for x in s if x.i not in phrase]
                while rest and rest[0].is_punct:
                    rest = rest[1:]
                while rest and rest[-1].is_punct:
                    rest = rest[:-1]
                # the sentence without "according to X" (unless the parser hung the clause on it)
                kind, toks = "according", rest if len(rest) >= 3 else list(s)
            if kind is None and t.pos_ == "VERB" and t.lemma_.lower() in lex.description_verbs:
                kind, toks = "verb", _described_as(t) or []
            if kind == "verb":
                # "…, adding that …": a second reported clause of its own, not part of this one
                cut = [x for x in toks if x.dep_ == "advcl" and x.tag_ == "VBG" and x.lemma_.lower() in lex.reported_clause_verbs
                       and any(c.dep_ == "ccomp" for c in x.children) and x.i > toks[0].i]
                if cut:
                    toks = [x for x in toks if x.i < cut[0].left_edge.i]
                    while toks and toks[-1].is_punct:
                        toks = toks[:-1]
            while toks and toks[0].dep_ == "mark" and toks[0].lower_ in ("that", "que", "qu'", "qu’"):
                toks = toks[1:]  # the reported words start after "said that" / "estime que"
            if kind is None or not toks:
                continue
            a, b = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            short = b - a < 15 and (b - a < 10 or sum(x.is_alpha for x in toks) < 3)  # "she had not" is enough
            if a in inside or short or any(qa < b and a < qb for qa, qb in kept):
                continue
            sp = speaker_of(kind, t, resolver, inside)
            if sp is None:
                continue
            term = next(((qa, qb) for qa, qb in inside if qa < b <= qb), None)
            if term is not None:  # 'the decision was "disappointing"': the quoted term whole
                b = term[1] + len(re.match(r"(?:''|[\"”»’'])?", text[term[1]:]).group(0))
            dateline = DATELINE.match(text, a, b)
            a, b = _strip_span(text, dateline.end() if dateline else a, b)
            out.append(Quote(text=text[a:b], speaker=resolver.canonical(sp.name), speaker_category=sp.category,
                             direct=False, start=ctx.offset + a, end=ctx.offset + b,
                             verb=sp.verb, speaker_span=sp.span))
    return [q for q in out if not any(o is not q and o.start <= q.start and q.end <= o.end
                                      and (o.start, o.end) != (q.start, q.end) for o in out)]
