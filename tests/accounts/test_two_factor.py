"""Two-step sign-in: coordinators who sign in with a password also give a code from an authenticator app.

Switched off for the rest of the suite (TESTING), so each test here switches it on.
"""

import re

import pytest
from django.contrib.sessions.models import Session
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from engaging.accounts import two_factor
from engaging.accounts.models import AccountEvent, Membership
from tests.factories import MembershipFactory, UserFactory

PASSWORD = "engage-test"


@pytest.fixture(autouse=True)
def switched_on(settings):
    settings.TWO_FACTOR_FOR_COORDINATORS = True


def code_for(device: TOTPDevice, step: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=step):06d}"


def app_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(client, username: str, next_url: str = ""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/sign-in/", data, follow=True)


def test_a_coordinator_without_an_app_sets_one_up_before_anything_else(client, world):
    page = sign_in(client, "coordinator")
    assert page.redirect_chain[-1][0].startswith("/accounts/two-step/set-up/")
    html = page.content.decode()
    assert "Set up two-step sign-in" in html and "<svg" in html
    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    key = re.search(r'id="key"><code>([A-Z2-7 ]+)</code>', html).group(1)
    assert key.replace(" ", "") and len(key.replace(" ", "")) == 32
    for path in ("/register/", "/accounts/people/", "/lists/", "/accounts/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/two-step/set-up/"), path

    wrong = client.post("/accounts/two-step/set-up/", {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert "The code is not right" in wrong.content.decode() and 'href="#id_code"' in wrong.content.decode()
    device.throttle_reset()
    letters = client.post("/accounts/two-step/set-up/", {"code": "abc"})
    assert "Enter the code as 6 digits" in letters.content.decode()
    empty = client.post("/accounts/two-step/set-up/", {"code": ""})
    assert "Enter the 6-digit code from your authenticator app" in empty.content.decode()
    assert not TOTPDevice.objects.filter(user=world.coordinator, confirmed=True).exists()

    done = client.post("/accounts/two-step/set-up/", {"code": code_for(device)}, follow=True)
    html = done.content.decode()
    assert "Your backup codes" in html
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=world.coordinator).values_list("token", flat=True)) == set(codes)
    assert AccountEvent.objects.filter(user=world.coordinator, kind="two_factor_set_up").exists()
    # Shown once.
    assert client.get("/accounts/two-step/backup-codes/").status_code == 302
    assert client.get("/accounts/people/").status_code == 200


def test_each_password_sign_in_asks_a_coordinator_for_a_code(client, world):
    device = app_for(world.coordinator)
    page = sign_in(client, "coordinator", next_url="/lists/")
    assert page.redirect_chain[-1][0].startswith("/accounts/sign-in/code/")
    assert "Enter the code from your authenticator app" in page.content.decode()
    assert client.get("/accounts/people/")["Location"].startswith("/accounts/sign-in/code/")
    # A password alone cannot replace the app that guards the account.
    assert client.get("/accounts/two-step/set-up/")["Location"].startswith("/accounts/sign-in/code/")

    done = client.post("/accounts/sign-in/code/", {"code": code_for(device), "next": "/lists/"})
    assert done.status_code == 302 and done["Location"] == "/lists/"
    assert client.get("/accounts/people/").status_code == 200


def test_a_wrong_code_is_explained_and_wrong_codes_are_throttled(client, world):
    device = app_for(world.coordinator)
    sign_in(client, "coordinator")
    empty = client.post("/accounts/sign-in/code/", {"code": ""}).content.decode()
    assert "Enter the code from your authenticator app" in empty and 'href="#id_code"' in empty
    right = code_for(device)
    wrong = "123456" if right != "123456" else "654321"
    first = client.post("/accounts/sign-in/code/", {"code": wrong}).content.decode()
    assert "The code is not right" in first
    # Straight after a wrong code even the right one waits: each wrong code doubles the wait.
    second = client.post("/accounts/sign-in/code/", {"code": right}).content.decode()
    assert "Wait a few seconds" in second
    assert client.get("/accounts/people/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    device.throttling_failure_count = 9
    device.save()
    ninth = client.post("/accounts/sign-in/code/", {"code": right}).content.decode()
    assert re.search(r"Wait \d+ minutes, then try again", ninth)

    device.throttle_reset()
    assert client.post("/accounts/sign-in/code/", {"code": right}).status_code == 302
    assert client.get("/accounts/people/").status_code == 200


def test_a_backup_code_works_once(client, world):
    app_for(world.coordinator)
    codes = two_factor.new_backup_codes(world.coordinator)
    sign_in(client, "coordinator")
    used = client.post("/accounts/sign-in/code/", {"code": codes[0].upper()}, follow=True)
    assert "You used a backup code. You have 9 left." in used.content.decode()
    client.post("/accounts/sign-out/")
    sign_in(client, "coordinator")
    again = client.post("/accounts/sign-in/code/", {"code": codes[0]}).content.decode()
    assert "The code is not right" in again


def test_officers_and_board_members_are_not_asked_for_a_code(client, world):
    for username in ("officer-council", "board-member"):
        page = sign_in(client, username)
        assert "/accounts/sign-in/" not in page.redirect_chain[-1][0], username
        assert client.get("/accounts/two-step/set-up/").status_code == 404
        client.post("/accounts/sign-out/")


def test_superusers_are_asked_too(client, world):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    page = sign_in(client, "root")
    assert page.redirect_chain[-1][0].startswith("/accounts/two-step/set-up/")


def test_switched_off_nobody_is_asked(client, world, settings):
    settings.TWO_FACTOR_FOR_COORDINATORS = False
    page = sign_in(client, "coordinator")
    assert page.redirect_chain[-1][0] == "/register/your-work/"
    assert client.get("/accounts/people/").status_code == 200


def test_a_coordinator_who_only_gave_a_password_can_still_sign_out(client, world):
    sign_in(client, "coordinator")
    client.post("/accounts/sign-out/")
    assert client.get("/accounts/people/")["Location"].startswith("/accounts/sign-in/")


def test_someone_made_coordinator_while_signed_in_is_held_until_they_set_up_an_app(client, world):
    client.force_login(world.officer_council)
    assert client.get("/register/").status_code == 200
    Membership.objects.filter(user=world.officer_council).update(role=Membership.Role.COORDINATOR)
    response = client.get("/register/")
    assert response.status_code == 302 and response["Location"] == "/accounts/two-step/set-up/?next=%2Fregister%2F"
    # A form sent while held is not acted on.
    posted = client.post("/accounts/tokens/new/", {"name": "x"})
    assert posted.status_code == 302 and not world.officer_council.api_tokens.exists()


def test_another_coordinator_resets_a_lost_app_and_it_is_recorded(client, world):
    other = MembershipFactory(
        user__username="second-coordinator", organisation=world.board_org, role=Membership.Role.COORDINATOR
    ).user
    device = app_for(other)
    two_factor.new_backup_codes(other)
    their_session = type(client)()
    their_session.post("/accounts/sign-in/", {"username": "second-coordinator", "password": PASSWORD})
    their_session.post("/accounts/sign-in/code/", {"code": code_for(device)})
    assert their_session.get("/accounts/people/").status_code == 200

    me = app_for(world.coordinator)
    sign_in(client, "coordinator")
    client.post("/accounts/sign-in/code/", {"code": code_for(me)})
    page = client.get(f"/accounts/people/{other.pk}/").content.decode()
    assert "Authenticator app set up" in page and "Reset two-step sign-in" in page
    assert client.get(f"/accounts/people/{other.pk}/two-step/reset/").status_code == 405

    done = client.post(f"/accounts/people/{other.pk}/two-step/reset/", follow=True).content.decode()

    assert "two-step sign-in has been reset" in done
    assert not TOTPDevice.objects.filter(user=other).exists() and not StaticDevice.objects.filter(user=other).exists()
    event = AccountEvent.objects.get(user=other, kind="two_factor_reset")
    assert event.by == world.coordinator
    assert "Reset two-step sign-in, by" in client.get(f"/accounts/people/{other.pk}/").content.decode()
    # They were signed out everywhere, and next time they set up a new app.
    assert their_session.get("/accounts/people/")["Location"].startswith("/accounts/sign-in/")
    assert Session.objects.count() == 1
    page = sign_in(their_session, "second-coordinator")
    assert page.redirect_chain[-1][0].startswith("/accounts/two-step/set-up/")


def test_a_coordinator_cannot_reset_their_own_and_others_cannot_reset_at_all(client, world):
    client.force_login(world.coordinator)
    session = client.session
    session[two_factor.SIGNED_ON] = True
    session.save()
    app_for(world.coordinator)
    own = client.post(f"/accounts/people/{world.coordinator.pk}/two-step/reset/", follow=True).content.decode()
    assert "You cannot reset your own two-step sign-in here" in own
    assert TOTPDevice.objects.filter(user=world.coordinator).exists()

    client.force_login(world.officer_council)
    assert client.post(f"/accounts/people/{world.coordinator.pk}/two-step/reset/").status_code == 403
    client.logout()
    assert client.post(f"/accounts/people/{world.coordinator.pk}/two-step/reset/").status_code == 302
    assert client.post("/accounts/people/999999/two-step/reset/").status_code == 302
    assert TOTPDevice.objects.filter(user=world.coordinator).exists()


def test_new_backup_codes_replace_the_old_ones(client, world):
    device = app_for(world.coordinator)
    old = two_factor.new_backup_codes(world.coordinator)
    sign_in(client, "coordinator")
    client.post("/accounts/sign-in/code/", {"code": code_for(device)})
    account = client.get("/accounts/").content.decode()
    assert "You have 10 backup codes left" in account
    page = client.post("/accounts/two-step/backup-codes/new/", follow=True).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert AccountEvent.objects.filter(user=world.coordinator, kind="backup_codes").exists()


def test_replacing_the_app_needs_a_code_from_the_new_one(client, world):
    old = app_for(world.coordinator)
    sign_in(client, "coordinator")
    client.post("/accounts/sign-in/code/", {"code": code_for(old)})
    page = client.get("/accounts/two-step/set-up/").content.decode()
    assert "Your old app stops working" in page
    new = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    client.post("/accounts/two-step/set-up/", {"code": code_for(new)})
    assert list(TOTPDevice.objects.filter(user=world.coordinator)) == [new]


def test_the_code_page_sends_anonymous_visitors_to_sign_in_and_checked_people_on(client, world):
    assert client.get("/accounts/sign-in/code/")["Location"].startswith("/accounts/sign-in/")
    client.force_login(world.officer_council)
    assert client.get("/accounts/sign-in/code/?next=https://evil.example/")["Location"] == "/register/your-work/"
