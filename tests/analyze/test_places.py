"""Places: the world gazetteer, homonyms resolved by the document's context, proper nouns only,
datelines kept apart from the event's own place. Every sentence here is written for the test."""
import pytest

from counterpoint.analyze import gazetteer as gz
from counterpoint.analyze import places
from counterpoint.settings import Settings


@pytest.mark.parametrize("name,place", [
    ("Dunkirk", "Dunkirk"),
    ("Dunkerque", "Dunkirk"),
    ("Calais", "Calais"),
    ("the Jungle", "Jungle, Calais"),
    ("Loon-Plage", "Loon-Plage"),
    ("Coquelles", "Coquelles"),
])
def test_places_lookup(name, place):
    hit = places.lookup(name)
    assert hit and hit[0] == place


def test_places_lookup_small_french_town():
    name, lat, lon, rank = places.lookup("Wormhout")
    assert 50 < lat < 51.5 and 1.5 < lon < 3


def test_places_lookup_unknown_is_none():
    assert places.lookup("Xqzzyville") is None


@pytest.mark.parametrize("name,folded", [
    ("Röszke", "roszke"),
    ("Boulogne-sur-Mer", "boulogne sur mer"),
    ("St. Helier", "st helier"),
    ("Łódź", "lodz"),
])
def test_gazetteer_fold(name, folded):
    assert gz.fold(name) == folded


def test_gazetteer_transliterations_and_countries():
    g = gz.gazetteer()
    assert any(e.country == "BY" and e.kind == "city" for e, _ in g.candidates("Mogilev"))
    assert any(e.country == "BY" and e.kind == "city" for e, _ in g.candidates("Mahilyow"))
    assert [e.name for e, _ in g.candidates("Grèce")] == ["Greece"]  # French country names
    assert g.candidates("US")[0][0].kind == "country"  # the acronym, not the commune Us
    assert g.candidates("Us")[0][0].kind == "city"


def test_gazetteer_cache_round_trip(tmp_path):
    g = gz.Gazetteer()
    g.add(gz.Entry("Testville", 1.0, 2.0, "FR", 1200, "city", 2, "Somewhere"), ["Testville"], ["Teststadt"])
    path = tmp_path / "g.marshal"
    gz.save(g, path)
    back = gz._load(path)
    assert back.candidates("teststadt") == [(g.entries[0], True)]
    assert back.candidates("Testville") == [(g.entries[0], False)]


def _found(nlp, text):
    return places.finder_for(nlp.vocab)(nlp(text))


def _one(nlp, text, surface):
    hits = [m for m in _found(nlp, text) if surface in m.text]
    assert hits, f"{surface!r} not found in {text!r}: {_found(nlp, text)}"
    return hits[0]


@pytest.mark.parametrize("text,surface,country", [
    ("Police in Belgrade detained forty people at the bus station.", "Belgrade", "RS"),
    ("Hundreds of people waited near Brest, on the border between Belarus and Poland.", "Brest", "BY"),
    ("Protesters marched through Brest in Brittany on Saturday.", "Brest", "FR"),
    ("A boat left Tripoli in northern Lebanon with eighty people on board.", "Tripoli", "LB"),
    ("Armed groups clashed in Tripoli, the Libyan capital, overnight.", "Tripoli", "LY"),
    ("Guards stopped a van outside Brest, Belarus, on Monday.", "Brest", "BY"),
    ("Police in Mogilev detained ten people on Friday.", "Mogilev", "BY"),
    ("The Greek coast guard said the dinghy sank near Samos.", "Samos", "GR"),
])
def test_places_homonym_by_context(nlp, text, surface, country):
    assert _one(nlp, text, surface).country == country


def test_places_transliteration_same_point(nlp):
    a = _one(nlp, "Police in Mogilev detained ten people.", "Mogilev")
    b = _one(nlp, "Police in Mahilyow detained ten people.", "Mahilyow")
    assert places.km((a.lat, a.lon), (b.lat, b.lon)) < 25 and a.rank == b.rank == 2


