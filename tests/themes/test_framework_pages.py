"""Partners define their own frameworks: themes added, changed, reordered and removed; the built-in one is read only."""

import pytest
from django.test import Client

from engaging.themes import services, training
from engaging.themes.models import Comment, CommentTheme, Framework, Theme

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def youth(world):
    framework = Framework.objects.create(key="youth-voice", name="Youth voice", organisation=world.council)
    for position, (name, keywords) in enumerate(
        (("Transport", ["bus", "train"]), ("Safety", ["safe"]), ("Things to do", []))
    ):
        Theme.objects.create(framework=framework, name=name, keywords=keywords, position=position)
    return framework


def names(framework) -> list[str]:
    return list(framework.themes.order_by("position", "pk").values_list("name", flat=True))


def test_the_list_shows_the_built_in_framework_read_only_and_partners_ones(world, framework, youth):
    text = client_for(world.board_member).get("/themes/frameworks/").content.decode()
    assert "NHS patient experience" in text and "Built in (read only)" in text
    assert "Youth voice" in text and "Dudley Council" in text and "Keywords (no model trained yet)" in text
    assert "Create a framework" not in text  # board members read only
    page = client_for(world.coordinator).get("/themes/frameworks/nhs-patient-experience/").content.decode()
    assert "It cannot be changed" in page and "Add a theme" not in page
    assert client_for(world.coordinator).get("/themes/frameworks/nhs-patient-experience/themes/add/").status_code == 403


def test_an_officer_creates_a_framework_and_adds_three_themes(world, framework):
    client = client_for(world.officer_council)
    response = client.post("/themes/frameworks/new/", {"key": "youth-voice", "name": "Youth voice", "description": ""})
    assert response.status_code == 302 and response.url == "/themes/frameworks/youth-voice/themes/add/"
    made = Framework.objects.get(key="youth-voice")
    assert made.organisation == world.council and not made.built_in
    for name, keywords in (("Transport", "bus, train,  Bus "), ("Safety", "safe"), ("Things to do", "")):
        response = client.post(
            "/themes/frameworks/youth-voice/themes/add/",
            {"category": "", "name": name, "definition": f"About {name.lower()}", "keywords": keywords},
        )
        assert response.status_code == 302
    assert names(made) == ["Transport", "Safety", "Things to do"]
    assert Theme.objects.get(framework=made, name="Transport").keywords == ["bus", "train", "Bus"]
    page = client.get("/themes/frameworks/youth-voice/").content.decode()
    assert "no model has been trained for this framework yet" in page
    assert "manage.py themes train --framework youth-voice" in page


def test_framework_and_theme_forms_name_what_is_wrong(world, framework, youth):
    client = client_for(world.officer_council)
    text = client.post("/themes/frameworks/new/", {"key": "Youth Voice!", "name": ""}).content.decode()
    assert "The short name can only have lower-case letters, numbers and hyphens" in text and "Enter a name" in text
    text = client.post("/themes/frameworks/new/", {"key": "youth-voice", "name": "Again"}).content.decode()
    assert "Another framework already has this short name" in text
    text = client.post("/themes/frameworks/youth-voice/themes/add/", {"name": " safety "}).content.decode()
    assert "already has a theme with this name" in text
    assert "govuk-error-summary" in text
    assert Framework.objects.count() == 2 and youth.themes.count() == 3


def test_only_the_frameworks_organisation_or_a_coordinator_may_change_it(world, youth):
    url = "/themes/frameworks/youth-voice/themes/add/"
    assert client_for(world.officer_healthwatch).get(url).status_code == 403
    assert client_for(world.board_member).get(url).status_code == 403
    assert client_for(world.coordinator).get(url).status_code == 200
    assert client_for(world.officer_council).get(url).status_code == 200
    assert client_for(world.officer_council).get("/themes/frameworks/nope/").status_code == 404


def test_themes_are_reordered_and_changed(world, youth):
    client = client_for(world.officer_council)
    safety = youth.themes.get(name="Safety")
    client.post(f"/themes/frameworks/youth-voice/themes/{safety.pk}/move/", {"direction": "up"})
    assert names(youth) == ["Safety", "Transport", "Things to do"]
    client.post(f"/themes/frameworks/youth-voice/themes/{safety.pk}/move/", {"direction": "up"})  # already first
    assert names(youth) == ["Safety", "Transport", "Things to do"]
    client.post(f"/themes/frameworks/youth-voice/themes/{safety.pk}/move/", {"direction": "sideways"})
    assert names(youth) == ["Safety", "Transport", "Things to do"]
    response = client.post(
        f"/themes/frameworks/youth-voice/themes/{safety.pk}/change/",
        {"category": "Wellbeing", "name": "Feeling safe", "definition": "Safe on the way", "keywords": "safe, scared"},
    )
    assert response.status_code == 302
    safety.refresh_from_db()
    assert (safety.name, safety.category, safety.keywords) == ("Feeling safe", "Wellbeing", ["safe", "scared"])


def test_removing_a_coded_theme_asks_first_saying_how_many_comments_lose_it(world, youth):
    transport = youth.themes.get(name="Transport")
    comment = Comment.objects.create(framework=youth, text="the bus is late", source="import", confirmed=True)
    CommentTheme.objects.create(comment=comment, theme=transport)
    client = client_for(world.officer_council)
    url = f"/themes/frameworks/youth-voice/themes/{transport.pk}/remove/"
    page = client.get(url).content.decode()
    assert "1 comment is coded with this theme, 1 of them confirmed by an officer" in page
    assert Theme.objects.filter(pk=transport.pk).exists()
    client.post(url, {})  # not confirmed: kept
    assert Theme.objects.filter(pk=transport.pk).exists()
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert names(youth) == ["Safety", "Things to do"]
    assert Comment.objects.get().themes.count() == 0


def test_a_new_framework_suggests_from_keywords_and_names_until_trained(world, youth):
    for text in ("the bus never comes", "I do not feel safe in the park", "nothing much", "Things to do are few"):
        Comment.objects.create(framework=youth, text=text, source="import")
    assert services.classify_comments(framework=youth) == 4
    suggested = {c.text: set(c.themes.values_list("name", flat=True)) for c in Comment.objects.all()}
    assert suggested == {
        "the bus never comes": {"Transport"},
        "I do not feel safe in the park": {"Safety"},
        "nothing much": set(),
        "Things to do are few": {"Things to do"},
    }
    assert training.current_model(youth) is None
    page = client_for(world.officer_council).get("/themes/code/?framework=youth-voice", follow=True)
    assert "suggested from their keywords until a model is trained" in page.content.decode()


def test_the_themes_page_and_coding_follow_the_framework_chosen(world, framework, youth):
    Comment.objects.create(framework=youth, text="the bus never comes", source="import")
    client = client_for(world.officer_council)
    page = client.get("/themes/?framework=youth-voice").content.decode()
    assert "themes of the Youth voice framework" in page and "Transport" in page
    response = client.get("/themes/code/?framework=youth-voice")
    comment = Comment.objects.get()
    assert response.url == f"/themes/code/{comment.pk}/?framework=youth-voice"
    safety = youth.themes.get(name="Safety")
    response = client.post(response.url, {"themes": [str(safety.pk)], "sentiment": "negative"})
    assert response.url == "/themes/code/?framework=youth-voice"
    assert list(Comment.objects.get().themes.all()) == [safety]
    assert client.get("/themes/?framework=nope").status_code == 404
