"""Finding what the hub holds about a person: by email for certain, by name as possible matches."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.rights.finding import changes_made_by, find_person, records_naming
from tests.factories import ActivityFactory
from tests.insight.factories import FindingFactory
from tests.rights.conftest import EMAIL, NAME


def kinds(found, certain=None):
    return {
        slug: len([r for r in found.records if r.kind == slug and (certain is None or r.certain == certain)])
        for slug in found.counts()
    }


def test_an_email_address_finds_everything_that_is_theirs_whatever_its_capitals(person):
    found = find_person(email=EMAIL.swapcase())
    counts = kinds(found)
    assert counts["account"] == 1 and counts["memberships"] == 1 and counts["tokens"] == 1
    assert counts["bookings"] == 2  # the one booked and the one attended, typed in capitals
    assert counts["contact_requests"] == 1
    # The activity gives her as its contact only in an earlier version; it is found all the same.
    assert counts["activity_contacts"] == 1
    # Three sign-in records under her username and three under her email address.
    assert counts["sign_ins"] == 6
    assert counts["changes"] == 1 and counts["viewing"] == 1
    # Her address written in the activity's notes (the feedback comment that gives it goes with her booking), and
    # the address her organisation's sign-on linked to her account.
    assert sorted((m["model"], m["text"]) for m in found.of("mentions")) == [
        ("accounts.signonlink", {"email": EMAIL}),
        ("register.activity", {"notes": f"Venue booked by {EMAIL.upper()}; ask her about parking."}),
    ]
    # Records pointing to her account: an activity she created, the sign-on link and her authenticator app.
    assert {named["model"] for named in found.of("named_in")} == {
        "register.activity", "accounts.signonlink", "otp_totp.totpdevice"
    }  # fmt: skip
    assert all(record.certain for record in found.records)
    # Stories have no email address: they are only ever found by name, which the page offers to search for.
    assert "stories" not in counts
    assert found.names_seen() == [NAME]


def test_a_name_finds_possible_matches_only(person, namesake):
    found = find_person(name=f"  {NAME.lower()} ")
    assert not found.certain
    assert {r.kind for r in found.possible} == {
        "account",
        "bookings",
        "contact_requests",
        "stories",
        "activity_contacts",
    }
    assert len(found.of("bookings")) == 3  # hers, hers in capitals, and the namesake's
    # What goes with a possible account is not a possible match of its own: it follows the account.
    assert {r.kind for r in found.records if r.owner} >= {"memberships", "tokens", "changes", "sign_ins"}
    assert not any(r.possible for r in found.records if r.owner)


def test_only_what_is_ticked_of_the_possible_matches_is_chosen(person, namesake):
    found = find_person(email=EMAIL, name=NAME)
    possible = {r.key for r in found.possible}
    assert f"booking:{namesake.pk}" in possible and f"story:{person.story.pk}" in possible
    # Her own bookings matched by email too, so they are certain, not possible.
    assert f"booking:{person.booking.pk}" not in possible
    chosen = found.chosen([f"story:{person.story.pk}", "booking:999999", "account:1"])
    assert [s.pk for s in chosen.of("stories")] == [person.story.pk]
    assert namesake.pk not in [b.pk for b in chosen.of("bookings")]
    assert len(chosen.of("bookings")) == 2


def test_a_possible_account_brings_what_goes_with_it_only_when_ticked(person):
    found = find_person(name=NAME)
    assert found.chosen([]).of("memberships") == []
    chosen = found.chosen([f"account:{person.user.pk}"])
    assert chosen.of("memberships") == [person.membership] and chosen.of("tokens") == [person.token]


def test_nobody_is_found_for_details_the_hub_does_not_hold(person):
    assert not find_person(email="nobody@example.org")
    assert not find_person(name="Nobody Atall")


def test_changes_and_records_naming_an_account_are_found_in_one_query_each_however_many_kinds(person, world):
    def asked(user):
        with CaptureQueriesContext(connection) as captured:
            changes, named = changes_made_by(user), records_naming(user)
        return len(captured), changes, named

    before, changes, named = asked(person.user)
    assert {change["model"] for change in changes} == {"register.activity"}
    # She changes a finding too, and creates another activity: two more kinds of change, one more record naming her.
    finding = FindingFactory(activity=person.changed, statement="Parking is hard on market day.")
    finding.history.update(history_user=person.user)
    ActivityFactory(title="Another café", lead_organisation=world.council, created_by=person.user)
    after, changes, named = asked(person.user)
    assert after == before == 2
    assert {change["model"] for change in changes} >= {"register.activity", "insight.finding"}
    assert [change["when"] for change in changes] == sorted(change["when"] for change in changes)
    assert {change["record"] for change in changes if change["model"] == "insight.finding"} == {finding.pk}
    created = [row for row in named if row["model"] == "register.activity" and row["field"] == "created_by"]
    assert len(created) == 2 and all(isinstance(row["id"], int) for row in created)
