"""Linking mentions into incidents: joins, separations, duplicates, idempotence."""
from counterpoint.link import link_mentions

from .conftest import CALAIS, POLICE, count, evicted, mention


def incident_of(result, key):
    inc_id = result.assignment[key]
    return next(i for i in result.incidents if i["id"] == inc_id)


def test_link_three_sources_one_incident_with_figure_conflict(eviction_three_sources):
    result = link_mentions(eviction_three_sources)
    assert len(result.incidents) == 1
    inc = result.incidents[0]
    assert inc["type"] == "eviction" and inc["sources"] == ["Blog", "Tabloid", "Wire"]
    conflict = next(c for c in inc["conflicts"] if c["kind"] == "figure")
    assert conflict["what"] == "participants"
    sides = {s["value"]: s["sources"] for s in conflict["sides"]}
    assert sides == {"400": ["Blog", "Wire"], "650": ["Tabloid"]}
    summary = next(f for f in inc["figure_summary"] if f["category"] == "migrants")
    assert (summary["conservative"], summary["high"], summary["spread"]) == (400, 650, 250)


def test_link_eviction_and_its_arrests_join(eviction_three_sources):
    arrests = mention("d#0", "d", "Local paper", "arrest",
                      "During the clearance of the camp by the hospital in Calais, police arrested 12 migrants.",
                      date="2023-05-02", arrested=count(12), participants=[POLICE], **CALAIS)
    result = link_mentions(eviction_three_sources + [arrests])
    inc = incident_of(result, "d#0")
    assert inc["types"] == ["arrest", "eviction"] and inc["type"] == "eviction"
    assert inc["arrested"] == 12


def test_link_two_same_type_events_in_one_document_stay_apart():
    ms = [mention("a#0", "a", "Wire", "eviction", "Police cleared the camp in Calais, evicting 300 migrants.",
                  date="2023-05-02", participants=[evicted(300)], **CALAIS),
          mention("a#1", "a", "Wire", "eviction", "Police also cleared a second camp in Calais, evicting 300 migrants.",
                  date="2023-05-02", participants=[evicted(300)], **CALAIS)]
    result = link_mentions(ms)
    assert result.assignment["a#0"] != result.assignment["a#1"]


def test_link_far_date_stays_apart(eviction_three_sources):
    later = dict(eviction_three_sources[1], key="b#1", document="b2", date="2023-09-20")
    result = link_mentions([eviction_three_sources[0], later])
    assert len(result.incidents) == 2


def test_link_far_place_stays_apart(eviction_three_sources):
    far = mention("p#0", "p", "Capital daily", "eviction",
                  "Officers removed tents pitched along a canal in Paris and took 300 people to gyms.",
                  date="2023-05-02", participants=[POLICE, evicted(300)], place="Paris", lat=48.86, lon=2.35)
    result = link_mentions(eviction_three_sources + [far])
    assert result.assignment["p#0"] != result.assignment["a#0"]


def test_link_spun_duplicate_is_not_a_second_source(eviction_three_sources):
    spun = dict(eviction_three_sources[0], key="z#0", document="z", source="Content farm",
                duplicate_of="a",
                sentence="Police cleared the camp near the hospital in Calais on Tuesday, evicting some 400 migrants.")
    result = link_mentions([eviction_three_sources[0], spun])
    assert len(result.incidents) == 1
    inc = result.incidents[0]
    assert inc["source_count"] == 1 and inc["independent_sources"] == ["Wire"]
    assert not inc["conflicts"]


def test_link_rerun_is_idempotent_and_incremental_keeps_ids(eviction_three_sources):
    first = link_mentions(eviction_three_sources[:2])
    again = link_mentions(eviction_three_sources[:2], previous=first.assignment)
    assert again.incidents == first.incidents and again.assignment == first.assignment
    grown = link_mentions(eviction_three_sources, previous=first.assignment)
    assert grown.assignment["c#0"] == first.assignment["a#0"]
    assert link_mentions(eviction_three_sources, previous=grown.assignment).incidents == grown.incidents


def test_link_ids_do_not_depend_on_input_order(eviction_three_sources):
    a = link_mentions(eviction_three_sources)
    b = link_mentions(list(reversed(eviction_three_sources)))
    assert a.assignment == b.assignment


def test_link_cannot_and_must_link(eviction_three_sources):
    split = link_mentions(eviction_three_sources, cannot_link=[("a#0", "b#0")])
    assert split.assignment["a#0"] != split.assignment["b#0"]
    other = mention("x#0", "x", "Wire", "eviction", "Tents were seized in Dunkirk.", date="2023-05-02")
    merged = link_mentions(eviction_three_sources + [other], must_link=[("x#0", "a#0")])
    assert merged.assignment["x#0"] == merged.assignment["a#0"]


def test_link_every_mention_has_a_placement_confidence_weakest_first(eviction_three_sources):
    links = link_mentions(eviction_three_sources).links
    assert sorted(l["a"] for l in links) == ["a#0", "b#0", "c#0"]
    assert all(0.0 <= l["confidence"] <= 1.0 and l["score"] == l["confidence"] for l in links)
    assert all(l["partner"] and 0.0 <= l["features"]["probability"] <= 1.0 for l in links)
    assert [l["score"] for l in links] == sorted(l["score"] for l in links)


def test_link_incidents_carry_confidence_and_weak_flag(eviction_three_sources):
    alone = mention("z#0", "z", "Radio", "fire", "A fire destroyed a warehouse in Lille.", date="2023-01-10",
                    place="Lille", lat=50.63, lon=3.06)
    result = link_mentions(eviction_three_sources + [alone])
    for inc in result.incidents:
        assert 0.0 <= inc["confidence"] <= 1.0 and inc["weak"] == (inc["confidence"] < 0.5)
        assert all(0.0 <= m["confidence"] <= 1.0 for m in inc["mentions"])
    fire = next(i for i in result.incidents if i["id"] == result.assignment["z#0"])
    assert fire["confidence"] > 0.9 and not fire["weak"]  # nothing else could be this fire


def test_link_agent_and_date_conflicts():
    migrants = {"role": "agent", "category": "migrants", "label": "illegals", "count": None}
    ms = [mention("a#0", "a", "Tabloid", "clash", "Illegals attacked officers at the port of Calais, injuring 15 gendarmes.",
                  date="2023-06-10", participants=[migrants], injured=count(15), **CALAIS),
          mention("b#0", "b", "Blog", "clash", "Police attacked exiles at the port of Calais, 15 gendarmes were hurt in the scuffle.",
                  date="2023-06-11", participants=[POLICE], injured=count(15), **CALAIS)]
    inc = link_mentions(ms).incidents[0]
    kinds = {c["kind"]: c for c in inc["conflicts"]}
    assert {s["value"] for s in kinds["agent"]["sides"]} == {"migrants", "security_forces"}
    assert {s["value"] for s in kinds["date"]["sides"]} == {"2023-06-10", "2023-06-11"}
    assert "figure" not in kinds


def test_link_tolerates_sparse_mentions():
    ms = [{"key": "a#0", "document": "a", "type": "fire", "sentence": "A fire destroyed tents."},
          {"key": "b#0", "document": "b", "type": "fire", "sentence": "Fire destroyed tents overnight.",
           "date": "2023-13-45", "lat": None, "participants": None, "published": "2023-02"}]
    result = link_mentions(ms)
    assert set(result.assignment) == {"a#0", "b#0"}
    assert all(i["conflicts"] == [] for i in result.incidents)
