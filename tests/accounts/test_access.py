"""The guards every app's pages use (engaging/accounts/access.py): sign in first, then hold a role or a permission."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from engaging.accounts.access import internal_only, permission_required, require
from tests.factories import UserFactory


def page(request):
    return HttpResponse("the page")


def asked_by(user, guarded):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    return guarded(request)


@pytest.mark.parametrize("guarded", [internal_only(page), permission_required("accounts.manage_people")(page)])
def test_anonymous_visitors_are_sent_to_sign_in(guarded):
    response = asked_by(AnonymousUser(), guarded)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/?next=/somewhere/")


@pytest.mark.parametrize("persona", ["officer_council", "board_member", "coordinator"])
def test_everyone_with_a_role_opens_an_internal_page(world, persona):
    assert asked_by(getattr(world, persona), internal_only(page)).content == b"the page"


def test_someone_signed_in_with_no_role_is_refused_an_internal_page(db):
    with pytest.raises(PermissionDenied):
        asked_by(UserFactory(), internal_only(page))


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("officer_council", False), ("board_member", False), ("coordinator", True)],
)
def test_a_page_that_needs_a_permission_is_for_those_the_rules_allow(world, persona, allowed):
    guarded = permission_required("accounts.manage_people")(page)
    if allowed:
        assert asked_by(getattr(world, persona), guarded).content == b"the page"
    else:
        with pytest.raises(PermissionDenied):
            asked_by(getattr(world, persona), guarded)


def test_require_refuses_what_the_rules_do_not_allow(world):
    require(world.coordinator, "accounts.manage_lists")
    with pytest.raises(PermissionDenied):
        require(world.officer_council, "accounts.manage_lists")
