"""Short event descriptions in the style of public event data sets: the triggers and
constructions added for them (pushbacks, interceptions, landings, headline sentences the
tagger reads without a verb, bodies recovered), and the statements they must not turn into
events. Sentences written for these tests."""
import pytest


def _types(extract, text):
    return [e.type for e in extract(text, "2024-05-10")]


def _killed(extract, text, etype):
    ev = next(e for e in extract(text, "2024-05-10") if e.type == etype)
    return ev.killed.min if ev.killed else None


@pytest.mark.parametrize("text,etype", [
    # pushed / turned back
    ("The coast guard pushed back a dinghy carrying 30 people towards the other shore.", "crossing"),
    ("Soldiers turned back a group of 25 migrants at the border on Monday.", "crossing"),
    ("Guards pushed two families back across the fence into the forest.", "crossing"),
    ("Rights groups documented a pushback of 40 people near the river last week.", "crossing"),
    # stopped / intercepted, reached, brought ashore, disembarked, towed
    ("Naval patrols stopped a boat with 70 people south of the island.", "crossing"),
    ("Some 50 migrants reached the island aboard two wooden boats overnight.", "crossing"),
    ("A small boat with 33 people reached the harbour on Sunday.", "crossing"),
    ("The rescue ship brought 90 survivors ashore in the southern port.", "crossing"),
    ("The charity vessel disembarked 120 people at the port on Thursday.", "crossing"),
    ("Fishermen pulled eight survivors from the water.", "crossing"),
    # fired on, attacks on places, bombings, ambushes
    ("Border police fired on a group of young men near the checkpoint.", "assault"),
    ("A mob attacked shops owned by refugees in the old town.", "assault"),
    ("Gunmen ambushed a convoy on the main road on Tuesday.", "assault"),
    ("A bombing at the bus station wounded a dozen people.", "assault"),
    # gathered demanding, strikes, occupations
    ("About 200 relatives gathered in the square demanding news of the missing.", "protest"),
    ("Port workers went on strike on Wednesday over unpaid wages.", "protest"),
    ("Students occupied the rector's office to protest against the deportation of a classmate.", "protest"),
    # landings, "X to death", exchanges of fire, petrol bombs
    ("A wooden boat with 45 people landed at a beach near the harbour on Sunday.", "crossing"),
    ("A man was stabbed to death outside the shelter on Friday.", "death"),
    ("Soldiers and gunmen exchanged fire near the checkpoint for two hours.", "clash"),
    ("Attackers threw a petrol bomb at the hostel overnight.", "fire"),
    # looting, shelling, lynching, attacks on positions
    ("Rioters looted shops in the city centre overnight.", "clash"),
    ("Army artillery shelled the town on Monday.", "assault"),
    ("A crowd lynched a man accused of theft in the market.", "assault"),
    ("Gunmen attacked army positions near the border on Sunday.", "assault"),
    # blocked entrances, court orders
    ("Local residents blocked the entrance of a new reception centre in the village.", "protest"),
    ("The court ordered the release of 21 migrants held at the detention centre.", "policy"),
    # vandalism, roads blocked, union members gathering, extensions of an emergency
    ("Protesters vandalised the offices of the ruling party.", "clash"),
    ("Demonstrators burned tyres and blocked roads in the capital.", "protest"),
    ("Members of a teachers' union gathered outside the ministry to denounce unpaid salaries.", "protest"),
    ("The government extended the state of emergency by three months.", "policy"),
    # crowd-control weapons named in the plural, protesters storming a building, people in a container
    ("Police used stun grenades against students marching to the ministry.", "assault"),
    ("Riot police fired rubber bullets at the crowd outside the station.", "assault"),
    ("Protesters stormed the parliament building on Friday.", "protest"),
    ("Rescue teams found 17 people alive in a container at the port.", "crossing"),
    # walkouts, burning tyres, blocked crossings
    ("Students walked out of classes to protest the arrest of a classmate.", "protest"),
    ("Unemployed youths burned tyres on the main road out of town.", "protest"),
    ("Truck drivers blocked the border crossing for several hours.", "protest"),
    # objects thrown at the police, people escorted to a border
    ("Protesters threw firecrackers and bottles at police outside the town hall.", "clash"),
    ("Police escorted 300 migrants to the border on Thursday.", "relocation"),
    # sentences
    ("Two boat drivers were jailed in the port city for smuggling people.", "policy"),
    # votes, expulsions to a border
    ("Parliament voted on Tuesday to extend detention to eighteen months.", "policy"),
    ("The authorities expelled 400 people to the desert border with a neighbouring country.", "relocation"),
])
def test_events_new_triggers(extract, text, etype):
    assert etype in _types(extract, text)


