"""Who said it: traceable spans, reported speech, speaker checks and claim sources, in English
and French. Every sentence here is invented for these tests (no real person is quoted)."""
from __future__ import annotations

import pytest

from counterpoint.analyze import Context, claims, quotes
from counterpoint.settings import Settings


def _quotes(nlp, text, lang="en"):
    return quotes.extract(nlp(text), Context(lang, None, Settings()))


def _claims(nlp, text, lang="en"):
    sdoc = nlp(text)
    ctx = Context(lang, None, Settings())
    ctx.quotes = quotes.extract(sdoc, ctx)
    return claims.extract(sdoc, ctx)


def _quote(found, start):
    hits = [q for q in found if q.text.startswith(start)]
    assert hits, [q.text for q in found]
    return hits[0]


# -- traceability -------------------------------------------------------------------------

def test_attribution_quote_span_and_speaker_span_point_into_the_text(nlp):
    text = "The harbour was quiet. “We found nobody on the beach,” said coastguard Ilse Marten."
    q = _quote(_quotes(nlp, text), "We found")
    assert text[q.start:q.end] == q.text
    d = q.to_dict()
    assert d["span"] == [q.start, q.end]
    a, b = d["speaker_span"]
    assert "Marten" in text[a:b]
    assert d["verb"] == "say"


def test_attribution_pronoun_speaker_span_is_the_pronoun(nlp):
    text = "Ilse Marten runs the coastguard station. “We found nobody,” she said."
    q = _quote(_quotes(nlp, text), "We found")
    assert q.speaker == "Ilse Marten"
    a, b = q.speaker_span
    assert text[a:b] == "she"


def test_attribution_unattributed_quote_has_no_speaker_span(nlp):
    text = "“Nothing will change.”"
    q = _quote(_quotes(nlp, text), "Nothing")
    assert q.speaker is None and q.to_dict()["speaker_span"] is None


def test_attribution_claim_span_is_its_source(nlp):
    text = "About 400 people sleep in the woods, according to the charity Harbour Aid."
    c = next(c for c in _claims(nlp, text) if c.value.min == 400)
    a, b = c.attributed_span
    assert "Harbour Aid" in text[a:b]
    assert c.to_dict()["attributed_span"] == [a, b]


def test_attribution_claim_inside_a_quote_takes_the_quote_speaker_span(nlp):
    text = "“We handed out 300 meals,” said volunteer Tomas Reyl."
    c = next(c for c in _claims(nlp, text) if c.value.min == 300)
    assert c.attributed_to == "Tomas Reyl"
    a, b = c.attributed_span
    assert "Reyl" in text[a:b]


def test_attribution_reported_speech_span_is_the_clause(nlp):
    text = "The prefect said that the camp would be cleared before the winter."
    q = next(q for q in _quotes(nlp, text) if not q.direct)
    assert text[q.start:q.end] == q.text
    assert q.text.startswith("the camp would be cleared") and q.verb == "say"


def test_attribution_french_spans_and_verb(fr):
    text = "« Nous n'avons trouvé personne sur la plage », a précisé la garde-côte Ilse Marten."
    q = _quote(_quotes(fr, text, "fr"), "Nous n'avons")
    assert text[q.start:q.end] == q.text
    assert q.speaker and "Marten" in q.speaker
    a, b = q.speaker_span
    assert "Marten" in text[a:b]
    assert q.verb == "préciser"


# -- speaker resolution ---------------------------------------------------------------------

@pytest.mark.parametrize("text,start,expected", [
    # a name in apposition after an inverted role
    ("“The gate stays shut,” said the harbour master, Ilse Marten.", "The gate", "Ilse Marten"),
    # a description with a capitalised role, linked to the name given before it
    ("The Chief Adviser to the mayor, Tomas Reyl, visited the camp on Monday. "
     "“Nobody will be moved tonight,” the Chief Adviser said.", "Nobody will", "Tomas Reyl"),
    # two people speaking together
    ("Ms Ilse Marten and Mr Tomas Reyl said on Friday: “We will meet again next month.”",
     "We will meet", "Tomas Reyl"),
    # the holders of a placard speak through it
    ("Some protesters carried placards saying “Open the border now” outside the town hall.",
     "Open the border", "protesters"),
    # a perception verb before the speech verb
    ("“Move back,” one officer was heard saying before the charge.", "Move back", "officer"),
    # a hyphenated description stays whole
    ("“Let us through!” cried one Dutch-speaking man near the fence.", "Let us", "Dutch-speaking man"),
    # a modifier joined by "and" is part of the speaker's description
    ("“The road was closed for hours,” said oil and gas worker Pieter Lamm.", "The road", "Lamm"),
])
def test_attribution_speaker_resolution(nlp, text, start, expected):
    assert expected in (_quote(_quotes(nlp, text), start).speaker or "")


