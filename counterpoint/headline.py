"""One-line English headlines for incidents, built only from the incident's own facts.

"12 migrants die in a Channel crossing off Dunkirk — 4 sources": the main type gives the
verb, the figures give the number (a range when sources disagree), the actor categories give
neutral nouns (never one outlet's label, so no source's framing leaks into the list), then
the place and how many independent sources report it. Nothing is invented: a fact the
incident lacks is left out of the sentence.
"""
from __future__ import annotations

# neutral nouns for the actor categories of the taxonomy (product.md)
NOUNS = {"security_forces": "police", "migrants": "migrants", "activists": "activists",
         "aid_groups": "aid workers", "officials": "officials", "residents": "residents",
         "smugglers": "smugglers", "drivers": "drivers", "media": "journalists", "other": "people",
         "all": "people"}
SINGULAR = {"police": "police officer", "migrants": "migrant", "activists": "activist",
            "aid workers": "aid worker", "officials": "official", "residents": "resident",
            "smugglers": "smuggler", "drivers": "driver", "journalists": "journalist", "people": "person"}
# what each type says happened; {who} is the target (or participants), {agent} the agent
TEMPLATES = {
    "death": "{who} {die}",
    "clash": "{agent} and {who} clash",
    "assault": "{agent} attack {who}",
    "eviction": "{agent} evict {who}",
    "arrest": "{who} arrested",
    "protest": "{who} protest",
    "fire": "Fire at a camp",
    "crossing": "{who} attempt a Channel crossing",
    "relocation": "{who} moved to centres",
    "aid": "Aid for {who}",
    "policy": "Official decision on migration",
}
DEFAULT_WHO = {"death": "people", "clash": "migrants", "assault": "people", "eviction": "a camp",
               "arrest": "people", "protest": "people", "crossing": "people", "relocation": "people",
               "aid": "migrants", "policy": "migration"}
# secondary types worded as a trailing clause ("... during a Channel crossing")
CLAUSES = {"crossing": "during a Channel crossing", "fire": "after a fire", "eviction": "during an eviction",
           "clash": "amid clashes", "protest": "during a protest"}
TOLLS = ("killed", "injured", "arrested")
NO_FIGURE = ("policy", "aid")  # a number of people affected by a decision reads as a count of the decision
SEA = ("crossing", "death")


def _range(low: int | None, high: int | None) -> str:
    if low is None:
        return ""
    return f"{low:,}" if high in (None, low) else f"{low:,}–{high:,}"


def _figure(inc: dict, what: str, categories: tuple[str, ...] = ()) -> tuple[str, str | None, int | None]:
    """(number text, category, lowest number) of the incident's figure for `what`, best covered first."""
    rows = [s for s in inc.get("figure_summary") or [] if s.get("what") == what
            and (not categories or s.get("category") in categories)]
    if not rows:
        return "", None, None
    best = max(rows, key=lambda s: (len(s.get("sources") or []), s.get("conservative") or 0))
    # the number that decides singular or plural: "1 migrant", but "1–4 migrants"
    return _range(best.get("conservative"), best.get("high")), best.get("category"), \
        best.get("high") if best.get("high") is not None else best.get("conservative")


def _categories(inc: dict, role: str) -> list[str]:
    seen: dict[str, int] = {}
    for m in inc.get("mentions") or []:
        for p in m.get("participants") or []:
            if p.get("role") == role and p.get("category"):
                seen[p["category"]] = seen.get(p["category"], 0) + 1
    return sorted(seen, key=lambda c: -seen[c])


def _noun(category: str | None, number: int | None = None) -> str:
    noun = NOUNS.get(category or "other", "people")
    return SINGULAR.get(noun, noun) if number == 1 and noun != "police" else noun


