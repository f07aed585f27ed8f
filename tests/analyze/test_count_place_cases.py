"""Counts and places: one test per class of error found on unseen text (issue 11), with
sentences written for these tests (invented names and places' events)."""
import pytest


def _one(events, etype):
    found = [e for e in events if e.type == etype]
    assert found, f"no {etype} among {[e.type for e in events]}"
    return found[0]


# -- "N of the M": the part is the group, the whole is not -----------------------------------

@pytest.mark.parametrize("text", [
    "Quatorze des quinze rescapés ont été placés en garde à vue à Calais.",
    # a parse that hangs the verb under the whole ("rescapés ... entendus")
    "Quatorze des quinze rescapés continuaient d'être entendus jeudi en garde à vue à Calais.",
])
def test_fr_part_of_a_whole_is_the_count(fr_extract, text):
    ev = _one(fr_extract(text), "arrest")
    assert ev.arrested is not None and ev.arrested.min == 14


def test_en_part_of_a_whole_is_the_count(extract):
    ev = _one(extract("Twelve of the 40 migrants were arrested by police in Dover on Monday."), "arrest")
    assert ev.arrested is not None and ev.arrested.min == 12


def test_en_one_of_a_group_detained_counts_the_group(extract):
    # the clause describes the 20, of whom the man is one
    ev = _one(extract("Gen Alain Borvane was one of about 20 people detained at a rally in Calais."), "arrest")
    assert ev.arrested is not None and ev.arrested.min == 20


# -- casualty phrasing ------------------------------------------------------------------------

def test_fr_trouver_la_mort_counts_the_dead(fr_extract):
    ev = _one(fr_extract("Trois exilés ont trouvé la mort au large de Calais mardi."), "death")
    assert ev.killed is not None and ev.killed.min == 3


# -- figures told in the next sentence ----------------------------------------------------------

@pytest.mark.parametrize("after", ["Environ 200 CRS étaient sur les lieux.",
                                   "Environ 200 CRS et policiers étaient mobilisés."])
def test_fr_officers_counted_after_the_eviction(fr_extract, after):
    ev = _one(fr_extract("Le camp de migrants de Grande-Synthe a été démantelé mardi par la police. " + after),
              "eviction")
    assert any(p.count is not None and p.count.min == 200 for p in ev.participants)


# -- a death on land in a story about the sea ---------------------------------------------------

def test_en_death_in_a_camp_is_not_at_sea(extract):
    text = ("A man was shot dead in the camp at Loon-Plage on Saturday.\n\n"
            "Earlier that day, 60 people had tried to cross the English Channel in a small boat.")
    death = _one(extract(text), "death")
    assert death.place == "Loon-Plage"


def test_en_drowning_in_a_channel_story_is_at_sea(extract):
    text = ("Two people drowned off Wimereux on Saturday.\n\n"
            "They had tried to cross the English Channel in a small boat.")
    death = _one(extract(text), "death")
    assert death.place.startswith("English Channel off")


# -- a population is not the people of the event told next to it ------------------------------

@pytest.mark.parametrize("after", [
    "Some of the 3,000 migrants camped in the town come from Sudan.",
    "The crisis has grown for months, with around 3,000 people from Sudan and Eritrea now camped near the port.",
    "Around 3,000 people from Sudan live in the camp near the port.",
])
def test_en_people_living_somewhere_are_not_the_crossing(extract, after):
    text = "Dozens of migrants tried to board lorries near the port of Calais on Tuesday. " + after
    ev = _one(extract(text), "crossing")
    assert not any(p.count is not None and p.count.min == 3000 for p in ev.participants)


def test_en_officers_on_the_scene_still_count(extract):
    text = "Police cleared the camp at Grande-Synthe on Tuesday. Some 200 officers were on the scene."
    ev = _one(extract(text), "eviction")
    assert any(p.count is not None and p.count.min == 200 for p in ev.participants)


def test_en_people_living_in_a_cleared_camp_are_its_eviction(extract):
    text = "Police cleared the camp at Grande-Synthe on Tuesday. Around 900 people from Sudan had lived in the camp."
    ev = _one(extract(text), "eviction")
    assert any(p.count is not None and p.count.min == 900 for p in ev.participants)


def test_fr_elided_subject_of_the_second_verb_is_its_own_group(fr_extract):
    text = "Une personne a été tuée et cinq autres blessées par balles samedi près du camp de Loon-Plage."
    ev = _one(fr_extract(text), "death")
    assert ev.killed is not None and ev.killed.min == 1
    assert ev.injured is not None and ev.injured.min == 5


# -- issue 11, round five: injury states, outcomes shared by one occurrence, "the other three" --

