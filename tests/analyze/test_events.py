"""Events: which sentences assert an occurrence, and what the event holds."""
import pytest


@pytest.mark.parametrize("text,etype", [
    ("Riot police evicted about 300 people from the camp on Tuesday.", "eviction"),
    ("The squat was dismantled by gendarmes early this morning.", "eviction"),
    ("Two volunteers were arrested near the port on Friday.", "arrest"),
    ("Officers took eleven men into custody after the raid on the warehouse.", "arrest"),
    ("A young Sudanese man drowned off the beach at Wimereux on Sunday.", "death"),
    ("Protesters marched through the town centre on Saturday.", "protest"),
    ("Someone set fire to a shelter in the camp overnight.", "fire"),
    ("Around 40 people tried to cross the Channel in a dinghy on Monday.", "crossing"),
    ("Fighting broke out between two groups at the camp and police clashed with residents on Monday.", "clash"),
])
def test_events_detects_asserted_occurrences(extract, text, etype):
    types = [e.type for e in extract(text, "2020-05-06")]
    assert etype in types


@pytest.mark.parametrize("text", [
    "The camp will be evicted next week.",
    "Residents were threatened with eviction.",
    "The prefecture plans to clear the site.",
    "Police did not evict anyone from the camp.",
    "If the police evict the camp, people will scatter.",
    "Police regularly destroy tents in the woods.",
    "Will the authorities dismantle the camp?",
    "The mayor wants to demolish the remaining shelters.",
    "Many migrants trying to reach England hide in lorries every night.",
    "People are evicted from their tents and their blankets are taken.",
    "It is clear that the camp needs water.",
    "Repeated evictions exhaust the people living in the woods.",
    "The government wants to evict the camp and will clear the site in June.",
])
def test_events_skips_unasserted_statements(extract, text):
    assert [e.type for e in extract(text, "2020-05-06") if e.type == "eviction" or e.type == "crossing"] == []


def test_events_merges_sentences_about_one_occurrence(extract):
    text = ("Police evicted the camp near the canal on Tuesday. "
            "The eviction began at dawn and lasted four hours.")
    evs = [e for e in extract(text, "2020-05-07") if e.type == "eviction"]
    assert len(evs) == 1
    assert len(evs[0].evidence) == 1
    assert evs[0].sentence in text and all(x in text for x in evs[0].evidence)


def test_events_keeps_diary_entries_apart(extract):
    text = ("On 3 May 2020, police evicted the camp by the canal.\n\n"
            "On 12 May 2020, police evicted the camp by the canal again.")
    evs = [e for e in extract(text) if e.type == "eviction"]
    assert sorted(e.date for e in evs) == ["2020-05-03", "2020-05-12"]


def test_events_offsets_point_into_the_text(extract):
    text = "Headline here\n\nTwo volunteers were arrested near the port on Friday."
    ev = next(e for e in extract(text, "2020-05-09") if e.type == "arrest")
    assert text[ev.start:ev.end] == ev.sentence


def test_events_participants_and_counts(extract):
    ev = next(e for e in extract("Riot police evicted about 300 migrants from the camp.", "2020-05-06")
              if e.type == "eviction")
    agents = [p for p in ev.participants if p.role == "agent"]
    targets = [p for p in ev.participants if p.role == "target"]
    assert agents and agents[0].category == "security_forces"
    assert targets and targets[0].category == "migrants" and targets[0].label == "migrants"
    assert (targets[0].count.min, targets[0].count.max, targets[0].count.approximate) == (300, 300, True)


def test_events_casualty_groups(extract):
    text = "Three migrants and 15 CRS were injured during clashes in the camp on Sunday."
    ev = next(e for e in extract(text, "2020-05-06") if e.type == "clash")
    injured = sorted((c.category, c.count.min) for c in ev.casualties if c.what == "injured")
    assert injured == [("migrants", 3), ("security_forces", 15)]
    assert (ev.injured.min, ev.injured.max) == (18, 18)


def test_events_date_from_weekday(extract):
    ev = next(e for e in extract("Police evicted the camp on Tuesday.", "2020-05-08") if e.type == "eviction")
    assert ev.date == "2020-05-05"


def test_events_no_date_for_undated_background(extract):
    ev = next(e for e in extract("Police evicted the camp near the canal.", "2020-05-08") if e.type == "eviction")
    assert ev.date is None


def test_events_place_from_gazetteer(extract):
    ev = next(e for e in extract("Police evicted a camp in Loon-Plage on Tuesday.", "2020-05-08")
              if e.type == "eviction")
    assert ev.place == "Loon-Plage" and ev.lat and ev.lon


@pytest.mark.parametrize("text,etype", [
    ("Police fired tear gas at a group of exiles near the hospital on Monday.", "assault"),
    ("A 30-year-old Eritrean man was found dead near the railway on Wednesday.", "death"),
    ("The prefect signed a decree banning food distributions in the town centre.", "policy"),
    ("Volunteers distributed 600 meals near the station on Sunday.", "aid"),
])
def test_events_more_types(extract, text, etype):
    assert etype in [e.type for e in extract(text, "2020-05-08")]


def test_events_sentences_are_substrings_with_offsets(extract):
    text = ("Calais: camp cleared\n\n7 May 2020\n\nPolice evicted about 200 exiles from a camp "
            "near the hospital on Tuesday. Four volunteers were arrested. The eviction lasted three hours.")
    evs = extract(text)
    assert evs
    for e in evs:
        assert text[e.start:e.end] == e.sentence
        assert all(x in text for x in e.evidence)
    ev = next(e for e in evs if e.type == "eviction")
    assert ev.date == "2020-05-05"


