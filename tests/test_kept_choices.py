"""Filter forms offer the shared lists as they are now, without reading them again on every request."""

import re

import pytest
from django import forms
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from engaging.accounts.models import Organisation
from engaging.core.choices import KeptChoices
from engaging.lists.models import Area, Group
from engaging.register.filters import AreaChoiceField, KeptModelChoiceField
from tests.factories import ActivityFactory, GroupFactory, OrganisationFactory


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select named {name}"
    return re.findall(r"<option[^>]*>(.*?)</option>", select.group(1))


def reads_of(captured, table: str) -> int:
    """Queries that read the table's rows (the one that checks whether it changed only counts them)."""
    return sum(1 for query in captured.captured_queries if query["sql"].startswith(f'SELECT "{table}"."id"'))


class AreaForm(forms.Form):
    area = AreaChoiceField(queryset=Area.objects.all(), empty_label="Any", required=False)
    organisation = KeptModelChoiceField(queryset=Organisation.objects.all(), empty_label="Any", required=False)


def render(form) -> str:
    return Template("{% field form.area %}{% field form.organisation %}").render(Context({"form": form}))


def test_a_kept_list_renders_the_same_select_as_django_would(world):
    OrganisationFactory(name="Tom & Jerry's <Club>")
    plain = AreaForm({"area": str(world.ward.pk), "organisation": ""})
    kept_form = AreaForm({"area": str(world.ward.pk), "organisation": ""})
    kept = KeptChoices()
    for name in ("area", "organisation"):
        kept.add(kept_form.fields[name])
    assert render(kept_form) == render(plain)
    assert "Tom &amp; Jerry&#x27;s &lt;Club&gt;" in render(kept_form)
    assert f'<option value="{world.ward.pk}" selected>— — Brockmoor and Pensnett</option>' in render(kept_form)


class GroupForm(forms.Form):
    group = KeptModelChoiceField(queryset=Group.objects.all())


def test_a_kept_list_refuses_an_id_that_is_not_in_it(world):
    archived = GroupFactory(name="Gone")
    archived.archive()
    for value in ("999999", "x", str(archived.pk)):
        form = GroupForm({"group": value})
        KeptChoices().add(form.fields["group"])
        assert not form.is_valid()
        assert form.errors["group"] == ["Select a valid choice. That choice is not one of the available choices."]
    form = GroupForm({"group": str(world.carers.pk)})
    KeptChoices().add(form.fields["group"])
    assert form.is_valid() and form.cleaned_data["group"] == world.carers


# Committed, as in the running hub: PostgreSQL keeps nothing read from tables the test's own transaction wrote.
@pytest.mark.django_db(transaction=True)
def test_the_register_filters_read_the_shared_lists_once_while_nothing_changes(client, world):
    ActivityFactory(lead_organisation=world.council, groups=[world.carers], areas=[world.ward])
    client.force_login(world.board_member)
    url = f"/register/?group={world.carers.pk}&area={world.borough.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as again:
        page = client.get(url).content.decode()
    assert reads_of(again, "lists_group") == 0 and reads_of(again, "accounts_organisation") == 0
    assert "Carers" in options(page, "group") and "Dudley Council" in options(page, "organisation")


def test_an_edited_archived_or_added_list_item_shows_at_once(client, world):
    client.force_login(world.board_member)
    assert "Carers" in options(client.get("/register/").content.decode(), "group")

    world.carers.name = "Unpaid carers"
    world.carers.save()
    assert "Unpaid carers" in options(client.get("/register/").content.decode(), "group")

    world.young_people.archive()
    assert "Young people" not in options(client.get("/register/").content.decode(), "group")
    world.young_people.restore()
    assert "Young people" in options(client.get("/register/").content.decode(), "group")

    GroupFactory(name="Veterans")
    assert "Veterans" in options(client.get("/register/").content.decode(), "group")

    short_lived = OrganisationFactory(name="Short-lived partnership")
    assert "Short-lived partnership" not in options(client.get("/insight/").content.decode(), "organisation")
    led = ActivityFactory(lead_organisation=short_lived)  # the menu offers organisations that lead something
    assert "Short-lived partnership" in options(client.get("/insight/").content.decode(), "organisation")
    led.delete()
    short_lived.delete()
    assert "Short-lived partnership" not in options(client.get("/insight/").content.decode(), "organisation")


def test_a_list_item_archived_since_it_was_kept_cannot_be_chosen(client, world):
    client.force_login(world.board_member)
    client.get("/register/")
    world.carers.archive()
    page = client.get("/register/", {"group": world.carers.pk}).content.decode()
    assert "Select a valid choice" in page
