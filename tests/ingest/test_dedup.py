"""Duplicates: exact copies, reposted wire copy, spun rewrites; different stories stay apart."""
from __future__ import annotations

from counterpoint.ingest.dedup import DedupIndex, signature

WIRE = ("Police in the northern port town cleared a makeshift camp on Wednesday morning, moving around "
        "two hundred people onto buses bound for reception centres elsewhere in the region. Officers "
        "arrived shortly after dawn and dismantled tents along the canal bank, according to volunteers "
        "who were present. The regional authority said the operation was carried out for reasons of "
        "hygiene and safety, and that everyone had been offered accommodation. Charities said many of "
        "those moved would return within days because the centres are far from the coast.")

REPOST = ("UPDATED 10:42 " + WIRE + " This article was originally published by a news agency.")

SPUN = ("Police in the northern harbour town removed a makeshift encampment on Wednesday morning, moving "
        "roughly two hundred people onto coaches bound for reception centres elsewhere in the area. Officers "
        "arrived shortly after sunrise and took down tents along the canal bank, according to volunteers "
        "who were there. The regional authority said the operation was carried out for reasons of "
        "hygiene and security, and that everyone had been offered housing. Charities said many of "
        "those moved would come back within days because the centres are far from the shore.")

OTHER = ("A boat carrying about forty people was intercepted off the coast on Saturday night and escorted "
         "back to the beach, the maritime authority said. Two people were taken to hospital with "
         "hypothermia. Rescue crews said sea conditions had been poor for most of the week, with strong "
         "winds forecast to continue, and urged people not to attempt the crossing in such weather. The "
         "local council opened a warm shelter for the night, and volunteers handed out dry clothes.")


def _index(*docs):
    idx = DedupIndex()
    for doc_id, text in docs:
        idx.add(doc_id, signature(text))
    return idx


def test_dedup_exact_copy_with_other_spacing_and_case():
    idx = _index(("a", WIRE))
    m = idx.find(signature(WIRE.upper().replace(" ", "  ")))
    assert m and m.doc_id == "a" and m.exact


def test_dedup_reposted_wire_copy_is_near_duplicate():
    m = _index(("a", WIRE)).find(signature(REPOST))
    assert m and m.doc_id == "a" and not m.exact and m.similarity >= 0.5


def test_dedup_spun_rewrite_is_near_duplicate():
    m = _index(("a", WIRE)).find(signature(SPUN))
    assert m and m.doc_id == "a"


def test_dedup_different_story_on_same_topic_is_not():
    assert _index(("a", WIRE), ("b", SPUN)).find(signature(OTHER)) is None


def test_dedup_excludes_the_document_itself():
    idx = _index(("a", WIRE))
    assert idx.find(signature(WIRE), exclude="a") is None


def test_dedup_signature_round_trips_through_json():
    from counterpoint.ingest.dedup import Signature
    sig = signature(WIRE)
    idx = DedupIndex()
    idx.add("a", Signature.from_json(sig.to_json()))
    assert idx.find(signature(SPUN)).doc_id == "a"


def test_dedup_signature_minhashes_are_datasketch_minhashes_of_the_words():
    # the MinHashes start from a kept empty one: the same values as a MinHash made afresh per text
    from datasketch import MinHash

    from counterpoint.ingest.dedup import NUM_PERM, _words

    words = _words(WIRE)
    fresh = MinHash(num_perm=NUM_PERM, seed=7)
    fresh.update_batch([" ".join(words[i:i + 3]).encode("utf-8") for i in range(len(words) - 2)])
    sig = signature(WIRE)
    assert list(sig.shingles.hashvalues) == list(fresh.hashvalues)
    assert [list(p) for p in sig.content.permutations] == [list(p) for p in fresh.permutations]
    other = signature(OTHER)  # made after: copies share no values
    assert list(signature(WIRE).shingles.hashvalues) == list(fresh.hashvalues)
    assert list(other.shingles.hashvalues) != list(fresh.hashvalues)