@pytest.mark.parametrize("text,surface,lat,lon", [
    ("Volunteers handed out food in Ghyvelde on Sunday.", "Ghyvelde", 51.05, 2.53),
    ("A camp near Norrent-Fontes was cleared at dawn.", "Norrent-Fontes", 50.59, 2.41),
    ("Three people were found in a lorry at Zeebrugge.", "Zeebrugge", 51.33, 3.2),
    ("Police fired tear gas near Roszke on the Serbian border.", "Roszke", 46.19, 20.03),
    ("A dinghy sank in the Aegean off Lesbos.", "Lesbos", 39.2, 26.3),
    ("Officers cleared the camp at Idomeni on Tuesday.", "Idomeni", 41.12, 22.52),
])
def test_places_small_towns_islands_crossings(nlp, text, surface, lat, lon):
    m = _one(nlp, text, surface)
    assert places.km((m.lat, m.lon), (lat, lon)) < 25


@pytest.mark.parametrize("text,surface,lat,lon", [
    # a short text that names no country: the one town of that name after "in", "near", "off"
    ("Two hikers went missing in the hills near Kalavryta.", "Kalavryta", 38.03, 22.11),
    ("A fishing boat sank off Kyparissia on Sunday night.", "Kyparissia", 37.25, 21.67),
    # another name of a city of 100,000+ that the recogniser does not call a place
    ("An arson attack on a hostel in Ghent caused heavy damage.", "Ghent", 51.05, 3.72),
])
def test_places_short_texts_without_a_country(nlp, text, surface, lat, lon):
    m = _one(nlp, text, surface)
    assert places.km((m.lat, m.lon), (lat, lon)) < 25


def test_places_sea_and_strait(nlp):
    found = {m.place: m.rank for m in _found(nlp, "The boat sank in the Strait of Gibraltar, not in the Aegean.")}
    assert found == {"Strait of Gibraltar": 1, "Aegean Sea": 1}


@pytest.mark.parametrize("text", [
    "The US dollar rose against the euro on Monday.",
    "Us and them, read the banner at the march.",
    "Nice work, the mayor told the volunteers.",
    "Lire aussi: the rest of the story.",
    "The CRS and MSF teams arrived at noon.",
    "Read more on the Voice Of Vienna website tomorrow.",
])
def test_places_common_words_and_currencies_are_not_places(nlp, text):
    assert _found(nlp, text) == []


def test_places_us_alone_is_the_country(nlp):
    m = _one(nlp, "The US said it would pay for more shelters.", "US")
    assert m.place == "United States" and m.rank == 0


def test_places_person_named_like_a_town_is_not_a_place(nlp):
    assert not [m for m in _found(nlp, "The two men were arrested, according to Charlotte Huet, the prosecutor.")
                if m.text.startswith("Charlotte")]


def test_places_dateline_marked(nlp):
    found = _found(nlp, "PARIS (Reuters) - Police evicted 300 migrants from a camp in Calais on Tuesday.")
    assert [(m.place, m.role) for m in found] == [("Paris", "dateline"), ("Calais", None)]


def test_places_event_clause_before_dateline(extract):
    evs = extract("PARIS (Reuters) - Police evicted 300 migrants from a camp in Calais on Tuesday.")
    assert evs and evs[0].place == "Calais"


def test_places_dateline_is_the_filing_place_not_the_event_place(extract):
    # issue 10: a dateline gives where the story was filed; the event's place comes from its clause
    evs = extract("LESBOS, GREECE - Police evicted 300 migrants on Tuesday.")
    assert evs and evs[0].place is None
    evs = extract("LESBOS, GREECE - Police evicted 300 migrants from the Moria camp on Tuesday.")
    assert evs and evs[0].place.startswith("Moria")


