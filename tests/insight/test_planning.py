"""Before you start: the activity form shows what people have already said, and findings can be marked used."""

from datetime import date, timedelta

import pytest

from engaging.insight.models import FindingUse
from tests.insight.factories import FindingFactory


@pytest.fixture
def heard(world, finished_activity, themes):
    """Findings of a finished council activity that a new plan about GP appointments should find."""
    return {
        "gp": FindingFactory(
            activity=finished_activity,
            statement="Older people said getting a GP appointment by phone is very hard.",
            groups=[world.older_people],
            themes=[themes["access"]],
        ),
        "stale": FindingFactory(
            activity=finished_activity,
            statement="GP appointment letters arrived too late.",
            heard_on=date.today() - timedelta(days=1000),
        ),
        "other": FindingFactory(activity=finished_activity, statement="Library opening hours are too short."),
    }


def test_the_new_activity_form_shows_the_panel_on_page_load(client, world):
    client.force_login(world.officer_council)
    page = client.get("/register/new/").content.decode()
    assert "Before you start: what people have already said" in page
    assert 'hx-post="/insight/before-you-start/"' in page
    assert "Enter a title, a purpose, target groups or priorities" in page


def test_the_panel_reads_an_unsaved_form(client, world, heard):
    client.force_login(world.officer_council)
    response = client.post("/insight/before-you-start/", {"title": "GP appointments survey", "purpose": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "getting a GP appointment by phone" in page and "appointment letters" in page
    assert "Library opening hours" not in page
    assert "Stale: past its review date" in page
    # The current finding comes before the stale one.
    assert page.index("by phone") < page.index("appointment letters")
    assert "Mark as used" not in page  # nothing to mark it used for until the activity is saved


def test_beside_the_form_the_best_three_show_and_the_rest_fold_away(client, world, finished_activity):
    for n in range(5):
        FindingFactory(activity=finished_activity, statement=f"Older people told us thing {n}.",
                       groups=[world.older_people], people_count=50 - n)  # fmt: skip
    client.force_login(world.officer_healthwatch)
    page = client.post("/insight/before-you-start/", {"groups": [str(world.older_people.pk)]}).content.decode()
    shown, folded = page.split('<details class="govuk-details')
    assert shown.count("<li") == 3 and folded.count("<li") == 2
    assert "Show 2 more" in folded


def test_the_panel_matches_on_groups_too(client, world, heard):
    client.force_login(world.officer_healthwatch)
    response = client.post("/insight/before-you-start/", {"title": "", "groups": [str(world.older_people.pk)]})
    assert "by phone" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "\x00", "groups": ["x", "-1", "99999999999999999999999"], "priorities": ["1e3"]},
        {"title": "a" * 100_000},
        {"purpose": '"NEAR( OR AND *'},
        {"activity_id": "abc"},
        {"activity_id": "999999999999999999999"},
    ],
)
def test_the_panel_copes_with_any_form(client, world, heard, data):
    client.force_login(world.board_member)
    assert client.post("/insight/before-you-start/", data).status_code == 200


def test_the_no_js_overlap_check_shows_the_panel_too(client, world, heard):
    from tests.register.test_pages import form_data

    client.force_login(world.officer_healthwatch)
    data = form_data(world, title="Getting a GP appointment", check="1")
    page = client.post("/register/new/", data).content.decode()
    assert "by phone" in page


def test_the_edit_form_can_mark_findings_used(client, world, council_activity, heard):
    council_activity.title = "GP appointments: what would help"
    council_activity.save()
    client.force_login(world.officer_council)
    page = client.get(f"/register/{council_activity.pk}/edit/").content.decode()
    assert "Mark as used" in page
    assert f'formaction="/insight/activities/{council_activity.pk}/used/?form=1&amp;next=' in page


def test_marking_used_without_javascript_returns_to_where_it_came_from(client, world, council_activity, heard):
    client.force_login(world.officer_council)
    edit = f"/register/{council_activity.pk}/edit/"
    response = client.post(
        f"/insight/activities/{council_activity.pk}/used/?form=1&next={edit}",
        {"finding": heard["gp"].pk, "title": "ignored: the rest of the activity form comes along"},
    )
    assert response.status_code == 302 and response["Location"] == edit
    use = FindingUse.objects.get()
    assert (use.finding, use.activity, use.used_by) == (heard["gp"], council_activity, world.officer_council)
    # Marking it again changes nothing; unmarking removes it.
    client.post(f"/insight/activities/{council_activity.pk}/used/", {"finding": heard["gp"].pk})
    assert FindingUse.objects.count() == 1
    client.post(f"/insight/activities/{council_activity.pk}/used/", {"unuse": heard["gp"].pk})
    assert FindingUse.objects.count() == 0


