"""Tests for cleaning page furniture, one per rule family, and the offset map."""
import json
import re

import pytest

from counterpoint.ingest.cleaning import clean

STORY = "Police cleared the camp near the canal on Tuesday, volunteers said."
ENDING = "About forty people were taken to reception centres in the region."


def _removed_by(line, expected_rule):
    cleaned = clean(f"{STORY}\n{line}\n{ENDING}")
    assert line.strip() not in cleaned.text
    assert STORY in cleaned.text and ENDING in cleaned.text
    assert expected_rule in [name for name, _ in cleaned.removed]


@pytest.mark.parametrize("line", [
    "READ MORE: Volunteers count tents after the winter storm",
    "Read more: How the port fences were built",
    "Related: Lorry drivers describe the night on the ring road",
    "Lire aussi : Les bénévoles comptent les tentes",
])
def test_cleaning_read_more(line):
    _removed_by(line, "read_more")


@pytest.mark.parametrize("line", ["Follow Jane Example on Twitter @janeexample",
                                  "Follow us on Facebook", "Suivez-nous sur Twitter"])
def test_cleaning_follow_on_social(line):
    _removed_by(line, "follow_on_social")


@pytest.mark.parametrize("line", ["Leave a comment", "Comments are closed.", "Post a Comment",
                                  "12 comments", "Please let us know if you're having issues with commenting.",
                                  "Laisser un commentaire"])
def test_cleaning_comment_prompt(line):
    _removed_by(line, "comment_prompt")


def test_cleaning_more_stories_list_and_its_headlines():
    text = (f"{STORY}\n{ENDING}\nMore Stories\nMayor Opens New Ferry Terminal in Spring\n"
            "Will the Harbour Bridge Close Again? Council Votes Tonight\nFishing Fleet Returns Early\n")
    cleaned = clean(text)
    assert "More Stories" not in cleaned.text
    assert "Ferry Terminal" not in cleaned.text and "Fishing Fleet" not in cleaned.text
    assert ENDING in cleaned.text
    assert [name for name, _ in cleaned.removed] == ["more_stories"] * 4


@pytest.mark.parametrize("line", ["JOHN EXAMPLE/AFP via Getty Images", "Photo: Reuters",
                                  "(Image: Example Agency)", "Photograph: Jane Doe"])
def test_cleaning_photo_credit_line(line):
    _removed_by(line, "photo_credit_line")


@pytest.mark.parametrize("line,caption", [
    ("Tents by the canal in March | Photo: Example News", "Tents by the canal in March"),
    ("Rescuers at the harbour (Jane Doe/PA)", "Rescuers at the harbour"),
    ("People arrive at the port, April 23, 2024. REUTERS/John Example", "People arrive at the port, April 23, 2024."),
    ("Migrants at the fenceImage source, Getty Images", "Migrants at the fence"),
])
def test_cleaning_photo_credit_inline_keeps_caption(line, caption):
    cleaned = clean(f"{STORY}\n{line}\n{ENDING}")
    assert cleaned.text == f"{STORY}\n{caption}\n{ENDING}"
    assert "photo_credit_inline" in [name for name, _ in cleaned.removed]


@pytest.mark.parametrize("line", ["Share this article", "Share on Facebook", "Tweet",
                                  "Subscribe to our daily newsletter", "Sign up for our free email updates"])
def test_cleaning_share_subscribe(line):
    _removed_by(line, "share_subscribe")


@pytest.mark.parametrize("line", ["We use cookies to give you the best experience on our website.",
                                  "Accept all cookies", "Ce site utilise des cookies pour mesurer l'audience."])
def test_cleaning_cookie_notice(line):
    _removed_by(line, "cookie_notice")


@pytest.mark.parametrize("line", ["Stay tuned for more updates from Example Europe News.",
                                  "© 2024 Example Media. All rights reserved."])
def test_cleaning_site_signoff(line):
    _removed_by(line, "site_signoff")


@pytest.mark.parametrize("line", ["Archivi categoria: protests", "Category: Evictions",
                                  "Catégorie : Expulsions", "Posts tagged: Calais"])
def test_cleaning_category_header(line):
    _removed_by(line, "category_header")


@pytest.mark.parametrize("line", ["IMG_1234.jpg", "DSC_0042", "harbour-fence-2016.png", "Camp.photos 012"])
def test_cleaning_image_file_name(line):
    _removed_by(line, "image_file_name")


@pytest.mark.parametrize("line,rule", [("Skip to main content", "skip_link"),
                                       ("Advertisement", "advertisement"),
                                       ("ADVERTISEMENT", "advertisement")])
def test_cleaning_navigation_and_ads(line, rule):
    _removed_by(line, rule)


def test_cleaning_repeated_title_line():
    cleaned = clean(f"Camp cleared at dawn\nCamp cleared at dawn\n\n{STORY}")
    assert cleaned.text == f"Camp cleared at dawn\n\n{STORY}"


