"""Easy Read versions of activities: the draft, the pictures, the page residents read and the form authors use."""

from datetime import date
from html import escape

import pytest
from django.test import Client

from engaging.plain.easy_read import draft_ideas, swap_jargon
from engaging.plain.models import EasyRead
from engaging.plain.pictures import PICTURES, picture_for, svg
from engaging.plain.services import save_easy_read
from engaging.plain.terms import default_glossary
from engaging.register.models import Status
from tests.factories import ActivityFactory

SUMMARY = (
    "Going forward, the Integrated Care Board (ICB) wants to hear from carers about respite care; we will use "
    "what you tell us to shape the new carers' strategy, and we will tell you what we changed."
)


# The draft -------------------------------------------------------------------------------------------


def test_the_draft_has_one_short_idea_per_line_with_jargon_swapped_for_plain_words():
    assert draft_ideas(SUMMARY) == [
        "From now on, the local NHS wants to hear from carers about a short break for carers.",
        "We will use what you tell us to shape the new carers' strategy.",
        "We will tell you what we changed.",
    ]


def test_each_line_and_list_item_becomes_an_idea():
    text = "Come to a drop-in:\n- Brierley Hill library, Tuesday 3 March\n- Stourbridge town hall\nTea is free"
    assert draft_ideas(text) == [
        "Come to a drop-in.",
        "Brierley Hill library, Tuesday 3 March.",
        "Stourbridge town hall.",
        "Tea is free.",
    ]


def test_swapping_jargon_keeps_one_article_and_a_capital_at_the_start():
    glossary = default_glossary()
    assert swap_jargon("Ask the ICB.", glossary) == "Ask the local NHS."
    assert swap_jargon("Stakeholders met.", glossary) == "People with an interest met."


def test_an_empty_summary_drafts_nothing():
    assert draft_ideas("") == [] and draft_ideas(" \n - \n") == []


@pytest.mark.parametrize(
    "idea, picture",
    [
        ("It is on Tuesday 3 March.", "calendar"),
        ("Call us on 01384 000000.", "phone"),
        ("Email us to book a place.", "email"),
        ("You can fill in the survey online.", "survey"),  # two of the form's keywords, one of the website's
        ("It is free.", "money"),
        ("The room has wheelchair access.", "access"),
        ("Tell us what you think.", "speak"),
        ("Is there a question you want to ask?", "question"),
        ("We want to hear from carers.", "carer"),  # a tie of one keyword each: the longer word wins
        ("Come along to the library.", "place"),
        ("Talk to us about your mental health.", "feelings"),  # "mental health" beats "health"
        ("Young people told us about school.", "children"),  # "young people" beats "people"
        ("Drop in from 10am to 12 noon.", "clock"),
        ("Your GP can help with your medicines and prescriptions.", "medicine"),
    ],
)
def test_a_picture_is_chosen_from_the_words_of_each_idea(idea, picture):
    assert picture_for(idea) == picture


def test_a_line_with_no_keyword_gets_no_picture_rather_than_a_generic_one():
    assert picture_for("Something else entirely.") == ""
    assert svg("") == "" and svg("no-such-picture") == ""


def test_keywords_are_whole_words_with_plurals_and_never_part_of_another_word():
    keywords = {name: () for name in PICTURES} | {"carer": ("carer",)}
    assert picture_for("Carers' café.", keywords) == "carer"
    assert picture_for("A career change.", keywords) == ""


def test_the_set_has_enough_pictures_each_with_alt_text_and_keywords_no_two_sharing_a_keyword():
    assert len(PICTURES) >= 30
    seen: dict[str, str] = {}
    for name, picture in PICTURES.items():
        assert picture.alt and picture.keywords, name
        for word in picture.keywords:
            assert word.lower() not in seen, f"{word} is in {name} and {seen.get(word.lower())}"
            seen[word.lower()] = name


