"""Coordinators record GP practices and how their patient participation groups stand; the coverage follows."""

from datetime import date, timedelta

import pytest

from engaging.surveys.models import PatientParticipationGroup, Practice
from engaging.surveys.services import save_practice

pytestmark = pytest.mark.django_db


def filled(world, **changes) -> dict:
    data = {
        "name": "Pensnett  Surgery",
        "ods_code": "m87001",
        "area": world.ward.pk,
        "primary_care_network": "Dudley Central PCN",
        "list_size": "8500",
        "postcode": "dy5 4pq",
        "group_status": "active",
        "last_met_day": "14",
        "last_met_month": "5",
        "last_met_year": "2026",
        "members": "12",
        "reviewed_on_day": "",
        "reviewed_on_month": "",
        "reviewed_on_year": "",
        "agreed_actions": "Recruit younger members through the practice's text messages.",
    }
    data.update(changes)
    return data


def test_a_coordinator_adds_a_practice_and_its_group_counts_towards_coverage(client, world):
    client.force_login(world.coordinator)
    listed = client.get("/surveys/practices/").content.decode()
    assert 'href="/surveys/practices/new/"' in listed and "No GP practices have been recorded yet." in listed
    assert "Add a GP practice" in client.get("/surveys/practices/new/").content.decode()
    response = client.post("/surveys/practices/new/", filled(world), follow=True)
    page = response.content.decode()
    assert "Pensnett Surgery has been saved." in page
    assert "1 of 1 practice (100%) have a working group" in page
    practice = Practice.objects.get()
    assert (practice.ods_code, practice.name, practice.postcode, practice.list_size) == (
        "M87001", "Pensnett Surgery", "DY5 4PQ", 8500
    )  # fmt: skip
    group = practice.group
    assert (group.status, group.last_met, group.members, group.reviewed_on) == ("active", date(2026, 5, 14), 12, None)
    assert practice.history.first().history_user == world.coordinator
    assert "Actions agreed: Recruit younger members" in page


def test_a_coordinator_changes_a_group_that_stopped_meeting(client, world):
    practice = save_practice(ods_code="M87001", name="Pensnett Surgery", area=world.ward, list_size=8500,
                             group_status=PatientParticipationGroup.Status.ACTIVE)  # fmt: skip
    client.force_login(world.coordinator)
    form = client.get(f"/surveys/practices/{practice.pk}/change/").content.decode()
    assert 'value="Pensnett Surgery"' in form and 'value="active" checked' in form
    address = f"/surveys/practices/{practice.pk}/change/"
    client.post(address, filled(world, name="Pensnett Surgery", group_status="none"))
    practice.refresh_from_db()
    assert practice.group.status == "none"
    assert Practice.objects.count() == 1
    assert "Gap</strong>" in client.get("/surveys/practices/").content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the practice&#x27;s name"),
        ({"ods_code": "M8-7001"}, "ods_code", "An ODS code is letters and numbers only, like M87001"),
        ({"ods_code": "M2"}, "ods_code", "Another practice already has the ODS code M2"),
        ({"list_size": "lots"}, "list_size", "Enter the number of registered patients as a whole number, like 8500"),
        ({"list_size": "-4"}, "list_size", "The number of registered patients cannot be below 0"),
        ({"members": "1.5"}, "members", "Enter the number of members as a whole number, like 12"),
        ({"group_status": "thriving"}, "group_status", "Select a valid choice"),
        ({"area": "999999"}, "area", "Choose an area from the list"),
        ({"last_met_day": "31", "last_met_month": "2"}, "last_met", "The date the group last met must be a real date"),
        ({"last_met_year": str(date.today().year + 1)}, "last_met", "The date cannot be in the future"),
    ],
)
def test_bad_input_names_its_field_and_changes_nothing(client, world, changes, field, message):
    save_practice(ods_code="M2", name="Lye Surgery", area=world.other_ward)
    client.force_login(world.coordinator)
    before = list(Practice.objects.values_list("pk", "name", "ods_code"))
    response = client.post("/surveys/practices/new/", filled(world, **changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and f'href="#id_{field}' in page and message in page
    assert list(Practice.objects.values_list("pk", "name", "ods_code")) == before


def test_only_coordinators_record_practices(client, world):
    practice = save_practice(ods_code="M2", name="Lye Surgery", area=world.other_ward)
    for persona in ("officer_council", "board_member"):
        client.force_login(getattr(world, persona))
        assert 'href="/surveys/practices/new/"' not in client.get("/surveys/practices/").content.decode()
        assert client.get("/surveys/practices/new/").status_code == 403
        assert client.post(f"/surveys/practices/{practice.pk}/change/", filled(world)).status_code == 403
    client.logout()
    assert client.get("/surveys/practices/new/").status_code == 302
    client.force_login(world.coordinator)
    assert client.get("/surveys/practices/999999/change/").status_code == 404
    assert Practice.objects.get().name == "Lye Surgery"


def test_a_date_in_the_past_is_accepted(client, world):
    client.force_login(world.coordinator)
    last_year = date.today() - timedelta(days=365)
    data = filled(world, reviewed_on_day=str(last_year.day), reviewed_on_month=str(last_year.month),
                  reviewed_on_year=str(last_year.year))  # fmt: skip
    client.post("/surveys/practices/new/", data)
    assert Practice.objects.get().group.reviewed_on == last_year