@pytest.mark.parametrize("text,start,wrong", [
    ("Marchers held banners reading “Homes not walls” as they crossed the bridge.", "Homes not", "banners"),
    ("She told me: “It was the worst time of my life.”", "It was the worst", "time"),
])
def test_attribution_speaker_is_never_a_thing(nlp, text, start, wrong):
    assert wrong not in (_quote(_quotes(nlp, text), start).speaker or "")


def test_attribution_reported_by_a_newspaper_is_the_newspaper(nlp):
    text = "The Evening Courier reported, “The boat was found empty at dawn.”"
    assert "Courier" in _quote(_quotes(nlp, text), "The boat").speaker


# -- reported speech ----------------------------------------------------------------------

@pytest.mark.parametrize("text,speaker,verb,words", [
    ("The mayor described the camp as a disgrace to the whole region.", "mayor", "describe", "the camp as a disgrace"),
    ("According to the charity Harbour Aid, the shelter turned away forty families last week.",
     "Harbour Aid", "according to", "the shelter turned away"),
    ("Volunteer Ilse Marten told reporters that the water supply had been cut twice.", "Ilse Marten", "tell",
     "the water supply had been cut"),
])
def test_attribution_reported_speech(nlp, text, speaker, verb, words):
    found = [q for q in _quotes(nlp, text) if not q.direct]
    assert found, text
    q = found[0]
    assert speaker in q.speaker and q.verb == verb and words in q.text


# -- French --------------------------------------------------------------------------------

@pytest.mark.parametrize("text,start,expected", [
    # an inverted attribution with no comma after the closing mark
    ("« Le bilan reste provisoire » a indiqué à la radio la procureure de Lille, Ilse Marten.",
     "Le bilan", "Ilse Marten"),
    # an inverted attribution after a comma
    ("« Les départs ont repris dès l'aube », estime le bénévole Tomas Reyl.", "Les départs", "Tomas Reyl"),
    # whom it was said to is skipped whole, a two-word station name included
    ("« Nous manquons de tout », a confié à Radio Littoral le responsable de l'association, Pieter Lamm.",
     "Nous manquons", "Pieter Lamm"),
])
def test_attribution_french_inverted_speakers(fr, text, start, expected):
    assert expected in (_quote(_quotes(fr, text, "fr"), start).speaker or "")


def test_attribution_french_reported_speech(fr):
    text = "Selon la préfecture, l'opération a concerné une centaine de personnes dans la matinée."
    found = [q for q in _quotes(fr, text, "fr") if not q.direct]
    assert found and "préfecture" in found[0].speaker and found[0].verb == "selon"


@pytest.mark.parametrize("text,start,expected,wrong", [
    # the impersonal "on" is nobody: the account named after "lire sur le compte de"
    ("Le trafic a repris. « Le terminal restera fermé jusqu'à midi », pouvait-on lire sur le compte "
     "de la compagnie Nordlys Ferries.", "Le terminal", "Nordlys Ferries", None),
])
def test_attribution_french_voice_is_the_right_one(fr, text, start, expected, wrong):
    speaker = _quote(_quotes(fr, text, "fr"), start).speaker or ""
    assert expected in speaker
    assert wrong is None or wrong not in speaker


# -- claims ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,value,source", [
    # a source as passive agent
    ("The number of people in the camp was estimated at 900 by the charity Harbour Aid.", 900, "Harbour Aid"),
    # figures published by a named body
    ("Figures from the Harbour Office show 312 people crossed in small boats on Friday.", 312, "Harbour Office"),
    # a statement without author is the source just named
    ("The Harbour Office said the crossings had slowed. A statement added that 40 people were detained.",
     40, "Harbour Office"),
    # an embedded post's figures are its author's
    ("We handed out 450 meals at the warehouse tonight. — Harbour Aid (@harbouraid) May 2, 2021", 450,
     "Harbour Aid"),
])
def test_attribution_claim_sources(nlp, text, value, source):
    found = [c for c in _claims(nlp, text) if c.value.min == value]
    assert found, [(c.value, c.attributed_to) for c in _claims(nlp, text)]
    assert source in (found[0].attributed_to or "")


