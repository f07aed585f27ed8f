"""Pairwise precision and recall on hand-written mentions: three invented incidents, each
told by a wire, a tabloid and an activist blog in their own words, mixed with unrelated
reports of the same types nearby in time or place.

The hand-set weights of the first linker were tuned on these very sentences (precision 0.9,
recall 0.85 here); the learned model is tuned on real reporting by grouped cross-validation
(counterpoint/link/pair_model.md), where documents are longer and share headlines and leads,
and one-sentence documents like these give it little to go on (precision 0.67, recall 0.46).
What a user relies on here is that what it gets wrong, it says it is unsure of: every mention
placed in the wrong incident has a weak placement (confidence below 0.5), so the review queue,
weakest first, shows it.
"""
import itertools

from counterpoint.link import link_mentions

from .conftest import POLICE, count, evicted, mention

DUNKIRK = {"place": "Grande-Synthe", "lat": 51.01, "lon": 2.30}
CALAIS = {"place": "Calais", "lat": 50.95, "lon": 1.86}
WIMEREUX = {"place": "Wimereux", "lat": 50.77, "lon": 1.61}
MIGRANTS_AGENT = {"role": "agent", "category": "migrants", "label": "illegals", "count": None}

# (incident label or None, mention)
TOLD = [
    ("evict", mention("w1#0", "w1", "Wire", "eviction",
                      "Police evacuated about 600 migrants from a camp in Grande-Synthe on Tuesday morning.",
                      date="2022-03-08", participants=[POLICE, evicted(600, True)], **DUNKIRK)),
    ("evict", mention("t1#0", "t1", "Tabloid", "eviction",
                      "Hundreds of illegals were finally cleared out of the squalid Grande-Synthe camp.",
                      date="2022-03-08", participants=[POLICE], **DUNKIRK)),
    ("evict", mention("b1#0", "b1", "Blog", "eviction",
                      "This morning 800 exiles saw their tents slashed and taken by the CRS at Grande-Synthe.",
                      published="2022-03-08", participants=[POLICE, evicted(800)], **DUNKIRK)),
    ("evict", mention("b1#1", "b1", "Blog", "relocation",
                      "Some were pushed onto buses to reception centres far from the coast.",
                      published="2022-03-08", **DUNKIRK)),
    ("sink", mention("w2#0", "w2", "Wire", "death",
                     "Three people died when an overcrowded dinghy sank off Wimereux overnight.",
                     date="2022-11-20", killed=count(3), **WIMEREUX)),
    ("sink", mention("w2#1", "w2", "Wire", "crossing",
                     "Rescuers pulled 41 survivors from the water off Wimereux.",
                     date="2022-11-20", **WIMEREUX)),
    ("sink", mention("t2#0", "t2", "Tabloid", "death",
                     "Three migrants drowned in the Channel after their small boat capsized off Wimereux.",
                     date="2022-11-20", killed=count(3), **WIMEREUX)),
    ("sink", mention("b2#0", "b2", "Blog", "death",
                     "Four of our friends lost their lives at sea near Wimereux last night.",
                     published="2022-11-21", killed=count(4), **WIMEREUX)),
    ("clash", mention("t3#0", "t3", "Tabloid", "clash",
                      "Illegals attacked officers with stones near the port of Calais, injuring 15 gendarmes.",
                      date="2022-06-02", participants=[MIGRANTS_AGENT], injured=count(15), **CALAIS)),
    ("clash", mention("b3#0", "b3", "Blog", "clash",
                      "Police charged a group of exiles by the port of Calais with tear gas; 15 gendarmes say they were hurt.",
                      date="2022-06-02", participants=[POLICE], injured=count(15), **CALAIS)),
    ("clash", mention("w3#0", "w3", "Wire", "clash",
                      "Clashes near the port of Calais left 16 gendarmes injured, the prefecture said.",
                      date="2022-06-03", participants=[POLICE, MIGRANTS_AGENT], injured=count(16), **CALAIS)),
    (None, mention("w4#0", "w4", "Wire", "eviction",
                   "Police cleared a small squat in Calais, evicting 40 people.",
                   date="2022-03-09", participants=[evicted(40)], **CALAIS)),
    (None, mention("w5#0", "w5", "Wire", "death",
                   "A man was hit by a lorry on the motorway near Calais and died.",
                   date="2022-11-20", killed=count(1), **CALAIS)),
    (None, mention("b6#0", "b6", "Blog", "eviction",
                   "Another eviction at Grande-Synthe: 300 exiles lost their tents again.",
                   date="2022-04-20", participants=[evicted(300)], **DUNKIRK)),
]


def test_styles_pairwise_precision_and_recall():
    result = link_mentions([m for _, m in TOLD])
    tp = fp = fn = 0
    for (la, a), (lb, b) in itertools.combinations(TOLD, 2):
        if a["document"] == b["document"]:
            continue
        same_pred = result.assignment[a["key"]] == result.assignment[b["key"]]
        same_gold = la is not None and la == lb
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    sink = next(i for i in result.incidents if "t2#0" in result.assignment and
                i["id"] == result.assignment["t2#0"])
    assert any(c["kind"] == "figure" and c["what"] == "killed" for c in sink["conflicts"])
    assert precision >= 0.6 and recall >= 0.4, (precision, recall, result.assignment)
    label = {m["key"]: la for la, m in TOLD}
    for inc in result.incidents:
        labels = [label[m["key"]] for m in inc["mentions"]]
        for m, la in zip(inc["mentions"], labels):
            if len(labels) > 1 and (la is None or labels.count(la) < len(labels) / 2):
                assert m["confidence"] < 0.5, (m["key"], m["confidence"], labels)