def test_places_event_where_not_whence(extract):
    evs = extract("A boat from Izmir capsized off Chios on Monday and twelve people drowned.")
    assert evs and {e.place for e in evs} == {"Chios"}


def test_places_finder_in_text(nlp):
    found = _found(nlp, "Police cleared a camp in Grande-Synthe, near Dunkirk.")
    assert [m.place for m in found] == ["Grande-Synthe", "Dunkirk"]


@pytest.fixture(scope="module")
def fr():
    pytest.importorskip("spacy")
    from counterpoint.analyze.nlp import pipeline_for
    try:
        return pipeline_for("fr", Settings())
    except Exception:  # the French pipeline is not installed
        pytest.skip("French spaCy pipeline not installed")


@pytest.mark.parametrize("text,surface,country", [
    ("La police hongroise a dispersé les migrants à Röszke mercredi.", "Röszke", "HU"),
    ("Les gendarmes ont évacué le camp de Moria, sur l'île de Lesbos en Grèce.", "Moria", "GR"),
    ("Un bateau parti de Tripoli, au Liban, a chaviré.", "Tripoli", "LB"),
])
def test_places_french(fr, text, surface, country):
    assert _one(fr, text, surface).country == country


def test_places_km():
    assert 30 < places.km((50.95, 1.86), (51.03, 2.38)) < 45


def test_places_caption_marked_and_not_the_event_place(nlp, extract):
    text = ("People wait on a beach near Dover. REUTERS/Jane Roe\n\n"
            "Five people died at sea on Tuesday when their boat sank, the coastguard said.")
    assert [m.role for m in _found(nlp, text) if m.place == "Dover"] == ["caption"]
    evs = [e for e in extract(text) if e.type == "death"]
    assert evs and evs[0].place != "Dover"


def test_places_where_someone_spoke_is_not_the_event_place(nlp, extract):
    text = "Soldiers killed two migrants near Idlib on Thursday.\nThe minister said in Istanbul that the border would stay shut."
    assert [m.role for m in _found(nlp, text) if m.place == "Istanbul"] == ["speech"]
    evs = [e for e in extract(text) if e.type == "death"]
    assert evs and evs[0].place == "Idlib"


# -- issue 11: a place as reference point, a site's namesake, a thing's name ----------------

def test_places_near_a_town_is_a_smaller_town_the_story_names(extract):
    # "near Dunkirk" says the camp is not in Dunkirk; the smaller town beside it is where it is
    text = ("Police cleared a migrant camp near Dunkirk on Tuesday, officials said.\n\n"
            "The camp in Grande-Synthe had housed about 800 people.")
    evs = [e for e in extract(text) if e.type == "eviction"]
    assert evs and evs[0].place == "Grande-Synthe"


def test_places_near_a_small_town_keeps_it(extract):
    # one says "near" the better-known place: a larger town named elsewhere is not the place
    text = "Police cleared a migrant camp near Marck on Tuesday.\n\nThe migrants were taken to Calais."
    evs = [e for e in extract(text) if e.type == "eviction"]
    assert evs and evs[0].place == "Marck"


def test_places_near_marked_in_french(fr):
    m = _one(fr, "Un homme a été tué samedi dans un camp proche de Dunkerque.", "Dunkerque")
    assert m.near
    assert not _one(fr, "Un homme a été tué samedi dans le camp de Loon-Plage.", "Loon-Plage").near


@pytest.mark.parametrize("text", [
    "Police cleared the so-called New Jungle camp near Ostend on Monday.",
    "Fifty migrants died crossing the Darien jungle this week.",
])
def test_places_listed_site_name_given_to_another_place(nlp, text):
    assert all(m.place != "Jungle, Calais" for m in _found(nlp, text))


def test_places_listed_site_in_its_own_town_stays(nlp):
    assert any(m.place == "Jungle, Calais" for m in _found(nlp, "Police cleared the Jungle in Calais on Monday."))