def test_every_picture_is_a_decorative_svg_hidden_from_screen_readers_or_described_when_it_stands_alone():
    for name in PICTURES:
        drawing = svg(name)
        assert drawing.startswith("<svg") and 'aria-hidden="true"' in drawing and 'focusable="false"' in drawing
        described = svg(name, alt=True, colour="#1d4e89")
        assert f"<title>{escape(PICTURES[name].alt)}</title>" in described and 'role="img"' in described
        assert "currentColor" not in described


# Saving ---------------------------------------------------------------------------------------------


def test_saving_keeps_one_version_per_activity_in_order_without_empty_ideas(world, council_activity):
    save_easy_read(subject=council_activity, ideas=[{"text": "First.", "picture": ""}, {"text": " "}])
    save_easy_read(subject=council_activity, ideas=[{"text": "One.", "picture": "tick"}, {"text": "Two."}])
    easy_read = EasyRead.objects.for_object(council_activity).get()
    assert easy_read.ideas == [{"text": "One.", "picture": "tick"}, {"text": "Two.", "picture": ""}]
    assert EasyRead.objects.count() == 1
    assert easy_read.history.count() == 2


# The page residents read --------------------------------------------------------------------------


def page(pk):
    return f"/words-we-use/easy-read/activities/{pk}/"


def edit(pk):
    return f"/words-we-use/easy-read/activities/{pk}/edit/"