def test_cleaning_keeps_captions_subheadings_and_quotes():
    text = ("Camp cleared at dawn\n\n"
            "Volunteers hand out blankets near the station on Sunday evening\n\n"
            "What happens next\n\n"
            "“We have nowhere else to go,” one man told us.\n\n"
            "« Nous n'avons nulle part où aller », a dit un homme.\n\n"
            "- More shelters before winter\n"
            "Read the council's decision, which the association says it will appeal.\n")
    assert clean(text).text == text
    assert clean(text).removed == []


def test_cleaning_normalises_whitespace_inside_lines_only():
    cleaned = clean("Police  cleared\u00a0the camp.  \n\n\nVolunteers\tsaid so.")
    assert cleaned.text == "Police cleared the camp.\n\n\nVolunteers said so."


def test_cleaning_offset_map_points_back_to_raw():
    raw = ("Camp  cleared\n"
           "READ MORE: Another story entirely\n"
           "Rescuers at the harbour (Jane Doe/PA) and the beach.\n"
           "Police\u00a0said 40 people left.\n")
    cleaned = clean(raw)
    for word in ("cleared", "harbour", "beach", "said", "40"):
        at = cleaned.text.index(word)
        raw_at = cleaned.to_raw(at)
        assert raw[raw_at:raw_at + len(word)] == word
    start = cleaned.text.index("Rescuers")
    end = cleaned.text.index("beach.") + len("beach.")
    raw_start, raw_end = cleaned.span_to_raw(start, end)
    assert raw[raw_start:raw_end] == "Rescuers at the harbour (Jane Doe/PA) and the beach."
    assert cleaned.to_raw(len(cleaned.text)) == len(raw)


def test_cleaning_user_rules_file_replaces_defaults(tmp_path):
    rules = {"rules": [{"name": "house_promo", "kind": "line", "pattern": "buy our book.*"}]}
    (tmp_path / "cleaning.json").write_text(json.dumps(rules), encoding="utf-8")
    cleaned = clean(f"{STORY}\nBuy our book today\nREAD MORE: kept now", taxonomy_dir=str(tmp_path))
    assert cleaned.text == f"{STORY}\nREAD MORE: kept now"
    assert cleaned.removed == [("house_promo", "Buy our book today")]


def test_cleaning_empty_text():
    cleaned = clean("")
    assert cleaned.text == "" and cleaned.removed == [] and cleaned.to_raw(0) == 0


@pytest.mark.parametrize("line,rule", [
    ("Menu", "navigation"), ("Back to top", "navigation"),
    ("Facebook | Twitter | WhatsApp", "share_subscribe"), ("Reuse this content", "share_subscribe"),
    ("Reporting by Jane Example; Editing by John Example", "site_signoff"),
    ("This article is more than 7 years old", "site_signoff"),
])
def test_cleaning_navigation_share_buttons_and_agency_credits(line, rule):
    _removed_by(line, rule)


def test_cleaning_caption_label_keeps_caption():
    cleaned = clean(f"{STORY}\nImage caption, Tents by the canal\n{ENDING}")
    assert cleaned.text == f"{STORY}\nTents by the canal\n{ENDING}"


def _seeds():
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
    found = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    if not found:
        pytest.skip("seeds not present")
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in found}


def test_cleaning_seeds_lose_their_furniture_and_map_back():
    seeds = _seeds()
    rules_by_seed = {key: {name for name, _ in clean(text).removed} for key, text in seeds.items()}
    assert "read_more" in rules_by_seed["000"]
    assert {"photo_credit_line", "follow_on_social", "comment_prompt"} <= rules_by_seed["001"]
    assert {"site_signoff", "more_stories"} <= rules_by_seed["002"]
    assert {"category_header", "image_file_name"} <= rules_by_seed["004"]
    assert "More Stories" not in clean(seeds["002"]).text
    for text in seeds.values():
        cleaned = clean(text)
        for word in re.finditer(r"\S+", cleaned.text):
            start, end = cleaned.span_to_raw(word.start(), word.end())
            assert text[start:end] == word.group(0)


@pytest.mark.parametrize("line", [
    "Comments from the prefecture", "Share of asylum claims rose in 2023", "Home Office response",
    "Follow-up visits to the camp were refused", "Related charges were dropped in May.",
    "More than 300 people marched to the port", "Subscribers to the aid network said they saw it.",
    "Tags and tarpaulins were taken by the police", "Latest figures from the prefecture",
    "Category B prisoners were moved, the ministry said.",
])
def test_cleaning_keeps_story_lines_that_resemble_furniture(line):
    cleaned = clean(f"{STORY}\n{line}\n{ENDING}")
    assert line in cleaned.text and cleaned.removed == []