@pytest.mark.parametrize("text,surface", [
    ("Ten people in the camp tested positive for the Wuhan coronavirus.", "Wuhan"),
    ("The minister defended the Le Touquet agreement on Monday.", "Touquet"),
])
def test_places_part_of_a_things_name_is_no_place(nlp, text, surface):
    assert not [m for m in _found(nlp, text) if surface in m.text]


def test_places_part_of_a_things_name_is_no_place_fr(fr):
    assert not [m for m in _found(fr, "Le ministre veut réformer le règlement de Dublin.") if "Dublin" in m.text]


def test_places_office_named_before_its_holder_is_an_attribute(nlp):
    m = _one(nlp, "According to Dunkirk Prosecutor Jane Roe, an inquiry has been opened.", "Dunkirk")
    assert m.role == "attribute"


def test_places_site_noun_is_the_site_the_story_names(extract):
    # "the camp" by the trigger: the one camp the story names, on the island the sentence gives
    text = "A fire destroyed the camp on Samos on Tuesday, officials said.\n\nThe Vathy camp had housed 4,000 people."
    evs = [e for e in extract(text) if e.type == "fire"]
    assert evs and evs[0].place == "Vathy camp, Samos"


def test_places_site_noun_takes_the_closest_kind(extract):
    text = ("Hundreds of farmers blocked the motorway into Calais on Monday to protest against the camp.\n\n"
            "Traffic on the A16 was stopped for six hours.")
    evs = [e for e in extract(text) if e.type == "protest"]
    assert evs and evs[0].place.startswith("A16")


def test_places_site_noun_far_from_the_named_site_keeps_its_town(extract):
    # the only camp the story names is in another town: the sentence's own town stays
    text = ("Police cleared a camp in Grande-Synthe on Tuesday, officials said.\n\n"
            "It was smaller than the Jungle in Calais.")
    evs = [e for e in extract(text) if e.type == "eviction"]
    assert evs and evs[0].place == "Grande-Synthe"


def test_places_town_naming_a_road_is_an_attribute(nlp):
    assert _one(nlp, "Migrants blocked the Calais road with tree trunks on Monday.", "Calais").role == "attribute"


def test_places_near_a_small_town_is_that_town(extract):
    # only a large town is a landmark for the villages around it; near a small one, the event is there
    text = ("Five people were shot dead near Loon-Plage on Saturday, officials said.\n\n"
            "The rampage began in Wormhout, where a man was found dead at home.")
    evs = [e for e in extract(text) if e.type == "death"]
    assert evs and evs[0].place == "Loon-Plage"


def test_places_sinking_at_sea_off_the_coast_named_later(extract):
    text = ("Officials said a man from Sudan had disappeared at sea overnight.\n\n"
            "A young man has drowned in the English Channel after a small boat capsized on Tuesday.\n\n"
            "Ministers urged a humanitarian solution to the crisis.\n\n"
            "His body was found on the beach at Wissant early on Wednesday.")
    evs = [e for e in extract(text) if e.type in ("crossing", "death")]
    assert evs and all(e.place == "English Channel off Wissant" for e in evs)


@pytest.mark.parametrize("text,village", [
    ("The group were handed over after being spotted in Kingsdown, near Deal.", "Kingsdown"),
    ("Six men were found at Little Pebbleton, near Dover, on Sunday.", "Little Pebbleton"),
])
def test_places_unlisted_village_placed_near_a_town(nlp, text, village):
    m = _one(nlp, text, village)
    assert m.place == village and m.rank == 2 and m.lat is not None


@pytest.mark.parametrize("text", [
    "They were arrested in January, near Calais.",
    "Police found them in Calais, near the port.",
])
def test_places_no_village_from_a_month_or_a_known_town(nlp, text):
    assert [m.place for m in _found(nlp, text)] == ["Calais"]


