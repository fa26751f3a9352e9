"""The library's pages do what an officer expects, refuse bad input without changing anything, and keep
their number of queries whatever the number of findings."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.insight.models import Finding, FindingUse
from tests.factories import ActivityFactory
from tests.insight.factories import FindingFactory


def finding_data(world, themes, /, **changes):
    data = {
        "statement": "Carers said evening appointments would help them most.",
        "kind": "summary",
        "themes": [themes["access"].pk],
        "groups": [world.carers.pk],
        "areas": [world.locality.pk],
        "priorities": [world.priority.pk],
        "people_count": "14",
        "representativeness": "many",
        "heard_on": (date.today() - timedelta(days=3)).isoformat(),
        "review_by": "",
        "is_public": "on",
        "superseded_by": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def snapshot(finding) -> dict:
    finding = Finding.everything.get(pk=finding.pk)
    return {
        "fields": {f.attname: getattr(finding, f.attname) for f in Finding._meta.concrete_fields},
        "themes": sorted(finding.themes.values_list("pk", flat=True)),
        "history": finding.history.count(),
    }


# ---- The activity page and recording findings --------------------------------------------------------


def test_the_activity_page_lists_its_findings_with_an_add_link_for_those_allowed(client, world, council_finding):
    activity = council_finding.activity
    client.force_login(world.officer_council)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "What people said" in page
    assert "Young carers said they need someone to talk to" in page
    assert "Add a finding" in page and f"/insight/activities/{activity.pk}/findings/new/" in page
    for reader in (world.board_member, world.officer_healthwatch):
        client.force_login(reader)
        page = client.get(activity.get_absolute_url()).content.decode()
        assert "Young carers said they need someone to talk to" in page
        assert "Add a finding" not in page


def test_an_officer_records_a_finding(client, world, council_activity, themes):
    client.force_login(world.officer_council)
    response = client.post(f"/insight/activities/{council_activity.pk}/findings/new/", finding_data(world, themes))
    finding = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == council_activity.get_absolute_url()
    assert finding.activity == council_activity
    assert finding.created_by == world.officer_council
    assert finding.review_by == finding.heard_on.replace(year=finding.heard_on.year + 2)
    assert list(finding.themes.all()) == [themes["access"]]
    assert finding.people_count == 14
    assert finding.history.last().history_user == world.officer_council


def test_save_and_record_another_comes_back_to_the_form(client, world, council_activity, themes):
    client.force_login(world.coordinator)
    url = f"/insight/activities/{council_activity.pk}/findings/new/"
    response = client.post(url, finding_data(world, themes, another="1"))
    assert response.status_code == 302 and response["Location"] == url


def test_the_form_starts_with_the_activitys_groups_areas_and_priorities(client, world, council_activity):
    client.force_login(world.officer_council)
    form = client.get(f"/insight/activities/{council_activity.pk}/findings/new/").context["form"]
    assert set(form.initial["groups"]) == {world.young_people.pk, world.carers.pk}
    assert form.initial["areas"] == [world.locality.pk]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"statement": ""}, "statement", "Enter what people said"),
        ({"statement": "   \x01 "}, "statement", "Enter what people said"),
        ({"statement": "x" * 4001}, "statement", "4,000 characters or fewer"),
        ({"kind": ""}, "kind", "Choose whether this is in people"),
        ({"heard_on": ""}, "heard_on", "Enter the date it was heard"),
        ({"heard_on": "2025-02-30"}, "heard_on", "as a real date"),
        ({"heard_on": "1850-01-01"}, "heard_on", "between 1900 and 2199"),
        ({"heard_on": (date.today() + timedelta(days=1)).isoformat()}, "heard_on", "cannot be in the future"),
        ({"review_by": "2001-01-01"}, "review_by", "on or after the date it was heard"),
        ({"review_by": "2400-01-01"}, "review_by", "between 1900 and 2199"),
        ({"people_count": "-4"}, "people_count", "cannot be negative"),
        ({"people_count": "lots"}, "people_count", "whole number"),
        ({"people_count": "99999999999"}, "people_count", "no bigger than"),
        ({"superseded_by": "999999"}, "superseded_by", "There is no finding with that number"),
        ({"superseded_by": "abc"}, "superseded_by", "Enter the number of the finding"),
        ({"themes": ["999999"]}, "themes", "Choose themes from the list"),
        ({"areas": ["x"]}, "areas", "Choose areas from the list"),
        ({"representativeness": "everyone"}, "representativeness", "Choose how representative it is"),
    ],
)
def test_bad_input_shows_an_error_and_saves_nothing(client, world, council_activity, themes, changes, field, message):
    client.force_login(world.officer_council)
    response = client.post(
        f"/insight/activities/{council_activity.pk}/findings/new/", finding_data(world, themes, **changes)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "<title>Error: " in page
    assert message in page
    assert f'href="#id_{field}' in page
    assert Finding.everything.count() == 0


def test_editing_a_finding(client, world, council_finding, themes):
    client.force_login(world.officer_council)
    data = finding_data(world, themes, statement="Changed words.", themes=[themes["transport"].pk])
    response = client.post(f"/insight/findings/{council_finding.pk}/edit/", data)
    assert response.status_code == 302 and response["Location"] == council_finding.get_absolute_url()
    council_finding.refresh_from_db()
    assert council_finding.statement == "Changed words."
    assert list(council_finding.themes.all()) == [themes["transport"]]


def test_an_edit_that_would_make_a_loop_is_refused(client, world, council_finding, themes):
    newer = FindingFactory(activity=council_finding.activity, superseded_by=council_finding)
    before = snapshot(council_finding)
    client.force_login(world.officer_council)
    response = client.post(
        f"/insight/findings/{council_finding.pk}/edit/", finding_data(world, themes, superseded_by=str(newer.pk))
    )
    assert response.status_code == 200 and "That would make a loop" in response.content.decode()
    assert snapshot(council_finding) == before
    response = client.post(
        f"/insight/findings/{council_finding.pk}/edit/",
        finding_data(world, themes, superseded_by=str(council_finding.pk)),
    )
    assert "cannot be superseded by itself" in response.content.decode()
    assert snapshot(council_finding) == before


def test_archiving_and_restoring(client, world, council_finding):
    client.force_login(world.officer_council)
    url = f"/insight/findings/{council_finding.pk}/archive/"
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert not Finding.objects.filter(pk=council_finding.pk).exists()
    assert client.get(council_finding.get_absolute_url()).status_code == 404
    assert client.post(f"/insight/findings/{council_finding.pk}/restore/").status_code == 403
    client.force_login(world.coordinator)
    assert client.get(council_finding.get_absolute_url()).status_code == 200
    assert client.post(f"/insight/findings/{council_finding.pk}/restore/").status_code == 302
    assert Finding.objects.filter(pk=council_finding.pk).exists()


# ---- Who may do what ----------------------------------------------------------------------------------

PAGES = [
    ("get", "/insight/"),
    ("get", "/insight/findings/{finding}/"),
    ("get", "/insight/findings/{finding}/history/"),
    ("get", "/insight/findings/{finding}/edit/"),
    ("get", "/insight/findings/{finding}/archive/"),
    ("get", "/insight/activities/{activity}/findings/new/"),
    ("get", "/insight/activities/{activity}/findings/import/"),
    ("get", "/insight/activities/{activity}/findings/import/template.csv"),
    ("get", "/insight/themes/"),
    ("get", "/insight/themes/new/"),
    ("get", "/insight/themes/{theme}/"),
    ("get", "/insight/themes/{theme}/merge/"),
    ("post", "/insight/before-you-start/"),
    ("post", "/insight/activities/{activity}/used/"),
]


def _url(path, finding):
    theme = finding.themes.first()
    return path.format(finding=finding.pk, activity=finding.activity_id, theme=theme.pk)


@pytest.mark.parametrize("method, path", PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, council_finding, method, path):
    response = getattr(client, method)(_url(path, council_finding))
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


@pytest.mark.parametrize("method, path", PAGES)
def test_someone_with_no_role_is_refused(client, council_finding, method, path):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="no-role"))
    assert getattr(client, method)(_url(path, council_finding)).status_code == 403


READ_ONLY = {
    "/insight/",
    "/insight/findings/{finding}/",
    "/insight/findings/{finding}/history/",
    "/insight/before-you-start/",
}


@pytest.mark.parametrize("persona", ["officer_healthwatch", "board_member"])
@pytest.mark.parametrize("method, path", PAGES)
def test_outsiders_read_but_change_nothing(client, world, council_finding, persona, method, path):
    client.force_login(getattr(world, persona))
    response = getattr(client, method)(_url(path, council_finding), {"finding": council_finding.pk})
    assert response.status_code == (200 if path in READ_ONLY else 403)


@pytest.mark.parametrize(
    "path",
    [
        "/insight/findings/999999/",
        "/insight/findings/999999/history/",
        "/insight/findings/999999/edit/",
        "/insight/findings/999999/archive/",
        "/insight/activities/999999/findings/new/",
        "/insight/activities/999999/findings/import/",
        "/insight/themes/999999/",
        "/insight/themes/999999/merge/",
    ],
)
def test_a_bad_id_is_not_found(client, world, path):
    client.force_login(world.coordinator)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/insight/"),
        ("post", "/insight/findings/{finding}/"),
        ("delete", "/insight/findings/{finding}/edit/"),
        ("get", "/insight/findings/{finding}/restore/"),
        ("get", "/insight/before-you-start/"),
        ("get", "/insight/activities/{activity}/used/"),
        ("put", "/insight/themes/{theme}/merge/"),
    ],
)
def test_the_wrong_method_is_refused(client, world, council_finding, method, path):
    client.force_login(world.coordinator)
    assert getattr(client, method)(_url(path, council_finding)).status_code == 405


def test_findings_of_an_archived_activity_are_not_found(client, world, council_finding):
    council_finding.activity.archive()
    client.force_login(world.coordinator)
    assert client.get(council_finding.get_absolute_url()).status_code == 404


# ---- The library --------------------------------------------------------------------------------------


def test_the_library_searches_and_highlights(client, world, council_finding, healthwatch_finding):
    client.force_login(world.board_member)
    response = client.get("/insight/", {"q": "walk-in centre"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 finding matching" in page
    assert "<mark>walk</mark>" in page and "Young carers" not in page


def test_the_library_leaves_out_stale_findings_unless_asked(client, world, council_activity):
    FindingFactory(activity=council_activity, statement="An old finding.", heard_on=date(2015, 1, 1))
    client.force_login(world.officer_council)
    assert "An old finding." not in client.get("/insight/").content.decode()
    page = client.get("/insight/", {"include_stale": "on"}).content.decode()
    assert "An old finding." in page and "Stale: past its review date" in page


def test_the_library_shows_filter_errors(client, world, council_finding):
    client.force_login(world.officer_council)
    response = client.get("/insight/", {"heard_after": "not-a-date", "theme": "999999", "q": "x" * 201})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "<title>Error: " in page
    assert "Enter a real date" in page and "200 characters or fewer" in page


def test_each_result_shows_where_it_was_heard_its_live_themes_and_a_quote_in_quote_marks(
    client, world, council_activity, themes
):
    finding = FindingFactory(
        activity=council_activity,
        statement="We <never> hear back.",
        kind="quote",
        people_count=1,
        themes=[themes["waiting"], themes["access"], themes["transport"]],
    )
    themes["transport"].archive()
    client.force_login(world.officer_council)
    page = client.get("/insight/", {"q": "hear back"}).content.decode()
    assert f'“<a class="govuk-link" href="/insight/findings/{finding.pk}/">We &lt;never&gt; <mark>hear</mark>' in page
    assert f"Finding {finding.pk} · heard " in page and "· 1 person</p>" in page
    assert f'in <a class="govuk-link" href="/register/{council_activity.pk}/">' in page
    assert "Themes: Access to GP appointments, Waiting times " in page and "Transport" not in page


def test_a_page_past_the_end_shows_the_last_page(client, world, council_finding):
    client.force_login(world.officer_council)
    response = client.get("/insight/", {"page": "99"})
    assert council_finding in response.context["findings"]
    assert client.get("/insight/", {"page": "x"}).status_code == 200


@pytest.mark.parametrize("q", ["", "people"])
def test_the_library_makes_the_same_number_of_queries_for_more_findings(client, world, themes, q):
    client.force_login(world.officer_council)

    def make(n):
        for i in range(n):
            activity = ActivityFactory(title=f"Activity {i}", lead_organisation=world.council)
            FindingFactory(activity=activity, themes=[themes["access"], themes["waiting"]], groups=[world.carers])

    make(2)
    client.get("/insight/")  # the filters' shared lists are read once, then kept while nothing changes
    with CaptureQueriesContext(connection) as few:
        assert client.get("/insight/", {"q": q}).status_code == 200
    make(12)
    client.get("/insight/")  # the organisations offered are read again once activities are written
    with CaptureQueriesContext(connection) as many:
        assert client.get("/insight/", {"q": q}).status_code == 200
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def test_the_finding_page_shows_reuse_and_what_it_replaces(client, world, council_finding, healthwatch_activity):
    older = FindingFactory(activity=council_finding.activity, superseded_by=council_finding)
    FindingUse.objects.create(finding=council_finding, activity=healthwatch_activity, used_by=world.officer_healthwatch)
    client.force_login(world.board_member)
    page = client.get(council_finding.get_absolute_url()).content.decode()
    assert "Used in planning 1 activity" in page and healthwatch_activity.title in page
    assert f"Finding {older.pk}" in page
    older_page = client.get(older.get_absolute_url()).content.decode()
    assert "Stale: superseded" in older_page and f"finding {council_finding.pk}" in older_page


def test_the_history_page_names_what_changed(client, world, council_finding, themes):
    client.force_login(world.officer_council)
    client.post(
        f"/insight/findings/{council_finding.pk}/edit/",
        finding_data(world, themes, statement="New words.", themes=[themes["transport"].pk], kind="quote"),
    )
    page = client.get(f"/insight/findings/{council_finding.pk}/history/").content.decode()
    assert "New words." in page and "In people&#x27;s own words" in page
    assert "Transport" in page and "Access to GP appointments" in page
