"""Coordinators manage people and roles in the hub."""

import re

import pytest
from django.core import mail

from engaging.accounts.models import ApiToken, Membership, User


def new_person(world, **changes):
    data = {
        "username": "new-officer",
        "first_name": "Priya",
        "last_name": "Example",
        "email": "Priya@Example.org",
        "organisation": world.healthwatch.pk,
        "role": "officer",
    }
    data.update(changes)
    return data


def test_a_coordinator_adds_a_person_who_is_invited_by_email(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/people/new/", new_person(world))
    user = User.objects.get(username="new-officer")
    assert response.status_code == 302
    assert not user.has_usable_password() and user.email == "priya@example.org"
    assert Membership.objects.get(user=user).role == "officer"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["priya@example.org"]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    assert "Choose a new password" in client.get(link, follow=True).content.decode()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"username": "officer-council"}, "That username is taken"),
        ({"email": "officer-council@example.org"}, "Someone already has an account with that email address"),
        ({"email": "nope"}, "Enter an email address"),
        ({"role": "emperor"}, "Select a valid choice"),
        ({"username": "has spaces!"}, "Enter a valid username"),
    ],
)
def test_bad_details_are_explained_and_nobody_is_added(client, world, changes, message):
    client.force_login(world.coordinator)
    before = User.objects.count()
    response = client.post("/accounts/people/new/", new_person(world, **changes))
    assert message in response.content.decode()
    assert User.objects.count() == before


@pytest.mark.parametrize("persona", ["officer_council", "board_member"])
def test_only_coordinators_manage_people(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get("/accounts/people/").status_code == 403
    assert client.post("/accounts/people/new/", new_person(world)).status_code == 403
    assert client.post(f"/accounts/people/{world.officer_healthwatch.pk}/active/").status_code == 403
    assert not User.objects.filter(username="new-officer").exists()


def test_giving_and_removing_a_role(client, world):
    client.force_login(world.coordinator)
    url = f"/accounts/people/{world.officer_healthwatch.pk}/"
    client.post(url, {"organisation": world.council.pk, "role": "board_member"})
    added = Membership.objects.get(user=world.officer_healthwatch, organisation=world.council)
    assert added.role == "board_member"
    twice = client.post(url, {"organisation": world.council.pk, "role": "officer"})
    assert "already have a role at this organisation" in twice.content.decode()
    client.post(f"/accounts/memberships/{added.pk}/remove/")
    assert not Membership.objects.filter(pk=added.pk).exists()


def test_switching_an_account_off_stops_sign_in_and_tokens(client, world):
    _, secret = ApiToken.issue(user=world.officer_healthwatch, name="sync")
    client.force_login(world.coordinator)
    client.post(f"/accounts/people/{world.officer_healthwatch.pk}/active/")
    world.officer_healthwatch.refresh_from_db()
    assert not world.officer_healthwatch.is_active
    assert ApiToken.user_for(secret) is None


def test_a_coordinator_cannot_lock_themselves_out(client, world):
    client.force_login(world.coordinator)
    client.post(f"/accounts/people/{world.coordinator.pk}/active/")
    own = Membership.objects.get(user=world.coordinator)
    client.post(f"/accounts/memberships/{own.pk}/remove/")
    world.coordinator.refresh_from_db()
    assert world.coordinator.is_active and Membership.objects.filter(pk=own.pk).exists()


def test_the_role_chooser_offers_only_real_roles_and_names_a_missing_one(client, world):
    client.force_login(world.coordinator)
    url = f"/accounts/people/{world.officer_healthwatch.pk}/"
    page = client.get(url).content.decode()
    assert "---------" not in page
    assert re.findall(r'name="role" type="radio" value="([^"]*)"', page) == [v for v, _ in Membership.Role.choices]
    answer = client.post(url, {"organisation": world.council.pk}).content.decode()
    assert re.search(r'<a href="#id_role[^"]*">Choose a role</a>', answer)  # the summary links to the field
    assert not Membership.objects.filter(user=world.officer_healthwatch, organisation=world.council).exists()
