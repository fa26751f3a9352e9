"""The officer's page with an activity's feedback link and QR code, and opening and closing the link."""

import re

import pytest
from django.test import override_settings

from engaging.evaluation.models import FeedbackLink


def page_url(activity) -> str:
    return f"/evaluation/activities/{activity.pk}/feedback-link/"


def test_an_officer_gets_a_link_from_the_activity_page(client, world, fed_back):
    client.force_login(world.officer_council)
    response = client.post(page_url(fed_back), {"action": "create"})
    assert response.status_code == 302
    assert response["Location"] == page_url(fed_back)
    link = FeedbackLink.objects.get(activity=fed_back)
    assert link.is_open
    assert re.fullmatch(r"[a-z2-9]{7}", link.code)
    # Asking again keeps the same link.
    client.post(page_url(fed_back), {"action": "create"})
    assert FeedbackLink.objects.get(activity=fed_back).code == link.code


@override_settings(SITE_URL="https://hub.example.org")
def test_the_page_shows_the_full_address_and_a_qr_code_with_a_text_alternative(client, world, link):
    client.force_login(world.officer_council)
    page = client.get(page_url(link.activity)).content.decode()
    address = f"https://hub.example.org/f/{link.code}/"
    assert address in page
    svg = re.search(r"<svg [^>]*>", page).group(0)
    assert 'role="img"' in svg
    assert f'aria-label="QR code that opens the feedback form at {address}"' in svg
    assert "<path" in page
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]  # the CSP allows no inline styles
    assert "Close the link" in page
    assert "The form is open" in page


def test_closing_and_opening_the_link(client, world, link):
    client.force_login(world.coordinator)
    client.post(page_url(link.activity), {"action": "close"})
    link.refresh_from_db()
    assert not link.is_open
    page = client.get(page_url(link.activity)).content.decode()
    assert "Open the link again" in page
    assert "no longer collecting feedback" in page
    client.post(page_url(link.activity), {"action": "open"})
    link.refresh_from_db()
    assert link.is_open


def test_an_unknown_action_changes_nothing(client, world, link):
    client.force_login(world.officer_council)
    response = client.post(page_url(link.activity), {"action": "delete"}, follow=True)
    assert "Choose to open or close the feedback link." in response.content.decode()
    link.refresh_from_db()
    assert link.is_open


def test_a_private_activity_is_warned_about(client, world, link):
    link.activity.is_public = False
    link.activity.save()
    client.force_login(world.officer_council)
    page = client.get(page_url(link.activity)).content.decode()
    assert "The form is not taking feedback now" in page
    assert "show the activity on the public pages" in page


def test_without_a_link_an_officer_is_offered_one_and_others_find_nothing(client, world, fed_back):
    client.force_login(world.officer_council)
    assert "Get the feedback link and QR code" in client.get(page_url(fed_back)).content.decode()
    client.force_login(world.board_member)
    assert client.get(page_url(fed_back)).status_code == 404


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("officer_council", 200, 302),
        ("coordinator", 200, 302),
        ("officer_healthwatch", 200, 403),
        ("board_member", 200, 403),
    ],
)
def test_permission_matrix(client, world, link, persona, read, write):
    client.force_login(getattr(world, persona))
    assert client.get(page_url(link.activity)).status_code == read
    assert client.post(page_url(link.activity), {"action": "close"}).status_code == write
    link.refresh_from_db()
    assert link.is_open == (write != 302)


def test_another_organisations_officer_cannot_create_a_link(client, world, fed_back):
    client.force_login(world.officer_healthwatch)
    assert client.post(page_url(fed_back), {"action": "create"}).status_code == 403
    assert not FeedbackLink.objects.exists()


def test_anonymous_and_missing(client, world, fed_back):
    response = client.post(page_url(fed_back), {"action": "create"})
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    assert not FeedbackLink.objects.exists()
    client.force_login(world.coordinator)
    assert client.get("/evaluation/activities/999999/feedback-link/").status_code == 404
    assert client.put(page_url(fed_back)).status_code == 405


def test_the_activity_page_shows_the_link(client, world, link):
    client.force_login(world.officer_healthwatch)
    page = client.get(f"/register/{link.activity.pk}/").content.decode()
    assert f"/f/{link.code}/" in page
    assert "Feedback link and QR code" in page