def test_attribution_claim_never_copies_a_wrong_quote_speaker(nlp):
    # the quote's speaker is the volunteer, not the man she talks about
    text = ("Volunteer Ilse Marten spoke about Tomas Reyl, who sleeps by the canal. "
            "“He has seen 200 people sleep by the water,” she said.")
    c = next(c for c in _claims(nlp, text) if c.value.min == 200)
    assert "Ilse Marten" in c.attributed_to and "Reyl" not in c.attributed_to


def _claims_from(nlp, text, lang="en", source=None):
    sdoc = nlp(text)
    ctx = Context(lang, None, Settings(), source=source)
    ctx.quotes = quotes.extract(sdoc, ctx)
    return claims.extract(sdoc, ctx)


def _source_of(found, value):
    hits = [c for c in found if c.value.min == value]
    assert hits, [(c.value.min, c.attributed_to) for c in found]
    return hits[0].attributed_to or ""


# -- the publisher's own voice -----------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("Our volunteers walked the dunes on Monday night. We counted 320 people sleeping outside.", 320),
    ("The police reported 40 tents removed. Our teams counted 65 on the same site.", 65),
])
def test_attribution_first_person_figures_are_the_publishers(nlp, text, value):
    assert _source_of(_claims_from(nlp, text, source="Harbour Aid"), value) == "Harbour Aid"


def test_attribution_first_person_keeps_other_sources(nlp):
    text = "The police reported 40 tents removed. We counted 65 on the same site."
    found = _claims_from(nlp, text, source="Harbour Aid")
    assert "police" in _source_of(found, 40) and _source_of(found, 65) == "Harbour Aid"


def test_attribution_first_person_inside_a_quote_is_the_speakers(nlp):
    text = "“We counted 320 people in the dunes,” said volunteer Lina Ortez."
    assert "Ortez" in _source_of(_claims_from(nlp, text, source="Harbour Aid"), 320)


def test_attribution_first_person_of_an_embedded_post_is_its_author(nlp):
    text = "We counted 450 people at the warehouse tonight. — Dune Watch (@dunewatch) May 2, 2021"
    assert "Dune Watch" in _source_of(_claims_from(nlp, text, source="Harbour Aid"), 450)


def test_attribution_first_person_without_a_known_publisher_is_not_guessed(nlp):
    text = "We counted 320 people sleeping outside."
    assert _source_of(_claims_from(nlp, text), 320) == ""


def test_attribution_french_first_person_is_the_publishers(fr):
    text = "Nos équipes étaient sur place lundi. Nous avons recensé 320 personnes dans le bois."
    assert _source_of(_claims_from(fr, text, "fr", source="Solidarité Dunes"), 320) == "Solidarité Dunes"


def test_attribution_reported_speech_in_the_publishers_voice(nlp):
    text = "We said on Monday that the shelter could not take more families this winter."
    q = next(q for q in quotes.extract(nlp(text), Context("en", None, Settings(), source="Harbour Aid"))
             if not q.direct)
    assert q.speaker == "Harbour Aid"


# -- sources in the adjacent sentence and as passive agents -------------------------------------

@pytest.mark.parametrize("text,value,source", [
    ("About 600 people live in the woods. The figure was given by the prefecture on Monday.", 600, "prefecture"),
    ("Twelve people were injured. These figures come from the regional health agency.", 12, "health agency"),
    ("Twelve people were injured. Harbour Aid published the toll on Monday.", 12, "Harbour Aid"),
    ("The coastguard released a new toll on Monday. Twelve people were injured.", 12, "coastguard"),
    ("About 600 people, a figure given by the prefecture, live in the woods.", 600, "prefecture"),
])
def test_attribution_claim_source_in_adjacent_sentence(nlp, text, value, source):
    assert source in _source_of(_claims_from(nlp, text), value)


def test_attribution_claim_adjacent_sentence_with_its_own_figure_is_not_borrowed(nlp):
    text = "Twelve people were injured. The prefecture gave a toll of 14 on Monday."
    assert "prefecture" not in _source_of(_claims_from(nlp, text), 12)