def test_places_where_a_source_sits_yields_to_the_place_it_reports(nlp, extract):
    text = "Local sources in the Nador region said that 13 migrants died after the assault at Melilla on Friday."
    assert _one(nlp, text, "Nador").role == "speech"
    evs = [e for e in extract(text) if e.type == "death"]
    assert evs and evs[0].place == "Melilla"


def test_places_a_source_at_the_place_it_reports_keeps_it(nlp):
    text = "A spokesman in Ceuta said that 8,000 people had swum into southern Ceuta on Monday."
    assert _one(nlp, text, "Ceuta").role is None


def test_places_capitals_reacting_are_not_where_a_crossing_is(fr, extract):
    from counterpoint.analyze import Context, events
    text = ("Une centaine de migrants ont tenté de traverser la Manche depuis Noël, malgré le froid. "
            "Une hausse qui met Londres et Paris dans l'embarras.")
    evs = [e for e in events.extract(fr(text), Context("fr", "2019-01-02", Settings())) if e.type == "crossing"]
    assert evs and evs[0].place == "English Channel"


@pytest.mark.parametrize("text,listed", [
    ("Sailors were angry over plans by Eurotunnel to sell two of their ferries.", False),
    ("Migrants tried to storm the Eurotunnel site at Coquelles on Tuesday.", True),
])
def test_places_listed_site_named_as_an_acting_company(nlp, text, listed):
    assert any(m.place.startswith("Channel Tunnel") for m in _found(nlp, text)) == listed


def test_places_the_camp_is_the_one_the_story_names_most(extract):
    text = ("The Vial camp on Chios was hit by a fire on Monday.\n\n"
            "Officials said the Vial camp had been under lockdown for a week and the Vathy camp on Samos too.\n\n"
            "On Tuesday another fire destroyed the camp, the police on Chios said.")
    evs = [e for e in extract(text) if e.type == "fire"]
    assert evs and all(e.place == "Vial camp, Chios" for e in evs)


@pytest.mark.parametrize("text,surface", [
    ("On Monday, Budapest decided to close the crossing near Röszke.", "Budapest"),
    ("London and Paris agreed on a joint action plan on Sunday.", "Paris"),
])
def test_places_a_place_that_acts_is_its_government(nlp, text, surface):
    assert _one(nlp, text, surface).role == "attribute"


def test_places_a_place_described_is_still_a_place(nlp):
    assert _one(nlp, "Calais was hit by a storm on Monday.", "Calais").role is None


def test_places_hospital_in_a_town_whatever_the_parse(nlp):
    text = "Three others sustained minor injuries and were also taken to a hospital in Dunkirk."
    assert _one(nlp, text, "Dunkirk").role == "attribute"


# -- a wire photo's caption whose credit the cleaner cut ------------------------------------

def test_places_wire_caption_without_credit_is_a_caption(nlp):
    # the cleaner cuts "REUTERS/Jane Roe": the one sentence ending on the picture's date remains
    text = ("People wait on a quay at the port of Folkestone, Britain, March 3, 2023.\n\n"
            "Four people drowned on Tuesday when their boat sank off Wimereux, the prefect said.")
    assert [m.role for m in _found(nlp, text) if m.place == "Folkestone"] == ["caption"]


def test_places_dated_sentence_in_a_paragraph_is_no_caption(nlp):
    text = ("The camp near Folkestone was cleared and the people were moved, the council said on "
            "Tuesday. The last bus left on Friday, March 3, 2023.")
    assert all(m.role is None for m in _found(nlp, text) if m.place == "Folkestone")


def test_places_story_sentence_joins_the_story_not_its_caption(extract):
    # the caption shows another scene (an arrival at the port); the story's crossing is the one
    # its dateline sentence tells, and it keeps that sentence's place
    text = ("People arrive on a lifeboat before they disembark at the port of Folkestone, Britain, March 3, 2023.\n\n"
            "Four people drowned on Tuesday in an attempt to cross the Channel from Wimereux.\n\n"
            "The boat had set out to cross the Channel with sixty people on board.")
    evs = extract(text, "2023-03-04")
    story = [e for e in evs if e.type == "crossing" and "set out" in (e.sentence + " ".join(e.evidence))]
    assert story and "Folkestone" not in (story[0].place or "")


