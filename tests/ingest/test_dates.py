"""Tests for publication dates: metadata, datelines, URL paths, impossible dates, both corpora."""
import json
from pathlib import Path

import pytest

from counterpoint.ingest.dates import find_published, parse_date

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
BODY = "\n\nPolice cleared the camp near the canal on Tuesday morning, volunteers said."


@pytest.mark.parametrize("line,expected", [
    ("Published 26 October 2016", "2016-10-26"),
    ("Published: 08:58, 14 December 2022", "2022-12-14"),
    ("Page last updated at 12:09 GMT, Tuesday, 22 September 2009", "2009-09-22"),
    ("7 July 2015, 12:09", "2015-07-07"),
    ("August 27, 2016", "2016-08-27"),
    ("AUGUST 27, 2016", "2016-08-27"),
    ("Sunday, 7 February 2016", "2016-02-07"),
    ("Publié le 12 mars 2023 à 10h05", "2023-03-12"),
    ("le 30/12/2021", "2021-12-30"),
    ("Thu, 15 Dec, 2022 - 22:22", "2022-12-15"),
    ("Fri 10 Mar 2023 12.24 EST", "2023-03-10"),
    ("Updated 9:42 AM ET, Fri March 3, 2017", "2017-03-03"),
    ("by Some Newsroom 25 April 2024", "2024-04-25"),
    ("Calais (AFP) - 12 mars 2023", "2023-03-12"),
    ("Mis à jour le 12/03/2023 à 10:05", "2023-03-12"),
    ("Dimanche 14 janvier 2024 à 10:32", "2024-01-14"),
    ("Publié le 1er février 2021", "2021-02-01"),
    ("First published on Sun 12 Mar 2023 18.00 GMT", "2023-03-12"),
    ("Posted on 12 March 2023 by admin", "2023-03-12"),
    ("Sept. 5, 2017", "2017-09-05"),
    ("12.03.2023 | 10:15", "2023-03-12"),
    ("Mise à jour : 15/12/2024 13:45 - Publié le 14/12/2024 à 10:00", "2024-12-14"),
    ("Créé le 12/03/2023 à 10h05", "2023-03-12"),
    ("Dernière mise à jour le 13 mars 2023", "2023-03-13"),
])
def test_dates_dateline_formats(line, expected):
    published = find_published("A headline about the camp\n\n" + line + BODY)
    assert (published.value, published.basis, published.precision) == (expected, "dateline", "day")


@pytest.mark.parametrize("text,expected,precision", [
    (" date 2021-12-31 Police and volunteers met at the port.", "2021-12-31", "day"),
    (" date 2021-10 Un prêtre a entamé une grève de la faim.", "2021-10", "month"),
])
def test_dates_leading_date_line(text, expected, precision):
    published = find_published(text)
    assert (published.value, published.basis, published.precision) == (expected, "dateline", precision)


def test_dates_published_line_beats_updated_line():
    text = "Headline here\nPublished: 08:58, 16 December 2022\nUpdated: 19:50, 17 December 2022" + BODY
    assert find_published(text).value == "2022-12-16"


def test_dates_metadata_takes_precedence():
    text = "Headline here\n\nPublished 26 October 2016" + BODY
    published = find_published(text, metadata="2016-10-27T09:00:00+00:00")
    assert (published.value, published.basis) == ("2016-10-27", "metadata")


def test_dates_unreadable_metadata_falls_back_with_warning():
    published = find_published("Headline here\n\nPublished 26 October 2016" + BODY, metadata="not a date")
    assert published.value == "2016-10-26" and published.basis == "dateline"
    assert any("not a date" in w for w in published.warnings)


@pytest.mark.parametrize("text", [
    "The camp was first cleared on 3 March 2019. A second operation followed on "
    "12 April 2019, and the council promised a new shelter by 1 January 2031.",
    "Volunteers counted the tents again in November 2024 near the dunes.",
    "In October of 2016 the camp was demolished; the dunes have filled again since.",
])
def test_dates_never_guessed_from_dates_in_the_text(text):
    published = find_published(text)
    assert (published.value, published.basis) == (None, None)


@pytest.mark.parametrize("url,expected", [
    ("https://news.example.org/world/2020/08/21/boat-found.html", "2020-08-21"),
    ("https://paper.example.com/world/2014/sep/07/march-in-the-port", "2014-09-07"),
    ("https://radio.example.fr/fr/europe/20210517-arrivees-record", "2021-05-17"),
    ("https://blog.example.net/2016/02/video-of-the-march.html", "2016-02"),
    ("https://site.example/2023-03-10/summit", "2023-03-10"),
    ("https://site.example/article-11844691/pay-france.html", None),
    ("https://site.example/2020/13/45/not-a-date", None),
    (None, None),
])
def test_dates_url_path_gives_the_date(url, expected):
    published = find_published("A headline about the camp" + BODY, url=url)
    assert published.value == expected
    assert published.basis == ("url" if expected else None)


