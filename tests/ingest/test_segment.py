"""Tests for splitting multi-post pages into posts."""
from pathlib import Path

import pytest

from counterpoint.ingest.cleaning import clean
from counterpoint.ingest.segment import split_posts

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
PARAGRAPH = ("Volunteers from the kitchen brought soup and tea to the people sleeping near the "
             "canal, and counted the tents that were still standing after the police left.")

ARCHIVE_PAGE = f"""Category: evictions

Night raid at the canal camp
Posted on 14 March 2023 by harbourwatch

{PARAGRAPH}

Tents along the towpath after the raid

{PARAGRAPH}

Food distribution blocked again
Posted on 2 March 2023 by harbourwatch

{PARAGRAPH}

What the court said

{PARAGRAPH}

A cold week in the dunes
Posted on 20 February 2023 by harbourwatch

{PARAGRAPH}
"""

ARTICLE = f"""Hundreds moved from the port camp

Published 26 October 2016

{PARAGRAPH}

Buses leave before dawn at the harbour gate

What happens next

{PARAGRAPH}

“We did not know where they were taking us,” said one young man.
"""

DIARY = f"""Notes from the canal, spring 2021

Written by a volunteer

12 March 2021
{PARAGRAPH}

13 March 2021
{PARAGRAPH}

15 March 2021
{PARAGRAPH}
"""


def test_segment_archive_page_becomes_its_posts():
    posts = split_posts(ARCHIVE_PAGE)
    assert [p.title for p in posts] == ["Night raid at the canal camp", "Food distribution blocked again",
                                        "A cold week in the dunes"]
    assert [p.date for p in posts] == ["2023-03-14", "2023-03-02", "2023-02-20"]
    assert all(p.date_basis == "dateline" for p in posts)
    for post in posts:
        assert ARCHIVE_PAGE[post.start:post.end] == post.text
        assert post.text.startswith(post.title)
    assert "What the court said" in posts[1].text


def test_segment_article_with_subheadings_and_caption_is_one_post():
    posts = split_posts(ARTICLE)
    assert len(posts) == 1
    assert posts[0].title == "Hundreds moved from the port camp"
    assert posts[0].date == "2016-10-26"
    assert posts[0].text == ARTICLE and (posts[0].start, posts[0].end) == (0, len(ARTICLE))


def test_segment_diary_entries_stay_in_one_post():
    posts = split_posts(DIARY)
    assert len(posts) == 1
    assert posts[0].text.count(PARAGRAPH) == 3


def test_segment_two_dated_headlines_with_no_bodies_are_not_posts():
    page = "Camp cleared\nPosted on 1 May 2020\nBoat intercepted\nPosted on 2 May 2020\n"
    assert len(split_posts(page)) == 1


@pytest.mark.parametrize("text", ["", "\n\n", "One line only"])
def test_segment_degenerate_text_is_one_post(text):
    posts = split_posts(text)
    assert len(posts) == 1 and posts[0].text == text


