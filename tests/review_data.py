"""A small database for the review and web tests: four documents (one hostile), three incidents."""
from __future__ import annotations

from counterpoint.models import Analysis, Casualty, Claim, Count, Document, Event, Participant, Quote
from counterpoint.store import IncidentStore, Store
from counterpoint.store.review import compose

HOSTILE_ID = "blog/hostile~1"
PAYLOAD_TEXT = ("Officers <script>window.__pwned=1</script> cleared the <img src=x onerror=\"window.__pwned=2\"> "
                "camp near the canal in Calais. Nobody was hurt.")


def _ev(text, sentence, type, trigger, date, place, lat, lon, participants=(), **counts):
    start = text.index(sentence)
    return Event(type=type, trigger=trigger, sentence=sentence, start=start, end=start + len(sentence), date=date,
                 place=place, lat=lat, lon=lon, participants=list(participants), **counts)


def documents() -> list[Document]:
    t1 = ("Police evicted forty people from the camp in Calais on Monday. "
          "\"We had nowhere to go,\" said a resident. The prefecture said 40 people were moved.")
    d1 = Document(id="gazette-1", text=t1, source="Gazette", title="Camp cleared in Calais", published="2021-03-02",
                  published_basis="dateline", analysis=Analysis(
                      events=[_ev(t1, "Police evicted forty people from the camp in Calais on Monday.", "eviction",
                                  "evicted", "2021-03-01", "Calais", 50.95, 1.85,
                                  [Participant("agent", "security_forces", "Police"),
                                   Participant("target", "migrants", "people", Count.exact(40))])],
                      quotes=[Quote("We had nowhere to go", "a resident", "migrants", True,
                                    t1.index("We had"), t1.index("We had") + 20)],
                      claims=[Claim(Count.exact(40), "people", "The prefecture", "The prefecture said 40 people were moved.",
                                    t1.index("The prefecture"), len(t1))],
                      migrant_labels=["people"]))
    t2 = ("Officers destroyed tents near the canal in Calais on 1 March. "
          "Volunteers counted about 120 exiles left without shelter.")
    d2 = Document(id="notes/2021/03~1", text=t2, source="Field Notes", title="Another eviction", published="2021-03-01",
                  analysis=Analysis(
                      events=[_ev(t2, "Officers destroyed tents near the canal in Calais on 1 March.", "eviction",
                                  "destroyed", "2021-03-01", "Calais", 50.95, 1.85,
                                  [Participant("agent", "security_forces", "Officers"),
                                   Participant("target", "migrants", "exiles", Count(120, 120, True))])],
                      migrant_labels=["exiles"]))
    t3 = "Migrants attacked officers at the port of Dunkirk on 5 March, injuring three."
    d3 = Document(id="courier-7", text=t3, source="Coast Courier", title="Port clash", published="2021-03-06",
                  analysis=Analysis(
                      events=[_ev(t3, t3, "clash", "attacked", "2021-03-05", "Dunkirk", 51.03, 2.37,
                                  [Participant("agent", "migrants", "Migrants"),
                                   Participant("target", "security_forces", "officers")],
                                  injured=Count.exact(3),
                                  casualties=[Casualty("injured", "security_forces", "officers", Count.exact(3))])],
                      migrant_labels=["Migrants"]))
    sentence = PAYLOAD_TEXT.split(". ")[0] + "."
    d4 = Document(id=HOSTILE_ID, text=PAYLOAD_TEXT, source="<img src=x onerror=alert(1)>",
                  title="<script>window.__pwned=3</script>", published="2021-03-03",
                  analysis=Analysis(
                      events=[_ev(PAYLOAD_TEXT, sentence, "eviction", "cleared", "2021-03-03", "Calais", 50.95, 1.85,
                                  [Participant("agent", "security_forces", "<b onmouseover=alert(1)>Officers</b>")])],
                      quotes=[Quote("<script>window.__pwned=4</script>", "<i>x</i>", "other")],
                      migrant_labels=["<svg onload=alert(1)>"]))
    return [d1, d2, d3, d4]


def build(db: str) -> Store:
    store = Store(db)
    for d in documents():
        store.save_document(d, raw=None, signature=None, text_hash="h-" + d.id, analysis_version="test")
    mentions = {m["document"]: m for m in IncidentStore(store).mentions()}
    groups = {"inc-evict": [mentions["gazette-1"], mentions["notes/2021/03~1"]],
              "inc-clash": [mentions["courier-7"]],
              "inc-hostile": [mentions[HOSTILE_ID]]}
    incidents = [compose(i, ms) for i, ms in groups.items()]
    assignment = {m["key"]: i for i, ms in groups.items() for m in ms}
    links = [{"a": mentions["gazette-1"]["key"], "b": mentions["notes/2021/03~1"]["key"], "score": 0.42},
             {"a": mentions["courier-7"]["key"], "score": 0.9}, {"a": mentions[HOSTILE_ID]["key"], "score": 0.7}]
    IncidentStore(store).save(incidents, assignment, links)
    return store


def relink(store: Store) -> None:
    """What a naive relink does: the same automatic incidents again."""
    mentions = {m["document"]: m for m in IncidentStore(store).mentions()}
    groups = {"inc-evict": [m for d, m in mentions.items() if d in ("gazette-1", "notes/2021/03~1")],
              "inc-clash": [m for d, m in mentions.items() if d == "courier-7"],
              "inc-hostile": [m for d, m in mentions.items() if d == HOSTILE_ID]}
    groups = {k: v for k, v in groups.items() if v}
    IncidentStore(store).save([compose(i, ms) for i, ms in groups.items()],
                              {m["key"]: i for i, ms in groups.items() for m in ms}, [])
