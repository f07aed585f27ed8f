"""The incident list filtered by status alone is paged in SQL: the same page, total and edits
as filtering every incident in Python (what the other filters still do)."""
from __future__ import annotations

import pytest

from counterpoint.store.review import STATUSES, ReviewStore
from tests.review_data import build


def by_python(review: ReviewStore, status, limit, offset):
    every = review.all_incidents(include_rejected=status == "rejected")
    kept = [i for i in every if not status or i.get("status") == status]
    return (kept[offset:offset + limit] if limit is not None else kept[offset:]), len(kept)


@pytest.mark.parametrize("status", [None, *STATUSES])
def test_sql_page_equals_filtering_every_incident(db_url, status):
    store = build(db_url)
    review = ReviewStore(store)
    first = {i["id"]: i for i in review.all_incidents()}
    review.edit("inc-evict", {"place": "Coquelles", "date_start": "2021-02-27"}, first["inc-evict"]["row_version"],
                "ann")
    review.set_status("inc-clash", "rejected", first["inc-clash"]["row_version"], "ann")
    review.set_status("inc-hostile", "confirmed", first["inc-hostile"]["row_version"], "ann")
    for limit, offset in ((1000, 0), (1, 0), (1, 1), (2, 1), (None, 0), (None, 1), (5, 9)):
        assert review.incidents(status=status, limit=limit, offset=offset) == by_python(review, status, limit, offset)
    page, total = review.incidents(status=status, limit=1000)
    edited = [i for i in page if i["id"] == "inc-evict"]
    assert not edited or (edited[0]["place"] == "Coquelles" and edited[0]["edited"] == ["date_start", "place"])
    assert total == len(page)
