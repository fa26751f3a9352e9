"""Residents read groups by plain names and each level of influence with what it means for them."""

import re

import pytest

from engaging.lists.models import public_group_name
from engaging.register.models import EngagementLevel
from tests.factories import ActivityFactory, GroupFactory

MEANINGS = {
    "inform": "We will tell you what is happening",
    "consult": "We will ask what you think before we decide",
    "involve": "We will work with you on the options",
    "collaborate": "We will decide together",
    "empower": "You decide",
}


@pytest.mark.parametrize(
    ("legal", "plain"),
    [
        ("Race", "People from Black, Asian and minority ethnic communities"),
        ("Gender reassignment", "Trans people"),
        ("Sex", ""),  # everyone has a sex and an age: neither names an audience, so residents are not shown them
        ("Age", ""),
        ("Young carers", "Young carers"),  # a group already named for its people keeps its name
    ],
)
def test_public_group_names(legal, plain):
    assert public_group_name(legal) == plain


@pytest.fixture
def characteristics(world):
    return [GroupFactory(name=name, category="protected_characteristic") for name in ("Race", "Sex")]


def test_the_filter_offers_plain_group_names_and_explains_each_level(client, world, council_activity, characteristics):
    page = client.get("/get-involved/").content.decode()
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    assert "People from Black, Asian and minority ethnic communities" in options
    # A group that means everyone is no audience to choose: neither its legal name nor a plain one is offered.
    assert not [option for option in options if "women and men" in option.lower()]
    assert "Race" not in options and "Sex" not in options
    assert "How much you can change" in page
    for value, meaning in MEANINGS.items():
        # Each level's radio is described by the line that says what it means.
        described = re.search(rf'value="{value}" aria-describedby="([^"]+)"', page).group(1)
        assert re.search(rf'id="{described}" class="govuk-hint govuk-radios__hint">{meaning}</div>', page)


def test_the_filter_by_level_finds_activities_at_that_level(client, world, council_activity):
    ActivityFactory(title="Residents decide the park budget", level=EngagementLevel.EMPOWER, groups=[world.carers])
    council_activity.level = EngagementLevel.CONSULT
    council_activity.save()
    page = client.get("/get-involved/?level=empower").content.decode()
    assert "Residents decide the park budget" in page and council_activity.title not in page
    assert client.get("/get-involved/?level=nonsense").status_code == 200  # shown as an error, never a 500


def test_an_activity_page_uses_plain_group_names_and_explains_its_level(client, world, characteristics):
    activity = ActivityFactory(
        title="Health checks", groups=[*characteristics, world.carers], level=EngagementLevel.INVOLVE
    )
    page = client.get(f"/get-involved/{activity.pk}/").content.decode()
    assert row(page, "Who it is for") == "Carers"
    assert row(page, "We want to hear especially from") == "People from Black, Asian and minority ethnic communities"
    trans = GroupFactory(name="Gender reassignment", category="protected_characteristic")
    activity.groups.add(trans, world.young_people)
    page = client.get(f"/get-involved/{activity.pk}/").content.decode()
    # Names with commas of their own are listed one to a line, so where one ends is plain.
    assert re.search(r"hear especially from</dt><dd[^>]*><ul class=\"govuk-list\"><li>People from Black, Asian and "
                     r"minority ethnic communities</li><li>Trans people</li></ul>", page)  # fmt: skip
    assert re.search(r"Who it is for</dt><dd[^>]*><ul class=\"govuk-list\"><li>Carers</li><li>Young people", page)
    assert "Involve: we will work with you on the options" in page
    assert ">Race<" not in page and "Race," not in page and ">Sex<" not in page


def test_an_activity_for_characteristics_with_no_audience_is_for_everyone(client, world, characteristics):
    age = GroupFactory(name="Age", category="protected_characteristic")
    activity = ActivityFactory(title="Men's health check", groups=[characteristics[1], age])
    page = client.get(f"/get-involved/{activity.pk}/").content.decode()
    assert row(page, "Who it is for") == "Everyone"
    assert "We want to hear especially from" not in page
    assert "women and men" not in page.lower() and "any age" not in page


def row(page: str, key: str) -> str:
    """The value beside `key` in a summary list."""
    found = re.search(rf'__key">{key}</dt><dd class="govuk-summary-list__value">([^<]*)</dd>', page)
    assert found, f"no row {key!r}"
    return found.group(1)