@pytest.mark.parametrize("text,value,source", [
    ("Le nombre de personnes dans le bois a été estimé à 600 par la préfecture.", 600, "préfecture"),
    ("Douze personnes ont été blessées. Le bilan a été communiqué par la préfecture lundi.", 12, "préfecture"),
    ("Douze personnes ont été blessées. Ces chiffres proviennent de l'agence régionale de santé.", 12,
     "agence régionale de santé"),
    ("La préfecture a dressé un nouveau bilan lundi. Douze personnes ont été blessées.", 12, "préfecture"),
])
def test_attribution_french_claim_source_passive_and_adjacent(fr, text, value, source):
    got = _source_of(_claims_from(fr, text, "fr"), value)
    assert source in got and "lundi" not in got


# -- several sources in one sentence -------------------------------------------------------------

@pytest.mark.parametrize("text,lang", [
    ("The police counted 350 marchers, while the organisers said 1,200.", "en"),
    ("According to the police, 350 people marched; the organisers counted 1,200.", "en"),
    ("Some 1,200 people marched according to the organisers, against 350 according to the police.", "en"),
    ("Police said 350 people marched, against 1,200 according to the organisers.", "en"),
    ("The prefecture reported 350 marchers, but the organisers, who had called the march, put the figure "
     "at 1,200.", "en"),
    ("Selon la police, 350 personnes ont défilé, les organisateurs en ont compté 1 200.", "fr"),
    ("Les manifestants étaient 350 selon la police et 1 200 selon les organisateurs.", "fr"),
])
def test_attribution_each_figure_to_its_own_source(nlp, fr, text, lang):
    found = _claims_from(fr if lang == "fr" else nlp, text, lang)
    official = _source_of(found, 350).lower()
    assert ("police" in official or "prefecture" in official) and "organis" not in official
    assert "organis" in _source_of(found, 1200).lower()


# -- French: the name beside a role, acronyms, what follows a quote -------------------------------

@pytest.mark.parametrize("text,start,expected", [
    # the name opens the sentence, its role set off by commas, then the verb
    ("Tomas Reyl, le président de la Fédération des transporteurs, a déclaré que trois chauffeurs "
     "avaient été agressés sur la rocade.", "trois chauffeurs", "Tomas Reyl"),
    ("Ilse Marten, la porte-parole de l'association, estime que trois cents personnes dorment dehors.",
     "trois cents", "Ilse Marten"),
    # the role serves one person; the name set off by commas is the speaker
    ("L'avocate du marin Tomas Reyl, Ilse Marten, a dénoncé « une procédure bâclée et injuste ».",
     "une procédure", "Ilse Marten"),
    # a description of the quote's last words between commas: the speaker is inverted after the verb
    ("« Des dizaines de personnes ont été blessées », une ville proche de la frontière, a déclaré à la "
     "radio le porte-parole Tomas Reyl.", "Des dizaines", "Tomas Reyl"),
    # "appeler à": a call is a quote of its author
    ("L'association Mer Libre a appelé le ministre à « offrir un passage sûr aux personnes en détresse ».",
     "offrir un passage", "Mer Libre"),
])
def test_attribution_french_name_beside_role(fr, text, start, expected):
    q = _quote(_quotes(fr, text, "fr"), start)
    assert expected in (q.speaker or "")


def test_attribution_french_a_place_before_the_role_is_not_the_speaker(fr):
    text = "À Calais, le président de l'association a déclaré que trois cents personnes dormaient dehors."
    q = _quote(_quotes(fr, text, "fr"), "trois cents")
    assert "Calais" not in (q.speaker or "") and "président" in (q.speaker or "")


def test_attribution_a_new_clause_after_a_quote_is_not_its_attribution(fr):
    text = ("Le député Tomas Reyl a déploré « un manque de courage sur ce dossier », tandis que le parti "
            "vert, principale formation d'opposition, a estimé que le ministre tardait.")
    assert "Reyl" in (_quote(_quotes(fr, text, "fr"), "un manque").speaker or "")


@pytest.mark.parametrize("text,start", [
    ("Selon l'Office régional de l'accueil et de l'hébergement (Orah), 400 places ont été libérées. "
     "Selon l'Orah, l'opération a été préparée en amont.", "l'opération"),
    ("Selon l'Office régional de l'accueil et de l'hébergement (Orah), 400 places ont été libérées. "
     "Selon l'Office régional de l'accueil, l'opération a été préparée en amont.", "l'opération"),
])
def test_attribution_acronym_spelled_out_as_the_document_gives_it(fr, text, start):
    found = [q for q in _quotes(fr, text, "fr") if not q.direct and start in q.text]
    assert found and found[0].speaker == "Office régional de l'accueil et de l'hébergement (Orah)"
    assert _source_of(_claims_from(fr, text, "fr"), 400) == "Office régional de l'accueil et de l'hébergement (Orah)"