def _n(c):
    return (c.min, c.max) if c is not None else None


def test_events_injured_told_sentences_later_attach_to_the_event(extract):
    # the figure comes two sentences after the sinking, in a sentence with no event of its own
    text = ("A dinghy carrying migrants sank off Wimereux on Tuesday, the prefecture said. "
            "A patrol vessel reached the scene within minutes. "
            "Officials said the dinghy had left from a nearby beach. "
            "Twelve people were taken to hospital.")
    ev = next(e for e in extract(text, "2021-03-04") if e.type == "crossing")
    assert _n(ev.injured) == (12, 12)


def test_events_figures_cross_one_sentence_paragraphs(extract):
    text = ("A boat carrying migrants capsized near Gravelines on Friday, officials said.\n\n"
            "Nine passengers were taken to hospital, according to the coastguard.")
    ev = next(e for e in extract(text, "2021-03-04") if e.type == "crossing")
    assert _n(ev.injured) == (9, 9)


def test_events_figures_go_to_the_nearest_event_and_stop_at_the_next(extract):
    text = ("A man drowned off Sangatte on Monday, the prefecture said. "
            "Police arrested four suspected smugglers in Calais later that day. "
            "Seven people were injured.")
    evs = extract(text, "2021-03-04")
    death = next(e for e in evs if e.type == "death")
    assert death.injured is None  # the arrest sentence stands between them


def test_events_figures_do_not_cross_a_heading(extract):
    text = ("Police evicted about 200 exiles from a camp near the hospital on Tuesday.\n\n"
            "Other news from the coast\n\n"
            "Thirty people were taken to hospital.")
    ev = next(e for e in extract(text, "2021-03-04") if e.type == "eviction")
    assert ev.injured is None


def test_events_death_takes_the_injured_told_after_it(extract):
    text = ("Two migrants were killed by a train near Hendaye on Monday, police said. "
            "A third man was seriously injured.")
    ev = next(e for e in extract(text, "2021-03-04") if e.type == "death")
    assert _n(ev.killed) == (2, 2)
    assert _n(ev.injured) == (1, 1)


def test_events_arrest_does_not_take_the_injured(extract):
    text = ("Police arrested five men at the port on Monday. Two officers were injured.")
    ev = next(e for e in extract(text, "2021-03-04") if e.type == "arrest")
    assert ev.injured is None


@pytest.mark.parametrize("sentence", [
    "Six of those rescued were placed in police custody on Monday.",
    "Three drivers were placed under arrest at the port on Monday.",
])
def test_events_custody_counts_as_arrest(extract, sentence):
    ev = next(e for e in extract(sentence, "2021-03-04") if e.type == "arrest")
    assert ev.arrested is not None and ev.arrested.min in (6, 3)


def test_events_count_after_a_dateline_dash(extract):
    text = "Boat held off the coast\n\nCALAIS — Three men were arrested on Tuesday after a boat was stopped."
    ev = next(e for e in extract(text, "2021-03-04") if e.type == "arrest")
    assert _n(ev.arrested) == (3, 3)


def test_events_country_gives_way_to_the_town_told_after(extract):
    text = ("Three people were killed by a train in southwest France on Tuesday, local media reported.\n\n"
            "They were sleeping on the tracks at Saint-Jean-de-Luz when the train hit them.")
    ev = next(e for e in extract(text, "2021-03-04") if e.type == "death")
    assert ev.place == "Saint-Jean-de-Luz"


def test_events_country_kept_when_the_town_is_elsewhere(extract):
    text = ("Three people were killed by a train in southwest France on Tuesday, local media reported.\n\n"
            "The minister spoke in Madrid about the border.")
    ev = next(e for e in extract(text, "2021-03-04") if e.type == "death")
    assert ev.place != "Madrid"


def test_events_place_of_an_office_or_hospital_is_not_the_event_place(extract):
    text = ("A man was shot dead at the Loon-Plage camp near Dunkirk on Tuesday. "
            "One adult was taken to a hospital in Lille. "
            "Two people have been arrested, the Dunkirk prosecutor said.")
    evs = extract(text, "2021-03-04")
    arrest = next(e for e in evs if e.type == "arrest")
    assert arrest.place == "Loon-Plage"  # not the prosecutor's seat, the hospital's town or the landmark


def test_events_inquiry_keeps_the_office_seat(extract):
    text = ("A man was shot dead at the Loon-Plage camp on Tuesday. "
            "The Dunkirk prosecutor has opened an investigation into the killing.")
    pol = [e for e in extract(text, "2021-03-04") if e.type == "policy"]
    assert pol and pol[0].place == "Dunkirk"


def test_events_keep_apart_an_occurrence_stated_far_from_the_place_taken_before(extract):
    """The first eviction takes its place from the sentence before it; the second states a
    place 60 km away: two occurrences, not one."""
    text = ("Hundreds of people live in the woods at Grande-Synthe. Police dismantled the camp on "
            "Tuesday morning. Officers also dismantled a camp at Norrent-Fontes.")
    places = sorted(e.place for e in extract(text, "2024-05-10") if e.type == "eviction")
    assert places == ["Grande-Synthe", "Norrent-Fontes"]
