"""Pages kept whole for everyone with the same roles: served without being worked out until a table they
read is written, with each visitor's own CSRF token, and never in place of a message or an error."""

import re
from datetime import date

import pytest
from django.contrib.messages import INFO, add_message
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.db import connection
from django.http import Http404, HttpResponse
from django.middleware.csrf import _does_token_match, _unmask_cipher_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from engaging.core.kept import kept_view
from engaging.insight.models import Finding
from engaging.lists.models import Group
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def finding_of(activity) -> Finding:
    return Finding.objects.create(
        activity=activity, statement="The bus to the clinic does not run early enough.",
        heard_on=date(2026, 1, 5), review_by=date(2099, 1, 5),
    )  # fmt: skip


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def read(client, path: str):
    """The page without its CSRF tokens (each answer has a token of its own), and the queries it made."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return TOKEN.sub("", response.content.decode()), [entry["sql"] for entry in captured]


def test_a_kept_page_is_served_without_reading_its_records_until_one_changes(client, world, council_activity):
    finding = finding_of(council_activity)
    client.force_login(world.officer_council)
    path = f"/insight/findings/{finding.pk}/"
    first, queries = read(client, path)
    assert any("insight_finding" in sql for sql in queries)
    again, queries = read(client, path)
    assert again == first and not any("insight_finding" in sql for sql in queries)
    Finding.objects.filter(pk=finding.pk).update(statement="People could not reach the clinic before nine.")
    changed, queries = read(client, path)
    assert "People could not reach the clinic before nine." in changed


def test_a_kept_page_is_still_refused_to_those_who_may_not_see_it(client, world, council_activity):
    finding = finding_of(council_activity)
    path = f"/insight/findings/{finding.pk}/"
    client.force_login(world.officer_council)
    read(client, path)
    client.logout()
    assert client.get(path).status_code == 302
    client.force_login(UserFactory(username="no-role"))
    assert client.get(path).status_code == 403


def test_each_visitor_gets_their_own_csrf_token_in_a_kept_form(world):
    OrganisationFactory(name="Carers' Network")
    pages = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.coordinator)
        page = client.get("/lists/organisations/").content.decode()
        token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        pages.append((client.cookies["csrftoken"].value, token))
    for secret, token in pages:
        assert _does_token_match(token, secret)
    assert _unmask_cipher_token(pages[0][1]) != _unmask_cipher_token(pages[1][1])


def test_a_new_record_shows_at_once_on_a_kept_list(client, world):
    client.force_login(world.coordinator)
    read(client, "/lists/organisations/")
    OrganisationFactory(name="Friends of Priory Park")
    assert "Friends of Priory Park" in read(client, "/lists/organisations/")[0]


# The decorator on its own, with a view that counts how often it is worked out ------------------------


def counting_view(status: int = 200, message: bool = False):
    calls = []

    @kept_view(params=("group",))
    def view(request):
        calls.append(True)
        if status == 404:
            raise Http404
        if message:
            add_message(request, INFO, "Saved.")
        return HttpResponse(f"{Group.objects.count()} groups", status=status)

    return view, calls


def asked(user, query: str = "", *, waiting: str | None = None):
    request = RequestFactory().get(f"/somewhere/{query}")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    if waiting:
        add_message(request, INFO, waiting)
        request._messages.added_new = False  # left by the page before, not added by this one
    return request


def test_the_view_is_worked_out_once_for_the_same_address_and_roles(world):
    view, calls = counting_view()
    for _ in range(3):
        assert view(asked(world.officer_council)).content == b"3 groups"
    assert len(calls) == 1
    view(asked(world.coordinator))  # other roles: worked out for them
    assert len(calls) == 2


@pytest.mark.parametrize("query", ["?made=up", "?group=1&page=2"])
def test_an_address_with_a_parameter_the_page_does_not_read_is_worked_out_each_time(world, query):
    view, calls = counting_view()
    view(asked(world.officer_council, query))
    view(asked(world.officer_council, query))
    assert len(calls) == 2


def test_an_answer_other_than_200_or_one_that_adds_a_message_is_never_kept(world):
    for view, calls in (counting_view(status=400), counting_view(message=True)):
        view(asked(world.officer_council))
        view(asked(world.officer_council))
        assert len(calls) == 2
    view, calls = counting_view(status=404)
    for _ in range(2):
        with pytest.raises(Http404):
            view(asked(world.officer_council))
    assert len(calls) == 2


def test_a_visitor_with_a_message_waiting_gets_the_page_worked_out_for_them(world):
    view, calls = counting_view()
    view(asked(world.officer_council))
    view(asked(world.officer_council, waiting="Your changes have been saved."))
    assert len(calls) == 2
