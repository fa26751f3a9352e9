"""Easy Read for "You said, we did": the drafts, the page residents read, and the form partners use for a response."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engaging.loop.easy_read import draft_for_response, status_idea, we_did
from engaging.loop.models import Response
from engaging.plain.easy_read import opening_ideas
from engaging.plain.models import EasyRead
from engaging.plain.pictures import default_keywords, svg
from engaging.plain.services import save_easy_read
from engaging.plain.terms import default_glossary
from engaging.register.easy_read import about_activity
from engaging.register.models import Status
from tests.factories import ActivityFactory
from tests.loop.factories import FindingFactory, ResponseFactory


def ideas_in(html: str) -> list[str]:
    return [unescape(text) for text in re.findall(r'class="govuk-body et-easy-read__text">([^<]*)</p>', html)]


def day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def page(pk: int) -> str:
    return f"/you-said-we-did/activities/{pk}/easy-read/"


def edit(pk: int) -> str:
    return f"/words-we-use/easy-read/responses/{pk}/edit/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def management(total: int) -> dict:
    return {"ideas-TOTAL_FORMS": str(total), "ideas-INITIAL_FORMS": "0"}


@pytest.fixture
def survey(world):
    """The council's finished survey: two public findings, a private one, and responses public and private."""
    closed = date.today() - timedelta(days=100)
    activity = ActivityFactory(
        title="Young carers' wellbeing survey",
        lead_organisation=world.council,
        start_date=closed - timedelta(days=30),
        end_date=closed,
        status=Status.CLOSED,
        closed_on=closed,
    )
    late = FindingFactory(
        activity=activity,
        heard_on=closed - timedelta(days=20),
        statement="Young carers miss school. The bus is late. Nobody waits for them.",
    )
    unknown = FindingFactory(
        activity=activity,
        heard_on=closed - timedelta(days=10),
        statement="Stakeholders at school did not know who the young carers were, so nobody offered help. It hurt.",
    )
    private = FindingFactory(activity=activity, statement="One carer named a teacher, Mrs Secret.", is_public=False)
    activity.findings_by_name = {"late": late, "unknown": unknown, "private": private}
    activity.responses_by_name = {
        "bus": ResponseFactory(
            action="The council now runs an earlier school bus.",
            outcome="Young carers get to school on time.",
            organisation=world.council,
            status=Response.Status.DONE,
            findings=[late, private],
        ),
        "card": ResponseFactory(
            action="A carers' card for every school.",
            reason="Schools set their own rules. We wrote to every head teacher instead.",
            organisation=world.healthwatch,
            status=Response.Status.NOT_POSSIBLE,
            findings=[unknown],
        ),
        "hidden": ResponseFactory(
            action="A private briefing for governors.",
            organisation=world.council,
            is_public=False,
            findings=[late],
        ),
        "only_private": ResponseFactory(
            action="A word with the teacher Mrs Secret named.", organisation=world.council, findings=[private]
        ),
    }
    return activity


# The drafts ----------------------------------------------------------------------------------------


def test_what_people_said_is_drafted_from_its_first_sentence_or_two_with_jargon_swapped():
    glossary = default_glossary()
    # A short first sentence brings the second with it, and no more.
    assert opening_ideas("Young carers miss school. The bus is late. Nobody waits.", glossary=glossary) == [
        "Young carers miss school.",
        "The bus is late.",
    ]
    # A long one comes alone, in plain words.
    assert opening_ideas(
        "Stakeholders said the pathway to the clinic was hard to follow. They wanted a map.", glossary=glossary
    ) == ["People with an interest said the route to the clinic was hard to follow."]
    assert opening_ideas("", glossary=glossary) == []


