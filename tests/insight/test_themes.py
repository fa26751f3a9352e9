"""Coordinators keep the list of themes: adding, renaming and merging keep every finding's links, and are audited."""

import pytest

from engaging.insight import services
from engaging.insight.models import Finding, Theme
from tests.insight.factories import FindingFactory, ThemeFactory


def test_a_coordinator_adds_a_theme(client, world):
    client.force_login(world.coordinator)
    response = client.post("/insight/themes/new/", {"name": "  Loneliness  ", "description": "Feeling alone."})
    assert response.status_code == 302 and response["Location"] == "/insight/themes/"
    theme = Theme.objects.get()
    assert theme.name == "Loneliness"
    assert theme.history.get().history_user == world.coordinator


@pytest.mark.parametrize(
    "name, message",
    [("", "Enter the theme"), ("   ", "Enter the theme"), ("waiting TIMES", "There is already a theme called"),
     ("x" * 121, "120 characters or fewer")],
)  # fmt: skip
def test_bad_names_are_refused(client, world, themes, name, message):
    client.force_login(world.coordinator)
    response = client.post("/insight/themes/new/", {"name": name})
    assert response.status_code == 200 and message in response.content.decode()
    assert Theme.everything.count() == 3


def test_renaming_keeps_every_link_and_records_the_old_name(client, world, council_finding, themes):
    theme = themes["access"]
    client.force_login(world.coordinator)
    response = client.post(f"/insight/themes/{theme.pk}/", {"name": "Getting a GP appointment"})
    assert response.status_code == 302
    assert list(council_finding.themes.values_list("name", flat=True)) == ["Getting a GP appointment"]
    assert theme.history.first().history_change_reason == "Renamed from “Access to GP appointments”"
    assert theme.history.first().history_user == world.coordinator


def test_merging_moves_links_without_duplicates_and_archives_the_theme(world, council_activity, themes):
    access, waiting = themes["access"], themes["waiting"]
    only_access = FindingFactory(activity=council_activity, themes=[access])
    both = FindingFactory(activity=council_activity, themes=[access, waiting])
    only_waiting = FindingFactory(activity=council_activity, themes=[waiting])
    archived = FindingFactory(activity=council_activity, themes=[access])
    archived.archive()
    moved = services.merge_themes(theme=access, into=waiting, user=world.coordinator)
    assert moved == 3
    for finding in (only_access, both, only_waiting, archived):
        assert list(Finding.everything.get(pk=finding.pk).themes.all()) == [waiting]
    assert Finding.themes.through.objects.filter(theme=waiting).count() == 4
    assert not Finding.themes.through.objects.filter(theme=access).exists()
    access.refresh_from_db()
    assert access.is_archived
    assert access.history.first().history_change_reason == "Merged into “Waiting times”"
    record = only_access.history.first()
    assert record.history_user == world.coordinator
    assert record.history_change_reason == "Theme “Access to GP appointments” merged into “Waiting times”"


def test_the_merge_page(client, world, council_finding, themes):
    client.force_login(world.coordinator)
    url = f"/insight/themes/{themes['access'].pk}/merge/"
    page = client.get(url).content.decode()
    assert "1 finding is filed under" in page
    response = client.post(url, {"into": themes["transport"].pk})
    assert response.status_code == 302
    assert list(council_finding.themes.all()) == [themes["transport"]]
    # The merged theme is gone from the list, and cannot be merged again.
    assert themes["access"] not in client.get("/insight/themes/").context["themes"]
    assert themes["access"] in client.get("/insight/themes/?archived=1").context["themes"]
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("into", ["", "999999", "self", "archived"])
def test_a_bad_merge_changes_nothing(client, world, council_finding, themes, into):
    theme = themes["access"]
    gone = ThemeFactory(name="Old theme")
    gone.archive()
    value = {"self": theme.pk, "archived": gone.pk}.get(into, into)
    client.force_login(world.coordinator)
    response = client.post(f"/insight/themes/{theme.pk}/merge/", {"into": value})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "<title>Error: " in page
    theme.refresh_from_db()
    assert not theme.is_archived
    assert list(council_finding.themes.all()) == [theme]


def test_merging_a_theme_into_itself_is_refused_by_the_service(themes):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.merge_themes(theme=themes["access"], into=themes["access"])


@pytest.mark.parametrize("persona", ["officer_council", "board_member"])
def test_only_coordinators_keep_the_list(client, world, themes, persona):
    client.force_login(getattr(world, persona))
    for url in ("/insight/themes/", "/insight/themes/new/", f"/insight/themes/{themes['access'].pk}/merge/"):
        assert client.get(url).status_code == 403
    assert client.post("/insight/themes/new/", {"name": "Sneaky"}).status_code == 403
    merge = f"/insight/themes/{themes['access'].pk}/merge/"
    assert client.post(merge, {"into": themes["waiting"].pk}).status_code == 403
    assert Theme.objects.count() == 3 and not Theme.everything.archived().exists()


def test_the_theme_list_counts_live_findings(client, world, council_activity, themes):
    FindingFactory(activity=council_activity, themes=[themes["access"]])
    FindingFactory(activity=council_activity, themes=[themes["access"]]).archive()
    client.force_login(world.coordinator)
    theme = next(t for t in client.get("/insight/themes/").context["themes"] if t.pk == themes["access"].pk)
    assert theme.finding_count == 1
