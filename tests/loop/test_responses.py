"""Recording, changing and archiving responses: what works, and what is refused without changing anything."""

import re
from datetime import date, timedelta

import pytest

from engaging.loop.models import Response
from tests.factories import MembershipFactory
from tests.loop.factories import FindingFactory, ResponseFactory


def response_data(world, finished, **changes):
    data = {
        "findings": [finished.public_findings[0].pk],
        "other_findings": "",
        "action": "The council will fund an earlier school bus on the 246 route.",
        "organisation": world.council.pk,
        "status": "planned",
        "reason": "",
        "decision_reference": "Cabinet, 12 March, item 7",
        "decided_on": (date.today() - timedelta(days=10)).isoformat(),
        "due_on": (date.today() + timedelta(days=60)).isoformat(),
        "completed_on": "",
        "outcome": "",
        "is_public": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def create_url(activity) -> str:
    return f"/feedback-loop/activities/{activity.pk}/responses/new/"


def test_an_officer_records_a_response_from_the_activity(client, world, finished):
    client.force_login(world.officer_council)
    page = client.get(create_url(finished)).content.decode()
    for finding in [*finished.public_findings, finished.private_finding]:
        assert f'value="{finding.pk}"' in page  # every finding of the activity is offered
    response = client.post(create_url(finished), response_data(world, finished))
    saved = Response.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/feedback-loop/responses/{saved.pk}/"
    assert list(saved.findings.all()) == [finished.public_findings[0]]
    assert saved.organisation == world.council
    assert saved.created_by == world.officer_council
    assert saved.history.first().history_user == world.officer_council


def test_a_finding_can_be_ticked_in_advance_by_a_link(client, world, finished):
    client.force_login(world.officer_council)
    wanted = finished.public_findings[1]
    page = client.get(create_url(finished), {"finding": [wanted.pk, "x", "99999"]}).content.decode()
    assert f'value="{wanted.pk}" checked' in page
    assert len(re.findall(r'name="findings" type="checkbox" value="\d+" checked', page)) == 1


def test_a_response_may_answer_findings_of_other_activities_by_number(client, world, finished, other_finding):
    client.force_login(world.officer_council)
    client.post(
        create_url(finished), response_data(world, finished, other_findings=f"{other_finding.pk}, #{other_finding.pk}")
    )
    saved = Response.objects.get()
    assert set(saved.findings.all()) == {finished.public_findings[0], other_finding}


def test_a_response_may_answer_only_findings_of_other_activities(client, world, finished, other_finding):
    client.force_login(world.officer_council)
    client.post(create_url(finished), response_data(world, finished, findings=[], other_findings=str(other_finding.pk)))
    assert list(Response.objects.get().findings.all()) == [other_finding]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"findings": []}, "findings_0", "Choose at least one finding this responds to"),
        ({"findings": ["999999"]}, "findings_0", "Choose findings from the list"),
        ({"other_findings": "999999"}, "other_findings", "There is no finding numbered 999999"),
        ({"other_findings": "12, twelve"}, "other_findings", "Enter finding numbers separated by commas"),
        ({"other_findings": "99999999999999999999999"}, "other_findings", "There is no finding numbered"),
        ({"action": ""}, "action", "Enter what was decided or done"),
        ({"organisation": ""}, "organisation", "Choose the responsible organisation"),
        ({"status": ""}, "status_0", "Choose a status"),
        ({"status": "shelved"}, "status_0", "Select a valid choice"),
        ({"status": "not_possible", "reason": "  "}, "reason", "Explain why it is not possible"),
        (
            {"completed_on": date.today().isoformat()},
            "completed_on",
            "Only give a completion date when the status is done",
        ),
        (
            {"status": "done", "completed_on": (date.today() + timedelta(days=1)).isoformat()},
            "completed_on",
            "The completion date cannot be in the future",
        ),
        (
            {"status": "done", "completed_on": (date.today() - timedelta(days=30)).isoformat()},
            "completed_on",
            "The completion date cannot be before the decision date",
        ),
        ({"decided_on": (date.today() + timedelta(days=1)).isoformat()}, "decided_on", "cannot be in the future"),
        ({"due_on": (date.today() - timedelta(days=30)).isoformat()}, "due_on", "cannot be before the decision date"),
        ({"decided_on": "2025-02-30"}, "decided_on", "Enter the decision date as a real date"),
        ({"decided_on": "1850-01-01"}, "decided_on", "Enter a decision date between 1900 and 2199"),
        ({"action": "x" * 4001}, "action", "at most 4000 characters"),
    ],
)
def test_bad_input_shows_an_error_and_saves_nothing(client, world, finished, changes, field, message):
    client.force_login(world.officer_council)
    response = client.post(create_url(finished), response_data(world, finished, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "<title>Error: " in page
    assert message in page
    assert f'href="#id_{field}"' in page
    assert Response.everything.count() == 0


def test_archived_findings_cannot_be_answered(client, world, finished):
    archived = FindingFactory(activity=finished)
    archived.archive()
    client.force_login(world.officer_council)
    page = client.get(create_url(finished)).content.decode()
    assert f'value="{archived.pk}"' not in page
    response = client.post(create_url(finished), response_data(world, finished, other_findings=str(archived.pk)))
    assert f"There is no finding numbered {archived.pk}" in response.content.decode()
    assert Response.everything.count() == 0


def test_an_activity_with_no_findings_asks_for_finding_numbers(client, world, other_finding):
    from tests.factories import ActivityFactory

    empty = ActivityFactory(lead_organisation=world.council)
    client.force_login(world.officer_council)
    page = client.get(create_url(empty)).content.decode()
    assert "No findings have been recorded for this activity yet" in page
    response = client.post(
        create_url(empty), {"action": "Something", "organisation": world.council.pk, "status": "planned"}
    )
    assert 'href="#id_other_findings"' in response.content.decode()
    client.post(
        create_url(empty),
        {
            "action": "Something",
            "organisation": world.council.pk,
            "status": "planned",
            "other_findings": str(other_finding.pk),
        },
    )
    assert Response.objects.get().findings.get() == other_finding


def test_an_officer_can_only_make_their_own_organisation_responsible(client, world, finished):
    client.force_login(world.officer_healthwatch)
    page = client.get(create_url(finished)).content.decode()
    assert "Dudley Council</option>" not in page
    response = client.post(create_url(finished), response_data(world, finished, organisation=world.council.pk))
    assert ": choose from the list" in response.content.decode()
    assert Response.everything.count() == 0
    # Their own organisation, about the council's activity: fine.
    client.post(create_url(finished), response_data(world, finished, organisation=world.healthwatch.pk))
    assert Response.objects.get().organisation == world.healthwatch


def test_a_coordinator_may_make_any_organisation_responsible(client, world, finished):
    client.force_login(world.coordinator)
    client.post(create_url(finished), response_data(world, finished, organisation=world.healthwatch.pk))
    assert Response.objects.get().organisation == world.healthwatch


def test_who_may_open_the_form(client, world, finished):
    url = create_url(finished)
    assert client.get(url)["Location"].startswith("/accounts/sign-in/")
    outsider = MembershipFactory(user__username="no-role").user
    outsider.memberships.all().delete()
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(world.board_member)
    assert client.get(url).status_code == 403
    assert client.post(url, response_data(world, finished)).status_code == 403
    assert Response.everything.count() == 0
    client.force_login(world.officer_healthwatch)
    assert client.get(url).status_code == 200
    assert client.get("/feedback-loop/activities/999999/responses/new/").status_code == 404
    assert client.put(url).status_code == 405


@pytest.fixture
def council_response(world, finished):
    return ResponseFactory(
        organisation=world.council, findings=[finished.public_findings[0]], created_by=world.officer_council
    )


def test_the_response_page_shows_everything_to_partners_with_its_history(client, world, council_response):
    council_response.status = "in_progress"
    council_response.save()
    client.force_login(world.board_member)
    page = client.get(f"/feedback-loop/responses/{council_response.pk}/").content.decode()
    assert council_response.action in page
    assert "Young carers said they miss school" in page
    assert "History of changes" in page and "Planned" in page and "In progress" in page
    assert "/edit/" not in page  # a board member reads only


def test_the_response_page_refuses_anonymous_outsiders_and_bad_ids(client, world, council_response):
    url = f"/feedback-loop/responses/{council_response.pk}/"
    assert client.get(url)["Location"].startswith("/accounts/sign-in/")
    client.force_login(world.officer_healthwatch)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
    assert client.get("/feedback-loop/responses/999999/").status_code == 404


def test_the_responsible_officer_changes_a_response(client, world, finished, council_response):
    client.force_login(world.officer_council)
    url = f"/feedback-loop/responses/{council_response.pk}/edit/"
    page = client.get(url).content.decode()
    assert f'value="{finished.public_findings[0].pk}" checked' in page
    data = response_data(
        world, finished, status="done", completed_on=date.today().isoformat(), outcome="The bus now runs at 7.40am."
    )
    assert client.post(url, data).status_code == 302
    council_response.refresh_from_db()
    assert council_response.status == "done" and council_response.outcome == "The bus now runs at 7.40am."


def test_a_change_that_breaks_a_rule_changes_nothing(client, world, finished, council_response):
    client.force_login(world.officer_council)
    before = Response.objects.get(pk=council_response.pk)
    response = client.post(
        f"/feedback-loop/responses/{council_response.pk}/edit/",
        response_data(world, finished, status="not_possible", reason="", action="Changed"),
    )
    assert "Explain why it is not possible" in response.content.decode()
    after = Response.objects.get(pk=council_response.pk)
    assert (after.action, after.status, after.updated_at) == (before.action, before.status, before.updated_at)


@pytest.mark.parametrize("persona, status", [("officer_healthwatch", 403), ("board_member", 403), ("coordinator", 200)])
def test_only_the_responsible_organisation_or_a_coordinator_may_change_it(
    client, world, finished, council_response, persona, status
):
    client.force_login(getattr(world, persona))
    for action in ("edit", "archive"):
        assert client.get(f"/feedback-loop/responses/{council_response.pk}/{action}/").status_code == status
    response = client.post(
        f"/feedback-loop/responses/{council_response.pk}/edit/", response_data(world, finished, action="Changed")
    )
    assert response.status_code == (302 if status == 200 else 403)
    assert (Response.objects.get(pk=council_response.pk).action == "Changed") is (status == 200)
    assert client.get("/feedback-loop/responses/999999/edit/").status_code == 404


def test_archiving_and_restoring_a_response(client, world, finished, council_response):
    client.force_login(world.officer_council)
    assert client.post(f"/feedback-loop/responses/{council_response.pk}/archive/").status_code == 302
    assert not Response.objects.filter(pk=council_response.pk).exists()
    assert client.get(f"/feedback-loop/responses/{council_response.pk}/").status_code == 404
    assert council_response.action not in client.get(f"/register/{finished.pk}/").content.decode()
    assert client.post(f"/feedback-loop/responses/{council_response.pk}/restore/").status_code == 403
    client.force_login(world.coordinator)
    page = client.get(f"/feedback-loop/responses/{council_response.pk}/").content.decode()
    assert "Archived" in page and "Restore this response" in page
    assert client.get(f"/feedback-loop/responses/{council_response.pk}/restore/").status_code == 405
    assert client.post(f"/feedback-loop/responses/{council_response.pk}/restore/").status_code == 302
    assert Response.objects.filter(pk=council_response.pk).exists()


def test_the_activity_page_shows_responses_and_the_links_each_person_may_use(client, world, finished, council_response):
    client.force_login(world.officer_council)
    page = client.get(f"/register/{finished.pk}/").content.decode()
    assert council_response.action in page
    assert f"/feedback-loop/activities/{finished.pk}/responses/new/" in page
    assert f"/feedback-loop/activities/{finished.pk}/told/new/" in page
    assert "16 days overdue" in page  # closed 100 days ago, with 84 days to tell people
    client.force_login(world.officer_healthwatch)
    page = client.get(f"/register/{finished.pk}/").content.decode()
    assert f"/feedback-loop/activities/{finished.pk}/responses/new/" in page
    assert f"/feedback-loop/activities/{finished.pk}/told/new/" not in page
    client.force_login(world.board_member)
    page = client.get(f"/register/{finished.pk}/").content.decode()
    assert council_response.action in page
    assert "/responses/new/" not in page and "/told/new/" not in page
