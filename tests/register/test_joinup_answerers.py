"""Before a join-up proposal is sent, the officer is told who will answer it; the email goes to those people."""

import pytest
from django.core import mail

from engaging.accounts.models import Membership, Organisation
from engaging.register.answering import who_answers
from engaging.register.models import JoinUp
from tests.factories import ActivityFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def nobodys_activity(world, healthwatch_activity):
    """An activity led by an organisation nobody at which uses the hub, overlapping Healthwatch's."""
    police = OrganisationFactory(name="West Midlands Police", kind=Organisation.Kind.POLICE)
    return ActivityFactory(
        title="Police youth survey",
        lead_organisation=police,
        groups=[world.young_people],
        areas=[world.ward],
        start_date=healthwatch_activity.start_date,
        end_date=healthwatch_activity.end_date,
        contact_email="",
    )


def propose_page(client, mine, other) -> str:
    response = client.get(f"/joining-up/activities/{mine.pk}/with/{other.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_form_names_the_officers_who_will_answer(client, world, council_activity, healthwatch_activity):
    world.officer_council.first_name, world.officer_council.last_name = "Priya", "Shah"
    world.officer_council.save()
    client.force_login(world.officer_healthwatch)
    page = propose_page(client, healthwatch_activity, council_activity)
    assert "This will go to Priya Shah at Dudley Council, who can agree or decline." in page
    assert "coordinators will answer" not in page


def test_the_form_says_the_coordinators_answer_for_an_organisation_with_nobody_signed_up(
    client, world, healthwatch_activity, nobodys_activity
):
    client.force_login(world.officer_healthwatch)
    page = propose_page(client, healthwatch_activity, nobodys_activity)
    assert (
        "Nobody at West Midlands Police uses the hub yet, so the board&#x27;s coordinators will answer for them" in page
    )
    assert "coordinator" in page


def test_an_inactive_officer_does_not_count_as_someone_who_answers(world, nobodys_activity):
    MembershipFactory(user__username="gone", user__is_active=False, organisation=nobodys_activity.lead_organisation)
    assert who_answers(nobodys_activity).by_coordinators


def test_a_proposal_to_nobody_signed_up_is_emailed_to_the_coordinators_it_named(
    client, world, healthwatch_activity, nobodys_activity, django_capture_on_commit_callbacks
):
    second = MembershipFactory(user__username="coordinator-two", organisation=world.board_org,
                               role=Membership.Role.COORDINATOR).user  # fmt: skip
    answerers = who_answers(nobodys_activity)
    assert set(answerers.emails) == {world.coordinator.email, second.email}
    client.force_login(world.officer_healthwatch)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/joining-up/activities/{healthwatch_activity.pk}/with/{nobodys_activity.pk}/", {"message": "Together?"}
        )
    assert response.status_code == 302
    assert JoinUp.objects.filter(to_activity=nobodys_activity).exists()
    [email] = mail.outbox
    assert set(email.to) == set(answerers.emails)
    assert "Nobody at West Midlands Police uses the hub yet" in email.body
    assert "West Midlands Police's activity" in email.body
    followed = client.get(response["Location"]).content.decode()
    assert "sent to the coordinators, for West Midlands Police" in followed


def test_a_proposal_to_an_organisation_with_officers_goes_to_them_and_the_contact(world, council_activity):
    answerers = who_answers(council_activity)
    assert not answerers.by_coordinators
    assert set(answerers.emails) == {world.officer_council.email, council_activity.contact_email}
    assert world.coordinator.email not in answerers.emails


def test_the_contact_is_not_named_twice_when_they_are_the_officer_who_answers(world, council_activity):
    council_activity.contact_email = world.officer_council.email
    council_activity.save()
    said = who_answers(council_activity).sentence()
    assert "officer-council at Dudley Council" in said and "will be emailed too" not in said


def test_the_contact_of_an_activity_the_coordinators_answer_for_gets_an_email_written_for_them(
    client, world, healthwatch_activity, nobodys_activity, django_capture_on_commit_callbacks
):
    nobodys_activity.contact_email = "youth.survey@police.example.org"
    nobodys_activity.save()
    healthwatch_activity.contact_name, healthwatch_activity.contact_email = "Ayesha Khan", "ayesha@hw.example.org"
    healthwatch_activity.save()
    client.force_login(world.officer_healthwatch)
    page = propose_page(client, healthwatch_activity, nobodys_activity)
    assert "The activity&#x27;s contact, youth.survey@police.example.org, will be emailed too." in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/joining-up/activities/{healthwatch_activity.pk}/with/{nobodys_activity.pk}/", {"message": "Together?"}
        )
    to_coordinators, to_contact = sorted(mail.outbox, key=lambda email: email.to != [world.coordinator.email])
    # The coordinators' email, with its link to answer in the hub, goes to them alone.
    assert to_coordinators.to == [world.coordinator.email]
    assert "so the coordinators are asked to answer for them" in to_coordinators.body
    assert "/joining-up/proposals/" in to_coordinators.body
    # The contact cannot answer in the hub: they are told who answers for them and how to reach them.
    assert to_contact.to == ["youth.survey@police.example.org"]
    assert to_contact.reply_to == [world.coordinator.email]
    body = to_contact.body
    assert "with your activity “Police youth survey”" in body and "Their message: Together?" in body
    assert "the board's coordinators, coordinator, will answer the proposal for West Midlands Police" in body
    assert "reply to this email and it will reach them" in body
    assert "To talk it over with Healthwatch Dudley, contact Ayesha Khan at ayesha@hw.example.org." in body
    assert "asked to answer" not in body and "/joining-up/" not in body


def test_with_officers_to_answer_the_contact_shares_their_email(
    client, world, council_activity, healthwatch_activity, django_capture_on_commit_callbacks
):
    client.force_login(world.officer_healthwatch)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/joining-up/activities/{healthwatch_activity.pk}/with/{council_activity.pk}/", {"message": ""})
    [email] = mail.outbox
    assert set(email.to) == {world.officer_council.email, council_activity.contact_email}
    assert "with your activity" in email.body and "Nobody at" not in email.body