def test_marking_used_with_htmx_returns_the_button(client, world, council_activity, heard):
    client.force_login(world.officer_council)
    response = client.post(
        f"/insight/activities/{council_activity.pk}/used/", {"finding": heard["gp"].pk}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and f'id="use-{heard["gp"].pk}"' in page
    assert "Used in planning" in page and "Unmark as used" in page and 'role="status"' in page


@pytest.mark.parametrize("target", ["https://example.com/", "//example.com/x", "javascript:alert(1)"])
def test_marking_used_never_sends_people_elsewhere(client, world, council_activity, heard, target):
    client.force_login(world.officer_council)
    url = f"/insight/activities/{council_activity.pk}/used/?next={target}"
    response = client.post(url, {"finding": heard["gp"].pk})
    assert response["Location"] == council_activity.get_absolute_url()


def test_a_finding_cannot_be_marked_used_by_its_own_activity(client, world, finished_activity, heard):
    client.force_login(world.officer_council)
    response = client.post(f"/insight/activities/{finished_activity.pk}/used/", {"finding": heard["gp"].pk})
    assert response.status_code == 302
    assert not FindingUse.objects.exists()


@pytest.mark.parametrize("finding", ["", "abc", "999999", "-1"])
def test_marking_used_needs_a_real_finding(client, world, council_activity, finding):
    client.force_login(world.officer_council)
    response = client.post(f"/insight/activities/{council_activity.pk}/used/", {"finding": finding})
    assert response.status_code == 404
    assert not FindingUse.objects.exists()


@pytest.mark.parametrize("persona", ["officer_healthwatch", "board_member"])
def test_only_those_who_may_edit_the_activity_mark_findings_used(client, world, council_activity, heard, persona):
    client.force_login(getattr(world, persona))
    response = client.post(f"/insight/activities/{council_activity.pk}/used/", {"finding": heard["gp"].pk})
    assert response.status_code == 403
    assert not FindingUse.objects.exists()
    assert client.post("/insight/activities/999999/used/", {"finding": heard["gp"].pk}).status_code == 404


def test_the_activity_page_suggests_findings_while_it_is_planned(client, world, council_activity, heard):
    council_activity.title = "GP appointments: what would help"
    council_activity.save()
    client.force_login(world.officer_council)
    page = client.get(council_activity.get_absolute_url()).content.decode()
    assert "Before you start" in page and "by phone" in page and "Mark as used" in page
    client.post(f"/insight/activities/{council_activity.pk}/used/", {"finding": heard["gp"].pk})
    page = client.get(council_activity.get_absolute_url()).content.decode()
    assert "Findings used in planning this activity" in page
    council_activity.status = "closed"
    council_activity.save()
    assert "Mark as used" not in client.get(council_activity.get_absolute_url()).content.decode()


def test_reuse_shows_on_the_finding_page(client, world, council_activity, healthwatch_activity, heard):
    client.force_login(world.coordinator)
    for activity in (council_activity, healthwatch_activity):
        client.post(f"/insight/activities/{activity.pk}/used/", {"finding": heard["gp"].pk})
    page = client.get(heard["gp"].get_absolute_url()).content.decode()
    assert "Used in planning 2 activities" in page
    assert council_activity.title.replace("'", "&#x27;") in page and healthwatch_activity.title in page


def test_the_activity_page_suggests_again_once_a_finding_changes(client, world, council_activity, heard):
    council_activity.title = "GP appointments: what would help"
    council_activity.save()
    client.force_login(world.officer_council)
    url = council_activity.get_absolute_url()
    assert "by phone" in client.get(url).content.decode()
    heard["gp"].archive()
    assert "by phone" not in client.get(url).content.decode()
    FindingFactory(activity=heard["other"].activity, statement="Carers said GP appointments clash with school runs.")
    assert "school runs" in client.get(url).content.decode()
    heard["other"].statement = "GP appointments at the weekend would help."
    heard["other"].save()
    assert "at the weekend" in client.get(url).content.decode()
