"""The outlet's name from the text of a page, for inputs that name none (no metadata, no field).

A page names itself in its furniture: "Stay tuned for more updates from Questiqa Europe News.",
"© 2021 Coastline Daily. All rights reserved.", "Subscribe to the Nord Observer newsletter".
Only these self-references count: an outlet the text cites ("according to France Bleu") is
another source, not the publisher. A file name is never an outlet name.
"""
from __future__ import annotations

import re

NAME = r"(?P<name>(?:The |the )?[A-Z][\w&'’-]*(?: (?!All\b)(?:[A-Z][\w&'’-]*|of|de|du|des|la|le|and|&)){0,5})"
SELF_REFERENCES = [
    re.compile(rf"(?i:more|latest|further) (?i:updates|news|stories|coverage|reporting) (?i:from|on|at) {NAME}\s*[.!]?\s*$", re.M),
    re.compile(rf"^\s*(?:©|\([cC]\)|(?i:copyright))\s*(?:©\s*)?(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?\s*,?\s*)?{NAME}"
               rf"\s*(?:[.,|]|(?i:all rights reserved)|$)", re.M),
    re.compile(rf"(?i:subscribe to|sign up for|sign up to) {NAME} (?i:newsletter|updates|alerts)", re.M),
    re.compile(rf"^\s*(?i:this (?:article|story|report) (?:was )?(?:first )?(?:appeared|published) (?:in|on|by)) {NAME}"
               rf"\s*[.]?\s*$", re.M),
]
TAIL = 1500  # self-references sit in the page's last lines (and copyright lines at the very end)
NOT_NAMES = {"all", "the", "this", "our", "us", "you", "twitter", "facebook", "instagram", "youtube", "telegram"}


def outlet_from_text(text: str | None) -> str | None:
    """The outlet a page names as itself, or None."""
    if not text:
        return None
    region = text[-TAIL:]
    for pattern in SELF_REFERENCES:
        for m in pattern.finditer(region):
            name = m.group("name").strip(" .,-")
            name = re.sub(r"^(?:the|The) ", "", name)
            if len(name) >= 3 and name.lower() not in NOT_NAMES and not re.fullmatch(r"[\d\W]+", name):
                return name
    return None
