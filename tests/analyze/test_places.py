"""Places: domain list first, gazetteer with homonyms resolved toward northern France."""
import pytest

from counterpoint.analyze import places


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


def test_places_lookup_prefers_france_for_homonyms():
    name, lat, lon, rank = places.lookup("Wormhout")
    assert 50 < lat < 51.5 and 1.5 < lon < 3


def test_places_lookup_unknown_is_none():
    assert places.lookup("Xqzzyville") is None


def test_places_finder_in_text(nlp):
    found = places.finder_for(nlp.vocab)(nlp("Police cleared a camp in Grande-Synthe, near Dunkirk."))
    assert [m.place for m in found] == ["Grande-Synthe", "Dunkirk"]


def test_places_km():
    assert 30 < places.km((50.95, 1.86), (51.03, 2.38)) < 45