@pytest.mark.parametrize("after,n", [
    ("Two were said to be in critical condition.", 2),
    ("A total of 18 people were rescued, including eight suffering hypothermia.", 8),
])
def test_en_injury_states_count_the_injured(extract, after, n):
    text = f"A boat capsized off Wimereux on Monday and more than 50 people were rescued. {after}"
    ev = _one(extract(text, "2021-05-06"), "crossing")
    assert ev.injured is not None and ev.injured.min == n


@pytest.mark.parametrize("after,n", [
    ("Deux étaient en urgence absolue mardi soir.", 2),
    ("Une victime est entre la vie et la mort.", 1),
])
def test_fr_injury_states_count_the_injured(fr_extract, after, n):
    text = f"Un bateau a chaviré mardi au large de Wimereux et 40 personnes ont été secourues. {after}"
    ev = _one(fr_extract(text), "crossing")
    assert ev.injured is not None and ev.injured.min == n


def test_en_the_other_three_are_not_more_people(extract):
    text = ("Five migrants were injured in a shooting in Calais on Saturday. "
            "Two were badly hurt, and the other three were slightly injured.")
    ev = _one(extract(text, "2021-05-06"), "assault")
    assert ev.injured is not None and ev.injured.min == 5


def test_fr_les_trois_autres_are_not_more_people(fr_extract):
    text = ("Un homme a été tué et cinq autres blessés par balles samedi à Calais. "
            "Deux sont dans un état grave, tandis que les trois autres ont été blessés légèrement.")
    ev = _one(fr_extract(text), "death")
    assert ev.injured is not None and ev.injured.min == 5


def test_en_sinking_takes_the_injured_of_its_deaths(extract):
    # the dead and the hospitalised are the sinking's: the crossing told with them carries them
    text = ("Two adults and two children died after a boat carrying migrants sank off Dunkirk on Monday. "
            "Fifteen others were taken to hospital, officials said.")
    evs = extract(text, "2021-05-06")
    ev = _one(evs, "crossing")
    assert ev.injured is not None and ev.injured.min == 15


def test_en_count_right_after_a_dateline_dash(extract):
    text = "WIMEREUX, France (Reuters) -Five migrants died off the coast of northern France on Wednesday."
    ev = _one(extract(text, "2021-05-06"), "death")
    assert ev.killed is not None and ev.killed.min == 5


def test_fr_number_subject_hung_on_the_verb(fr_extract):
    text = ("Deux de ses amis kurdes, « qui venaient d’échouer dans leur tentative de traverser la Manche », "
            "ont été abattus devant lui ce jour-là près d’un campement à Grande-Synthe.")
    ev = _one(fr_extract(text), "death")
    assert ev.killed is not None and ev.killed.min == 2


def test_en_clash_takes_the_injured_told_with_its_deaths_next(extract):
    text = ("About 2,000 people clashed with border guards at the fence of Ceuta on Friday. "
            "In addition to the 12 deaths, 140 people and 49 officers were also injured.")
    ev = _one(extract(text, "2021-05-06"), "clash")
    assert {c.count.min for c in ev.casualties if c.what == "injured"} >= {140, 49}


@pytest.mark.parametrize("lang,text,label", [
    ("fr", "Lundi, le campement de Norrent-Fontes a été démantelé et 85 de ses occupants dirigés vers des centres d'accueil.",
     "occupants"),
    ("en", "Police evicted the camp in Calais on Monday and moved 85 of its residents to shelters.", "residents"),
])
def test_part_of_the_residents_is_their_count(extract, fr_extract, lang, text, label):
    evs = (fr_extract(text) if lang == "fr" else extract(text, "2021-05-06"))
    counts = {p.count.min for e in evs for p in e.participants if p.label == label and p.count}
    assert 85 in counts


def test_fr_officers_counted_with_the_relocation_carried_out_the_eviction(fr_extract):
    text = ("Les gendarmes ont démantelé jeudi le camp de migrants de Calais. "
            "Près de 900 personnes ont pu monter dans des bus vers des hébergements d'urgence. "
            "Près de 400 policiers étaient mobilisés.")
    ev = _one(fr_extract(text), "eviction")
    assert any(p.category == "security_forces" and p.count and p.count.min == 400 for p in ev.participants)


def test_en_arrested_with_others_counts_the_others(extract):
    ev = _one(extract("General Jean Dupont was arrested in Calais with about 20 other people after scuffles "
                      "broke out on Saturday.", "2021-05-06"), "arrest")
    assert ev.arrested is not None and ev.arrested.min == 20


def test_en_with_a_thing_is_no_group(extract):
    ev = _one(extract("A driver was arrested in Dover with 20 kilos of cannabis on Saturday.", "2021-05-06"), "arrest")
    assert ev.arrested is None or ev.arrested.min != 20
