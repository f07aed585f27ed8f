"""Dev harness until `counterpoint analyze` lands: JSONL records -> contract JSONL on stdout.

usage: python tests/eval/harness.py INPUT.jsonl > OUT.jsonl
"""
import json
import re
import sys

from counterpoint.analyze import Analyzer
from counterpoint.models import Document
from counterpoint.settings import Settings


def main(path):
    docs = []
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        text = r["text"]
        m = re.search(r"\bdate (\d{4}(?:-\d{2}){0,2})\b", text[:200])
        lang = "fr" if re.search(r"\b(les|des|une|est|dans)\b", text[:500]) else "en"
        docs.append(Document(id=r["id"], text=text, source=r.get("source"), url=r.get("url"),
                             language=lang, published=m.group(1) if m else None,
                             published_basis="dateline" if m else None))
    for d in Analyzer(Settings.load()).analyze(docs):
        print(json.dumps(d.to_contract(), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
