"""A French and an English report of one occurrence join one incident (invented sentences)."""
from counterpoint.link import link_mentions

from .conftest import CALAIS, POLICE, evicted, mention


def _fr(m):
    return dict(m, language="fr")


def test_link_french_and_english_reports_of_one_eviction_join():
    en = mention("en#0", "en", "Wire", "eviction",
                 "Police cleared the camp near the hospital in Calais on Tuesday, evicting 400 migrants.",
                 date="2023-05-02", participants=[POLICE, evicted(400)], **CALAIS)
    fr = _fr(mention("fr#0", "fr", "Quotidien régional", "eviction",
                     "Mardi, les CRS ont évacué le campement situé près de l'hôpital de Calais : 400 exilés ont dû partir.",
                     date="2023-05-02", participants=[POLICE, evicted(400)], **CALAIS))
    result = link_mentions([en, fr])
    assert result.assignment["en#0"] == result.assignment["fr#0"]
    inc = next(i for i in result.incidents if i["id"] == result.assignment["en#0"])
    assert inc["sources"] == ["Quotidien régional", "Wire"]


def test_link_cross_language_dates_read_months_apart_stay_apart():
    en = mention("en#0", "en", "Wire", "eviction", "Police cleared the camp in Calais, evicting 400 migrants.",
                 date="2023-05-02", participants=[POLICE, evicted(400)], **CALAIS)
    fr = _fr(mention("fr#0", "fr", "Radio", "eviction", "Les CRS ont évacué un campement à Calais.",
                     date="2023-08-20", participants=[POLICE], **CALAIS))
    result = link_mentions([en, fr])
    assert result.assignment["en#0"] != result.assignment["fr#0"]


def test_link_english_pairs_are_the_same_with_or_without_french_mentions(eviction_three_sources):
    french = [_fr(mention(f"f{k}#0", f"f{k}", "Radio", "eviction", f"Les CRS ont évacué le campement numéro {k} à Calais.",
                          date="2023-05-02", participants=[POLICE], **CALAIS)) for k in range(12)]
    alone = link_mentions(eviction_three_sources)
    mixed = link_mentions(eviction_three_sources + french)
    keys = [m["key"] for m in eviction_three_sources]
    same = lambda r: {(x, y) for x in keys for y in keys if r.assignment[x] == r.assignment[y]}  # noqa: E731
    assert same(alone) == same(mixed)
