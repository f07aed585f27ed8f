"""Who said it, by cause of error: a role whose holder the document names elsewhere, the words
of placards, banners and chants, part of a group ("others", "certains"). Every sentence is
invented for these tests (no real person is quoted)."""
from __future__ import annotations

import pytest

from counterpoint.analyze import Context, claims, quotes
from counterpoint.settings import Settings


def _speaker(pipeline, text, start, lang="en"):
    found = [q for q in quotes.extract(pipeline(text), Context(lang, None, Settings()))
             if q.direct and q.text.startswith(start)]
    assert found, text
    return found[0].speaker or ""


def _claim_source(pipeline, text, value, lang="en"):
    sdoc = pipeline(text)
    ctx = Context(lang, None, Settings())
    ctx.quotes = quotes.extract(sdoc, ctx)
    found = [c for c in claims.extract(sdoc, ctx) if c.value.min == value]
    assert found, text
    return found[0].attributed_to or ""


# -- a role resolves to the person the document gives that role ------------------------------

@pytest.mark.parametrize("text,start,expected", [
    # the role set off by a comma before the name, the description after it
    ("The Deputy Harbour Master, Ilse Marten, inspected the pier on Monday. "
     "“The pier stays closed until the storm passes,” the harbour master said.", "The pier", "Ilse Marten"),
    # the name given after the description (a news lede, then the full mention)
    ("The ban was criticised by a regional commissioner who said it would “leave whole families without "
     "water for days”. Later that week, regional commissioner Pavel Ostrov asked for it to be lifted.",
     "leave whole families", "Pavel Ostrov"),
    # a possessive before the role: the adviser, not the minister
    ("The Transport Minister's Chief Adviser, Lena Kovar, visited the port. "
     "“Twelve lorries were turned back,” the Chief Adviser said.", "Twelve lorries", "Lena Kovar"),
])
def test_role_description_is_the_named_holder(nlp, text, start, expected):
    assert expected in _speaker(nlp, text, start)


def test_role_description_is_the_named_holder_in_a_claim(nlp):
    text = ("The Transport Minister's Chief Adviser, Lena Kovar, visited the port. "
            "The Chief Adviser said 40 lorries were turned back.")
    assert "Lena Kovar" in _claim_source(nlp, text, 40)


@pytest.mark.parametrize("text,start,expected", [
    ("Tomas Vidal, procureur de Valmont, a ouvert une enquête mardi. "
     "« Les faits sont d'une extrême gravité », a expliqué le procureur.", "Les faits", "Tomas Vidal"),
    ("Le sous-préfet de Valmont Marc Lenoir s'est rendu sur la plage. Le procureur de Valmont, Anna Roux, "
     "a ouvert une enquête. « Deux corps ont été retrouvés », a ajouté la procureure.", "Deux corps", "Anna Roux"),
])
def test_role_description_is_the_named_holder_in_french(fr, text, start, expected):
    assert expected in _speaker(fr, text, start, "fr")


def test_a_person_with_another_role_of_the_same_kind_is_not_the_description(fr):
    text = ("Le sous-préfet de Valmont Marc Lenoir s'est rendu sur la plage mardi. "
            "« Les recherches ont repris à l'aube », a ajouté le procureur.")
    assert "Lenoir" not in _speaker(fr, text, "Les recherches", "fr")


def test_a_role_of_an_organisation_is_not_its_acronym(nlp):
    # "the HTA" is the association, not the person who runs it
    text = ("Hauliers were furious, said HTA chief executive Rosa Lindqvist. "
            "“The border has become a lottery,” the HTA said in a statement.")
    assert "Lindqvist" not in _speaker(nlp, text, "The border")


# -- placards, banners and chants are the crowd's words ---------------------------------------

@pytest.mark.parametrize("text,start,expected,wrong", [
    # a banner with no holder, a named person in the same sentence
    ("Hundreds of marchers crossed the bridge at noon. “Homes not walls,” read a banner tied to the railing, "
     "as the mayor, Odile Brac, looked on.", "Homes not", "marchers", "Brac"),
    # chants: the protesters the document names, not the councillor who spoke
    ("Hundreds of demonstrators filled the square, where councillor Tomas Reyl spoke briefly. "
     "There were chants of “Close the camp now” and “Not in our name”.", "Not in our", "demonstrators", "Reyl"),
    # the holders, named as part of the group before ("Some held …")
    ("Dozens of counter-protesters gathered near the station. Some held placards reading “No walls here”.",
     "No walls here", "counter-protesters", None),
])
def test_signs_and_chants_are_the_crowds(nlp, text, start, expected, wrong):
    speaker = _speaker(nlp, text, start)
    assert expected in speaker
    assert wrong is None or wrong not in speaker


@pytest.mark.parametrize("text,start,expected,wrong", [
    ("Des centaines de manifestants ont défilé samedi dans le centre. Le maire Paul Varin a reçu une délégation. "
     "Sur les pancartes, on pouvait lire : « Ouvrez le port », « Solidarité avec les exilés ».",
     "Solidarité", "manifestants", "Varin"),
    # the owner named after the sign
    ("« Le port doit rouvrir tout de suite ! » Une banderole des pêcheurs de Valmont barrait l'entrée du quai, "
     "a constaté le journaliste Luc Ferrand.", "Le port doit", "pêcheurs", "Ferrand"),
])
def test_signs_and_chants_are_the_crowds_in_french(fr, text, start, expected, wrong):
    speaker = _speaker(fr, text, start, "fr")
    assert expected in speaker
    assert wrong not in speaker


def test_a_speech_verb_after_the_sign_takes_its_own_speaker(nlp):
    # the banner is mentioned, but the words are those of the mayor who speaks after it
    text = ("The banners were taken down on Monday, and the mayor, Odile Brac, said “the square belongs "
            "to everyone again”.")
    assert "Brac" in _speaker(nlp, text, "the square belongs")


# -- part of a group ------------------------------------------------------------------------

def test_others_is_the_group_named_before(nlp):
    text = ("Dozens of residents gathered outside the town hall on Friday. "
            "“We were never consulted about the camp,” others told reporters.")
    # others of the group: "other residents", not the same ones
    assert "other residents" in _speaker(nlp, text, "We were never")


def test_certains_is_the_group_named_before(fr):
    text = ("Des dizaines d'habitants se sont rassemblés devant la mairie vendredi. "
            "« Personne ne nous a jamais consultés », ont lancé certains.")
    assert "habitants" in _speaker(fr, text, "Personne ne", "fr")


# -- pronouns and incises ---------------------------------------------------------------------

def test_he_with_no_speaker_before_is_the_person_just_described(nlp):
    text = ("A call came at dawn from one man whose brother was still at sea. "
            "“Please hurry, the boat is sinking,” he said.")
    # the man described, with the clause that says who he is; not nobody, not his brother
    assert _speaker(nlp, text, "Please hurry").startswith("one man")


def test_il_with_no_speaker_before_is_the_person_just_described(fr):
    text = ("Un appel est arrivé à l'aube, passé par un homme du port. "
            "« Le bateau coule, venez vite », a-t-il lancé.")
    assert "homme" in _speaker(fr, text, "Le bateau coule", "fr")


def test_french_incise_with_a_name_inside_the_quote(fr):
    text = ("L'ONG a envoyé deux équipes. « Les familles attendent depuis des semaines sous la pluie, "
            "explique Ilse Marten, cheffe de mission de l'ONG. Elles ont besoin d'abris. »")
    assert "Ilse Marten" in _speaker(fr, text, "Les familles", "fr")