@pytest.mark.parametrize("text", [
    "The mayor Tomas Reyl (PS) said that 300 people were sleeping outside.",
    "Near Dunkirk (Nord), the mayor said that 300 people were sleeping outside.",
])
def test_attribution_a_bracketed_word_that_is_no_acronym_is_left_alone(nlp, text):
    q = next(q for q in _quotes(nlp, text) if not q.direct)
    assert "(" not in (q.speaker or "")


def test_attribution_claim_source_spelled_out_with_its_acronym(nlp):
    text = ("The Harbour Safety Office (HSO) opened an inquiry. "
            "According to the HSO, 65 people were on board.")
    assert _source_of(_claims_from(nlp, text), 65) == "Harbour Safety Office (HSO)"


def test_attribution_whom_a_described_speaker_told_is_not_the_speaker(nlp):
    text = "“The road was closed all night,” Ilse Marten, a volunteer, told the Evening Courier."
    speaker = _quote(_quotes(nlp, text), "The road").speaker or ""
    assert "Marten" in speaker and "Courier" not in speaker


# -- French inversions and quoted subjects ------------------------------------------------------

def test_attribution_french_euphonic_t_is_nobody(fr):
    text = ("La garde-côte Ilse Marten est arrivée à l'aube. La gendarmerie surveillait la plage. "
            "« Nous avons retrouvé le canot vide », a-t-elle ajouté.")
    assert "Marten" in (_quote(_quotes(fr, text, "fr"), "Nous avons").speaker or "")


def test_attribution_french_claim_of_an_inversion_with_a_pronoun(fr):
    text = ("La procureure Ilse Marten est arrivée sur place. « Le bilan est lourd » : deux morts et trois "
            "blessés, a-t-elle précisé.")
    found = _claims_from(fr, text, "fr")
    assert "Marten" in _source_of(found, 2) and "Marten" in _source_of(found, 3)


def test_attribution_quoted_subject_is_not_the_source_of_figures_outside(fr):
    text = "« Le bilan est lourd » dont deux « dans un état grave », a ajouté la procureure Ilse Marten."
    assert "bilan" not in _source_of(_claims_from(fr, text, "fr"), 2).lower()


@pytest.mark.parametrize("text,value,name", [
    ("Six d'entre eux sont mineurs, précise le procureur de la République de Port-sur-Mer, Ilse Le Marten.", 6,
     "Ilse Le Marten"),
    ("Selon le député de Port-sur-Mer, le conservateur Tomas Reyl, « plus de 200 migrants sont arrivés cette "
     "semaine ».", 201, "Tomas Reyl"),
])
def test_attribution_french_claim_source_is_the_name_beside_the_role(fr, text, value, name):
    assert name in _source_of(_claims_from(fr, text, "fr"), value)


@pytest.mark.parametrize("text,expected", [
    ("“It will not stop us,” said a Sudanese man who had been living at the camp.",
     "a Sudanese man who had been living at the camp"),
    ("One of the young men who crossed at night admitted: “I was scared of the water.”",
     "One of the young men who crossed at night"),
])
def test_attribution_restrictive_clause_is_part_of_a_description(nlp, text, expected):
    assert _quotes(nlp, text)[0].speaker == expected


def test_attribution_a_clause_set_off_by_commas_is_not_part_of_a_name(nlp):
    text = "“It will not stop us,” said Ilse Marten, who had been living at the camp."
    assert _quotes(nlp, text)[0].speaker == "Ilse Marten"


def test_attribution_french_subject_hung_on_the_auxiliary(fr):
    text = "Les associations locales ont, pour leur part, recensé au moins 37 morts parmi les exilés."
    assert "associations" in _source_of(_claims_from(fr, text, "fr"), 37)


def test_attribution_a_relative_clause_with_a_speech_verb_is_no_description(nlp):
    text = "Police arrested two suspects: a 29-year-old who claimed to be a sailor and a man of 40."
    assert "claimed" not in _source_of(_claims_from(nlp, text), 2)


def test_attribution_dates_are_not_claims(fr):
    text = "Selon la préfecture, 23 personnes sont mortes vendredi 24 juin près de la clôture."
    assert {c.value.min for c in _claims_from(fr, text, "fr")} == {23}