def test_the_page_starts_with_facts_from_the_activity_not_a_repeat_of_its_title():
    later = date(2026, 6, 1)
    one_day = ActivityFactory.build(start_date=date(2026, 3, 4), end_date=date(2026, 3, 4), participants_actual=None)
    assert about_activity(one_day, later) == ["We asked people what they think on 4 March 2026."]
    weeks = ActivityFactory.build(start_date=date(2026, 3, 4), end_date=date(2026, 4, 1), participants_actual=1250)
    assert about_activity(weeks, later) == [
        "We asked people what they think from 4 March 2026 to 1 April 2026.",
        "1,250 people took part.",
    ]
    weeks.participants_actual = 1
    assert about_activity(weeks, later)[1] == "1 person took part."
    # The tense follows the dates: nothing claims people were asked before they were.
    assert about_activity(weeks, date(2026, 3, 10))[0] == "We are asking people what they think until 1 April 2026."
    assert about_activity(weeks, date(2026, 1, 1))[0] == (
        "We will ask people what they think from 4 March 2026 to 1 April 2026."
    )


def test_a_response_is_drafted_from_what_was_done_why_not_and_what_changed(world):
    glossary = default_glossary()
    done = ResponseFactory.build(
        action="Going forward, the clinic opens at 8am.", outcome="More people are seen.", status="done"
    )
    assert draft_for_response(done, glossary=glossary) == [
        "From now on, the clinic opens at 8am.",
        "More people are seen.",
    ]
    refused = ResponseFactory.build(action="A new bus.", reason="There is no money for it.", status="not_possible")
    assert draft_for_response(refused, glossary=glossary) == ["A new bus.", "There is no money for it."]
    # The reason is only for responses that cannot be done.
    refused.status = Response.Status.PLANNED
    assert draft_for_response(refused, glossary=glossary) == ["A new bus."]


def test_a_we_did_block_says_how_far_it_has_got_then_the_saved_ideas_or_a_draft(world):
    glossary, keywords, today = default_glossary(), default_keywords(), date(2026, 5, 1)
    response = ResponseFactory.build(action="We opened a café.", outcome="", status="in_progress")
    drafted = we_did(response, None, glossary=glossary, keywords=keywords, today=today)
    assert [idea["text"] for idea in drafted] == ["We are working on this now.", "We opened a café."]
    assert drafted[0]["svg"] == svg("wait")  # "working on" is one of the egg timer's keywords
    saved = we_did(
        response, [{"text": "A café for carers.", "picture": "food"}], glossary=glossary, keywords=keywords, today=today
    )
    assert [idea["text"] for idea in saved] == ["We are working on this now.", "A café for carers."]
    assert saved[1]["svg"] == svg("food")


def test_each_status_line_says_something_true_about_the_response_and_its_dates():
    today = date(2026, 5, 1)

    def line(**fields) -> str:
        return status_idea(ResponseFactory.build(**fields), today)

    assert line(status="planned", due_on=date(2026, 6, 1)) == "We plan to do this by 1 June 2026."
    assert line(status="planned", due_on=None) == "We plan to do this."
    assert line(status="planned", due_on=date(2026, 4, 1)) == (
        "We said we would do this by 1 April 2026. It is late: we have not finished it yet."
    )
    assert (
        line(status="considering", due_on=date(2026, 6, 1))
        == "We are thinking about this. We will decide by 1 June 2026."
    )
    assert line(status="done", completed_on=date(2026, 2, 3)) == "We did this. It was done on 3 February 2026."
    assert line(status="not_possible", reason="No money.") == "We cannot do this."
    # No line is there only to fill space: none is the same for every response of its status.
    assert line(status="done", completed_on=date(2026, 2, 3)) != line(status="done", completed_on=date(2026, 2, 4))


# The page residents read ---------------------------------------------------------------------------


