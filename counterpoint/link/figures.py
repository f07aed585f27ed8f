"""Each source's figures for an incident, and per role the conservative (lowest credible)
figure, the high figure and the spread."""
from __future__ import annotations

WHATS = ("participants", "killed", "injured", "arrested")


def count_text(count: dict | None) -> str:
    """'15', '131+', 'up to 30', '400-600', '~500'."""
    if not count:
        return "?"
    lo, hi, approx = count.get("min"), count.get("max"), count.get("approximate")
    if lo is not None and hi is not None:
        text = str(lo) if lo == hi else f"{lo}-{hi}"
    elif lo is not None:
        text = f"{lo}+"
    elif hi is not None:
        text = f"up to {hi}"
    else:
        return "?"
    return "~" + text if approx else text


def mention_figures(m: dict) -> list[dict]:
    """The figures one mention states: participants by category, then the casualties by
    category, or the event's totals where it gives no breakdown."""
    out = []
    base = {"source": m.get("source"), "document": m.get("document"), "key": m.get("key"),
            "duplicate_of": m.get("duplicate_of"), "sentence": m.get("sentence")}
    for p in m.get("participants") or []:
        if p.get("count"):
            out.append({**base, "what": "participants", "category": p.get("category") or "other",
                        "role": p.get("role"), "label": p.get("label"), "count": p["count"]})
    broken_down = set()
    for c in m.get("casualties") or []:
        if c.get("count") and c.get("what") in WHATS:
            broken_down.add(c["what"])
            out.append({**base, "what": c["what"], "category": c.get("category") or "other",
                        "label": c.get("label"), "count": c["count"]})
    for what in ("killed", "injured", "arrested"):
        if m.get(what) and what not in broken_down:
            out.append({**base, "what": what, "category": "all", "count": m[what]})
    return [f for f in out if count_text(f["count"]) != "?"]


def incident_figures(mentions: list[dict]) -> list[dict]:
    seen, out = set(), []
    for m in mentions:
        for f in mention_figures(m):
            c = f["count"]
            ident = (f["document"], f["what"], f["category"], c.get("min"), c.get("max"))
            if ident not in seen:
                seen.add(ident)
                out.append(f)
    return out


def low(count: dict) -> int:
    return count["min"] if count.get("min") is not None else count["max"]


def high(count: dict) -> int:
    return count["max"] if count.get("max") is not None else count["min"]


def summarise(figures: list[dict]) -> list[dict]:
    """Per what and category: the conservative figure (ACLED's lowest credible), the high
    figure, the spread and how many sources gave one."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for f in figures:
        groups.setdefault((f["what"], f["category"]), []).append(f)
    out = []
    for (what, category), fs in sorted(groups.items()):
        lows, highs = [low(f["count"]) for f in fs], [high(f["count"]) for f in fs]
        conservative, top = min(lows), max(highs)
        out.append({"what": what, "category": category, "conservative": conservative,
                    "high": top, "spread": top - conservative,
                    "sources": sorted({f["source"] or f["document"] for f in fs})})
    return out


def conservative(summary: list[dict], what: str) -> int | None:
    """The incident's lowest credible total for `what`: summed over categories."""
    values = [s["conservative"] for s in summary if s["what"] == what]
    return sum(values) if values else None