def test_dates_stated_dateline_beats_url_and_metadata_beats_both():
    text = "A headline about the camp\n\nPublished 26 October 2016" + BODY
    url = "https://news.example.org/2016/10/20/story"
    assert (find_published(text, url=url).value, find_published(text, url=url).basis) == ("2016-10-26", "dateline")
    published = find_published(text, metadata="2016-10-27", url=url)
    assert (published.value, published.basis) == ("2016-10-27", "metadata")


@pytest.mark.parametrize("line,expected", [
    ("Updated 13 August 2021: volunteers say the man who drowned off the beach yesterday had tried "
     "three times before, and that the police had taken his tent the week before.", "2021-08-13"),
    ("Source : Le Quotidien - Agence France-Presse - 28/09/2021", "2021-09-28"),
])
def test_dates_labelled_date_lines(line, expected):
    assert find_published(line + BODY).value == expected


@pytest.mark.parametrize("sentence", [
    "Police cleared the camp by the canal on 12 March 2023, volunteers said.",
    "The report, published on 12 March 2023, counted 400 people.",
])
def test_dates_sentence_with_a_date_near_the_top_is_not_a_dateline(sentence):
    assert find_published("Headline here\n\n" + sentence).basis is None


def test_dates_no_date_gives_none():
    assert find_published("Nothing here says when.").value is None
    assert find_published("").basis is None


@pytest.mark.parametrize("text,bad", [
    ("31/06 Police stopped the food distribution again.", "31/06"),
    ("The hearing was set for 30 February 2021 in Lille.", "30 February 2021"),
    ("Le 31/04/2022, la police est revenue.", "31/04/2022"),
])
def test_dates_impossible_date_is_a_warning(text, bad):
    published = find_published(text)
    assert any(bad in w for w in published.warnings)
    assert published.value is None or not published.value.endswith(("-06-31", "-02-30", "-04-31"))


@pytest.mark.parametrize("s,expected", [
    ("2023-03-12", "2023-03-12"), ("2023-03", "2023-03"), ("2023", "2023"),
    ("2023-03-12T10:00:00Z", "2023-03-12"), ("12 March 2023", "2023-03-12"),
    ("March 12, 2023", "2023-03-12"), ("12/03/2023", "2023-03-12"), ("12 mars 2023", "2023-03-12"),
    ("1er février 2020", "2020-02-01"), ("on 12/03/2023.", "2023-03-12"), ("Tue, 22 Sep 2020 10:00:00 GMT", "2020-09-22"),
    ("2020-09-22T10:00:00.000+0200", "2020-09-22"), ("09/22/2020", "2020-09-22"), ("02/30/2020", None), ("the 18.01.2018:", "2018-01-18"), ("31/06/2023", None), ("", None), ("soon", None),
])
def test_dates_parse_date(s, expected):
    assert parse_date(s) == expected


def _corpus():
    if not (SHARED / "corpus" / "gold").is_dir():
        pytest.skip("shared corpora not present")
    for name in ("corpus", "train"):
        for gold_path in sorted((SHARED / name / "gold").glob("[a-z][0-9][0-9][0-9].json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            doc = json.loads((SHARED / name / gold_path.name).read_text(encoding="utf-8"))
            yield gold_path.stem, doc["text"], gold.get("published")


def test_dates_corpora_stated_dates_are_found():
    stated = [(doc_id, find_published(text).value, gold) for doc_id, text, gold in _corpus() if gold]
    wrong = [(doc_id, found, gold) for doc_id, found, gold in stated if found != gold]
    print(f"published accuracy: {len(stated) - len(wrong)}/{len(stated)}")
    assert not wrong


def test_dates_corpora_no_false_datelines():
    false = [doc_id for doc_id, text, gold in _corpus()
             if gold is None and find_published(text).basis == "dateline"]
    assert not false


def test_dates_embedded_post_signature_is_not_a_dateline():
    text = ("Camp cleared at the border\n\nPolice moved in at dawn.\n"
            "— Harbour Volunteers (@harbourvols) April 10, 2016" + BODY)
    assert find_published(text).value is None


@pytest.mark.parametrize("lead,expected", [
    ("DOVER, England, March 3, 2017 — Border officers stopped two small boats near the harbour.", "2017-03-03"),
    ("Calais, 3 mars 2017 (AFP) - La police a évacué un campement près du canal.", "2017-03-03"),
    ("LONDON/PARIS, 3 March 2017 - Ministers from both countries met to discuss the border.", "2017-03-03"),
    ("March 3, 2017 / 10:05 AM / Updated 6 years ago", "2017-03-03"),
])
def test_dates_wire_dateline_opening_the_lead_is_the_publication_date(lead, expected):
    published = find_published("A headline about the camp\n\n" + lead + BODY)
    assert (published.value, published.basis) == (expected, "dateline")


@pytest.mark.parametrize("lead", [
    "In Calais, on 3 March 2016 - the day the camp was cleared - volunteers counted the tents.",
    "CALAIS, March 3 (Reuters) - Police cleared a camp near the canal.",  # no year: no full date
])
def test_dates_lead_that_is_not_a_dated_wire_dateline_gives_no_date(lead):
    assert find_published("A headline about the camp\n\n" + lead + BODY).basis is None
