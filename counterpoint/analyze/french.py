"""French parses in the scheme the rules read: ClearNLP dependency labels and PTB-like tags.

fr_core_news_sm annotates Universal Dependencies: case-marked nominals hang under their
verb with the preposition as a `case` leaf ("évacués par les CRS": CRS -obl:agent-> évacués,
par -case-> CRS), passives are `nsubj:pass`, tags are bare POS. The rules of this package
were written against the English scheme (`prep` heading a `pobj`, `agent`, `nsubjpass`,
`dobj`, `neg`, VBN/VBG/NNS tags). Rather than teach every rule two schemes, a French parse
is rewritten once, right after parsing, into the scheme the rules read:

  1. a preposition becomes the head of its nominal: `prep` (or `agent` for "par" of a
     passive) -> `pobj`, so "selon la préfecture", "l'évacuation de 500 exilés" and
     "évacués par les CRS" read like "according to", "of" and "by";
  2. labels are renamed (nsubj:pass -> nsubjpass, aux:pass -> auxpass, obj -> dobj, ...);
  3. the negation adverbs "ne ... pas/jamais/plus/rien" become `neg` (a bare restrictive
     "ne ... que" does not);
  4. tags are derived from the morphology (VerbForm, Tense, Number): VB, VBG, VBN, VBZ,
     VBP, VBD, NN, NNS, NNP, NNPS, JJ; a regular -er verb form the lemmatiser returned
     unchanged ("indique") gets its infinitive as lemma.

Words (lemmas, forms) are untouched: the French lexicons in taxonomy/*.fr.json match them.
"""
from __future__ import annotations

from spacy.language import Language

DEP_MAP = {
    "nsubj:pass": "nsubjpass",
    "aux:pass": "auxpass",
    "aux:tense": "aux",
    "aux:caus": "aux",
    "obj": "dobj",
    "expl:subj": "expl",
    "expl:pass": "expl",
    "expl:comp": "expl",
    "acl:relcl": "relcl",
    "nmod:poss": "poss",
    "flat:name": "flat",
    "flat:foreign": "flat",
    "obl:mod": "obl",
    "obl:arg": "obl",
}
# second words of a negation: "ne" is a negation only with one of them
NEG_PARTNERS = {"pas", "jamais", "plus", "rien", "aucun", "aucune", "personne", "guère", "nullement",
                "point", "ni", "nul", "nulle"}


# endings of a regular -er verb form the lemmatiser left unchanged ("indique", "rapportent")
_ER_ENDINGS = ("aient", "ées", "ent", "ait", "ant", "ons", "ée", "és", "es", "ez", "é", "e")


def _lemma(tok) -> str | None:
    """A repaired lemma for a verb form the lemmatiser returned as is, or None."""
    low = tok.lower_
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() != low or low.endswith(("er", "ir", "re")):
        return None
    for end in _ER_ENDINGS:
        if low.endswith(end) and len(low) - len(end) >= 3:
            return low[: len(low) - len(end)] + "er"
    return None


def _tag(tok) -> str:
    pos, m = tok.pos_, tok.morph
    if pos in ("VERB", "AUX"):
        form = m.get("VerbForm")
        tense = m.get("Tense")
        if "Inf" in form:
            return "VB"
        if "Part" in form:
            return "VBG" if "Pres" in tense else "VBN"
        if "Ger" in form:
            return "VBG"
        if "Past" in tense or "Imp" in tense:
            return "VBD"
        return "VBP" if "Plur" in m.get("Number") else "VBZ"
    if pos == "NOUN":
        return "NNS" if "Plur" in m.get("Number") else "NN"
    if pos == "PROPN":
        return "NNPS" if "Plur" in m.get("Number") else "NNP"
    if pos == "ADJ":
        return "VBN" if "Part" in m.get("VerbForm") else "JJ"  # a participle the tagger calls ADJ
    if pos == "NUM":
        return "CD"
    if pos == "PRON":
        return "PRP"
    if pos == "DET":
        return "DT"
    if pos == "ADP":
        return "IN"
    if pos == "ADV":
        return "RB"
    return tok.tag_


def to_clear(doc):
    """Rewrite a French UD parse in place into the ClearNLP scheme (see the module docstring)."""
    if not doc.has_annotation("DEP"):
        return doc
    # 1. prepositions head their nominals; collect first, the tree changes as we go
    moves = []
    # (spaCy makes a new Token object on every access: compare positions, never identity)
    for tok in doc:
        if tok.head.i == tok.i or tok.dep_ in ("case", "fixed", "punct", "ROOT"):
            continue
        cases = [c for c in tok.children if c.dep_ == "case" and c.pos_ == "ADP" and c.i < tok.i]
        if cases:
            moves.append((tok, cases[0], tok.dep_))
    for tok, prep, old in moves:
        head = tok.head
        if head.i == tok.i or prep.head.i != tok.i:
            continue
        prep.head = head
        tok.head = prep
        prep.dep_ = "agent" if old == "obl:agent" else "prep"
        tok.dep_ = "pobj"
    # 2-3. labels and negation
    for tok in doc:
        dep = tok.dep_
        if dep in DEP_MAP:
            tok.dep_ = DEP_MAP[dep]
        if tok.pos_ == "ADV" and tok.lower_ in ("ne", "n'", "n’") and tok.dep_ == "advmod":
            sib = [c for c in tok.head.children if c is not tok]
            if any(c.lower_ in NEG_PARTNERS for c in sib) or any(
                    c.lower_ in NEG_PARTNERS for s in sib for c in s.children):
                tok.dep_ = "neg"
        elif tok.dep_ == "advmod" and tok.lower_ in ("pas", "jamais") and "Neg" in tok.morph.get("Polarity"):
            tok.dep_ = "neg"
        # 4. tags, and lemmas of regular verbs the lemmatiser missed
        tok.tag_ = _tag(tok)
        fixed = _lemma(tok)
        if fixed:
            tok.lemma_ = fixed
    return doc


@Language.component("counterpoint_french_scheme")
def french_scheme(doc):
    """Pipeline component: `to_clear` after the French parser."""
    return to_clear(doc)


def add_to(nlp) -> None:
    """Append the component to a French pipeline once."""
    if "counterpoint_french_scheme" not in nlp.pipe_names:
        nlp.add_pipe("counterpoint_french_scheme", last=True)
