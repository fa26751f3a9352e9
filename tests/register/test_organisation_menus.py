"""Filter menus offer the organisations there is something to filter by, and take any organisation's id."""

import re

import pytest

from engaging.accounts.models import Organisation
from engaging.register import filters
from engaging.register.filters import organisations_for_menus
from tests.factories import ActivityFactory, OrganisationFactory


def offered(page: str) -> list[str]:
    """The names in the organisation menu of a filter page."""
    menu = re.search(r'<select[^>]*name="organisation"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", menu)


def chosen(page: str) -> list[str]:
    menu = re.search(r'<select[^>]*name="organisation"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r"<option[^>]* selected>([^<]*)</option>", menu)


@pytest.fixture
def partnership(world, council_activity, healthwatch_activity):
    """The council and Healthwatch lead activities; the board's development group leads none."""
    return world


@pytest.mark.parametrize("path", ["/register/", "/insight/"])
def test_a_filter_menu_offers_only_organisations_that_lead_an_activity(client, partnership, path):
    client.force_login(partnership.officer_council)
    names = offered(client.get(path).content.decode())
    assert names == ["Any", "Dudley Council", "Healthwatch Dudley"]


def test_a_large_partnership_offers_only_organisations_on_a_board(partnership, monkeypatch):
    monkeypatch.setattr(filters, "MENU_ORGANISATIONS", 2)
    Organisation.objects.exclude(pk=partnership.healthwatch.pk).update(on_board=False)
    assert list(organisations_for_menus()) == [partnership.healthwatch]
    monkeypatch.setattr(filters, "MENU_ORGANISATIONS", 3)
    assert list(organisations_for_menus()) == [partnership.council, partnership.healthwatch]


def test_an_organisation_not_offered_can_still_be_chosen_by_its_id(client, partnership):
    quiet = OrganisationFactory(name="Quiet Voices")
    ActivityFactory(title="Shared walk", lead_organisation=partnership.council).partner_organisations.set([quiet])
    client.force_login(partnership.officer_council)
    assert "Quiet Voices" not in offered(client.get("/register/").content.decode())
    response = client.get("/register/", {"organisation": quiet.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Shared walk" in page and "Young carers" not in page
    assert chosen(page) == ["Quiet Voices"]
    # The next request offers it no more: what one address chose is not kept for others.
    assert "Quiet Voices" not in offered(client.get("/register/").content.decode())


@pytest.mark.parametrize("path", ["/register/", "/insight/"])
@pytest.mark.parametrize("value", ["999999", "x", "-1", "99999999999999999999999"])
def test_an_organisation_that_does_not_exist_is_an_error_naming_the_menu(client, partnership, path, value):
    client.force_login(partnership.officer_council)
    response = client.get(path, {"organisation": value})
    assert response.status_code == 200
    assert "Organisation: choose from the list" in response.content.decode()
