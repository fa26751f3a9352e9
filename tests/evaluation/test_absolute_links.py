"""Links that leave the hub (short links, QR codes, feeds, emails) name SITE_URL, or else the address asked for."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import RequestFactory, override_settings

from engaging.core.addresses import absolute_url, site_root, using_root
from engaging.loop.tasks import send_loop_reminders
from tests.loop.factories import FindingFactory, ResponseFactory

HOSTS = ["hub-a.example.org", "hub-b.example.org", "testserver"]


@override_settings(SITE_URL="https://hub.example.org/", ALLOWED_HOSTS=HOSTS)
def test_site_url_names_every_link_whatever_address_was_asked():
    request = RequestFactory().get("/", HTTP_HOST="hub-a.example.org")
    assert site_root(request) == "https://hub.example.org"
    assert absolute_url("/f/abc/", request) == "https://hub.example.org/f/abc/"
    assert absolute_url("/f/abc/") == "https://hub.example.org/f/abc/"
    assert absolute_url("https://elsewhere.example.org/x") == "https://elsewhere.example.org/x"


@override_settings(SITE_URL="", ALLOWED_HOSTS=HOSTS)
def test_without_site_url_a_link_names_the_address_the_request_came_to():
    request = RequestFactory().get("/", HTTP_HOST="hub-b.example.org", secure=True)
    assert absolute_url("/f/abc/", request) == "https://hub-b.example.org/f/abc/"
    plain = RequestFactory().get("/", HTTP_HOST="hub-a.example.org")
    assert absolute_url("f/abc/", plain) == "http://hub-a.example.org/f/abc/"


@override_settings(SITE_URL="", ALLOWED_HOSTS=["*", ".example.org", "hub.example.net"], DEBUG=False)
def test_with_no_request_work_uses_the_address_it_was_given_or_the_first_named_host():
    assert site_root() == "https://hub.example.net"
    with using_root("http://hub-a.example.org:8080"):
        assert absolute_url("/x/") == "http://hub-a.example.org:8080/x/"
    assert absolute_url("/x/", root="https://given.example.org/") == "https://given.example.org/x/"


@override_settings(SITE_URL="", ALLOWED_HOSTS=HOSTS)
def test_the_qr_code_and_short_link_name_the_address_the_page_was_asked_at(client, world, link):
    client.force_login(world.officer_council)
    page = client.get(f"/evaluation/activities/{link.activity.pk}/feedback-link/", HTTP_HOST="hub-a.example.org")
    html = page.content.decode()
    assert f"http://hub-a.example.org/f/{link.code}/" in html
    assert f'aria-label="QR code that opens the feedback form at http://hub-a.example.org/f/{link.code}/"' in html
    assert "127.0.0.1" not in html


@override_settings(SITE_URL="", ALLOWED_HOSTS=HOSTS, KEEP_PAGES=True)
def test_a_kept_page_with_a_full_link_never_shows_another_hosts_link(client, world, link):
    """The activity page is kept; the feedback link on it names the host each visitor asked."""
    client.force_login(world.officer_council)
    address = f"/register/{link.activity.pk}/"
    first = client.get(address, HTTP_HOST="hub-a.example.org").content.decode()
    second = client.get(address, HTTP_HOST="hub-b.example.org").content.decode()
    again = client.get(address, HTTP_HOST="hub-a.example.org").content.decode()
    assert f"http://hub-a.example.org/f/{link.code}/" in first and "hub-b" not in first
    assert f"http://hub-b.example.org/f/{link.code}/" in second and "hub-a" not in second
    assert "hub-b" not in again


@override_settings(SITE_URL="https://hub.example.org")
def test_a_kept_page_shows_site_url_when_it_is_set(client, world, link):
    client.force_login(world.officer_council)
    html = client.get(f"/register/{link.activity.pk}/", HTTP_HOST="testserver").content.decode()
    assert f"https://hub.example.org/f/{link.code}/" in html


@pytest.mark.parametrize(
    ("site_url", "expected"), [("", "http://hub-b.example.org"), ("https://hub.example.org", None)]
)
def test_the_atom_feed_links_to_the_address_it_was_read_at_or_site_url(client, world, fed_back, site_url, expected):
    finding = FindingFactory(activity=fed_back)
    ResponseFactory(findings=[finding], organisation=world.council)
    with override_settings(SITE_URL=site_url, ALLOWED_HOSTS=HOSTS):
        feed = client.get("/you-said-we-did/feed.atom", HTTP_HOST="hub-b.example.org").content.decode()
    root = expected or site_url
    links = re.findall(r'<link href="([^"]+)"', feed)
    assert links and all(href.startswith(root + "/") for href in links)
    # An entry's id is the hub's own, not the address asked: it does not change with the address.
    assert "tag:hub-b.example.org" not in feed


@override_settings(SITE_URL="", ALLOWED_HOSTS=HOSTS)
def test_the_public_calendar_links_each_event_to_the_address_asked(client, world, fed_back):
    fed_back.is_public = True
    fed_back.save()
    body = client.get("/get-involved/calendar.ics", HTTP_HOST="hub-a.example.org").content.decode()
    unfolded = body.replace("\r\n ", "")
    for url in re.findall(r"^URL:(.+)$", unfolded, flags=re.M):
        assert url.strip().startswith("http://hub-a.example.org/get-involved/")


@override_settings(SITE_URL="", ALLOWED_HOSTS=HOSTS)
def test_the_api_index_gives_full_addresses_of_the_address_asked(client):
    body = client.get("/api/v1/", HTTP_HOST="hub-a.example.org").json()
    assert body["openapi"] == "http://hub-a.example.org/api/v1/openapi.json"


@override_settings(SITE_URL="https://hub.example.org")
def test_reminder_emails_link_to_site_url(world):
    from tests.loop.factories import finished_activity

    finished_activity(closed_on=date.today() - timedelta(days=200), lead_organisation=world.council)
    world.officer_council.email = "officer@example.org"
    world.officer_council.save()
    assert send_loop_reminders.call() == 1
    assert "https://hub.example.org/register/" in mail.outbox[0].body