_LONG_LEAD = ("The charity has worked with families on the move for many years, and its teams of nurses and doctors "
              "visit the same fields, parks and stations each week. Its volunteers hand out blankets, food and water, "
              "and its lawyers help with papers. It depends on gifts from the public, which have grown each winter as "
              "the number of families on the road has grown. "
              "Doctors treated 300 people injured in clashes with the police in Greece on Sunday, the charity said.\n\n"
              "The charity asked for more tents.\n\nIt said the nights were cold.\n\nIt said more staff would come.\n\n")


@pytest.mark.parametrize("tail,place", [
    ("Most of the families now sleep in a park in Ioannina.", "Ioánnina"),  # the story's one town there
    ("Some families went on to Ioannina, others to Thessaloniki.", "Greece"),  # two towns: no telling which
])
def test_places_country_of_an_event_is_the_one_town_the_story_names_there(extract, tail, place):
    evs = [e for e in extract(_LONG_LEAD + tail, "2023-03-04") if e.type == "aid"]
    assert evs and evs[0].place == place


@pytest.mark.parametrize("text,goals", [
    ("Ferries were diverted to the nearby port of Dunkirk.", [True]),
    ("Ferries were sent to Dunkirk on Tuesday.", [True]),
    ("Two people were injured, according to the Dunkirk prosecutor.", [False]),  # a source, no movement
    ("Two people were injured in Dunkirk on Tuesday.", [False]),
])
def test_places_goal_of_a_movement_marked(nlp, text, goals):
    assert [m.goal for m in _found(nlp, text) if m.place == "Dunkirk"] == goals


def test_places_where_something_was_sent_is_not_where_the_story_goes_on(extract):
    lead = ("The union has fought the sale of the company for months, and its members have held meetings in "
            "every port of the region. They say the buyer will cut jobs and close the offices, and they want the "
            "government to stop the sale before the summer. The company says the sale is the only way to keep "
            "the ships at sea. ")
    text = (lead + "Striking sailors occupied the docks in the port of Calais on Tuesday, forcing ferries to be "
            "diverted to the nearby port of Dunkirk.\n\n"
            "Police used tear gas to disperse some 200 workers who had forced their way onto the tracks.")
    evs = [e for e in extract(text, "2023-03-04") if e.type == "assault"]
    assert evs and evs[0].place == "Calais port"


@pytest.mark.parametrize("text", [
    "The sub-prefect of Dunkirk said the gym would stay open until spring.",
    "The prefect of Dunkirk visited the shelter on Monday.",
])
def test_places_prefect_of_a_town_is_an_attribute(nlp, text):
    assert [m.role for m in _found(nlp, text) if m.place == "Dunkirk"] == ["attribute"]


def test_places_tail_of_a_longer_name_is_no_town(nlp):
    # "Street" is a town in England; "Downing Street" is no place of an event
    text = "A Downing Street spokesperson welcomed the plan on Friday."
    assert not [m for m in _found(nlp, text) if m.text == "Street"]


def test_places_a_pair_of_capitals_is_not_where_the_story_goes_on(extract):
    lead = ("Police officers waded into the water off a beach near Boulogne on Friday. "
            "Ministers praised the better relations between London and Paris after years of quarrels. ")
    text = lead + ("Footage from the scene showed gendarmes rushing into the water as 80 migrants "
                   "attempted to board an inflatable dinghy.")
    evs = [e for e in extract(text, "2023-03-04") if e.type == "crossing" and "Footage" in e.sentence]
    assert evs and "Paris" not in (evs[0].place or "")
