"""One person with a footprint in every part of the hub that holds personal data, and a namesake who is someone else."""

from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django_otp.plugins.otp_totp.models import TOTPDevice

from engaging.accounts.models import ApiToken, Membership, SignOnLink
from engaging.core.models import ViewRecord
from engaging.learning.models import Booking, SessionFeedback
from engaging.questionnaires.models import HearBackContact
from engaging.voice.models import Consent
from tests.factories import ActivityFactory, MembershipFactory
from tests.learning.conftest import book, make_course, make_session
from tests.questionnaires.conftest import questionnaire  # noqa: F401  (the questionnaire tests' fixture)
from tests.voice.conftest import make_story

EMAIL = "Philippa.QA@Example.org"
NAME = "Philippa Quennell-Ashdown"
USERNAME = "philippa.qa"
# What must not be found anywhere once she is erased, whatever its capitals.
TRACES = ("philippa.qa@example.org", "quennell-ashdown", USERNAME)


@dataclass
class Person:
    user: object
    membership: object
    token: object
    booking: object
    attended: object
    waiting: object
    contact: object
    story: object
    activity: object
    changed: object


def sign_in_records(username: str) -> None:
    base = {"user_agent": "Firefox", "ip_address": "203.0.113.5", "http_accept": "*/*", "path_info": "/accounts/"}
    AccessLog.objects.create(username=username, **base)
    AccessFailureLog.objects.create(username=username, locked_out=False, **base)
    AccessAttempt.objects.create(
        username=username, get_data="", post_data=f"username={username}", failures_since_start=2, **base
    )


@pytest.fixture
def person(world, questionnaire):  # noqa: F811
    membership = MembershipFactory(
        user__username=USERNAME,
        user__first_name="Philippa",
        user__last_name="Quennell-Ashdown",
        user__email=EMAIL.lower(),
        organisation=world.council,
        role=Membership.Role.OFFICER,
        job_title="Engagement lead for Quennell-Ashdown's team",
    )
    user = membership.user
    token, _secret = ApiToken.issue(user=user, name="Case system")
    # Her organisation's sign-on linked to her account, and her authenticator app.
    SignOnLink.objects.create(user=user, email=EMAIL, issuer="https://login.example.org", subject=USERNAME)
    TOTPDevice.objects.create(user=user, name=f"{USERNAME}'s phone")
    sign_in_records(USERNAME)
    sign_in_records(EMAIL)

    course = make_course()
    upcoming = make_session(course, capacity=1)
    booking = book(upcoming, name=NAME, email=EMAIL, access_needs="Step-free access, please")
    waiting = book(upcoming, "waiting", name="Sam Waiting", email="sam@example.org")
    past = make_session(course, days=-10, capacity=5)
    attended = Booking.objects.create(
        session=past, name=NAME.upper(), email=EMAIL.upper(), role=Booking.Role.OFFICER, status=Booking.Status.ATTENDED
    )
    SessionFeedback.objects.create(
        booking=attended, useful=4, confident=5, comment="Philippa.QA@example.org found it useful"
    )

    contact = HearBackContact.objects.create(questionnaire=questionnaire, name=NAME, email=EMAIL, phone="01632 960 001")
    story = make_story(world.officer_council, title=f"{NAME}'s wait", told_by=NAME, text="Waiting for months.")
    Consent.objects.filter(story=story).update(given_by=NAME)

    activity = ActivityFactory(
        title="Carers' café",
        lead_organisation=world.council,
        contact_name=NAME,
        contact_email=EMAIL,
        created_by=user,
        notes=f"Venue booked by {EMAIL.upper()}; ask her about parking.",
    )
    # A later contact replaced hers; her details stay in the activity's earlier versions.
    activity.contact_name, activity.contact_email = "Someone Else", "someone@example.org"
    activity.save()
    changed = ActivityFactory(title="An activity she changed", lead_organisation=world.council)
    changed.history.update(history_user=user)
    ViewRecord.objects.create(viewer=user, kind="voice.story", object_id=str(story.pk), path=f"/stories/{story.pk}/")
    return Person(user, membership, token, booking, attended, waiting, contact, story, activity, changed)


@pytest.fixture
def namesake(world, person):
    """Someone else with the same name, who must never be erased by her request."""
    session = make_session(days=30, capacity=3)
    return book(session, "namesake", name=NAME.lower(), email="other.philippa@example.net")


def all_possible(found) -> list[str]:
    return [record.key for record in found.possible]
