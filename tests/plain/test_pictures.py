"""Easy Read pictures chosen by keywords that coordinators keep, and the pages where they change them."""

import pytest
from django.test import Client

from engaging.plain.easy_read_views import shown_ideas
from engaging.plain.models import EasyReadPicture
from engaging.plain.pictures import PICTURES, default_keywords, picture_for, svg
from engaging.plain.picturing import live_keywords
from engaging.plain.services import save_easy_read


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_picture_starts_with_its_keywords_in_the_database(db):
    assert set(EasyReadPicture.objects.values_list("name", flat=True)) == set(PICTURES)
    assert live_keywords() == default_keywords()


def test_a_coordinators_new_keyword_chooses_the_picture_from_then_on(world):
    line = "Tell us about your allotment."
    assert picture_for(line, live_keywords()) == "speak"
    client = signed_in(world.coordinator)
    response = client.post("/words-we-use/pictures/food/", {"keywords": "food, allotment, allotments, tea"})
    assert response.status_code == 302 and response["Location"] == "/words-we-use/pictures/"
    assert EasyReadPicture.objects.get(name="food").keywords == "food, allotment, allotments, tea"
    # One keyword each: the longer word ("allotment") now wins over "tell".
    assert picture_for(line, live_keywords()) == "food"
    # Taking a keyword out means a line with only that word gets no picture.
    client.post("/words-we-use/pictures/phone/", {"keywords": "telephone"})
    assert picture_for("Give us a call.", live_keywords()) == ""


def test_the_easy_read_page_uses_the_keywords_as_they_are_now(world, council_activity):
    council_activity.is_public = True
    council_activity.save()
    save_easy_read(subject=council_activity, ideas=[{"text": "Bring your allotment produce.", "picture": ""}])
    page = f"/words-we-use/easy-read/activities/{council_activity.pk}/"
    assert svg("food") not in signed_in(world.officer_council).get(page).content.decode()
    EasyReadPicture.objects.filter(name="food").update(keywords="food, allotment")
    assert svg("food") in signed_in(world.officer_council).get(page).content.decode()


def test_an_authors_choice_beats_the_keywords_and_none_means_none():
    keywords = default_keywords()
    ideas = shown_ideas(
        [
            {"text": "Call us.", "picture": ""},
            {"text": "Call us.", "picture": "letter"},
            {"text": "Call us.", "picture": "none"},
            {"text": "Call us.", "picture": "info"},  # a picture the hub no longer has: chosen from the words
        ],
        keywords,
    )
    assert [idea["picture"] for idea in ideas] == ["phone", "letter", "", "phone"]


def test_each_change_is_kept_in_the_pictures_history_with_who_and_what(world):
    client = signed_in(world.coordinator)
    client.post("/words-we-use/pictures/food/", {"keywords": "food, tea, allotment"})
    html = client.get("/words-we-use/pictures/food/").content.decode()
    assert "added “allotment”" in html and "coordinator" in html
    assert "took out" in html  # the starting keywords the coordinator left out
    history = EasyReadPicture.history.filter(name="food").order_by("history_date")
    assert history.count() == 2 and history.last().history_user == world.coordinator


@pytest.mark.parametrize(
    "keywords, message",
    [
        ("tea, ???", "“???” has no letters or numbers"),
        ("tea, phone", "“phone” already chooses another picture (A telephone)"),
        ("tea, " + "x" * 60, "is too long"),
    ],
)
def test_bad_keywords_are_refused_naming_the_field_and_change_nothing(world, keywords, message):
    before = EasyReadPicture.objects.get(name="food").keywords
    response = signed_in(world.coordinator).post("/words-we-use/pictures/food/", {"keywords": keywords})
    html = response.content.decode()
    assert response.status_code == 200 and 'href="#id_keywords"' in html and message in html
    assert "<title>Error:" in html
    assert EasyReadPicture.objects.get(name="food").keywords == before


@pytest.mark.parametrize("persona, expected", [("officer_council", 403), ("board_member", 403), ("coordinator", 200)])
def test_only_coordinators_see_and_change_the_keywords(world, persona, expected):
    client = signed_in(getattr(world, persona))
    assert client.get("/words-we-use/pictures/").status_code == expected
    assert client.get("/words-we-use/pictures/food/").status_code == expected
    client.post("/words-we-use/pictures/food/", {"keywords": "cake"})
    changed = EasyReadPicture.objects.get(name="food").keywords == "cake"
    assert changed == (persona == "coordinator")


def test_anonymous_visitors_are_sent_to_sign_in(db):
    for url in ("/words-we-use/pictures/", "/words-we-use/pictures/food/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_an_unknown_picture_is_404_and_the_wrong_method_is_refused(world):
    client = signed_in(world.coordinator)
    assert client.get("/words-we-use/pictures/dragon/").status_code == 404
    assert client.post("/words-we-use/pictures/", {}).status_code == 405


def test_the_list_shows_every_picture_and_tries_a_line(world):
    html = signed_in(world.coordinator).get("/words-we-use/pictures/?line=Ring+us+on+the+phone").content.decode()
    assert html.count("/words-we-use/pictures/") >= len(PICTURES)
    assert "This line gets the picture “A telephone”" in html
    html = signed_in(world.coordinator).get("/words-we-use/pictures/?line=Nothing+here").content.decode()
    assert "gets no picture" in html


def test_every_keyword_pattern_is_compiled_once_however_many_lines_are_pictured():
    from engaging.plain import pictures

    pictures._pattern.cache_clear()
    for line in ("We met carers at the library.", "Next year we will look at buses.", "Tell us what you think."):
        pictures.picture_for(line)
    compiled = pictures._pattern.cache_info().misses
    pictures.picture_for("Another line about the GP surgery.")
    assert pictures._pattern.cache_info().misses == compiled