def test_anyone_can_read_the_easy_read_version_of_a_public_activity(world, council_activity, glossary):
    save_easy_read(subject=council_activity, ideas=[{"text": "Tell us what you think.", "picture": ""}])
    response = Client().get(page(council_activity.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tell us what you think." in html and "et-easy-read__idea" in html
    assert f'href="/get-involved/{council_activity.pk}/"' in html
    assert "plain/easy-read.css" in html
    assert "Change the Easy Read version" not in html


def test_an_activity_without_an_easy_read_version_has_no_page(world, council_activity, glossary):
    assert Client().get(page(council_activity.pk)).status_code == 404
    assert Client().get(page(999999)).status_code == 404


def test_residents_cannot_see_a_private_activity_but_partners_can_preview_it(world, glossary):
    private = ActivityFactory(lead_organisation=world.council, is_public=False)
    save_easy_read(subject=private, ideas=[{"text": "A private plan.", "picture": ""}])
    assert Client().get(page(private.pk)).status_code == 404
    partner = Client()
    partner.force_login(world.board_member)
    response = partner.get(page(private.pk))
    assert response.status_code == 200 and "This is a preview" in response.content.decode()


def test_a_past_activity_is_not_public_any_more(world, glossary):
    past = ActivityFactory(lead_organisation=world.council, status=Status.CLOSED)
    save_easy_read(subject=past, ideas=[{"text": "Done.", "picture": ""}])
    assert Client().get(page(past.pk)).status_code == 404


# The form authors use -------------------------------------------------------------------------------


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def management(total: int) -> dict:
    return {"ideas-TOTAL_FORMS": str(total), "ideas-INITIAL_FORMS": "0"}


def test_the_form_starts_from_a_draft_of_the_summary_dates_and_how_to_take_part(world, glossary):
    activity = ActivityFactory(
        lead_organisation=world.council,
        summary="Stakeholders can tell us about the pathway.",
        how_to_take_part="Email us to book.",
        start_date=date(2031, 5, 6),
        end_date=date(2031, 5, 6),
    )
    response = signed_in(world.officer_council).get(edit(activity.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "People with an interest can tell us about the route." in html
    assert "It is on Tuesday 6 May 2031." in html
    assert "Email us to book." in html
    assert 'name="ideas-TOTAL_FORMS" value="6"' in html  # three drafted ideas and three empty rows
    assert not EasyRead.objects.exists()


def test_saving_the_form_keeps_the_ideas_and_their_pictures(world, council_activity, glossary):
    data = {
        **management(3),
        "ideas-0-text": "Tell us   what you think.",
        "ideas-0-picture": "",
        "ideas-1-text": "",
        "ideas-1-picture": "",
        "ideas-2-text": "We will write back.",
        "ideas-2-picture": "letter",
    }
    response = signed_in(world.officer_council).post(edit(council_activity.pk), data)
    assert response.status_code == 302 and response["Location"] == page(council_activity.pk)
    assert EasyRead.objects.for_object(council_activity).get().ideas == [
        {"text": "Tell us what you think.", "picture": ""},
        {"text": "We will write back.", "picture": "letter"},
    ]
    html = signed_in(world.officer_council).get(edit(council_activity.pk)).content.decode()
    assert "Tell us what you think." in html and 'value="letter" selected' in html


@pytest.mark.parametrize(
    "data, target, message",
    [
        ({**management(1), "ideas-0-text": ""}, "id_ideas-0-text", "Write at least one idea"),
        ({**management(1), "ideas-0-text": "word " * 21}, "id_ideas-0-text", "Idea 1 has 21 words"),
        (
            {**management(1), "ideas-0-text": "Hi.", "ideas-0-picture": "dragon"},
            "id_ideas-0-picture",
            "Choose a picture",
        ),
        ({**management(41), "ideas-0-text": "Hi."}, "id_ideas-0-text", "Use no more than 40 ideas"),
        ({"ideas-0-text": "Hi."}, "", "The form was not sent as expected"),
    ],
)
def test_bad_input_shows_what_to_fix_and_changes_nothing(world, council_activity, glossary, data, target, message):
    save_easy_read(subject=council_activity, ideas=[{"text": "Before.", "picture": ""}])
    response = signed_in(world.officer_council).post(edit(council_activity.pk), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Easy Read version" in html and message in html
    if target:
        assert f'href="#{target}"' in html
    assert EasyRead.objects.for_object(council_activity).get().ideas == [{"text": "Before.", "picture": ""}]


def test_starting_again_drafts_afresh_without_saving(world, council_activity, glossary):
    save_easy_read(subject=council_activity, ideas=[{"text": "Old idea.", "picture": ""}])
    response = signed_in(world.officer_council).post(edit(council_activity.pk), {**management(1), "redraft": "1"})
    html = response.content.decode()
    assert "A chance to tell us what you think." in html and "Old idea." not in html
    assert EasyRead.objects.for_object(council_activity).get().ideas[0]["text"] == "Old idea."


def test_only_people_who_may_change_the_activity_may_change_its_easy_read(world, council_activity, glossary):
    data = {**management(1), "ideas-0-text": "Hi.", "ideas-0-picture": ""}
    for user in (world.officer_healthwatch, world.board_member):
        client = signed_in(user)
        assert client.get(edit(council_activity.pk)).status_code == 403
        assert client.post(edit(council_activity.pk), data).status_code == 403
    assert signed_in(world.coordinator).get(edit(council_activity.pk)).status_code == 200
    anonymous = Client().get(edit(council_activity.pk))
    assert anonymous.status_code == 302 and "/accounts/sign-in/" in anonymous["Location"]
    assert signed_in(world.coordinator).get(edit(999999)).status_code == 404
    assert signed_in(world.coordinator).put(edit(council_activity.pk)).status_code == 405
    assert not EasyRead.objects.exists()


# Links from the activity's own pages -------------------------------------------------------------------


def test_the_tags_link_to_the_easy_read_version(world, council_activity, glossary, rf):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = world.officer_council
    template = Template("{% load activity_easy_read %}{% easy_read_link activity %}|{% easy_read_panel activity %}")
    before = template.render(Context({"activity": council_activity, "request": request}))
    assert "Read this in Easy Read" not in before and "Write an Easy Read version" in before
    save_easy_read(subject=council_activity, ideas=[{"text": "Hi.", "picture": ""}])
    after = template.render(Context({"activity": council_activity, "request": request}))
    assert "Read this in Easy Read" in after and "change it" in after
    request.user = world.board_member
    read_only = template.render(Context({"activity": council_activity, "request": request}))
    assert "See the Easy Read version" in read_only and "change it" not in read_only


def test_a_term_that_stands_for_itself_with_a_name_before_it_is_swapped_whole():
    glossary = default_glossary()
    assert swap_jargon("Call NHS 111 tonight.", glossary) == "Call the NHS phone and online advice service tonight."
    assert swap_jargon("Had they tried their own GP?", glossary) == "Had they tried your doctor (GP)?"