def test_anyone_can_read_the_easy_read_page_with_a_picture_beside_each_idea(world, survey, glossary):
    bus = survey.responses_by_name["bus"]
    save_easy_read(subject=bus, ideas=[{"text": "There is an early bus now.", "picture": "transport"}])
    response = Client().get(page(survey.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>You said, we did: Young carers&#x27; wellbeing survey: Easy Read" in html
    assert "We asked people what they think from" in html
    # What people said: the first sentence or two, jargon swapped.
    assert "Young carers miss school." in html and "The bus is late." in html and "Nobody waits" not in html
    assert "People with an interest at school did not know" in html and "It hurt." not in html
    # What we did: saved ideas where there are some, a draft where there are none, each led by its status.
    assert "We did this." in html and "There is an early bus now." in html
    assert svg("transport") in html and "The council now runs an earlier school bus." not in html
    assert "We cannot do this." in html and "A carers&#x27; card for every school." in html
    assert "Schools set their own rules." in html
    assert ideas_in(html) == [
        f"We asked people what they think from {day(survey.start_date)} to {day(survey.end_date)}.",
        "Young carers miss school.",
        "The bus is late.",
        "People with an interest at school did not know who the young carers were.",
        "So nobody offered help.",
        "We cannot do this.",  # the newest change first, as on the standard page
        "A carers' card for every school.",
        "Schools set their own rules.",
        "We wrote to every head teacher instead.",
        "We did this.",
        "There is an early bus now.",
    ]
    assert html.count('class="et-easy-read__picture"') == 11
    assert f'id="response-{bus.pk}"' in html
    assert f'href="/you-said-we-did/activities/{survey.pk}/"' in html
    assert "plain/easy-read.css" in html
    assert "Change the Easy Read version" not in html


def test_nothing_private_ever_reaches_the_easy_read_page(world, survey, glossary):
    hidden, only_private = survey.responses_by_name["hidden"], survey.responses_by_name["only_private"]
    archived = ResponseFactory(
        action="An archived plan.", organisation=world.council, findings=[survey.findings_by_name["late"]]
    )
    archived.archived_at = timezone.now()
    archived.save()
    for response in (hidden, only_private, archived):
        save_easy_read(subject=response, ideas=[{"text": f"Saved for {response.pk}.", "picture": ""}])
    html = Client().get(page(survey.pk)).content.decode()
    for secret in ("Mrs Secret", "governors", "An archived plan", "Saved for", "Sam Officer", "Internal note"):
        assert secret not in html
    for response in (hidden, only_private, archived):
        assert f'id="response-{response.pk}"' not in html


def test_an_activity_with_nothing_published_says_so_in_easy_read(world, glossary):
    quiet = ActivityFactory(title="Quiet survey", lead_organisation=world.council, status=Status.CLOSED)
    FindingFactory(activity=quiet, statement="A private finding.", is_public=False)
    html = Client().get(page(quiet.pk)).content.decode()
    assert "We have not shared what people told us yet." in html
    assert "We have not said what we are doing about it yet." in html
    assert "A private finding." not in html


def test_private_cancelled_archived_or_unknown_activities_have_no_easy_read_page(world, glossary):
    private = ActivityFactory(lead_organisation=world.council, is_public=False)
    cancelled = ActivityFactory(lead_organisation=world.council, status=Status.CANCELLED)
    archived = ActivityFactory(lead_organisation=world.council)
    archived.archived_at = timezone.now()
    archived.save()
    for activity in (private, cancelled, archived):
        FindingFactory(activity=activity)
        assert Client().get(page(activity.pk)).status_code == 404
        assert signed_in(world.coordinator).get(page(activity.pk)).status_code == 404
    assert Client().get(page(999999)).status_code == 404
    assert Client().post(page(private.pk)).status_code == 405


def test_partners_who_may_change_a_response_see_a_link_to_change_its_easy_read(world, survey, glossary):
    bus, card = survey.responses_by_name["bus"], survey.responses_by_name["card"]
    html = signed_in(world.officer_council).get(page(survey.pk)).content.decode()
    assert f'href="{edit(bus.pk)}"' in html and f'href="{edit(card.pk)}"' not in html
    coordinator = signed_in(world.coordinator).get(page(survey.pk)).content.decode()
    assert f'href="{edit(bus.pk)}"' in coordinator and f'href="{edit(card.pk)}"' in coordinator


def test_the_standard_pages_link_to_the_easy_read_page(world, survey, glossary):
    activity_page = Client().get(f"/you-said-we-did/activities/{survey.pk}/").content.decode()
    assert f'<link rel="alternate" type="text/html" href="{page(survey.pk)}"' in activity_page
    assert f'<a class="govuk-link" href="{page(survey.pk)}">Easy Read version</a>' in activity_page
    index = Client().get("/you-said-we-did/").content.decode()
    assert index.count(f'href="{page(survey.pk)}"') == 2  # one for each public response about the survey


@pytest.mark.parametrize("user", [None, "officer_council"])
def test_the_easy_read_page_takes_the_same_number_of_queries_however_many_responses(world, glossary, user):
    def queries_with(count: int) -> int:
        activity = ActivityFactory(lead_organisation=world.council, status=Status.CLOSED)
        findings = [FindingFactory(activity=activity) for _ in range(count)]
        for n, finding in enumerate(findings):
            response = ResponseFactory(organisation=world.council, findings=[finding], outcome="It went well.")
            if n % 2:
                save_easy_read(subject=response, ideas=[{"text": "We did it.", "picture": "done"}])
        client = signed_in(getattr(world, user)) if user else Client()
        client.get(page(activity.pk))  # the first request warms caches that last for the whole process
        with CaptureQueriesContext(connection) as queries:
            html = client.get(page(activity.pk)).content.decode()
        assert html.count("We plan to do this.") == count
        return len(queries)

    assert queries_with(2) == queries_with(20)


# The form partners use -----------------------------------------------------------------------------


def test_the_form_starts_from_a_draft_of_the_response(world, survey, glossary):
    bus = survey.responses_by_name["bus"]
    response = signed_in(world.officer_council).get(edit(bus.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The council now runs an earlier school bus." in html and "Young carers get to school on time." in html
    assert 'name="ideas-TOTAL_FORMS" value="5"' in html  # two drafted ideas and three empty rows
    assert "Start again from the response" in html
    assert not EasyRead.objects.exists()


def test_saving_keeps_the_ideas_and_shows_them_on_the_easy_read_page(world, survey, glossary):
    bus = survey.responses_by_name["bus"]
    data = {
        **management(3),
        "ideas-0-text": "There is an   early bus.",
        "ideas-0-picture": "transport",
        "ideas-1-text": "",
        "ideas-2-text": "You get to school on time.",
        "ideas-2-picture": "",
    }
    response = signed_in(world.officer_council).post(edit(bus.pk), data)
    assert response.status_code == 302
    assert response["Location"] == f"{page(survey.pk)}#response-{bus.pk}"
    assert EasyRead.objects.for_object(bus).get().ideas == [
        {"text": "There is an early bus.", "picture": "transport"},
        {"text": "You get to school on time.", "picture": ""},
    ]
    html = Client().get(page(survey.pk)).content.decode()
    assert "There is an early bus." in html and "You get to school on time." in html


def test_saving_a_response_residents_cannot_see_goes_back_to_its_partner_page(world, survey, glossary):
    hidden = survey.responses_by_name["hidden"]
    data = {**management(1), "ideas-0-text": "A briefing.", "ideas-0-picture": ""}
    response = signed_in(world.officer_council).post(edit(hidden.pk), data)
    assert response.status_code == 302 and response["Location"] == f"/feedback-loop/responses/{hidden.pk}/"
    assert EasyRead.objects.for_object(hidden).get().ideas == [{"text": "A briefing.", "picture": ""}]


@pytest.mark.parametrize(
    "data, target, message",
    [
        ({**management(2), "ideas-0-text": "", "ideas-1-text": "  "}, "id_ideas-0-text", "Write at least one idea"),
        ({**management(1), "ideas-0-text": "word " * 21}, "id_ideas-0-text", "Idea 1 has 21 words"),
        ({**management(1), "ideas-0-text": "x" * 251}, "id_ideas-0-text", "Use 250 characters or fewer"),
        (
            {**management(1), "ideas-0-text": "Hi.", "ideas-0-picture": "dragon"},
            "id_ideas-0-picture",
            "Choose a picture from the list",
        ),
        ({"ideas-0-text": "Hi."}, "", "The form was not sent as expected"),
    ],
)
def test_bad_input_shows_what_to_fix_and_changes_nothing(world, survey, glossary, data, target, message):
    bus = survey.responses_by_name["bus"]
    save_easy_read(subject=bus, ideas=[{"text": "Before.", "picture": ""}])
    response = signed_in(world.officer_council).post(edit(bus.pk), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Easy Read version" in html and message in html
    if target:
        assert f'href="#{target}"' in html
    assert EasyRead.objects.for_object(bus).get().ideas == [{"text": "Before.", "picture": ""}]
    assert EasyRead.objects.count() == 1


def test_starting_again_drafts_afresh_without_saving(world, survey, glossary):
    bus = survey.responses_by_name["bus"]
    save_easy_read(subject=bus, ideas=[{"text": "Old idea.", "picture": ""}])
    html = signed_in(world.officer_council).post(edit(bus.pk), {**management(1), "redraft": "1"}).content.decode()
    assert "The council now runs an earlier school bus." in html and "Old idea." not in html
    assert EasyRead.objects.for_object(bus).get().ideas == [{"text": "Old idea.", "picture": ""}]


def test_only_people_who_may_change_the_response_may_change_its_easy_read(world, survey, glossary):
    bus = survey.responses_by_name["bus"]  # the council is responsible
    data = {**management(1), "ideas-0-text": "Hi.", "ideas-0-picture": ""}
    for user in (world.officer_healthwatch, world.board_member):
        client = signed_in(user)
        assert client.get(edit(bus.pk)).status_code == 403
        assert client.post(edit(bus.pk), data).status_code == 403
    anonymous = Client().post(edit(bus.pk), data)
    assert anonymous.status_code == 302 and "/accounts/sign-in/" in anonymous["Location"]
    assert Client().get(edit(bus.pk)).status_code == 302
    assert signed_in(world.coordinator).get(edit(bus.pk)).status_code == 200
    assert signed_in(world.coordinator).get(edit(999999)).status_code == 404
    assert signed_in(world.coordinator).put(edit(bus.pk)).status_code == 405
    bus.archived_at = timezone.now()
    bus.save()
    assert signed_in(world.coordinator).get(edit(bus.pk)).status_code == 404
    assert not EasyRead.objects.exists()


def test_the_response_page_shows_its_easy_read_and_where_residents_read_it(world, survey, glossary):
    bus, hidden = survey.responses_by_name["bus"], survey.responses_by_name["hidden"]
    html = signed_in(world.officer_council).get(f"/feedback-loop/responses/{bus.pk}/").content.decode()
    assert "There is no Easy Read version yet." in html and f'href="{edit(bus.pk)}"' in html
    assert f'href="{page(survey.pk)}#response-{bus.pk}"' in html
    save_easy_read(subject=bus, ideas=[{"text": "Hi.", "picture": ""}])
    read_only = signed_in(world.board_member).get(f"/feedback-loop/responses/{bus.pk}/").content.decode()
    assert "This response has an Easy Read version" in read_only and f'href="{edit(bus.pk)}"' not in read_only
    private = signed_in(world.officer_council).get(f"/feedback-loop/responses/{hidden.pk}/").content.decode()
    assert "Residents cannot see it yet" in private and page(survey.pk) not in private