@pytest.mark.parametrize("text,etype", [
    ("Police in Lyon evicted families from an occupied gymnasium.", "eviction"),
    ("Officers in Marseille arrested smugglers near the old port.", "arrest"),
])
def test_events_headline_sentence_the_tagger_reads_without_a_verb(extract, text, etype):
    assert etype in _types(extract, text)


@pytest.mark.parametrize("text", [
    "Evicted families in Lyon",  # a caption: the participle describes, nothing happened here
    "The government pushed back the vote on the asylum bill.",
    "Police pushed back protesters outside the town hall.",  # no crossing
    "The number of migrants who reached the country this year rose sharply.",
    "Arrivals by boat reached a record this year.",
    "The coast guard will turn back any boat that enters its waters.",
    "Ministers want to push boats back to the other shore.",
    "Campaigners said border guards routinely push people back into the forest.",
    "Police did not stop the boat.",
    "The airline landed its first flight at the new airport.",
    "Three people remain in hospital.",
    "Police blocked access to the camp on Sunday.",  # the police's blockade is no protest
    "The company executed the contract last year.",
    "A storm destroyed dozens of tents in the camp overnight.",
    "Rubber bullets can cause serious injuries.",
    "The minister walked out of the meeting.",  # no eviction: nobody destroyed them
    "The company used shell companies to hide its profits.",
])
def test_events_new_triggers_skip_unasserted_statements(extract, text):
    assert _types(extract, text) == []


def test_events_fire_destroying_a_camp_is_no_eviction(extract):
    assert _types(extract, "Fire destroys part of camp on Samos") == ["fire"]


@pytest.mark.parametrize("text,etype", [
    ("Three dead as boat sinks off Lesbos", "death"),
    ("47 migrants rescued off Malta", "crossing"),
    ("Refugees evicted from square in Athens", "eviction"),
    ("Border guards push back 60 people at Evros", "crossing"),
    ("Eight bodies recovered off Tobruk", "death"),
])
def test_events_headlines(extract, text, etype):
    assert etype in _types(extract, text)


@pytest.mark.parametrize("text,etype,n", [
    ("A boat capsized off the cape; 14 bodies were recovered.", "death", 14),
    ("Rescuers retrieved the bodies of six people from the river.", "death", 6),
    ("Nine bodies washed up on the beach over the weekend.", "death", 9),
    ("A boat sank near the coast, leaving 31 dead.", "death", 31),
    ("Gunmen raided the village, killing 12 civilians.", "death", 12),
    ("Seven people died when their van overturned near the border.", "death", 7),
    ("Two teenagers were beaten to death by a mob near the market.", "death", 2),
    ("The remains of three people were found in the desert near the border.", "death", 3),
    ("The militia executed five prisoners in a village near the front line.", "death", 5),
    ("Migrant boat sinks off the cape, 45 dead", "death", 45),
])
def test_events_fatalities_phrasings(extract, text, etype, n):
    assert _killed(extract, text, etype) == n


@pytest.mark.parametrize("text,place", [
    ("The Spanish government signed a deal with Senegal on Monday to curb departures.", "Spain"),
    ("The Greek government adopted a law on asylum appeals at the border with Turkey.", "Greece"),
])
def test_events_a_national_bodys_decision_is_placed_in_its_country(extract, text, place):
    ev = next(e for e in extract(text, "2024-05-10") if e.type == "policy")
    assert ev.place == place


def test_events_a_decision_about_a_town_keeps_the_town(extract):
    ev = next(e for e in extract("The Italian government adopted an emergency plan for Lampedusa.", "2024-05-10")
              if e.type == "policy")
    assert ev.place == "Lampedusa"


@pytest.mark.parametrize("text,etype,killed,injured", [
    # the second number has a state of its own: the missing are not dead
    ("A boat capsized off the headland on Monday, leaving 12 dead and 20 missing.", "death", 12, None),
    ("A rubber boat sank near the island on Friday, leaving 12 dead and 20 missing.", "death", 12, None),
    # "left N dead": the number said of the state
    ("The fighting left five dead and 12 injured.", "death", 5, 12),
    ("Shelling of the camp left four dead and 25 wounded, medics said.", "death", 4, 25),
    # coordinated groups sharing one state are still summed
    ("Four residents and 11 guards were injured in the fight at the centre.", "clash", None, 15),
])
def test_events_coordinated_numbers_keep_their_own_states(extract, text, etype, killed, injured):
    ev = next(e for e in extract(text, "2024-05-10") if e.type == etype)
    assert (ev.killed.min if ev.killed else None) == killed
    assert (ev.injured.min if ev.injured else None) == injured
