"""Where the sources of one incident disagree: figures, agents of violence, dates, places."""
from __future__ import annotations

from .figures import count_text
from .mention import date_interval, distance_km
from .rules import Rules


def source_name(m: dict) -> str:
    return m.get("source") or str(m.get("document"))


def origin(m: dict) -> str:
    """A spun copy of a story speaks for the story it copies, not for itself."""
    return str(m.get("duplicate_of") or m.get("document"))


def sides(values_by_origin: dict[str, set], names: dict[str, set[str]], render) -> list[dict]:
    by_value: dict = {}
    for org, values in values_by_origin.items():
        for v in values:
            by_value.setdefault(v, set()).update(names[org])
    return [{"value": render(v), "sources": sorted(s)} for v, s in sorted(
        by_value.items(), key=lambda kv: str(kv[0]))]


def disagree(values_by_origin: dict[str, set], compatible) -> bool:
    """True when two independent origins give values with nothing in common."""
    origins = list(values_by_origin.values())
    for n, a in enumerate(origins):
        for b in origins[n + 1:]:
            if not any(compatible(x, y) for x in a for y in b):
                return True
    return False


def figure_conflicts(figures: list[dict], rules: Rules) -> list[dict]:
    tol = rules.approximate_tolerance

    def bounds(key):
        lo, hi, approx = key
        lo_v = lo if lo is not None else 0
        hi_v = hi if hi is not None else float("inf")
        return (lo_v * (1 - tol), hi_v * (1 + tol)) if approx else (lo_v, hi_v)

    def compatible(x, y):
        (a0, a1), (b0, b1) = bounds(x), bounds(y)
        return a0 <= b1 and b0 <= a1

    out = []
    groups: dict[tuple[str, str], list[dict]] = {}
    for f in figures:
        groups.setdefault((f["what"], f["category"]), []).append(f)
    for (what, category), fs in sorted(groups.items()):
        values, names = {}, {}
        for f in fs:
            c = f["count"]
            org = str(f.get("duplicate_of") or f["document"])
            values.setdefault(org, set()).add((c.get("min"), c.get("max"), bool(c.get("approximate"))))
            names.setdefault(org, set()).add(f["source"] or str(f["document"]))
        if disagree(values, compatible):
            out.append({"kind": "figure", "what": what, "category": category,
                        "sides": sides(values, names, lambda k: count_text(
                            {"min": k[0], "max": k[1], "approximate": k[2]}))})
    return out


def agent_conflicts(mentions: list[dict], rules: Rules) -> list[dict]:
    """Different agents named for the same violence ('police attacked' vs 'migrants attacked')."""
    values, names = {}, {}
    for m in mentions:
        if m.get("type") not in rules.violent_types:
            continue
        agents = {p.get("category") for p in m.get("participants") or []
                  if p.get("role") == "agent" and p.get("category")}
        if agents:
            values.setdefault(origin(m), set()).update(agents)
            names.setdefault(origin(m), set()).add(source_name(m))
    if disagree(values, lambda x, y: x == y):
        return [{"kind": "agent", "what": "violence", "sides": sides(values, names, str)}]
    return []


def date_conflicts(mentions: list[dict]) -> list[dict]:
    def compatible(x, y):
        a, b = date_interval(x), date_interval(y)
        return a[0] <= b[1] and b[0] <= a[1]

    values, names = {}, {}
    for m in mentions:
        if date_interval(m.get("date")):
            values.setdefault(origin(m), set()).add(m["date"])
            names.setdefault(origin(m), set()).add(source_name(m))
    if disagree(values, compatible):
        return [{"kind": "date", "what": "date", "sides": sides(values, names, str)}]
    return []


def place_conflicts(mentions: list[dict], rules: Rules) -> list[dict]:
    """Only places with coordinates can be told apart: names nest ('Wimereux' in 'Channel')."""
    values, names, coords = {}, {}, {}
    for m in mentions:
        if isinstance(m.get("lat"), (int, float)) and isinstance(m.get("lon"), (int, float)):
            name = m.get("place") or f"{m['lat']:.3f},{m['lon']:.3f}"
            coords[name] = (m["lat"], m["lon"])
            values.setdefault(origin(m), set()).add(name)
            names.setdefault(origin(m), set()).add(source_name(m))

    def compatible(x, y):
        return distance_km(*coords[x], *coords[y]) <= rules.place_conflict_km

    if disagree(values, compatible):
        return [{"kind": "place", "what": "place", "sides": sides(values, names, str)}]
    return []


def find_conflicts(mentions: list[dict], figures: list[dict], rules: Rules) -> list[dict]:
    return (figure_conflicts(figures, rules) + agent_conflicts(mentions, rules)
            + date_conflicts(mentions) + place_conflicts(mentions, rules))