def _seed_004() -> str:
    found = sorted(SEEDS.glob("004_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip("seed 004 not present")
    return found[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("cleaned_first", [False, True])
def test_segment_seed_004_becomes_three_posts(cleaned_first):
    page = _seed_004()
    if cleaned_first:
        page = clean(page).text
    posts = split_posts(page)
    assert len(posts) == 3
    assert all(p.title for p in posts) and len({p.title for p in posts}) == 3
    assert all(page[p.start:p.end] == p.text for p in posts)
    assert all(p.text.replace("\xa0", " ").startswith(p.title) for p in posts)
    # The three posts tile the page after its header, in order.
    assert posts[0].end <= posts[1].start and posts[1].end <= posts[2].start
    assert not page[posts[2].end:].strip()


def test_segment_other_seeds_stay_whole():
    if not SEEDS.is_dir():
        pytest.skip("seeds not present")
    for path in sorted(SEEDS.glob("00[0-3]_*.txt")):
        assert len(split_posts(path.read_text(encoding="utf-8"))) == 1, path.name


DATE_ABOVE_TITLE_PAGE = f"""Archives for June 2017

June 12, 2017
Camp evicted at the lake

{PARAGRAPH}

June 2, 2017
Police stop the food distribution

{PARAGRAPH}
"""

DIARY_WITH_HEADINGS = f"""Our week at the border

Monday 12 March 2018
Police raid at dawn

{PARAGRAPH}

Tuesday 13 March 2018
Tents taken again

{PARAGRAPH}

Thursday 15 March 2018
A quieter day at the kitchen

{PARAGRAPH}
"""


def test_segment_dates_above_titles():
    posts = split_posts(DATE_ABOVE_TITLE_PAGE)
    assert [(p.title, p.date) for p in posts] == [("Camp evicted at the lake", "2017-06-12"),
                                                  ("Police stop the food distribution", "2017-06-02")]
    assert posts[0].text.startswith("June 12, 2017")


def test_segment_diary_with_headings_in_date_order_stays_one_post():
    assert len(split_posts(DIARY_WITH_HEADINGS)) == 1


BLOGSPOT_PAGE = f"""Sunday, 7 February 2016

Rally banned in the town centre

{PARAGRAPH}

Posted by Harbour Watch at 10:55 No comments:

Saturday, 6 February 2016

Fire in the southern part of the camp

{PARAGRAPH}

Posted by Harbour Watch at 09:12 2 comments:
"""


def test_segment_blogspot_layout_with_date_headers_and_footers():
    posts = split_posts(BLOGSPOT_PAGE)
    assert [(p.title, p.date) for p in posts] == [("Rally banned in the town centre", "2016-02-07"),
                                                  ("Fire in the southern part of the camp", "2016-02-06")]


def test_segment_article_header_with_standfirst_byline_and_caption_is_one_post():
    page = (" date 2022-05-03 Boy dies near the lorry park on the ring road\n\n"
            "Exclusive: the teenager fell from a trailer in the logistics zone, officials say\n\n"
            "Sam Okafor\nSocial Affairs Correspondent\nTuesday 3 May 2022 18:40\n\n"
            "Despite the fences, pictured, people still try to climb onto the trailers\n\n(Getty)\n\n"
            f"{PARAGRAPH}\n\n{PARAGRAPH}\n")
    assert len(split_posts(page)) == 1


UPDATED_ARTICLE = f"""Tents cut open at the canal camp, volunteers say

Published 14 March 2023
Updated 15 March 2023 at 09:10

{PARAGRAPH}

Police say the operation was planned

{PARAGRAPH}

The charity posted on social media within the hour:

Officers are slashing tents at the canal right now. People have nowhere to go. pic.twitter.com/abc123
— Harbour Watch (@harbourwatch) March 14, 2023

What the council wants

{PARAGRAPH}

Update, 15 March: the prefecture said the tents had been removed "for safety reasons".
"""


def test_segment_article_with_updates_subheadings_and_a_quoted_tweet_is_one_post():
    # an ordinary article: its "Updated" lines, subheadings and an embedded dated tweet start no posts
    posts = split_posts(UPDATED_ARTICLE)
    assert len(posts) == 1
    assert posts[0].text == UPDATED_ARTICLE
    assert posts[0].title == "Tents cut open at the canal camp, volunteers say"


@pytest.mark.parametrize("text", [
    "Night raid at the canal camp\n\nPosted on 14 March 2023 by harbourwatch\n\n" + PARAGRAPH,
    "Night raid at the canal camp\n\n" + PARAGRAPH + " It happened on 31/06/2023 and again on 2 May 2023.",
    PARAGRAPH,
])
def test_segment_single_post_date_is_find_published_of_the_page(text):
    # the post's date is read without the warnings scan; the value and basis are find_published's
    from counterpoint.ingest.dates import find_published

    post, = split_posts(text)
    published = find_published(text)
    assert (post.date, post.date_basis) == (published.value, published.basis)