def _who(inc: dict, type_: str) -> tuple[str, int | None]:
    """'12 migrants', 'migrants' or the type's default, and the number (for agreement)."""
    if type_ == "death":
        text, cat, n = _figure(inc, "killed")
        if text:
            cat = cat if cat not in (None, "all") else (_categories(inc, "target") or [None])[0]
            return f"{text} {_noun(cat, n)}", n
    if type_ == "arrest":
        text, cat, n = _figure(inc, "arrested")
        if text:
            cat = cat if cat not in (None, "all") else (_categories(inc, "target") or [None])[0]
            return f"{text} {_noun(cat, n)}", n
    role = "target" if type_ in ("assault", "eviction", "arrest", "clash", "death", "relocation", "aid") else None
    cats = _categories(inc, role) if role else []
    cats = cats or _categories(inc, "participant") or _categories(inc, "target")
    if type_ in ("clash", "eviction", "assault"):  # the other side of the agent
        cats = [c for c in cats if c not in _categories(inc, "agent")[:1]]
    if type_ in NO_FIGURE:
        return (_noun(cats[0]) if cats else DEFAULT_WHO.get(type_, "people")), None
    text, cat, n = _figure(inc, "participants", tuple(cats[:1])) if cats else ("", None, None)
    if text:
        return f"{text} {_noun(cat, n)}", n
    if cats:
        return _noun(cats[0]), None
    return DEFAULT_WHO.get(type_, "people"), None


def _place(inc: dict, type_: str) -> str:
    place = inc.get("place")
    if not place:
        return ""
    at_sea = type_ in SEA and "crossing" in (inc.get("types") or [])
    if at_sea and " off " not in place and "channel" not in place.lower():
        return f" off {place}"
    return f" in {place}"


def _tolls(inc: dict, type_: str) -> str:
    parts = []
    for what in TOLLS:
        if (type_, what) in (("death", "killed"), ("arrest", "arrested")):
            continue
        text, cat, n = _figure(inc, what)
        if text:
            parts.append(f"{text} {what}")
    return f", {' and '.join(parts)}" if parts else ""


def source_count(inc: dict) -> int:
    """Independent sources: a spun copy is not one, and the posts of one unnamed blog page (which the
    linker names by document id, `page.txt~1`, `page.txt~2`) are one source, not one each."""
    names = inc.get("independent_sources") or inc.get("sources") or []
    return len({str(n).split("~", 1)[0] for n in names}) or (1 if inc.get("mentions") else 0)


def sources_text(inc: dict) -> str:
    n = source_count(inc)
    return f"{n} source" + ("" if n == 1 else "s")


def headline(inc: dict, *, sources: bool = True) -> str:
    """The incident in one line, e.g. '12 migrants die during a Channel crossing off Dunkirk — 4 sources'."""
    type_ = inc.get("type") or "incident"
    if _figure(inc, "killed")[0]:  # deaths lead, whatever else the incident holds
        type_ = "death"
    who, n = _who(inc, type_)
    agents = _categories(inc, "agent")
    agent = _noun(agents[0]) if agents else ("police" if type_ in ("eviction", "assault", "clash") else "someone")
    if type_ == "clash" and who == agent:
        who = "migrants" if agent != "migrants" else "police"
    template = TEMPLATES.get(type_, type_.capitalize() + " involving {who}")
    text = template.format(who=who, agent=agent.capitalize() if template.startswith("{agent}") else agent,
                           die="dies" if n == 1 else "die")
    text = text[0].upper() + text[1:]
    others = [inc.get("type")] + list(inc.get("types") or [])
    clause = next((CLAUSES[t] for t in others if t != type_ and t in CLAUSES), "")
    if clause:
        text += f" {clause}"
    text += _place(inc, type_) + _tolls(inc, type_)
    return f"{text} — {sources_text(inc)}" if sources else text


def with_headlines(incidents: list[dict]) -> list[dict]:
    """The incidents with a `headline` field added (a new dict each; the input is not changed)."""
    return [{**inc, "headline": headline(inc)} for inc in incidents]
